"""Full-text search over a dossier: every item, every source and every sentence.

The index is built once, when a dossier is loaded (:meth:`SearchIndex.from_dossier`).
Each thing that can be found is a :class:`SearchDoc`: an item (mission, fact,
participant, pledge, vote, ballot, statement, event, figure, caveat), a source, one
sentence of a bundled source text, or a note (added later with
:meth:`SearchIndex.set_notes`, without rebuilding the rest).

What a document shows and what it is found by
    ``doc.text`` is the display text: ``doc.title``, then (after a line break)
    ``doc.body``. ``doc.keywords`` holds words a document is found by without showing
    them: the names and aliases of its countries (so "Russia" finds the RUS ballot
    and "US" the United States' pledges) and, for a statement that explains a
    ballot, "explanation of vote" and the ballot's vote (so "abstain" finds China's
    and Russia's explanations). Highlight spans (:attr:`Hit.spans`) are character
    offsets into the original ``doc.text``; a match only in the keywords has none.

Matching
    Case and accents are ignored ("moise" finds "Moïse", "strasse" "Straße"). Every
    word of the query must match (AND). A quoted phrase must occur as consecutive
    words. The last word, while being typed (no space after it), also matches as a
    prefix ("abst" finds "abstain"). Words of 4 characters or more also match with
    a typo: a vocabulary word whose rapidfuzz ``fuzz.ratio`` with the query word is
    at least :data:`FUZZY_CUTOFF` ("Mutau" finds "Mutua", "abstian" "abstain").
    Shorter words match only exactly (or as a prefix when last): "us" never finds
    "is". Words holding digits never match fuzzily ("2699" does not find "2698").
    Words are runs of letters and digits; "U.S." is the word "us" and "1,000" is
    "1000", in the text as in the query.

Ranking
    Per query term: exact in the title > exact in the body > prefix in the title >
    prefix in the body > typo in the title > typo in the body (within the typo
    tiers by rapidfuzz ratio); a document's score is the sum over the terms. (An
    exact word beats a completion: "US" ranks the United States above "Use of force".)
    The ``limit`` best documents are returned (ties: reading order), shown grouped
    by kind in :data:`KIND_ORDER`, best first within a group.

Speed
    Documents are numbered in kind order and every posting list is a set of
    document numbers, kept as a Python ``int`` bit set when it is dense (fast
    AND/OR/popcount in C) and as a run of one shared array when it is sparse. A query
    word is matched against the *vocabulary*, never against documents: a sorted list
    for prefixes; rapidfuzz over the words of a compatible length for typos (at most
    :data:`FUZZY_LIMIT` of them; in a big vocabulary only words that keep the query
    word's first or last letter). The posting sets of the matched words are OR-ed,
    the terms AND-ed, and only the ``limit`` best documents are ever looked at one by
    one. A quoted phrase is looked for in each document's words kept in order, as
    word numbers (four bytes a word): in the documents that hold all of its words,
    or, while it is being typed, only where the phrase one letter or one word
    shorter was just found. Spans are computed lazily, for the hits that are shown.
    Recent terms are cached, so typing one more letter re-does only the last word.

Memory
    The index holds no object per document. An item's or a source's display text is
    kept in one UTF-8 byte string for all of them, its id and countries are shared
    with the dossier or with other documents (its keywords are its countries' names,
    joined again when it is shown), and a sentence is read back from the source text
    the dossier already holds. A :class:`SearchDoc` is made only for what is looked
    at: the hits returned, :meth:`SearchIndex.doc`. Building it makes few objects
    the garbage collector tracks, so it sets off no full collection of the dossier.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
import threading
import time
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_, lt
from typing import TypeVar

from rapidfuzz import fuzz, process

from models.countries import CountryIndex
from models.edtf import parse_edtf
from models.query import CountryFilter
from models.schema import Ballot, Dossier, Item, Mission, Participant, Pledge, Source, Statement, Vote
from models.sources import Sentence, SourceText

__all__ = [
    "FUZZY_CUTOFF",
    "KIND_LABELS",
    "KIND_ORDER",
    "Hit",
    "SearchDoc",
    "SearchIndex",
    "SearchResults",
    "benchmark_queries",
    "build_index",
    "dossier_docs",
    "parse_sentence_id",
    "sentence_id",
    "tokenize",
]

#: The order in which result groups are shown (and documents are numbered).
KIND_ORDER: tuple[str, ...] = (
    "mission",
    "fact",
    "participant",
    "pledge",
    "deployment",
    "vote",
    "ballot",
    "council",
    "statement",
    "event",
    "figure",
    "loss",
    "unknown",
    "caveat",
    "source",
    "sentence",
    "note",
)

KIND_LABELS: dict[str, str] = {
    "mission": "Mission",
    "fact": "Fact",
    "participant": "Participant",
    "pledge": "Pledge",
    "deployment": "Deployment",
    "vote": "Vote",
    "ballot": "Ballot",
    "council": "Council membership",
    "statement": "Statement",
    "event": "Event",
    "figure": "Figure",
    "loss": "Personnel lost",
    "unknown": "Not known",
    "caveat": "Caveat",
    "source": "Source",
    "sentence": "Sentence",
    "note": "Note",
}

_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}

_T = TypeVar("_T")

#: Minimum rapidfuzz ``fuzz.ratio`` (0-100) for a word with a typo to match.
FUZZY_CUTOFF = 80.0
#: Query words shorter than this match only exactly or as a prefix.
FUZZY_MIN_LENGTH = 4
#: At most this many vocabulary words stand in for one query word with a typo.
FUZZY_LIMIT = 32
# Above this many vocabulary words of one length (the bundled dossier has ~100),
# typo matching only considers words that keep the first or the last letter: a typo
# at both ends at once is rare, and it keeps a keystroke fast on a 1,000x dossier.
_BIG_BUCKET = 2_000

# Score of one query term in a document, by how and where it matched (integers, so
# that sums compare exactly).
EXACT_TITLE = 100
EXACT_BODY = 85
PREFIX_TITLE = 80
PREFIX_BODY = 65


def _fuzzy_score(ratio: float, in_title: bool) -> int:
    # Below every exact/prefix score; a closer word (higher rapidfuzz ratio) ranks
    # higher: 36-39 in the title, 26-29 in the body.
    return (20 if in_title else 10) + round(ratio) // 5


# -- sentence ids ------------------------------------------------------------------------

_SENTENCE_ID = re.compile(r"^(?P<source>.+):s(?P<index>\d+)$")


def sentence_id(source_id: str, index: int) -> str:
    """The search id of sentence ``index`` of a bundled source text: "article:s3"."""
    return f"{source_id}:s{index}"


def parse_sentence_id(doc_id: str) -> tuple[str, int] | None:
    """(source id, sentence index) for an id made by :func:`sentence_id`, else None."""
    match = _SENTENCE_ID.match(doc_id)
    if match is None:
        return None
    return match["source"], int(match["index"])


# -- folding and words -------------------------------------------------------------------


class _CharFolds(dict):
    """Folded form of one character (cached): NFKD, combining marks dropped, casefold.

    The same steps as :func:`models.text.fold`, one character at a time so that every
    folded character can be traced back to the original character it came from.
    """

    def __missing__(self, ch: str) -> str:
        decomposed = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        self[ch] = folded
        return folded


_FOLDS = _CharFolds()

# A word: an abbreviation with full stops ("u.s." -> "us"), a number with thousands
# separators ("1,000" -> "1000"), or a run of letters and digits.
_WORD = re.compile(
    r"(?<![^\W_])(?:[^\W\d_]\.)+[^\W\d_](?![^\W_])\.?"
    r"|(?<![^\W_])\d{1,3}(?:,\d{3})+(?![^\W_]|,\d)"
    r"|[^\W_]+"
)
_STRIP = str.maketrans("", "", ".,")


_ASCII_LOWER = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


_TABLE: dict[int, str] = dict(_ASCII_LOWER)
"""Fold of every character seen so far (ASCII capitals and non-ASCII characters)."""
_ODD: set[str] = set()
"""Characters seen whose fold is not one character ("ß" -> "ss", combining marks -> "")."""
_NOT_LOWER: set[str] = set()
"""Characters seen whose fold differs from ``str.lower`` ("é" -> "e")."""


def _learn(text: str) -> tuple[bool, bool]:
    """Add the non-ASCII characters of ``text`` to the tables; (every character folds
    as str.lower does, every character folds to exactly one character)."""
    chars = set(_NON_ASCII.findall(text))
    for ch in chars:
        if ord(ch) not in _TABLE:
            folded = _FOLDS[ch]
            _TABLE[ord(ch)] = folded
            if len(folded) != 1:
                _ODD.add(ch)
            # "Σ" lowers to "ς" at the end of a word (str.lower looks at its neighbours):
            # fold it one character at a time instead, like every other character.
            if folded != ch.lower() or ch == "\u03a3":
                _NOT_LOWER.add(ch)
    return _NOT_LOWER.isdisjoint(chars), _ODD.isdisjoint(chars)


def _fold(text: str) -> str:
    """Folded ``text`` (case and accents dropped, character by character)."""
    if text.isascii() or _learn(text)[0]:
        return text.lower()
    return text.translate(_TABLE)


def _fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each folded character, the index of its original
    character (None when every character folded to exactly one: same offsets)."""
    if text.isascii():
        return text.lower(), None
    like_lower, same_length = _learn(text)
    if like_lower and same_length:
        return text.lower(), None
    folded = text.translate(_TABLE)
    if same_length:
        return folded, None
    origin: list[int] = []
    for index, ch in enumerate(text):
        origin.extend([index] * len(_TABLE.get(ord(ch), ch)))
    return folded, origin


