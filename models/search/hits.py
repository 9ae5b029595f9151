"""What a search returns: the hits, each with the spans of the query's words in its
text (worked out only for the hits that are shown)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from models.search.documents import SearchDoc
from models.search.rank import ResolvedTerm, flexible
from models.text import fold_with_map


class Highlighter:
    """Finds the query's words in a document's display text, for highlighting.

    One regular expression per query (phrases first, so a phrase wins over its own
    words), run over the folded title and body; offsets are mapped back to the
    original text.
    """

    __slots__ = ("terms", "_pattern")

    def __init__(self, terms: list[ResolvedTerm]) -> None:
        self.terms = terms
        self._pattern: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            phrases: list[str] = []
            words: list[str] = []
            for data in self.terms:
                term = data.term
                parts = [flexible(w) for w in term.words]
                if term.prefix:
                    parts[-1] += r"[^\W_]*"
                if term.phrase:
                    phrases.append(r"[\W_]+".join(parts))
                else:
                    words.append(parts[0])
                    words.extend(flexible(w) for w in sorted(data.fuzzy, key=len, reverse=True))
            alternatives = "|".join(phrases + words)
            self._pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])(?:(?<=\.[^\W\d_])\.)?")
        return self._pattern

    def spans(self, doc: SearchDoc) -> list[tuple[int, int]]:
        pattern = self.pattern()
        found: list[tuple[int, int]] = []
        for part, offset in doc.parts():
            folded, origin = fold_with_map(part)
            for match in pattern.finditer(folded):
                start, end = match.span()
                if origin is not None:
                    start, end = origin[start], origin[end - 1] + 1
                    while end < len(part) and unicodedata.combining(part[end]):
                        end += 1
                found.append((start + offset, end + offset))
        return found


class Hit:
    """One found document, its score, and where the query's words are in its text."""

    __slots__ = ("doc", "score", "_spans", "_highlighter")

    def __init__(self, doc: SearchDoc, score: int, highlighter: Highlighter | None = None) -> None:
        self.doc = doc
        self.score = score
        self._highlighter = highlighter
        self._spans: list[tuple[int, int]] | None = None if highlighter else []

    @property
    def spans(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of the matched words in ``doc.text``, sorted,
        not overlapping, never empty ranges. Computed on first use."""
        if self._spans is None:
            assert self._highlighter is not None
            self._spans = self._highlighter.spans(self.doc)
        return self._spans

    @property
    def title_spans(self) -> list[tuple[int, int]]:
        """The spans that fall in ``doc.title`` (offsets in the title)."""
        end = len(self.doc.title)
        return [(s, min(e, end)) for s, e in self.spans if s < end]

    @property
    def body_spans(self) -> list[tuple[int, int]]:
        """The spans that fall in ``doc.body`` (offsets in the body)."""
        start = len(self.doc.title) + 1
        return [(s - start, e - start) for s, e in self.spans if s >= start]

    def __repr__(self) -> str:
        return f"Hit({self.doc.kind}:{self.doc.id!r}, score={self.score:g})"


@dataclass(slots=True)
class SearchResults:
    """What a query found."""

    query: str
    hits: list[Hit]
    """At most ``limit`` hits, in display order: grouped by kind (:data:`KIND_ORDER`),
    best first within a kind."""
    total: int
    """How many documents match in all (may be more than ``len(hits)``)."""
    counts: dict[str, int] = field(default_factory=dict)
    """How many documents match per kind, in all (kinds with none left out)."""

    def groups(self) -> list[tuple[str, list[Hit]]]:
        """(kind label, hits) per kind that has hits, in display order."""
        out: list[tuple[str, list[Hit]]] = []
        for hit in self.hits:
            if not out or out[-1][1][0].doc.kind != hit.doc.kind:
                out.append((hit.doc.kind_label, []))
            out[-1][1].append(hit)
        return out

    def __len__(self) -> int:
        return len(self.hits)


def snippet_range(text: str, at: int, width: int) -> tuple[int, int]:
    """(start, end) of the part of ``text`` shown around offset ``at``: at most
    ``width`` characters, about a third of them before ``at``, never starting or ending
    in the middle of a word. A cut word is left out, at a space where there is one,
    else at a punctuation mark (inside a long address); a word longer than the whole
    width is cut."""
    start = max(0, at - width // 3)
    end = min(len(text), start + width)
    if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        for gap in _GAPS:
            found = gap.search(text, start, max(start, at))
            if found is not None:
                start = found.end()
                break
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        for gap in _GAPS:
            found = list(gap.finditer(text, max(start, at), end))
            if found:
                end = found[-1].start() if gap is _GAPS[0] else found[-1].end()
                break
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: Where a snippet may start or end: a space, else after a punctuation mark.
_GAPS = (re.compile(r"\s+"), re.compile(r"[^\w\s]+"))
