"""Plain-text helpers: folding for search and country look-up (case and accents
ignored), and making text safe to print to a terminal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "visible"]

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC shows as ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidirectional formatting characters


def visible(text: str) -> str:
    """``text`` with every character that would act on a terminal (C0 and C1 controls
    other than tab and newline, DEL) or reorder the line (bidirectional formatting)
    replaced by a visible one, one for one, so offsets into ``text`` stay valid."""
    return _CONTROL.sub(_picture, text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` ("Généus" -> "geneus").

    Letters that do not decompose (ø, ł, ß…) are mapped by ``casefold`` where it can;
    everything else is kept, so non-Latin scripts still match themselves.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
