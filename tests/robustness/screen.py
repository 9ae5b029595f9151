"""What the app would write to the terminal, and checks that no hostile text reaches it raw."""

from __future__ import annotations

import re
from collections import Counter

from textual.app import App
from textual.widgets import Static

__all__ = ["FORBIDDEN", "assert_clean", "colours", "screen_output", "static_text"]

#: Characters that act on a terminal or reorder a line: C0 controls (newline excepted:
#: it separates the lines here), DEL, C1 controls, bidirectional formatting.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The sequences Textual itself writes around the text: SGR styles and cursor moves
#: (CSI), and terminal hyperlinks (OSC 8) to a URL with no control character in it.
#: Anything else with an escape in it came from the text.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:?]*[ -/]*[@-~]|\x1b\]8;[^;\x00-\x1f\x7f-\x9f]*;[^\x00-\x1f\x7f-\x9f]*?\x1b\\")


def screen_output(app: App) -> tuple[str, str]:
    """The whole screen (the stack of screens, as drawn) as (text, terminal bytes).

    ``text`` is every character of every cell, lines joined by "\\n"; the terminal
    bytes are what the driver would write for a full redraw.
    """
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    text = "\n".join(
        "".join(segment.text for strip in line for segment in strip if not segment.control)
        for line in update.strips
    )
    return text, update.render_segments(app.console)


def colours(app: App) -> Counter[tuple[str, tuple[int, int, int]]]:
    """The colours on screen, as ("fg" or "bg", RGB), counted in cells."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    found: Counter[tuple[str, tuple[int, int, int]]] = Counter()
    for line in update.strips:
        for strip in line:
            for segment in strip:
                style = segment.style
                if style is None or segment.control:
                    continue
                for kind, colour in (("fg", style.color), ("bg", style.bgcolor)):
                    if colour is not None and colour.triplet is not None:
                        found[kind, tuple(colour.triplet)] += segment.cell_length
    return found


def assert_clean(app: App, where: str = "") -> str:
    """Assert that nothing raw reaches the terminal; return the screen's text."""
    text, raw = screen_output(app)
    bad = sorted({m.group() for m in FORBIDDEN.finditer(text)})
    lines = [line for line in text.split("\n") if FORBIDDEN.search(line)]
    assert not bad, f"{where}: raw control/bidi characters on screen: {bad!r} in {lines!r}"
    leftover = _OWN_SEQUENCES.sub("", raw)
    bad = sorted({m.group() for m in FORBIDDEN.finditer(leftover.replace("\n", ""))})
    assert not bad, f"{where}: escape sequences not written by Textual itself: {bad!r}"
    svg = app.export_screenshot()
    assert not FORBIDDEN.search(svg.replace("\n", "")), f"{where}: control characters in the screenshot"
    return text


def static_text(widgets) -> str:
    """The plain text the Static widgets show."""
    return "\n".join(str(w.render()) for w in widgets.results(Static))
