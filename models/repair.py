"""Repair of mojibake in bundled source texts, with every repair recorded.

The seed article was saved with one encoding fault: the UTF-8 bytes of "ï" (C3 AF)
were once decoded as ISO-8859-7 (Greek), giving "Γ―", and that was saved as UTF-8
again. ftfy does not undo this (it does not consider Greek code pages), so we do it
here, conservatively:

* a candidate is a maximal run of non-ASCII characters;
* the run is re-encoded with each legacy single-byte code page in ``CODECS`` and the
  bytes must decode as *strict* UTF-8 to something different and shorter;
* every repaired character must be a letter, mark or symbol a text would plausibly
  hold (no control characters), otherwise the run is left alone.

Genuine text such as "é", "’" or "—" never qualifies: re-encoded on its own it is a
lone continuation or lead byte, which strict UTF-8 refuses.

Every repair is recorded with the original text, the repaired text and its position
in both the original and the repaired text, so citations are checked against the
repaired text and the UI can disclose exactly what was changed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CODECS", "Repair", "repair_text"]

#: Code pages tried, in order. cp1252 and latin-1 cover the usual Western mojibake,
#: iso-8859-7 the Greek variant in the seed article, cp437 the DOS console variant.
CODECS: tuple[str, ...] = ("cp1252", "latin-1", "iso-8859-7", "cp437")

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


@dataclass(frozen=True, slots=True)
class Repair:
    """One repaired run of text."""

    original: str
    repaired: str
    codec: str
    #: Offset of the run in the text as read (characters, not bytes).
    original_start: int
    #: Offset of the repaired run in the repaired text.
    repaired_start: int

    @property
    def repaired_end(self) -> int:
        return self.repaired_start + len(self.repaired)

    def describe(self) -> str:
        return (
            f"{self.original!r} → {self.repaired!r} at character {self.original_start} "
            f"(UTF-8 read as {self.codec})"
        )


def _plausible(text: str) -> bool:
    return all(unicodedata.category(ch)[0] in "LMNPSZ" for ch in text)


def _undo(run: str) -> tuple[str, str] | None:
    for codec in CODECS:
        try:
            fixed = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and len(fixed) < len(run) and _plausible(fixed):
            return fixed, codec
    return None


def repair_text(text: str) -> tuple[str, list[Repair]]:
    """Return ``text`` with mojibake repaired, and the list of repairs made."""
    repairs: list[Repair] = []
    out: list[str] = []
    last = 0
    shift = 0
    for match in _NON_ASCII_RUN.finditer(text):
        undone = _undo(match.group())
        if undone is None:
            continue
        fixed, codec = undone
        out.append(text[last : match.start()])
        repairs.append(
            Repair(
                original=match.group(),
                repaired=fixed,
                codec=codec,
                original_start=match.start(),
                repaired_start=match.start() + shift,
            )
        )
        out.append(fixed)
        shift += len(fixed) - len(match.group())
        last = match.end()
    out.append(text[last:])
    return "".join(out), repairs
