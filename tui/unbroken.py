"""Text that wraps between words but never inside a URL or a document symbol.

Textual wraps at white space and folds a word longer than the line into pieces, so a
URL came out as two strings that each looked whole, and "S/RES/2699 (2023)" could lose
its year to the next line. :class:`Unbroken` wraps a ``Content`` itself: a URL or a UN
document symbol (with its year) is one token, a line breaks only between tokens, and a
token longer than the line stands alone on its line, cut with a visible "…" (the link,
where there is one, keeps the whole URL). :func:`linked` makes every http(s) URL in a
text a terminal hyperlink (OSC 8, where the terminal supports it).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from rich.cells import cell_len
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual

__all__ = ["URL", "Unbroken", "break_offsets", "linked"]

#: A URL, to the next white space; the punctuation that ends a sentence is not part of it.
URL = re.compile(r"https?://[^\s<>\"“”]+?(?=[.,;:!?)\]}'’”]*(?:\s|$))")
#: A UN document symbol (SC/15432, S/RES/2699 (2023), S/PV.9430, A/78/L.1) or a
#: resolution's number and year ("2699 (2023)").
_SYMBOL = r"(?:[A-Z]{1,5}/)+[A-Za-z0-9.\-]+(?:/[A-Za-z0-9.\-]+)*(?: \(\d{4}\))?|\d{3,4} \(\d{4}\)"
#: One token and the white space after it: a URL or a symbol (after an opening bracket
#: or quotation mark) kept whole, else a run of non-space characters.
_TOKEN = re.compile(rf"(?:[(\[“\"']?(?:https?://\S+|{_SYMBOL})\S*|\S+)[^\S\n]*|[^\S\n]+")


def break_offsets(line: str, width: int) -> list[int]:
    """Where to break one line (no newline in it) to fit ``width`` cells: only before
    a token, never inside one; a token wider than the line gets a line of its own."""
    offsets: list[int] = []
    x = 0
    for match in _TOKEN.finditer(line):
        start, token = match.start(), match.group()
        word = cell_len(token.rstrip())
        if x and word and x + word > width:
            offsets.append(start)
            x = 0
        x += cell_len(token)
    return offsets


def linked(content: Content) -> Content:
    """``content`` with every http(s) URL in it a hyperlink to itself. The text was
    made visible before (:func:`tui.text.literal`), so no URL holds a control character."""
    for match in URL.finditer(content.plain):
        content = content.stylize(Style(link=match.group()), *match.span())
    return content


class _NoWrap:
    """The widget's style rules, but lines are not wrapped again and a line too long
    ends in "…"."""

    def __init__(self, rules: RulesMap) -> None:
        self.rules = rules

    def get(self, key: str, default: Any = None) -> Any:
        if key == "text_wrap":
            return "nowrap"
        if key == "text_overflow":
            return "ellipsis"
        return self.rules.get(key, default)


class Unbroken(Visual):
    """A ``Content`` wrapped by :func:`break_offsets`; give it to a ``Static``."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: tuple[int, Content] | None = None

    @property
    def plain(self) -> str:
        return self.content.plain

    def __str__(self) -> str:
        return self.content.plain

    def wrap(self, width: int) -> Content:
        """The content with a newline at every break, for ``width`` cells."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            offsets = break_offsets(line.plain, max(width, 1))
            pieces = line.divide(offsets) if offsets else [line]
            lines += [piece.rstrip() if n < len(pieces) - 1 else piece for n, piece in enumerate(pieces)]
        wrapped = Content("\n").join(lines)
        self._wrapped = (width, wrapped)
        return wrapped

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) or 0
        return self.wrap(width - 2 * pad).render_strips(width, height, style,
                                                        replace(options, rules=_NoWrap(options.rules)))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        pad = rules.get("line_pad", 0) or 0
        return self.wrap(width - 2 * pad).get_height(_NoWrap(rules), width)
