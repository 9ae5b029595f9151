"""A query read into terms, each term resolved against the vocabulary into score levels,
and the best documents picked from them without scoring every match."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass

from models.search.bits import bit_numbers
from models.search.text import folded_words

# Score of one query term in a document, by how and where it matched (integers, so
# that sums compare exactly).
EXACT_TITLE = 100
EXACT_BODY = 85
PREFIX_TITLE = 80
PREFIX_BODY = 65


def fuzzy_score(ratio: float, in_title: bool) -> int:
    # Below every exact/prefix score; a closer word (higher rapidfuzz ratio) ranks
    # higher: 36-39 in the title, 26-29 in the body.
    return (20 if in_title else 10) + round(ratio) // 5


# -- query -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueryTerm:
    words: tuple[str, ...]
    phrase: bool
    """Two words or more, in quotes: they must be consecutive."""
    prefix: bool
    """The (last) word may be a prefix: it is still being typed."""
    exact: bool = False
    """A single quoted word: no typo allowed."""


def parse_query(query: str) -> list[QueryTerm]:
    parts = query.split('"')
    terms: list[QueryTerm] = []
    seen: set[QueryTerm] = set()
    typing = bool(query) and not query[-1].isspace() and query[-1] != '"'
    for n, part in enumerate(parts):
        words = [w for w in folded_words(part) if w]
        if not words:
            continue
        last_part = n == len(parts) - 1
        if n % 2:  # inside quotes (the last one possibly not closed yet)
            if len(words) == 1:
                new = [QueryTerm((words[0],), False, last_part and typing, exact=True)]
            else:
                new = [QueryTerm(tuple(words), True, last_part and typing)]
        else:
            new = [QueryTerm((w,), False, False) for w in words]
            if last_part and typing:
                new[-1] = QueryTerm((words[-1],), False, True)
        for term in new:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return terms


class ResolvedTerm:
    """A term resolved against the vocabulary: its documents, its score levels, and
    how to recognise its words when highlighting."""

    __slots__ = ("term", "all_bits", "levels", "fuzzy")

    def __init__(self, term: QueryTerm) -> None:
        self.term = term
        self.all_bits = 0
        self.levels: list[tuple[int, int]] = []
        self.fuzzy: frozenset[str] = frozenset()


def flexible(word: str) -> str:
    """A pattern for a folded word as it may stand in folded text: "us" also as "u.s"
    and "1000" also as "1,000" (the tokenizer drops those full stops and commas)."""
    out = [re.escape(word[0])]
    for before, ch in zip(word, word[1:]):
        if before.isdigit() and ch.isdigit():
            out.append(",?")
        elif before.isalpha() and ch.isalpha():
            out.append(r"\.?")
        out.append(re.escape(ch))
    return "".join(out)


# Combinations of levels visited at most before scoring every match instead.
_MAX_COMBINATIONS = 4096


def score_all(disjoint: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    scores: dict[int, int] = defaultdict(int)
    for levels in disjoint:
        for score, bits in levels:
            for n in bit_numbers(bits):
                scores[n] += score
    return sorted(((score, n) for n, score in scores.items()), key=lambda pair: (-pair[0], pair[1]))


def best_documents(disjoint: list[list[tuple[int, int]]], limit: int, total: int) -> list[tuple[int, int]]:
    """The ``limit`` best (score, document number), best first, ties in reading order.

    A document's score is the sum of its level in each term. When every match is
    returned anyway, each is scored; otherwise combinations of levels are visited
    best first (a heap over level indices) until ``limit`` documents are found, so
    a broad query never looks at its documents one by one.
    """
    if len(disjoint) > 1 and total <= limit:
        return score_all(disjoint)
    count = len(disjoint)
    start = (0,) * count
    heap = [(-sum(levels[0][0] for levels in disjoint), start)]
    seen = {start}
    by_score: dict[int, int] = defaultdict(int)
    found = 0
    cut: int | None = None
    while heap:
        neg, index = heapq.heappop(heap)
        score = -neg
        if cut is not None and score < cut:
            break
        if len(seen) > _MAX_COMBINATIONS:
            return score_all(disjoint)[:limit]
        bits = -1
        for levels, k in zip(disjoint, index):
            bits &= levels[k][1]
            if not bits:
                break
        if bits:
            by_score[score] |= bits
            found += bits.bit_count()
            if cut is None and found >= limit:
                cut = score
        for t in range(count):
            if index[t] + 1 < len(disjoint[t]):
                nxt = index[:t] + (index[t] + 1,) + index[t + 1 :]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (-sum(lv[k][0] for lv, k in zip(disjoint, nxt)), nxt))
    chosen: list[tuple[int, int]] = []
    for score in sorted(by_score, reverse=True):
        room = limit - len(chosen)
        if room <= 0:
            break
        chosen.extend((score, n) for n in bit_numbers(by_score[score], room))
    return chosen