def _words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    found = _WORD.findall(_fold(text))
    if any(("." in w or "," in w) for w in found):
        found = [w.translate(_STRIP) for w in found]
    return found


_SEP = "\x00"
"""Stands between the title, the body and the keywords of a document while it is indexed."""

_DOC_WORD = re.compile(_WORD.pattern + "|\x00")


class _IndexTable(dict):
    """``str.translate`` table for indexing: every character to its fold, with every
    character that is not part of a word made a space. Full stops and commas are kept
    (they may join an abbreviation or a number), and so is :data:`_SEP`."""

    def __missing__(self, code: int) -> str:
        out = "".join(c if c.isalnum() or c in ".," else " " for c in _FOLDS[chr(code)])
        self[code] = out
        return out


_INDEX_TABLE = _IndexTable({0: _SEP})
for _code in range(128):
    _INDEX_TABLE[_code]  # the ASCII characters up front: str.translate has a fast path for them


# Punctuation that is common in dossiers (and that the titles and bodies here are joined
# with): replaced before translating, most texts are then ASCII.
_PUNCTUATION = "·—–“”’‘"


def _to_ascii(text: str) -> str:
    """``text`` with every character whose :data:`_INDEX_TABLE` entry is ASCII replaced
    by it: ``str.translate`` is several times faster on an ASCII string."""
    for ch in _PUNCTUATION:
        if ch in text:
            text = text.replace(ch, _INDEX_TABLE[ord(ch)])
    if not text.isascii():
        for ch in set(_NON_ASCII.findall(text)):
            out = _INDEX_TABLE[ord(ch)]
            if out.isascii():
                text = text.replace(ch, out)
    return text


def _index_plain(text: str) -> str | None:
    """``text`` translated as :func:`_doc_words` does, with ". " and ", " made spaces,
    every character where it was; None if some character folds to more or fewer than
    one (or to a non-ASCII one)."""
    if not text.isascii():
        for ch in set(_NON_ASCII.findall(text)):
            out = _INDEX_TABLE[ord(ch)]
            if len(out) != 1 or not out.isascii():
                return None
            text = text.replace(ch, out)
    return text.translate(_INDEX_TABLE).replace(". ", "  ").replace(", ", "  ")


_TWO_BREAKS = [_SEP, _SEP]


def _keyword_words(keywords: str) -> list[str]:
    return _doc_words("", "", keywords)[2:]  # after the two breaks


def _doc_words(title: str, body: str, keywords: str) -> list[str]:
    """``_words(title) + [_SEP] + _words(body) + [_SEP] + _words(keywords)``, faster.

    Translating the text through :data:`_INDEX_TABLE` and splitting it on spaces finds
    the same words as :data:`_WORD` unless a full stop or a comma stands inside a word
    ("u.s.", "1,000", "2.5"); only such texts go through the regular expression.
    """
    if _SEP in title or _SEP in body or _SEP in keywords:
        title, body, keywords = (part.replace(_SEP, " ") for part in (title, body, keywords))
    text = f"{title} {_SEP} {body} {_SEP} {keywords} "
    plain = text if text.isascii() else _to_ascii(text)
    plain = plain.translate(_INDEX_TABLE)
    if "." in plain or "," in plain:
        plain = plain.replace(". ", " ").replace(", ", " ")
        if "." in plain or "," in plain:
            found = _DOC_WORD.findall(_fold(text))
            joined = " ".join(found)
            if "." in joined or "," in joined:
                found = joined.translate(_STRIP).split(" ")
            return found
    return plain.split()


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for every word of ``text``; start and end are offsets
    in the original ``text`` (combining marks after a word are part of it)."""
    folded, origin = _fold_with_map(text)
    out: list[tuple[str, int, int]] = []
    for match in _WORD.finditer(folded):
        word = match.group()
        if "." in word or "," in word:
            word = word.translate(_STRIP)
        start, end = match.span()
        if origin is not None:
            start, end = origin[start], origin[end - 1] + 1
            while end < len(text) and unicodedata.combining(text[end]):
                end += 1
        out.append((word, start, end))
    return out


# -- documents ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One thing search can find. Make one with :meth:`create`.

    The index keeps its documents in a compact form and makes a :class:`SearchDoc` only
    for what is looked at (the hits shown, :meth:`SearchIndex.doc`)."""

    id: str
    """The item's id; for a sentence "source:sN" (see :func:`sentence_id`); a note's id."""
    kind: str
    """One of :data:`KIND_ORDER`."""
    kind_label: str
    title: str
    """One line naming it: "China — abstain on S/RES/2699 (2023)"."""
    text: str
    """The display text: ``title``, then a line break and ``body`` when there is one.
    Highlight spans index into this string."""
    keywords: str
    """Words it is also found by, not displayed (country names and aliases…)."""
    country_codes: tuple[str, ...]
    """Countries for the country filter."""
    target: str
    """The id to open: the item or source itself, a sentence's source, a note's item."""
    _folded: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def create(
        cls,
        id: str,
        kind: str,
        title: str,
        body: str = "",
        keywords: str = "",
        country_codes: Iterable[str] = (),
        target: str | None = None,
        kind_label: str | None = None,
    ) -> SearchDoc:
        title = " ".join(title.split())
        body = body.strip()
        return cls(
            id=id,
            kind=kind,
            kind_label=kind_label or KIND_LABELS.get(kind, kind.title()),
            title=title,
            text=f"{title}\n{body}" if body else title,
            keywords=keywords,
            country_codes=tuple(dict.fromkeys(country_codes)),
            target=target or id,
        )

    @property
    def body(self) -> str:
        """The display text after the title ("" when there is none)."""
        return self.text[len(self.title) + 1 :]

    @property
    def folded(self) -> str:
        """Folded words of title, body and keywords, space-separated, the three parts
        separated by " | ": " china abstain on | … | … " (computed on first use)."""
        if self._folded is None:
            title_part = " " + " ".join(_words(self.title)) + " "
            folded = f"{title_part}| {' '.join(_words(self.body))} | {' '.join(_words(self.keywords))} "
            object.__setattr__(self, "_folded", folded)
            return folded
        return self._folded

    @property
    def title_end(self) -> int:
        """Length of the title part of :attr:`folded`."""
        return self.folded.index("|")

    def _parts(self) -> list[tuple[str, int]]:
        parts = [(self.title, 0)]
        if len(self.text) > len(self.title):
            parts.append((self.body, len(self.title) + 1))
        return parts


