"""User text on screen: always literal, never markup, never a terminal control.

Everything the dossier or the reader wrote reaches the screen through ``literal``:
it builds a Textual ``Content`` from the plain string (so "[b]" or "[$accent]" show as
typed) after ``visible`` has replaced characters that would act on the terminal or
reorder the line. Each replaced character becomes exactly one visible character, so
offsets into the original text (a quote's span) stay valid.
"""

from __future__ import annotations

import re

from textual.content import Content

__all__ = ["literal", "visible"]

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def _picture(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC shows as ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidirectional formatting characters


def visible(text: str) -> str:
    """``text`` with control and bidi-formatting characters made visible, 1:1."""
    return _CONTROL.sub(_picture, text)


def literal(text: str, style: str = "") -> Content:
    """A Content showing ``text`` exactly as written (made visible), optionally styled."""
    content = Content(visible(text))
    return content.stylize(style) if style else content
