"""Bundled source texts: read byte for byte, repaired, split into sentences.

A :class:`SourceText` keeps the bytes as bundled, the text after encoding repairs
(which is what citations quote), the repairs made and the sentence boundaries, so a
citation's span can be shown "in context": the sentence that holds it.

The sentences are kept as offsets into the text (:class:`Sentences`), and a
:class:`Sentence` with its words is made when one is read: at 1,000x a dossier's
2,000 bundled texts hold 185,000 sentences, which kept as objects with a copy of their
words took 26 MB (``benchmarks/README.md``, "Memory at 1,000x"); as offsets, 1.5 MB.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from models.files import read_regular_file
from models.repair import Repair, repair_text

__all__ = ["Sentence", "Sentences", "SourceText", "find_occurrence", "may_need_repair", "read_source_text"]

# A sentence ends at . ! or ? (optionally followed by a closing quote) before
# whitespace and a capital letter or opening quote, or at a line break. Headlines
# without a full stop are sentences of their own because they sit on their own line.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"']?(?=\s+[A-Z0-9“‘\"'])|\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


#: Offsets are kept as unsigned 32-bit numbers: a bundled text is read only up to
#: 64 MB (:func:`read_source_text`); a longer one would raise OverflowError, not wrap.
_OFFSET = "I"


class Sentences(Sequence[Sentence]):
    """A text's sentences, in order, kept as their start and end offsets in it: each
    :class:`Sentence` (its words a slice of the text) is made when it is read, and is
    equal to the one read before (same index, offsets and words)."""

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, text: str, starts: array, ends: array) -> None:
        self._text = text
        self._starts = starts
        self._ends = ends

    def __len__(self) -> int:
        return len(self._starts)

    @overload
    def __getitem__(self, index: int) -> Sentence: ...
    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...
    def __getitem__(self, index: int | slice) -> Sentence | list[Sentence]:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("sentence index out of range")
        return self._make(index)

    def __iter__(self) -> Iterator[Sentence]:
        text = self._text
        for index, (start, end) in enumerate(zip(self._starts, self._ends)):
            yield Sentence(index, start, end, text[start:end])

    def __repr__(self) -> str:
        return f"Sentences({len(self)} in {len(self._text)} characters)"

    def _make(self, index: int) -> Sentence:
        start, end = self._starts[index], self._ends[index]
        return Sentence(index, start, end, self._text[start:end])

    def index_before(self, offset: int) -> int:
        """The number of the last sentence that starts at or before ``offset``; -1 when
        none does."""
        return bisect_right(self._starts, offset) - 1

    def end_of(self, index: int) -> int:
        return self._ends[index]

    def start_of(self, index: int) -> int:
        return self._starts[index]


@dataclass(slots=True)
class SourceText:
    source_id: str
    path: Path
    raw: bytes
    text: str
    repairs: list[Repair]
    _sentences: Sentences | None = field(default=None, repr=False, compare=False)

    @property
    def sentences(self) -> Sentences:
        """The text's sentences, in order (split on first use: loading a dossier
        with thousands of texts need not split them all)."""
        if self._sentences is None:
            self._sentences = _split(self.text)
        return self._sentences

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that holds character ``offset``; between two sentences, the
        next one; past the end, the last."""
        sentences = self.sentences
        index = sentences.index_before(offset)
        if index >= 0 and offset < sentences.end_of(index):
            return sentences[index]
        return sentences[min(index + 1, len(sentences) - 1)]

    def sentences_for(self, start: int, end: int) -> list[Sentence]:
        """The sentences that a span touches, in order."""
        sentences = self.sentences
        end = max(end, start + 1)
        found = []
        for index in range(max(0, sentences.index_before(start)), len(sentences)):
            if sentences.start_of(index) >= end:
                break
            if sentences.end_of(index) > start:
                found.append(sentences[index])
        return found


def _split(text: str) -> Sentences:
    """Each sentence's start and end: from one end (or the text's start) to the next, less
    the white space around it; sentences of nothing but white space are left out. A text
    with none is one sentence, the whole text."""
    starts, ends = array(_OFFSET), array(_OFFSET)
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        chunk = text[start:end]  # a copy for as long as it is measured, kept by nothing
        kept = len(chunk.strip())
        if kept:
            s_start = start + len(chunk) - len(chunk.lstrip())
            starts.append(s_start)
            ends.append(s_start + kept)
        start = end
    if not starts:
        starts.append(0)
        ends.append(len(text))
    return Sentences(text, starts, ends)


def read_source_text(source_id: str, path: Path, limit: int = 64 << 20) -> SourceText:
    """Read a bundled text (a regular file of at most ``limit`` bytes) as UTF-8 and
    repair it. Raises OSError (FileRefused) or UnicodeDecodeError."""
    raw = read_regular_file(path, limit)
    text = raw.decode("utf-8")
    repairs: list[Repair] = []
    if may_need_repair(raw):
        text, repairs = repair_text(text)
    return SourceText(source_id=source_id, path=path, raw=raw, text=text, repairs=repairs)


#: UTF-8's bytes by role: a continuation byte (0x80-0xBF) as C, the first byte of a
#: character beyond ASCII (0xC0 up) as L, an ASCII byte as 0.
_BYTE_ROLES = bytes(0x43 if 0x80 <= byte < 0xC0 else 0x4C if byte >= 0xC0 else 0 for byte in range(256))


def may_need_repair(raw: bytes) -> bool:
    """Whether the UTF-8 ``raw`` holds two characters beyond ASCII side by side, the
    least that :func:`models.repair.repair_text` repairs: one such character's last
    byte (a continuation byte) right before the next one's first. Two passes in C,
    where the repair's own pattern looks at every character in Python's regular
    expression engine: 1,000x, 2,000 texts, 250 of them with such a pair: 80 ms ->
    see benchmarks/README.md, "The bundled texts" (those 250 are still repaired by
    that pattern)."""
    return raw.translate(_BYTE_ROLES).find(b"CL") >= 0


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th (1-based) exact occurrence of ``quote``, or None."""
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start, start + len(quote)
