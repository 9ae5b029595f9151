"""Bundled source texts: read byte for byte, repaired, split into sentences.

A :class:`SourceText` keeps the bytes as bundled, the text after encoding repairs
(which is what citations quote), the repairs made and the sentence boundaries, so a
citation's span can be shown "in context": the sentence that holds it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from models.files import read_regular_file
from models.repair import Repair, repair_text

__all__ = ["Sentence", "SourceText", "find_occurrence", "read_source_text"]

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


@dataclass(slots=True)
class SourceText:
    source_id: str
    path: Path
    raw: bytes
    text: str
    repairs: list[Repair]
    _sentences: list[Sentence] | None = field(default=None, repr=False, compare=False)

    @property
    def sentences(self) -> list[Sentence]:
        """The text's sentences, in order (split on first use: loading a dossier
        with thousands of texts need not split them all)."""
        if self._sentences is None:
            self._sentences = _split(self.text)
        return self._sentences

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence that holds character ``offset``; between two sentences, the
        next one; past the end, the last."""
        sentences = self.sentences
        index = bisect_right(sentences, offset, key=_start) - 1
        if index >= 0 and offset < sentences[index].end:
            return sentences[index]
        return sentences[min(index + 1, len(sentences) - 1)]

    def sentences_for(self, start: int, end: int) -> list[Sentence]:
        """The sentences that a span touches, in order."""
        sentences = self.sentences
        end = max(end, start + 1)
        first = max(0, bisect_right(sentences, start, key=_start) - 1)
        found = []
        for sentence in sentences[first:]:
            if sentence.start >= end:
                break
            if sentence.end > start:
                found.append(sentence)
        return found


def _start(sentence: Sentence) -> int:
    return sentence.start


def _split(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s_start = start + lead
            sentences.append(Sentence(len(sentences), s_start, s_start + len(stripped), stripped))
        start = end
    if not sentences:
        sentences.append(Sentence(0, 0, len(text), text))
    return sentences


def read_source_text(source_id: str, path: Path, limit: int = 64 << 20) -> SourceText:
    """Read a bundled text (a regular file of at most ``limit`` bytes) as UTF-8 and
    repair it. Raises OSError (FileRefused) or UnicodeDecodeError."""
    raw = read_regular_file(path, limit)
    text, repairs = repair_text(raw.decode("utf-8"))
    return SourceText(source_id=source_id, path=path, raw=raw, text=text, repairs=repairs)


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th (1-based) exact occurrence of ``quote``, or None."""
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            return None
    return start, start + len(quote)
