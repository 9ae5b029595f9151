"""User text on screen: always literal, never markup, never a terminal control.

Everything the dossier or the reader wrote reaches the screen through ``literal``:
it builds a Textual ``Content`` from the plain string (so "[b]" or "[$accent]" show as
typed) after ``visible`` has replaced characters that would act on the terminal or
reorder the line. Each replaced character becomes exactly one visible character, so
offsets into the original text (a quote's span) stay valid.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content

from models.text import visible

__all__ = ["VisibleHighlighter", "copied_message", "literal", "visible"]


def literal(text: str, style: str = "") -> Content:
    """A Content showing ``text`` exactly as written (made visible), optionally styled."""
    content = Content(visible(text))
    return content.stylize(style) if style else content


class VisibleHighlighter(Highlighter):
    """For an ``Input``: its value is drawn made visible (the value itself is kept as
    typed or pasted, control characters and all)."""

    def highlight(self, text: Text) -> None:
        text.plain = visible(text.plain)


#: What fits on one line of a toast at 80 columns (40 columns, less its border and padding).
COPIED_WIDTH = 36


def copied_message(text: str) -> str:
    """One short line saying what ``y`` copied (its first words): the toast covers one
    line of the view, not five."""
    first = " ".join(visible(text).split())
    message = f"Copied: {first}"
    return message if len(message) <= COPIED_WIDTH else message[: COPIED_WIDTH - 1].rstrip() + "…"