# -- query -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    words: tuple[str, ...]
    phrase: bool
    """Two words or more, in quotes: they must be consecutive."""
    prefix: bool
    """The (last) word may be a prefix: it is still being typed."""
    exact: bool = False
    """A single quoted word: no typo allowed."""


def _parse_query(query: str) -> list[_Term]:
    parts = query.split('"')
    terms: list[_Term] = []
    seen: set[_Term] = set()
    typing = bool(query) and not query[-1].isspace() and query[-1] != '"'
    for n, part in enumerate(parts):
        words = [w for w in _words(part) if w]
        if not words:
            continue
        last_part = n == len(parts) - 1
        if n % 2:  # inside quotes (the last one possibly not closed yet)
            if len(words) == 1:
                new = [_Term((words[0],), False, last_part and typing, exact=True)]
            else:
                new = [_Term(tuple(words), True, last_part and typing)]
        else:
            new = [_Term((w,), False, False) for w in words]
            if last_part and typing:
                new[-1] = _Term((words[-1],), False, True)
        for term in new:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return terms


class _TermData:
    """A term resolved against the vocabulary: its documents, its score levels, and
    how to recognise its words when highlighting."""

    __slots__ = ("term", "all_bits", "levels", "fuzzy")

    def __init__(self, term: _Term) -> None:
        self.term = term
        self.all_bits = 0
        self.levels: list[tuple[int, int]] = []
        self.fuzzy: frozenset[str] = frozenset()


def _flexible(word: str) -> str:
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


class _Highlighter:
    """Finds the query's words in a document's display text, for highlighting.

    One regular expression per query (phrases first, so a phrase wins over its own
    words), run over the folded title and body; offsets are mapped back to the
    original text.
    """

    __slots__ = ("terms", "_pattern")

    def __init__(self, terms: list[_TermData]) -> None:
        self.terms = terms
        self._pattern: re.Pattern[str] | None = None

    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            phrases: list[str] = []
            words: list[str] = []
            for data in self.terms:
                term = data.term
                parts = [_flexible(w) for w in term.words]
                if term.prefix:
                    parts[-1] += r"[^\W_]*"
                if term.phrase:
                    phrases.append(r"[\W_]+".join(parts))
                else:
                    words.append(parts[0])
                    words.extend(_flexible(w) for w in sorted(data.fuzzy, key=len, reverse=True))
            alternatives = "|".join(phrases + words)
            self._pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])(?:(?<=\.[^\W\d_])\.)?")
        return self._pattern

    def spans(self, doc: SearchDoc) -> list[tuple[int, int]]:
        pattern = self.pattern()
        found: list[tuple[int, int]] = []
        for part, offset in doc._parts():
            folded, origin = _fold_with_map(part)
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

    def __init__(self, doc: SearchDoc, score: int, highlighter: _Highlighter | None = None) -> None:
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

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)

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


# -- posting sets ------------------------------------------------------------------------

_BIT = bytes(1 << k for k in range(8))


def _to_bits(indices: Iterable[int], nbytes: int) -> int:
    buf = bytearray(nbytes)
    for i in indices:
        buf[i >> 3] |= _BIT[i & 7]
    return int.from_bytes(buf, "little")


_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _array_bits(numbers: Sequence[int], nbytes: int) -> int:
    """:func:`_to_bits` of a sized sequence; for many numbers, one byte a number then
    one C-level parse of the binary digits."""
    if len(numbers) * 20 < nbytes * 8:
        return _to_bits(numbers, nbytes)
    digits = bytearray(nbytes * 8)
    for i in numbers:
        digits[i] = 1
    return int(digits.translate(_BINARY_DIGITS)[::-1], 2)


_BYTE_BITS = tuple(tuple(k for k in range(8) if byte >> k & 1) for byte in range(256))


_NONZERO_TABLE = bytes([0] + [1] * 255)


def _indices(bits: int, limit: int | None = None) -> list[int]:
    """Numbers of the set bits, ascending (the first ``limit`` only, if given)."""
    if bits <= 0:
        return []
    if limit is None and bits.bit_count() * 16 > bits.bit_length():
        # Dense: one C-level pass over the binary digits.
        return [m.start() for m in re.finditer("1", bin(bits)[:1:-1])]
    # Sparse, or only the first few: jump from non-zero byte to non-zero byte.
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    nonzero = data.translate(_NONZERO_TABLE)
    out: list[int] = []
    pos = nonzero.find(1)
    while pos >= 0:
        at = pos * 8
        out.extend([at + k for k in _BYTE_BITS[data[pos]]])
        if limit is not None and len(out) >= limit:
            return out[:limit]
        pos = nonzero.find(1, pos + 1)
    return out


def _range_bits(ranges: Iterable[tuple[int, int]], nbytes: int) -> int:
    """The bit set of every number in the half-open ``ranges``."""
    ranges = list(ranges)
    if len(ranges) > 16:
        # Many: one byte a number, then one C-level parse of the binary digits.
        digits = bytearray(nbytes * 8)
        ones = memoryview(b"\x01" * max(end - start for start, end in ranges))
        for start, end in ranges:
            digits[start:end] = ones[: end - start]
        return int(digits.translate(_BINARY_DIGITS)[::-1], 2)
    bits = 0
    for start, end in ranges:
        if start < end:
            bits |= (1 << end) - (1 << start)
    return bits


# Document and word numbers: 4-byte unsigned integers in native byte order.
_U32 = "I" if array("I").itemsize == 4 else "L"
_ORDER = sys.byteorder


def _numbers(data: bytes | bytearray) -> array:
    """The numbers held as 4 bytes each in ``data``."""
    out = array(_U32)
    out.frombytes(data)
    return out


def _new_numbers() -> array:
    return array(_U32)


_END = bytes(4)
"""Word number 0, as 4 bytes."""


# A prefix of one or two letters whose words number more than this (counting 32 sparse
# postings as one word: ~0.5 ms to OR together) has its posting sets kept.
_SLOW_PREFIX = 256

# A posting set of at least 1/_DENSE of the documents is a bit set (N/8 bytes), a smaller
# one a run of document numbers (4 bytes each, made bits when queried): at most 4x the
# memory of the numbers, and the words looked up most are the quickest.
_DENSE = 128


class _PostingLists:
    """A posting set per word number: a bit set for a word in many documents; for the
    others a run of one shared array of document numbers (in no particular order, and
    possibly repeated: they are only ever made bits)."""

    __slots__ = ("dense", "data", "bounds", "nbytes")

    def __init__(self, lists: list[bytearray | None], dense_at: int, nbytes: int) -> None:
        """``lists``: the document numbers of each word, 4 bytes each (emptied here)."""
        self.nbytes = nbytes
        self.dense: dict[int, int] = {}
        self.data = array(_U32)
        self.bounds = array(_U32, [0])
        """Word ``w``'s numbers are ``data[bounds[w]:bounds[w + 1]]``."""
        for word, docs in enumerate(lists):
            if docs is not None:
                if len(docs) >= dense_at * 4:
                    self.dense[word] = _array_bits(memoryview(docs).cast(_U32), nbytes)
                else:
                    self.data.frombytes(docs)
                lists[word] = None  # freed as we go: the lists and the packed copy never coexist
            self.bounds.append(len(self.data))

    def bits(self, words: Iterable[int]) -> int:
        """The documents holding any of ``words`` (word numbers), as a bit set."""
        bits = 0
        dense, data, bounds = self.dense, self.data, self.bounds
        sparse: list[array] = []
        for word in words:
            found = dense.get(word)
            if found is not None:
                bits |= found
            else:
                start, end = bounds[word], bounds[word + 1]
                if start < end:
                    sparse.append(data[start:end])
        if sparse:
            numbers = sparse[0]
            for more in sparse[1:]:
                numbers += more
            bits |= _array_bits(numbers, self.nbytes)
        return bits


