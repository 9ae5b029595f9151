"""Text folding shared by search and country look-up: case and accents ignored."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold"]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` ("Généus" -> "geneus").

    Letters that do not decompose (ø, ł, ß…) are mapped by ``casefold`` where it can;
    everything else is kept, so non-Latin scripts still match themselves.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
