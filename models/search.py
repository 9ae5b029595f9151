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
    AND/OR/popcount in C) and as a compact array when it is sparse. A query word is
    matched against the *vocabulary*, never against documents: a sorted list for
    prefixes; rapidfuzz over the words of a compatible length for typos (at most
    :data:`FUZZY_LIMIT` of them; in a big vocabulary only words that keep the query
    word's first or last letter). The posting sets of the matched words are OR-ed,
    the terms AND-ed (a quoted phrase through postings of consecutive word pairs),
    and only the ``limit`` best documents are ever looked at one by one. Spans are
    computed lazily, for the hits that are shown. Recent terms are cached, so typing
    one more letter re-does only the last word.
"""

from __future__ import annotations

import heapq
import math
import re
import time
import unicodedata
from array import array
from bisect import bisect_left
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from models.countries import CountryIndex
from models.edtf import parse_edtf
from models.query import CountryFilter
from models.schema import Ballot, Dossier, Item, Mission, Participant, Pledge, Source, Statement, Vote

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
    "vote",
    "ballot",
    "statement",
    "event",
    "figure",
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
    "vote": "Vote",
    "ballot": "Ballot",
    "statement": "Statement",
    "event": "Event",
    "figure": "Figure",
    "caveat": "Caveat",
    "source": "Source",
    "sentence": "Sentence",
    "note": "Note",
}

_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}

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
            if folded != ch.lower():
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
    """One thing search can find. Make one with :meth:`create`."""

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
    folded: str = field(repr=False)
    """Folded words of title, body and keywords, space-separated, the three parts
    separated by " | ": " china abstain on | … | … " (used for phrase matching)."""
    title_end: int = field(repr=False)
    """Length of the title part of ``folded``."""

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
        title_part = " " + " ".join(_words(title)) + " "
        folded = f"{title_part}| {' '.join(_words(body))} | {' '.join(_words(keywords))} "
        return cls(
            id=id,
            kind=kind,
            kind_label=kind_label or KIND_LABELS.get(kind, kind.title()),
            title=title,
            text=f"{title}\n{body}" if body else title,
            keywords=keywords,
            country_codes=tuple(dict.fromkeys(country_codes)),
            target=target or id,
            folded=folded,
            title_end=len(title_part),
        )

    @property
    def body(self) -> str:
        """The display text after the title ("" when there is none)."""
        return self.text[len(self.title) + 1 :]

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


def _new_array() -> array:
    return array("I")


def _compress(postings: dict[str, array], dense_at: int, nbytes: int) -> dict[str, int | array]:
    """Each posting list as a bit set (dense) or a sorted array of document numbers."""
    return {word: _to_bits(docs, nbytes) if len(docs) >= dense_at else docs for word, docs in postings.items()}


class _Table:
    """Posting sets of one kind of key (words, or pairs of consecutive words): for the
    title and for the whole document, with the keys sorted for prefix look-ups."""

    def __init__(
        self, title: dict[str, array], every: dict[str, array], total: int, nbytes: int, dense: int
    ) -> None:
        # A set of at least 1/dense of the documents is a bit set (N/8 bytes), a
        # smaller one an array (4 bytes a document, turned into bits when queried).
        dense_at = max(1, total // dense)
        self.nbytes = nbytes
        self.title = _compress(title, dense_at, nbytes)
        self.every = _compress(every, dense_at, nbytes)
        self.keys: list[str] = sorted(every)

    def bits(self, keys: Iterable[str]) -> tuple[int, int]:
        """(title bits, all bits) of the documents holding any of ``keys``."""
        result = [0, 0]
        for slot, store in enumerate((self.title, self.every)):
            bits = 0
            sparse: list[array] = []
            for key in keys:
                posting = store.get(key)
                if posting is None:
                    continue
                if type(posting) is int:
                    bits |= posting
                else:
                    sparse.append(posting)
            if sparse:
                bits |= _to_bits((i for posting in sparse for i in posting), self.nbytes)
            result[slot] = bits
        return result[0], result[1]

    def with_prefix(self, prefix: str) -> list[str]:
        start = bisect_left(self.keys, prefix)
        end = bisect_left(self.keys, prefix + "\U0010ffff", start)
        return self.keys[start:end]


class _Postings:
    """The posting sets of one group of documents (the dossier's, or the notes)."""

    def __init__(self, docs: Sequence[SearchDoc], first: int, nbytes: int) -> None:
        title: dict[str, array] = defaultdict(_new_array)
        every: dict[str, array] = defaultdict(_new_array)
        pair_title: dict[str, array] = defaultdict(_new_array)
        pair_every: dict[str, array] = defaultdict(_new_array)
        for n, doc in enumerate(docs, start=first):
            seen_words: set[str] = set()
            seen_pairs: set[str] = set()
            for k, part in enumerate(doc.folded.split(" | ")):
                words = part.split()
                pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
                if k == 0:
                    for word in set(words):
                        title[word].append(n)
                    for pair in set(pairs):
                        pair_title[pair].append(n)
                seen_words.update(words)
                seen_pairs.update(pairs)
            for word in seen_words:
                every[word].append(n)
            for pair in seen_pairs:
                pair_every[pair].append(n)
        total = first + len(docs)
        # Words are looked up on every keystroke: bit sets from 1/128 of the documents
        # (at most 4x the memory of an array). Pairs only serve quoted phrases: from 1/32.
        self.words = _Table(title, every, total, nbytes, 128)
        self.pairs = _Table(pair_title, pair_every, total, nbytes, 32)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.words.keys:
            if not any(c.isdigit() for c in word):
                self.by_length[len(word)].append(word)
        self.by_first: dict[tuple[int, str], list[str]] = defaultdict(list)
        self.by_last: dict[tuple[int, str], list[str]] = defaultdict(list)
        for length, words in self.by_length.items():
            if len(words) > _BIG_BUCKET:
                for word in words:
                    self.by_first[length, word[0]].append(word)
                    self.by_last[length, word[-1]].append(word)
        # Prefix sets of one and two characters: the first keystrokes match the most words.
        groups: dict[str, list[str]] = defaultdict(list)
        for word in self.words.keys:
            groups[word[:1]].append(word)
            if len(word) >= 2:
                groups[word[:2]].append(word)
        self.short_prefixes: dict[str, tuple[int, int]] = {p: self.words.bits(ws) for p, ws in groups.items()}

    def bits(self, words: Iterable[str]) -> tuple[int, int]:
        return self.words.bits(words)

    def prefix_bits(self, prefix: str) -> tuple[int, int]:
        """(title bits, all bits) of the documents holding a word that starts with ``prefix``."""
        if len(prefix) <= 2:
            return self.short_prefixes.get(prefix, (0, 0))
        return self.words.bits(self.words.with_prefix(prefix))

    def pair_bits(self, first: str, second: str, prefix: bool) -> tuple[int, int]:
        """(title bits, all bits) of the documents where ``second`` follows ``first``
        (or a word starting with ``second``, for a prefix)."""
        key = f"{first} {second}"
        return self.pairs.bits(self.pairs.with_prefix(key) if prefix else [key])

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


# -- the index ---------------------------------------------------------------------------


class SearchIndex:
    """Everything searchable in a dossier; build once with :meth:`from_dossier`."""

    #: How many resolved query terms are kept for the next keystrokes.
    CACHE_SIZE = 512

    def __init__(self, docs: Iterable[SearchDoc]) -> None:
        docs = sorted(docs, key=lambda d: _KIND_RANK.get(d.kind, len(KIND_ORDER)))
        self._base: list[SearchDoc] = docs
        self._size = len(docs)
        self._base_postings = _Postings(docs, 0, (self._size + 7) // 8 or 1)
        self._base_kinds: dict[str, int] = self._group_bits(docs, 0, lambda d: (d.kind,))
        self._base_codes: dict[str, int] = self._group_bits(docs, 0, lambda d: d.country_codes)
        self._by_id: dict[str, int] = {}
        for n, doc in enumerate(docs):
            self._by_id.setdefault(doc.id, n)
        self._notes: list[SearchDoc] = []
        self._note_specs: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        self._note_postings: _Postings | None = None
        self._note_kinds: dict[str, int] = {}
        self._note_codes: dict[str, int] = {}
        self._cache: OrderedDict[_Term, _TermData] = OrderedDict()
        self._filters: dict[frozenset[str], int] = {}
        self._everything = (1 << self._size) - 1
        self._folded: list[str] = [d.folded for d in docs]
        self._title_ends: list[int] = [d.title_end for d in docs]

    @staticmethod
    def _group_bits(docs: Sequence[SearchDoc], first: int, keys) -> dict[str, int]:
        groups: dict[str, list[int]] = defaultdict(list)
        for n, doc in enumerate(docs, start=first):
            for key in keys(doc):
                groups[key].append(n)
        nbytes = (first + len(docs) + 7) // 8 or 1
        return {key: _to_bits(numbers, nbytes) for key, numbers in groups.items()}

    @classmethod
    def from_dossier(cls, dossier: Dossier) -> SearchIndex:
        return cls(dossier_docs(dossier))

    # -- documents -----------------------------------------------------------------------

    @property
    def docs(self) -> list[SearchDoc]:
        """Every document, numbered as the index numbers them (kind order, notes last)."""
        return [*self._base, *self._notes]

    def __len__(self) -> int:
        return self._size + len(self._notes)

    def doc(self, doc_id: str) -> SearchDoc:
        """The document with this id (items, sources, sentences, notes); KeyError if none."""
        n = self._by_id.get(doc_id)
        if n is None:
            for note in self._notes:
                if note.id == doc_id:
                    return note
            raise KeyError(doc_id)
        return self._base[n]

    def clear_caches(self) -> None:
        """Forget resolved query terms and country filters (for cold measurements)."""
        self._cache.clear()
        self._filters.clear()

    # -- notes ---------------------------------------------------------------------------

    def set_notes(self, notes: Iterable[tuple[str, str, Sequence[str], str | None] | object]) -> None:
        """Replace every note in the index: (note id, text, tags, target item id), or
        objects with ``id``, ``text``, ``tags`` and ``target`` (``target.item_id``), as
        :class:`models.notes.Note` has.

        Only the notes are (re)indexed; a note takes its countries from its target,
        for the country filter. Call again with the new list after any change.
        """
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
                n = self._by_id.get(target)
                if n is not None:
                    codes = self._base[n].country_codes
            body = "\n".join(lines[1:]).strip()
            tag_line = " ".join(f"#{t}" for t in tags)
            body = f"{body}\n{tag_line}".strip()
            docs.append(SearchDoc.create(note_id, "note", lines[0], body, "", codes, target or note_id))
        self._notes = docs
        self._note_specs = specs
        total = self._size + len(docs)
        self._note_postings = _Postings(docs, self._size, (total + 7) // 8) if docs else None
        self._note_kinds = self._group_bits(docs, self._size, lambda d: (d.kind,))
        self._note_codes = self._group_bits(docs, self._size, lambda d: d.country_codes)
        self._everything = (1 << total) - 1
        self._folded = [d.folded for d in self._base] + [d.folded for d in docs]
        self._title_ends = [d.title_end for d in self._base] + [d.title_end for d in docs]
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

    def _groups(self) -> list[_Postings]:
        return [self._base_postings] + ([self._note_postings] if self._note_postings else [])

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
        """A phrase of n words: the documents holding each of its n-1 consecutive
        pairs (exact for two words; longer phrases are checked word by word later)."""
        data = _TermData(term)
        words = term.words
        title = every = -1
        for k in range(len(words) - 1):
            last = k == len(words) - 2
            pair_title = pair_every = 0
            for group in self._groups():
                t, a = group.pair_bits(words[k], words[k + 1], last and term.prefix)
                pair_title |= t
                pair_every |= a
            title &= pair_title
            every &= pair_every
            if not every:
                break
        data.all_bits = max(every, 0)
        data.levels = [(EXACT_TITLE, max(title, 0)), (EXACT_BODY, max(every, 0))]
        return data

    def _verify_phrase(self, data: _TermData, within: int) -> tuple[int, int]:
        """(title bits, all bits) of the documents in ``within`` holding the phrase."""
        term = data.term
        title, every = (bits & within for _, bits in data.levels)
        needle = " " + " ".join(term.words) + ("" if term.prefix else " ")
        folded, title_ends = self._folded, self._title_ends
        every_list = [n for n in _indices(every) if needle in folded[n]]
        title_list = [n for n in _indices(title) if folded[n].find(needle, 0, title_ends[n]) >= 0]
        nbytes = (len(folded) + 7) // 8 or 1
        return _to_bits(title_list, nbytes), _to_bits(every_list, nbytes)

    def _filter_bits(self, country_filter: CountryFilter | None) -> int:
        if country_filter is None or not country_filter.codes:
            return self._everything
        codes = frozenset(country_filter.codes)
        bits = self._filters.get(codes)
        if bits is None:
            bits = 0
            for code in codes:
                bits |= self._base_codes.get(code, 0) | self._note_codes.get(code, 0)
            self._filters[codes] = bits
        return bits

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, country_filter: CountryFilter | None = None, limit: int = 200) -> SearchResults:
        """The documents matching every word of ``query`` (see the module docstring)."""
        terms = _parse_query(query)
        if not terms:
            return SearchResults(query, [], 0, {})
        datas = [self._term(term) for term in terms]
        matched = self._filter_bits(country_filter)
        for data in datas:
            matched &= data.all_bits
        term_levels: list[list[tuple[int, int]]] = []
        for data in datas:
            if data.term.phrase and len(data.term.words) > 2 and matched:
                title, every = self._verify_phrase(data, matched)
                matched &= every
                term_levels.append([(EXACT_TITLE, title), (EXACT_BODY, every)])
            else:
                term_levels.append(data.levels)
        if not matched:
            return SearchResults(query, [], 0, {})
        # Each term's levels, made disjoint within the matched documents: a document
        # counts at the best level where the term occurs in it.
        disjoint: list[list[tuple[int, int]]] = []
        for levels in term_levels:
            remaining = matched
            own: list[tuple[int, int]] = []
            for score, bits in levels:
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
            count = (matched & (self._base_kinds.get(kind, 0) | self._note_kinds.get(kind, 0))).bit_count()
            if count:
                counts[kind] = count
        chosen = self._best(disjoint, limit, total) if limit > 0 else []
        highlighter = _Highlighter(datas)
        base, size = self._base, self._size
        hits = [Hit(base[n] if n < size else self._notes[n - size], score, highlighter) for score, n in chosen]
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


def _title(item: Item, dossier: Dossier, resolution_of: dict[str, str]) -> str:
    name = dossier.country_name
    if isinstance(item, Mission):
        return f"{item.name} ({item.acronym})" if item.acronym else item.name
    if isinstance(item, Participant):
        return f"{name(item.country)} — {item.roles_text()}"
    if isinstance(item, Pledge):
        return f"{name(item.country)} — {item.amount_text()} ({item.type})"
    if isinstance(item, Ballot):
        return f"{name(item.country)} — {item.vote} on {resolution_of.get(item.id, '')}".strip()
    if isinstance(item, Vote):
        return f"{item.resolution} — {item.tally.text()}"
    if isinstance(item, Statement):
        return f"{item.speaker.name} ({name(item.speaker.country)})"
    return item.label()


def _body(item: Item, dossier: Dossier) -> str:
    parts: list[str] = []
    if isinstance(item, Mission):
        parts += [item.summary, f"Led by {dossier.country_name(item.lead)}, in {dossier.country_name(item.host)}."]
    parts.append(_squash(item.search_text()))
    date = getattr(item, "date", None) or getattr(item, "period", None)
    if isinstance(date, str):
        parts.append(parse_edtf(date).label())
    return " · ".join(p for p in parts if p)


def dossier_docs(dossier: Dossier) -> list[SearchDoc]:
    """Every searchable document of a loaded dossier (no notes)."""
    countries = CountryIndex(dossier.countries)
    resolution_of: dict[str, str] = {}
    explained: dict[str, list[tuple[Ballot, str]]] = defaultdict(list)
    for vote in dossier.votes:
        for ballot in vote.ballots:
            resolution_of[ballot.id] = vote.resolution
            for statement_id in ballot.explanations:
                explained[statement_id].append((ballot, vote.resolution))
    docs: list[SearchDoc] = []
    cited_by: dict[str, list[str]] = defaultdict(list)
    for item in dossier.iter_items():
        codes = item.country_codes()
        for citation in item.citations:
            cited_by[citation.source].extend(codes)
        keywords = _names(countries, codes)
        for ballot, resolution in explained.get(item.id, []):
            keywords += f" · explanation of vote: {ballot.vote} on {resolution}"
        docs.append(
            SearchDoc.create(item.id, item.kind, _title(item, dossier, resolution_of), _body(item, dossier), keywords, codes)
        )
    for source in dossier.sources:
        codes = tuple(dict.fromkeys(cited_by.get(source.id, [])))
        body = " · ".join(p for p in [source.publisher, source.type_label, source.date or "undated", source.note] if p)
        docs.append(SearchDoc.create(source.id, Source.kind, source.title, body, "", codes))
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