_Matches = tuple[array, array, int, int]
"""Occurrences of a phrase: (document numbers, positions in the word stream, bits of
the documents where it is in the title, bits of all of them)."""


class _Vocab(dict):
    """Word -> word number while indexing; a new word gets the next number (and an
    empty list of documents in each of ``lists``)."""

    __slots__ = ("lists",)

    def __missing__(self, word: str) -> int:
        number = len(self)
        self[word] = number
        for lists in self.lists:
            lists.append(bytearray())
        return number


class _Group:
    """The postings of a run of documents numbered ``first``, ``first + 1``…: the
    dossier's documents, or the notes. Fill with :meth:`add`, then :meth:`finish`.

    Every word of the group has a number (0 is :data:`_SEP`). A document's words are
    kept in order, as four bytes each, in one byte string: a quoted phrase is checked
    with ``bytes.find`` in the documents holding all of its words.

    While filling, lists of numbers are byte strings (4 bytes a number), which the
    garbage collector does not track: a big dossier makes hundreds of thousands of
    them, and tracked ones would set off full collections of the whole dossier.
    """

    def __init__(self, first: int) -> None:
        self.first = first
        self.count = 0
        self._every: list[bytearray | None] = []
        self._title: list[bytearray | None] = []
        self._vocab = _Vocab()
        self._vocab.lists = (self._every, self._title)
        self._vocab[_SEP]  # number 0
        self._lookup = self._vocab.__getitem__
        self.keyword_words: Callable[[str], list[str]] = _keyword_words
        """The words of some keywords (a faster way may be given, see _Describer)."""
        self.stream = bytearray()
        """The word numbers of every document, in order (title, 0, body, 0, keywords, 0)."""
        self.starts = array(_U32, [0])
        """Where document ``first + k`` starts in the stream (in words): ``starts[k]``."""
        self.title_ends = array(_U32)
        """Where its title ends (the first 0)."""
        self._codes: dict[str, bytearray] = defaultdict(bytearray)
        self._code_ranges: dict[str, array] = defaultdict(_new_numbers)
        self._kinds: list[list] = []
        self._title_only: list[list[int]] = []
        self._keyword_words: dict[str, bytes] = {}
        """Keywords -> their word numbers."""
        self._keyword_docs: dict[str, bytearray] = defaultdict(bytearray)
        """Keywords -> the documents that have them."""

    # -- filling -------------------------------------------------------------------------

    def add(self, kind: str, title: str, body: str, keywords: str, codes: Iterable[str]) -> None:
        """Index the next document."""
        self._kind(kind)
        self._add(_doc_words(title, body, ""), codes, keywords)

    def add_sentences(self, kind: str, text: SourceText, codes: Iterable[str]) -> None:
        """Index the sentences of a source text (documents with only a title), all
        involving ``codes``. The whole text is translated at once when that keeps
        every character where it was."""
        self._kind(kind)
        start = self.first + self.count
        whole = text.text
        plain = _index_plain(whole) if _SEP not in whole else None
        for sentence in text.sentences:
            if plain is not None and whole[sentence.start : sentence.end] == sentence.text:
                part = plain[sentence.start : sentence.end]
                if "." not in part and "," not in part:
                    found = part.split()
                    found += _TWO_BREAKS
                    self._add(found, ())
                    continue
            self._add(_doc_words(sentence.text, "", ""), ())
        for code in codes:
            self._code_ranges[code].extend((start, self.first + self.count))

    def _kind(self, kind: str) -> None:
        """The next documents are of this kind."""
        n = self.first + self.count
        if not self._kinds or self._kinds[-1][0] != kind:
            self._kinds.append([kind, n, n])

    def _add(self, found: list[str], codes: Iterable[str], keywords: str = "") -> None:
        n = self.first + self.count
        self.count += 1
        self._kinds[-1][2] = n + 1
        number = n.to_bytes(4, _ORDER)
        words = list(map(self._lookup, found))
        cut = words.index(0)
        if cut + 2 == len(words) and not keywords:
            # Only a title (a sentence): its words are all title words, which
            # self.title_only says once for all such documents.
            seen = set(words[:cut])
            runs = self._title_only
            if runs and runs[-1][1] == n:
                runs[-1][1] = n + 1
            else:
                runs.append([n, n + 1])
        else:
            lists = self._title
            for word in set(words[:cut]):
                lists[word] += number  # type: ignore[operator]
            seen = set(words)
            seen.discard(0)
        lists = self._every
        for word in seen:
            lists[word] += number  # type: ignore[operator]
        stream = self.stream
        start = len(stream) >> 2
        stream += array(_U32, words)
        if keywords:
            # Documents share their keywords (the names of their countries): the
            # keywords' words get the documents that have them all at once, in finish().
            shared = self._keyword_words.get(keywords)
            if shared is None:
                found = self.keyword_words(keywords)
                shared = self._keyword_words[keywords] = array(_U32, map(self._lookup, found)).tobytes()
            stream += shared
            self._keyword_docs[keywords] += number
        stream += _END
        self.starts.append(len(stream) >> 2)
        self.title_ends.append(start + cut)
        for code in codes:
            self._codes[code] += number

    def finish(self, total: int) -> None:
        """Pack what was added; ``total`` documents are numbered in the whole index."""
        nbytes = (total + 7) // 8 or 1
        self.nbytes = nbytes
        dense_at = max(1, total // _DENSE)
        for keywords, words in self._keyword_words.items():
            docs = self._keyword_docs[keywords]
            for word in set(memoryview(words).cast(_U32)):
                self._every[word] += docs  # type: ignore[operator]
        self._every[0] = self._title[0] = None
        self.every = _PostingLists(self._every, dense_at, nbytes)
        self.title = _PostingLists(self._title, dense_at, nbytes)
        self.title_only = _range_bits(self._title_only, nbytes)
        """The documents that have only a title: not in the title posting sets."""
        del self._every, self._title, self._title_only, self._keyword_words, self._keyword_docs
        vocab = dict(self._vocab)
        del vocab[_SEP]
        del self._vocab, self._lookup, self.keyword_words  # (this one may hold a _Describer)
        self.vocab: dict[str, int] = vocab
        self.keys: list[str] = sorted(vocab)
        self.key_numbers = array(_U32, map(vocab.__getitem__, self.keys))
        self.view = memoryview(self.stream).cast(_U32)
        self.kinds: dict[str, int] = {}
        for kind, start, end in self._kinds:
            self.kinds[kind] = self.kinds.get(kind, 0) | _range_bits([(start, end)], nbytes)
        del self._kinds
        self.codes = {code: _numbers(docs) for code, docs in self._codes.items()}
        self.code_ranges = dict(self._code_ranges)
        del self._codes, self._code_ranges
        # Typos: the words of each length (no digits).
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.keys:
            if not any(c.isdigit() for c in word):
                self.by_length[len(word)].append(word)
        self.by_first: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.by_last: dict[tuple[int, str], list[str]] = defaultdict(list)
        for length, words in self.by_length.items():
            if len(words) > _BIG_BUCKET:
                for word in words:
                    self.by_first[length, word[0]].append(word)
                    self.by_last[length, word[-1]].append(word)
        # Prefixes of one and two letters, the first keystrokes, match the most words:
        # the posting sets of those that would take long to OR together are kept.
        self.short_prefixes: dict[str, tuple[int, int]] = {}
        bounds = self.every.bounds
        for size in (1, 2):
            start = 0
            while start < len(self.keys):
                prefix = self.keys[start][:size]
                if len(prefix) < size:  # a one-letter word: no two-letter prefix
                    start += 1
                    continue
                end = self._prefix_end(prefix, start)
                numbers = self.key_numbers[start:end]
                sparse = sum(bounds[n + 1] - bounds[n] for n in numbers)
                if len(numbers) + sparse // 32 > _SLOW_PREFIX:
                    self.short_prefixes[prefix] = self._numbers_bits(numbers)
                start = end

    # -- looking up ----------------------------------------------------------------------

    def _prefix_end(self, prefix: str, start: int) -> int:
        return bisect_left(self.keys, prefix + "\U0010ffff", start)

    def _with_prefix(self, prefix: str) -> array:
        """Numbers of the words that start with ``prefix``."""
        start = bisect_left(self.keys, prefix)
        return self.key_numbers[start : self._prefix_end(prefix, start)]

    def _numbers_bits(self, numbers: Sequence[int]) -> tuple[int, int]:
        """(title bits, all bits) of the documents holding any of the words ``numbers``."""
        every = self.every.bits(numbers)
        title = self.title.bits(numbers)
        if self.title_only:
            title |= every & self.title_only
        return title, every

    def bits(self, words: Iterable[str]) -> tuple[int, int]:
        """(title bits, all bits) of the documents holding any of ``words``."""
        get = self.vocab.get
        numbers = [n for n in map(get, words) if n is not None]
        if not numbers:
            return 0, 0
        return self._numbers_bits(numbers)

    def prefix_bits(self, prefix: str) -> tuple[int, int]:
        """(title bits, all bits) of the documents holding a word that starts with ``prefix``."""
        found = self.short_prefixes.get(prefix)
        if found is None:
            found = self._numbers_bits(self._with_prefix(prefix))
        return found

    def phrase(self, words: Sequence[str], prefix: bool, within: _Matches | None = None) -> _Matches:
        """Every occurrence of ``words`` one after the other (the last one possibly only
        begun, for a prefix).

        ``within``: the occurrences of a phrase that every occurrence of this one is
        also an occurrence of (the phrase one letter or one word shorter, found at the
        previous keystroke): only they are checked, without a Python loop. Otherwise
        the documents that hold all the words are searched.
        """
        none: _Matches = (array(_U32), array(_U32), 0, 0)
        exact = words[:-1] if prefix else words
        numbers: list[int] = []
        for word in exact:
            number = self.vocab.get(word)
            if number is None:
                return none
            numbers.append(number)
        following: frozenset[int] = frozenset()
        if prefix:
            following = frozenset(self._with_prefix(words[-1]))
            if not following:
                return none
        needle = array(_U32, numbers).tobytes()
        size = len(numbers)
        stream, view, first = self.stream, self.view, self.first
        if within is not None:
            # Every document ends with a break (0), never in `following`: the word
            # after a match is always the document's own.
            before_docs, before_positions = within[0], within[1]
            keep = map(stream.startswith, repeat(needle), map((4).__mul__, before_positions))
            if prefix:
                after = map(view.__getitem__, map(size.__add__, before_positions))
                keep = map(and_, keep, map(following.__contains__, after))
            mask = bytes(keep)
            if mask.count(1) == len(mask):
                return within  # the same occurrences
            docs = array(_U32, compress(before_docs, mask))
            positions = array(_U32, compress(before_positions, mask))
        else:
            candidates = -1
            for number in set(numbers):
                candidates &= self.every.bits((number,))
            if prefix:
                candidates &= self.prefix_bits(words[-1])[1]
            docs, positions = self._find(needle, size, following if prefix else None, _indices(candidates))
        title_ends = map(self.title_ends.__getitem__, map((-first).__add__, docs))
        in_title = compress(docs, bytes(map(lt, positions, title_ends)))
        return docs, positions, _to_bits(in_title, self.nbytes), _array_bits(docs, self.nbytes)

    def _find(
        self, needle: bytes, size: int, following: frozenset[int] | None, candidates: list[int]
    ) -> tuple[array, array]:
        """(documents, positions) of every occurrence of ``needle`` (``size`` words)
        in the ``candidates``, followed by a word of ``following`` if given."""
        find, starts, view, first = self.stream.find, self.starts, self.view, self.first
        docs, positions = array(_U32), array(_U32)
        for n in candidates:
            k = n - first
            end = starts[k + 1] << 2
            at = find(needle, starts[k] << 2, end)
            while at >= 0:
                if at & 3:  # not on a word boundary
                    at = find(needle, at + 1, end)
                    continue
                if following is None or view[(at >> 2) + size] in following:
                    docs.append(n)
                    positions.append(at >> 2)
                at = find(needle, at + 4, end)
        return docs, positions

    def code_bits(self, codes: Iterable[str]) -> int:
        """The documents involving any of ``codes``."""
        numbers = array(_U32)
        ranges: list[tuple[int, int]] = []
        for code in codes:
            numbers += self.codes.get(code, numbers[:0])
            bounds = self.code_ranges.get(code)
            if bounds:
                ranges.extend(zip(bounds[::2], bounds[1::2]))
        return _array_bits(numbers, self.nbytes) | _range_bits(ranges, self.nbytes)

    def fuzzy(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words within a typo of ``word`` (rapidfuzz ratio >= cutoff), best
        first, at most :data:`FUZZY_LIMIT`."""
        size = len(word)
        out: list[tuple[str, float]] = []
        # ratio >= 80 implies the lengths differ by at most a fifth of their sum.
        for length in range(math.ceil(size * 2 / 3), math.floor(size * 3 / 2) + 1):
            choices = self.by_length.get(length)
            if not choices:
                continue
            if len(choices) > _BIG_BUCKET:
                # A huge vocabulary: only words that keep the first or the last letter.
                firsts = self.by_first.get((length, word[0]), [])
                lasts = [w for w in self.by_last.get((length, word[-1]), []) if w[0] != word[0]]
                choices = firsts + lasts
            for found, score, _ in process.extract(
                word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                if found != word:
                    out.append((found, score))
        out.sort(key=lambda pair: (-pair[1], pair[0]))
        return out[:FUZZY_LIMIT]


# -- where the documents are kept -------------------------------------------------------


class _DocList:
    """Documents kept as :class:`SearchDoc` objects (the notes; an index made from docs)."""

    def __init__(self, docs: list[SearchDoc], first: int) -> None:
        self.docs = docs
        self.first = first
        self._by_id: dict[str, int] = {}
        for n, doc in enumerate(docs, start=first):
            self._by_id.setdefault(doc.id, n)

    def __len__(self) -> int:
        return len(self.docs)

    def get(self, n: int) -> SearchDoc:
        return self.docs[n - self.first]

    def find(self, doc_id: str) -> int | None:
        return self._by_id.get(doc_id)

    def codes(self, n: int) -> tuple[str, ...]:
        return self.docs[n - self.first].country_codes

    def index(self, group: _Group) -> None:
        for doc in self.docs:
            group.add(doc.kind, doc.title, doc.body, doc.keywords, doc.country_codes)


class _DossierDocs:
    """The dossier's documents without a :class:`SearchDoc` each (made when looked at).

    Items and sources ("stored" documents): the id, countries and keywords are shared
    with the dossier or between documents; the display text is one UTF-8 byte string
    for all of them. Sentences: nothing of their own, they are read from the source
    texts the dossier already holds.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.codes_of: list[tuple[str, ...]] = []
        self.keywords: list[str | None] = []
        """None for no keywords; else what follows the names of the document's countries
        (see :meth:`_Describer.keywords`): "" but for statements that explain a vote."""
        self.countries: CountryIndex | None = None
        self.text = bytearray()
        self.text_ends = array(_U32)
        self.title_lengths = array(_U32)
        self.kinds: list[tuple[int, str]] = []
        """(first document number, kind) of each run of one kind, in order."""
        self.sentence_start = self.sentence_end = 0
        self.texts: list[tuple[str, SourceText, tuple[str, ...]]] = []
        """(source id, text, countries) of each source with sentences, in order."""
        self.text_firsts = array(_U32)
        """Number of the first sentence document of each of them."""
        self.count = 0

    # -- filling -------------------------------------------------------------------------

    def _kind(self, kind: str) -> None:
        if not self.kinds or self.kinds[-1][1] != kind:
            self.kinds.append((self.count, kind))

    def add(self, doc_id: str, kind: str, title: str, text: str, keywords: str | None, codes: tuple[str, ...]) -> None:
        """``keywords``: see :attr:`keywords` (one object for documents that share them)."""
        self._kind(kind)
        self.ids.append(doc_id)
        self.codes_of.append(codes)
        self.keywords.append(keywords)
        self.text += text.encode("utf-8", "surrogatepass")
        self.text_ends.append(len(self.text))
        self.title_lengths.append(len(title))
        self.count += 1

    def add_sentences(self, source_id: str, text: SourceText, codes: tuple[str, ...]) -> None:
        if not self.texts:
            self.sentence_start = self.count
        self._kind("sentence")
        self.texts.append((source_id, text, codes))
        self.text_firsts.append(self.count)
        self.count += len(text.sentences)
        self.sentence_end = self.count

    def finish(self) -> None:
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        self._sorted_ids = [self.ids[j] for j in order]
        self._sorted_numbers = array(_U32, map(self._number, order))
        self._source_texts = {source_id: k for k, (source_id, _, _) in reversed(list(enumerate(self.texts)))}
        self._kind_starts = [start for start, _ in self.kinds]

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.count

    def _number(self, j: int) -> int:
        """The document number of stored document ``j``."""
        return j if j < self.sentence_start else j + self.sentence_end - self.sentence_start

    def _stored(self, n: int) -> int:
        """Stored document ``j`` of document number ``n`` (-1 for a sentence)."""
        if n < self.sentence_start:
            return n
        if n >= self.sentence_end:
            return n - self.sentence_end + self.sentence_start
        return -1

    def _sentence(self, n: int) -> tuple[str, Sentence, tuple[str, ...]]:
        k = bisect_right(self.text_firsts, n) - 1
        source_id, text, codes = self.texts[k]
        return source_id, text.sentences[n - self.text_firsts[k]], codes

    def get(self, n: int) -> SearchDoc:
        kind = self.kinds[bisect_right(self._kind_starts, n) - 1][1]
        label = KIND_LABELS.get(kind, kind.title())
        j = self._stored(n)
        if j < 0:
            source_id, sentence, codes = self._sentence(n)
            title = " ".join(sentence.text.split())
            return SearchDoc(sentence_id(source_id, sentence.index), kind, label, title, title, "", codes, source_id)
        text = self.text[self.text_ends[j - 1] if j else 0 : self.text_ends[j]].decode("utf-8", "surrogatepass")
        doc_id = self.ids[j]
        title = text[: self.title_lengths[j]]
        codes, keywords = self.codes_of[j], self.keywords[j]
        if keywords is None:
            keywords = ""
        else:
            keywords = _names(self.countries, codes) + keywords  # type: ignore[arg-type]
        return SearchDoc(doc_id, kind, label, title, text, keywords, codes, doc_id)

    def find(self, doc_id: str) -> int | None:
        at = bisect_left(self._sorted_ids, doc_id)
        if at < len(self._sorted_ids) and self._sorted_ids[at] == doc_id:
            return self._sorted_numbers[at]
        parsed = parse_sentence_id(doc_id)
        k = None if parsed is None else self._source_texts.get(parsed[0])
        if k is None:
            return None
        sentences = self.texts[k][1].sentences
        index = parsed[1]  # type: ignore[index]
        if index < len(sentences) and sentences[index].index == index:
            return self.text_firsts[k] + index
        for position, sentence in enumerate(sentences):
            if sentence.index == index:
                return self.text_firsts[k] + position
        return None

    def codes(self, n: int) -> tuple[str, ...]:
        j = self._stored(n)
        return self._sentence(n)[2] if j < 0 else self.codes_of[j]


# -- the index ---------------------------------------------------------------------------


class SearchIndex:
    """Everything searchable in a dossier; build once with :meth:`from_dossier`."""

    #: How many resolved query terms are kept for the next keystrokes.
    CACHE_SIZE = 512
    #: How many phrases' occurrences are kept for the next keystrokes.
    PHRASES_KEPT = 16

    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        ordered = sorted(docs, key=lambda d: _KIND_RANK.get(d.kind, len(KIND_ORDER)))
        store = _DocList(ordered, 0)
        group = _Group(0)
        store.index(group)
        group.finish(len(store))
        self._setup(store, group)

    def _setup(self, store: _DocList | _DossierDocs, group: _Group) -> None:
        self._base_docs = store
        self._base = group
        self._size = len(store)
        self._notes: list[SearchDoc] = []
        self._note_specs: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        self._note_docs: _DocList | None = None
        self._note_group: _Group | None = None
        self._kind_bits: dict[str, int] = dict(group.kinds)
        self._cache: OrderedDict[_Term, _TermData] = OrderedDict()
        self._phrases: OrderedDict[_Term, list[_Matches]] = OrderedDict()
        self._filters: dict[frozenset[str], int] = {}
        self._everything = (1 << self._size) - 1
        self._made: dict[int, SearchDoc] = {}
        #: Searches fill caches and notes replace documents: one at a time.
        self._lock = threading.RLock()

    @classmethod
    def from_dossier(cls, dossier: Dossier) -> SearchIndex:
        index = cls.__new__(cls)
        index._setup(*_index_dossier(dossier))
        return index

    # -- documents -----------------------------------------------------------------------

    def _doc(self, n: int) -> SearchDoc:
        """Document number ``n``."""
        if n >= self._size:
            return self._notes[n - self._size]
        doc = self._made.get(n)
        if doc is None:
            if len(self._made) >= 4096:
                self._made.clear()
            doc = self._made[n] = self._base_docs.get(n)
        return doc

    @property
    def docs(self) -> list[SearchDoc]:
        """Every document, numbered as the index numbers them (kind order, notes last)."""
        return [*(self._base_docs.get(n) for n in range(self._size)), *self._notes]

    def __len__(self) -> int:
        return self._size + len(self._notes)

    def doc(self, doc_id: str) -> SearchDoc:
        """The document with this id (items, sources, sentences, notes); KeyError if none."""
        n = self._base_docs.find(doc_id)
        if n is None:
            for note in self._notes:
                if note.id == doc_id:
                    return note
            raise KeyError(doc_id)
        return self._doc(n)

    def clear_caches(self) -> None:
        """Forget resolved query terms and country filters (for cold measurements)."""
        with self._lock:
            self._cache.clear()
            self._phrases.clear()
            self._filters.clear()

    # -- notes ---------------------------------------------------------------------------

    def set_notes(self, notes: Iterable[tuple[str, str, Sequence[str], str | None] | object]) -> None:
        """Replace every note in the index: (note id, text, tags, target item id), or
        objects with ``id``, ``text``, ``tags`` and ``target`` (``target.item_id``), as
        :class:`models.notes.Note` has.

        Only the notes are (re)indexed; a note takes its countries from its target,
        for the country filter. Call again with the new list after any change.
        """
        with self._lock:
            self._set_notes(notes)

    def _set_notes(self, notes: Iterable[tuple[str, str, Sequence[str], str | None] | object]) -> None:
        specs: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        for note in notes:
            if isinstance(note, tuple):
                note_id, text, tags, target = note
            else:
                note_id, text, tags = note.id, note.text, note.tags  # type: ignore[attr-defined]
                target = getattr(note.target, "item_id", None)  # type: ignore[attr-defined]
            specs[note_id] = (note_id, text, tuple(tags), target)
        docs: list[SearchDoc] = []
        for note_id, text, tags, target in specs.values():
            lines = text.strip().splitlines() or [""]
            codes: tuple[str, ...] = ()
            if target is not None:
                n = self._base_docs.find(target)
                if n is not None:
                    codes = self._base_docs.codes(n)
            body = "\n".join(lines[1:]).strip()
            tag_line = " ".join(f"#{t}" for t in tags)
            body = f"{body}\n{tag_line}".strip()
            docs.append(SearchDoc.create(note_id, "note", lines[0], body, "", codes, target or note_id))
        self._notes = docs
        self._note_specs = specs
        total = self._size + len(docs)
        self._note_docs = self._note_group = None
        self._kind_bits = dict(self._base.kinds)
        if docs:
            self._note_docs = _DocList(docs, self._size)
            self._note_group = _Group(self._size)
            self._note_docs.index(self._note_group)
            self._note_group.finish(total)
            for kind, bits in self._note_group.kinds.items():
                self._kind_bits[kind] = self._kind_bits.get(kind, 0) | bits
        self._everything = (1 << total) - 1
        self.clear_caches()

    def add_note(self, note_id: str, text: str, tags: Sequence[str] = (), target: str | None = None) -> None:
        """Add a note, or replace the note with this id (re-indexes the notes only)."""
        specs = dict(self._note_specs)
        specs[note_id] = (note_id, text, tuple(tags), target)
        self.set_notes(specs.values())

    def remove_note(self, note_id: str) -> None:
        """Remove the note with this id, if there is one."""
        if note_id in self._note_specs:
            self.set_notes(spec for key, spec in self._note_specs.items() if key != note_id)

    # -- resolving terms -----------------------------------------------------------------

    def _groups(self) -> list[_Group]:
        return [self._base] + ([self._note_group] if self._note_group else [])

    def _bits(self, words: Sequence[str]) -> tuple[int, int]:
        title = every = 0
        for group in self._groups():
            t, a = group.bits(words)
            title |= t
            every |= a
        return title, every

    def _term(self, term: _Term) -> _TermData:
        data = self._cache.get(term)
        if data is not None:
            self._cache.move_to_end(term)
            return data
        data = self._resolve_phrase(term) if term.phrase else self._resolve_word(term)
        self._cache[term] = data
        if len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return data

    def _resolve_word(self, term: _Term) -> _TermData:
        data = _TermData(term)
        word = term.words[0]
        exact_title, exact_all = self._bits([word])
        levels: list[tuple[int, int]] = [(EXACT_TITLE, exact_title), (EXACT_BODY, exact_all)]
        every = exact_all
        if term.prefix:
            prefix_title = prefix_all = 0
            for group in self._groups():
                t, a = group.prefix_bits(word)
                prefix_title |= t
                prefix_all |= a
            levels += [(PREFIX_TITLE, prefix_title), (PREFIX_BODY, prefix_all)]
            every |= prefix_all
        if not term.exact and len(word) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in word):
            by_score: dict[int, list[str]] = defaultdict(list)
            for group in self._groups():
                for found, ratio in group.fuzzy(word):
                    if not (term.prefix and found.startswith(word)):
                        by_score[_fuzzy_score(ratio, True)].append(found)
            fuzzy: set[str] = set()
            for score, words in by_score.items():
                title, all_ = self._bits(words)
                levels += [(score, title), (score - 10, all_)]
                every |= all_
                fuzzy.update(words)
            data.fuzzy = frozenset(fuzzy)
        data.levels = sorted((lv for lv in levels if lv[1]), key=lambda lv: -lv[0])
        data.all_bits = every
        return data

    def _resolve_phrase(self, term: _Term) -> _TermData:
        """A phrase: where its words occur one after the other. Checked where the same
        phrase one letter or one word shorter occurs when that was just looked up (as
        typing does), else in the documents that hold all of its words."""
        data = _TermData(term)
        title = every = 0
        words, last = term.words, term.words[-1]
        shorter: list[_Term] = []
        if term.prefix and len(last) > 1:
            shorter.append(_Term((*words[:-1], last[:-1]), True, True))
        if not term.prefix:
            shorter.append(_Term(words, True, True))
        if len(words) > 2:
            shorter += [_Term(words[:-1], True, False), _Term(words[:-1], True, True)]
        within = next((self._phrases[t] for t in shorter if t in self._phrases), None)
        matches: list[_Matches] = []
        for k, group in enumerate(self._groups()):
            found = group.phrase(words, term.prefix, within[k] if within else None)
            title |= found[2]
            every |= found[3]
            matches.append(found)
        self._phrases[term] = matches
        if len(self._phrases) > self.PHRASES_KEPT:
            self._phrases.popitem(last=False)
        data.all_bits = every
        data.levels = [(EXACT_TITLE, title), (EXACT_BODY, every)]
        return data

    def _filter_bits(self, country_filter: CountryFilter | None) -> int:
        if country_filter is None or not country_filter.codes:
            return self._everything
        codes = frozenset(country_filter.codes)
        bits = self._filters.get(codes)
        if bits is None:
            bits = 0
            for group in self._groups():
                bits |= group.code_bits(codes)
            self._filters[codes] = bits
        return bits

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, country_filter: CountryFilter | None = None, limit: int = 200) -> SearchResults:
        """The documents matching every word of ``query`` (see the module docstring).

        Safe to call from any thread: searches and changes of notes take turns."""
        with self._lock:
            return self._search(query, country_filter, limit)

    def _search(self, query: str, country_filter: CountryFilter | None, limit: int) -> SearchResults:
        terms = _parse_query(query)
        if not terms:
            return SearchResults(query, [], 0, {})
        datas = [self._term(term) for term in terms]
        matched = self._filter_bits(country_filter)
        for data in datas:
            matched &= data.all_bits
        if not matched:
            return SearchResults(query, [], 0, {})
        # Each term's levels, made disjoint within the matched documents: a document
        # counts at the best level where the term occurs in it.
        disjoint: list[list[tuple[int, int]]] = []
        for data in datas:
            remaining = matched
            own: list[tuple[int, int]] = []
            for score, bits in data.levels:
                level = bits & remaining
                if level:
                    own.append((score, level))
                    remaining ^= level
                    if not remaining:
                        break
            disjoint.append(own)
        total = matched.bit_count()
        counts: dict[str, int] = {}
        for kind in KIND_ORDER:
            count = (matched & self._kind_bits.get(kind, 0)).bit_count()
            if count:
                counts[kind] = count
        chosen = self._best(disjoint, limit, total) if limit > 0 else []
        highlighter = _Highlighter(datas)
        hits = [Hit(self._doc(n), score, highlighter) for score, n in chosen]
        hits.sort(key=lambda h: _KIND_RANK.get(h.doc.kind, len(KIND_ORDER)))  # stable: best first within
        return SearchResults(query, hits, total, counts)

    @staticmethod
    def _best(disjoint: list[list[tuple[int, int]]], limit: int, total: int) -> list[tuple[int, int]]:
        """The ``limit`` best (score, document number), best first, ties in reading order.

        A document's score is the sum of its level in each term. When every match is
        returned anyway, each is scored; otherwise combinations of levels are visited
        best first (a heap over level indices) until ``limit`` documents are found, so
        a broad query never looks at its documents one by one.
        """
        if len(disjoint) > 1 and total <= limit:
            return _score_all(disjoint)
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
                return _score_all(disjoint)[:limit]
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
            chosen.extend((score, n) for n in _indices(by_score[score], room))
        return chosen


