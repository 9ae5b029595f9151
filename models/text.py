"""Plain-text helpers: folding for search and country look-up (case and accents
ignored), and making text safe to print to a terminal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "fold_char", "fold_chars", "fold_with_map", "visible"]

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


# -- folding: case and accents ignored ---------------------------------------------------
#
# One character at a time (NFKD, combining marks dropped, casefold), kept in a
# ``str.translate`` table that grows with the characters met: folding is then one C-level
# ``str.lower`` (ASCII, or text whose characters all fold as lower-casing does) or
# ``str.translate``, and every folded character can be traced back to the original one.


class _CharFolds(dict):
    """Folded form of one character (cached): NFKD, combining marks dropped, casefold."""

    def __missing__(self, ch: str) -> str:
        decomposed = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[ch] = folded
        return folded


fold_char = _CharFolds().__getitem__
"""The folded form of one character ("É" -> "e", "ß" -> "ss", a combining mark -> "")."""

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FOLD_TABLE: dict[int, str] = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
"""Fold of every character seen so far (ASCII capitals and non-ASCII characters)."""
_FOLDS_TO_MANY_OR_NONE: set[str] = set()
"""Characters seen whose fold is not one character ("ß" -> "ss", combining marks -> "")."""
_FOLDS_UNLIKE_LOWER: set[str] = set()
"""Characters seen whose fold differs from ``str.lower`` ("é" -> "e")."""


def _learn(text: str) -> tuple[bool, bool]:
    """Add the non-ASCII characters of ``text`` to the table; (every character folds
    as str.lower does, every character folds to exactly one character)."""
    chars = set(_NON_ASCII.findall(text))
    for ch in chars:
        if ord(ch) not in _FOLD_TABLE:
            folded = fold_char(ch)
            _FOLD_TABLE[ord(ch)] = folded
            if len(folded) != 1:
                _FOLDS_TO_MANY_OR_NONE.add(ch)
            # "Σ" lowers to "ς" at the end of a word (str.lower looks at its neighbours):
            # fold it one character at a time instead, like every other character.
            if folded != ch.lower() or ch == "\u03a3":
                _FOLDS_UNLIKE_LOWER.add(ch)
    return _FOLDS_UNLIKE_LOWER.isdisjoint(chars), _FOLDS_TO_MANY_OR_NONE.isdisjoint(chars)


def fold_chars(text: str) -> str:
    """``text`` folded character by character (spaces kept as they are)."""
    if text.isascii() or _learn(text)[0]:
        return text.lower()
    return text.translate(_FOLD_TABLE)


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each folded character, the index of its original
    character (None when every character folded to exactly one: same offsets)."""
    if text.isascii():
        return text.lower(), None
    like_lower, same_length = _learn(text)
    if like_lower and same_length:
        return text.lower(), None
    folded = text.translate(_FOLD_TABLE)
    if same_length:
        return folded, None
    origin: list[int] = []
    for index, ch in enumerate(text):
        origin.extend([index] * len(_FOLD_TABLE.get(ord(ch), ch)))
    return folded, origin


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` ("Généus" -> "geneus").

    Letters that do not decompose (ø, ł, ß…) are mapped by ``casefold`` where it can;
    everything else is kept, so non-Latin scripts still match themselves.
    """
    return " ".join(fold_chars(text).split())