# Combinations of levels visited at most before scoring every match instead.
_MAX_COMBINATIONS = 4096


def _score_all(disjoint: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    scores: dict[int, int] = defaultdict(int)
    for levels in disjoint:
        for score, bits in levels:
            for n in _indices(bits):
                scores[n] += score
    return sorted(((score, n) for n, score in scores.items()), key=lambda pair: (-pair[0], pair[1]))


# -- building documents from a dossier ---------------------------------------------------


def _names(countries: CountryIndex, codes: Iterable[str]) -> str:
    names: list[str] = []
    for code in dict.fromkeys(codes):
        names.extend(countries.names.get(code, [code]))
    return " · ".join(names)


def _squash(text: str) -> str:
    return " ".join(text.split())


class _Describer:
    """What search shows of a dossier's items and sources and finds them by (title,
    body, keywords), with what repeats (country names, date labels) worked out once."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.countries = CountryIndex(dossier.countries)
        self.resolution_of: dict[str, str] = {}
        self.explained: dict[str, list[tuple[Ballot, str]]] = defaultdict(list)
        for vote in dossier.votes:
            for ballot in vote.ballots:
                self.resolution_of[ballot.id] = vote.resolution
                for statement_id in ballot.explanations:
                    self.explained[statement_id].append((ballot, vote.resolution))
        self._country_names: dict[str, str] = {}
        self._names: dict[tuple[str, ...], str] = {}
        self._dates: dict[str, str] = {}
        self._dated: dict[type, tuple[bool, bool]] = {}
        self._keyword_parts: dict[str, tuple[tuple[str, ...], str]] = {}
        self._country_words: dict[str, list[str]] = {}
        self._shared: dict[object, object] = {}

    def share(self, value: _T) -> _T:
        """One object for equal values (country tuples, keywords): kept once for all."""
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def names(self, codes: tuple[str, ...]) -> str:
        """The names and aliases of the countries, as keywords."""
        found = self._names.get(codes)
        if found is None:
            found = self._names[codes] = _names(self.countries, codes)
        return found

    def name(self, code: str) -> str:
        found = self._country_names.get(code)
        if found is None:
            found = self._country_names[code] = self.dossier.country_name(code)
        return found

    def title(self, item: Item) -> str:
        name = self.name
        if isinstance(item, Mission):
            return f"{item.name} ({item.acronym})" if item.acronym else item.name
        if isinstance(item, Participant):
            return f"{name(item.country)} — {item.roles_text()}"
        if isinstance(item, Pledge):
            return f"{name(item.country)} — {item.amount_text()} ({item.type})"
        if isinstance(item, Ballot):
            return f"{name(item.country)} — {item.vote} on {self.resolution_of.get(item.id, '')}".strip()
        if isinstance(item, Vote):
            return f"{item.resolution} — {item.tally.text()}"
        if isinstance(item, Statement):
            return f"{item.speaker.name} ({name(item.speaker.country)})"
        return item.label()

    def body(self, item: Item) -> str:
        parts: list[str] = []
        if isinstance(item, Mission):
            parts += [item.summary, f"Led by {self.name(item.lead)}, in {self.name(item.host)}."]
        parts.append(_squash(item.search_text()))
        has = self._dated.get(type(item))
        if has is None:  # per class: a failed attribute look-up is slow on a model
            has = self._dated[type(item)] = (hasattr(item, "date"), hasattr(item, "period"))
        date = (item.date if has[0] else None) or (item.period if has[1] else None)  # type: ignore[attr-defined]
        if isinstance(date, str):
            label = self._dates.get(date)
            if label is None:
                label = self._dates[date] = parse_edtf(date).label()
            parts.append(label)
        return " · ".join(p for p in parts if p)

    def keywords(self, item: Item, codes: tuple[str, ...]) -> str:
        keywords = self.names(codes)
        explanations = "".join(
            f" · explanation of vote: {ballot.vote} on {resolution}"
            for ballot, resolution in self.explained.get(item.id, [])
        )
        keywords += explanations
        if keywords not in self._keyword_parts:
            self._keyword_parts[keywords] = (codes, explanations)
        return keywords

    def keyword_words(self, keywords: str) -> list[str]:
        """The words of keywords made by :meth:`keywords`: those of each country's names
        (worked out once a country), then those of the explanations."""
        parts = self._keyword_parts.get(keywords)
        if parts is None:
            return _keyword_words(keywords)
        codes, explanations = parts
        words: list[str] = []
        for code in dict.fromkeys(codes):
            found = self._country_words.get(code)
            if found is None:
                found = self._country_words[code] = _keyword_words(_names(self.countries, (code,)))
            words += found
        if explanations:
            words += _keyword_words(explanations)
        return words

    @staticmethod
    def source_body(source: Source) -> str:
        return " · ".join(p for p in [source.publisher, source.type_label, source.date or "undated", source.note] if p)


def dossier_docs(dossier: Dossier) -> list[SearchDoc]:
    """Every searchable document of a loaded dossier (no notes)."""
    describe = _Describer(dossier)
    docs: list[SearchDoc] = []
    cited_by: dict[str, list[str]] = defaultdict(list)
    for item in dossier.iter_items():
        codes = item.country_codes()
        for citation in item.citations:
            cited_by[citation.source].extend(codes)
        docs.append(
            SearchDoc.create(
                item.id, item.kind, describe.title(item), describe.body(item), describe.keywords(item, codes), codes
            )
        )
    for source in dossier.sources:
        codes = tuple(dict.fromkeys(cited_by.get(source.id, [])))
        docs.append(SearchDoc.create(source.id, Source.kind, source.title, describe.source_body(source), "", codes))
        text = dossier.text(source.id)
        if text is None:
            continue
        for sentence in text.sentences:
            docs.append(
                SearchDoc.create(
                    sentence_id(source.id, sentence.index), "sentence", sentence.text, "", "", codes, source.id
                )
            )
    return docs


def _index_dossier(dossier: Dossier) -> tuple[_DossierDocs, _Group]:
    """The documents of :func:`dossier_docs`, in kind order, kept small and indexed."""
    describe = _Describer(dossier)
    store = _DossierDocs()
    store.countries = describe.countries
    group = _Group(0)
    group.keyword_words = describe.keyword_words
    # Items by kind rank (reading order within), and the countries of each source's citers.
    items: dict[int, list[Item]] = defaultdict(list)
    item_codes: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    cited_by: dict[str, list[str]] = defaultdict(list)
    for item in dossier.iter_items():
        codes = describe.share(item.country_codes())  # a new tuple each: keep one of each
        for citation in item.citations:
            cited_by[citation.source].extend(codes)
        rank = _KIND_RANK.get(item.kind, len(KIND_ORDER))
        items[rank].append(item)
        item_codes[rank].append(codes)

    def add_items(rank: int) -> None:
        for item, codes in zip(items.pop(rank, ()), item_codes.pop(rank, ())):
            title = _squash(describe.title(item))
            body = describe.body(item).strip()
            keywords = describe.share(describe.keywords(item, codes))
            unique = describe.share(tuple(dict.fromkeys(codes)))
            explanations = describe.share(keywords[len(describe.names(codes)) :])
            store.add(item.id, item.kind, title, f"{title}\n{body}" if body else title, explanations, unique)
            group.add(item.kind, title, body, keywords, unique)

    for rank in sorted(r for r in items if r < _KIND_RANK[Source.kind]):
        add_items(rank)
    bundled: list[tuple[Source, SourceText, tuple[str, ...]]] = []
    for source in dossier.sources:
        codes = describe.share(tuple(dict.fromkeys(cited_by.get(source.id, []))))
        title = _squash(source.title)
        body = describe.source_body(source).strip()
        store.add(source.id, Source.kind, title, f"{title}\n{body}" if body else title, None, codes)
        group.add(Source.kind, title, body, "", codes)
        text = dossier.text(source.id)
        if text is not None and text.sentences:
            bundled.append((source, text, codes))
    for source, text, codes in bundled:
        group.add_sentences("sentence", text, codes)
        store.add_sentences(source.id, text, codes)
    for rank in sorted(items):  # kinds search does not know, last
        add_items(rank)
    group.finish(len(store))
    store.finish()
    return store, group


def build_index(dossier: Dossier) -> SearchIndex:
    """The search index of a loaded dossier (build once, at load)."""
    return SearchIndex.from_dossier(dossier)


# -- measuring ---------------------------------------------------------------------------


def benchmark_queries(
    index: SearchIndex,
    queries: Iterable[str],
    repeat: int = 5,
    *,
    country_filter: CountryFilter | None = None,
    limit: int = 200,
    warm: bool = False,
    spans: bool = True,
) -> dict[str, list[float]]:
    """Seconds each search of each query took, ``repeat`` times per query.

    Cold by default: the term cache is emptied before every search, so each one does
    all its work (as the first keystroke of a new word does). ``spans`` also computes
    the highlight spans of every hit returned, as a screen showing them all would.
    """
    timings: dict[str, list[float]] = {}
    for query in queries:
        runs = timings.setdefault(query, [])
        for _ in range(repeat):
            if not warm:
                index.clear_caches()
            begin = time.perf_counter()
            results = index.search(query, country_filter, limit)
            if spans:
                for hit in results.hits:
                    hit.spans  # noqa: B018 - computing them is the point
            runs.append(time.perf_counter() - begin)
    return timings
