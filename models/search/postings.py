"""The postings of a run of documents: which documents hold each word (in the title,
anywhere), each document's words in order (for phrases), their countries and kinds,
and the vocabulary, looked up by word, by prefix and with a typo."""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, repeat
from operator import and_, lt

from rapidfuzz import fuzz, process

from models.search.bits import (
    BYTE_ORDER,
    U32,
    PostingSets,
    bit_numbers,
    bits_of_many,
    bits_of_ranges,
    no_numbers,
    numbers_of,
)
from models.search.text import PART_BREAK, TWO_BREAKS, document_words, plain_index_text, words_of_keywords
from models.sources import SourceText

#: Minimum rapidfuzz ``fuzz.ratio`` (0-100) for a word with a typo to match.
FUZZY_CUTOFF = 80.0
#: Query words shorter than this match only exactly or as a prefix.
FUZZY_MIN_LENGTH = 4
#: At most this many vocabulary words stand in for one query word with a typo.
FUZZY_LIMIT = 32
# Above this many vocabulary words of one length (the bundled dossier has ~100),
# typo matching only considers words that keep the first or the last letter: a typo
# at both ends at once is rare, and it keeps a keystroke fast on a 1,000x dossier.
BIG_BUCKET = 2_000



# A phrase is looked for with one regular expression over the stream (Postings._scan)
# when its candidate documents span at most this many words each (the stream averages
# ~27 words a document); else with bytes.find in each candidate. At 1,000x, cold, find
# against the expression (ms) by words spanned per candidate: 46: 137/45 ("the s),
# 101: 73/41, 195: 45/41, 330: 27/30, 628: 14.5/28 ("the security c).
_SCAN_WORDS_PER_CANDIDATE = 200
# The expression is not used when more than this many of the words that may end the
# phrase are numbered above 0xFFFF (a vocabulary of ~63,500 words): re checks such
# characters in a class one by one, not in a table.
_SCAN_MAX_WIDE = 64
# The stream is read as text this many words at a time (128 KB as UTF-16), not all at once:
# the whole of it, 12.7 MB at 1,000x, was a temporary of every such phrase search.
_SCAN_CHUNK = 1 << 16
_UTF32 = "utf-32-le" if BYTE_ORDER == "little" else "utf-32-be"
_UTF16 = "utf-16-le" if BYTE_ORDER == "little" else "utf-16-be"

# The word stream holds each word number in 2 bytes ("H") while every number fits, else
# in 4 (U32): at 1,000x, 44,979 words, 6.4 million in the stream, 12.9 MB instead of
# 25.6 MB (benchmarks/README.md, "Memory at 1,000x"). No word is numbered as a UTF-16
# surrogate (0xD800-0xDFFF), so that 2-byte numbers read as UTF-16 are one character a
# word (Postings._scan): 2 bytes hold a vocabulary of 63,487 words.
_NARROW = "H"
_SURROGATES = (0xD800, 0xE000)

# A prefix of one or two letters whose words number more than this (counting 32 sparse
# postings as one word: ~0.5 ms to OR together) has its posting sets kept.
_SLOW_PREFIX = 256

# A posting set of at least 1/_DENSE of the documents is a bit set (N/8 bytes), a smaller
# one a run of document numbers (4 bytes each, made bits when queried): at most 4x the
# memory of the numbers, and the words looked up most are the quickest.
_DENSE = 128


PhraseMatches = tuple[array, array, int, int]
"""Occurrences of a phrase: (document numbers, positions in the word stream, bits of
the documents where it is in the title, bits of all of them)."""


class _WordNumbers(dict):
    """Word -> word number while indexing; a new word gets the next number (and an
    empty list of documents in each of ``lists``), never a surrogate's (see
    :data:`_NARROW`). ``next``: one past the highest number given."""

    __slots__ = ("lists", "next")

    def __missing__(self, word: str) -> int:
        number = self.next
        if number == _SURROGATES[0]:
            number = _SURROGATES[1]
            for lists in self.lists:
                lists.extend([None] * (_SURROGATES[1] - _SURROGATES[0]))
        self[word] = number
        self.next = number + 1
        for lists in self.lists:
            lists.append(bytearray())
        return number


class Postings:
    """The postings of a run of documents numbered ``first``, ``first + 1``…: the
    dossier's documents, or the notes. Fill with :meth:`add`, then :meth:`finish`.

    Every word of the group has a number (0 is :data:`PART_BREAK`). A document's words are
    kept in order, as two bytes each (four once the vocabulary outgrows two: see
    :data:`_NARROW`), in one byte string: a quoted phrase is checked with ``bytes.find``
    in the documents holding all of its words.

    While filling, lists of numbers are byte strings (4 bytes a number), which the
    garbage collector does not track: a big dossier makes hundreds of thousands of
    them, and tracked ones would set off full collections of the whole dossier.
    """

    def __init__(self, first: int) -> None:
        self.first = first
        self.count = 0
        self._every: list[bytearray | None] = []
        self._title: list[bytearray | None] = []
        self._vocab = _WordNumbers()
        self._vocab.lists = (self._every, self._title)
        self._vocab.next = 0
        self._vocab[PART_BREAK]  # number 0
        self._lookup = self._vocab.__getitem__
        self.keyword_words: Callable[[str], list[str]] = words_of_keywords
        """The words of some keywords (a faster way may be given, see Describer)."""
        self.stream = bytearray()
        """The word numbers of every document, in order (title, 0, body, 0, keywords, 0),
        ``1 << shift`` bytes each, as array type ``typecode``."""
        self.typecode = _NARROW
        self.shift = 1
        self.starts = array(U32, [0])
        """Where document ``first + k`` starts in the stream (in words): ``starts[k]``."""
        self.title_ends = array(U32)
        """Where its title ends (the first 0)."""
        self._codes: dict[str, bytearray] = defaultdict(bytearray)
        self._code_ranges: dict[str, array] = defaultdict(no_numbers)
        self._kinds: list[list] = []
        self._title_only: list[list[int]] = []
        self.words_of_keywords: dict[str, array] = {}
        """Keywords -> their word numbers (as the stream holds them)."""
        self._keyword_docs: dict[str, bytearray] = defaultdict(bytearray)
        """Keywords -> the documents that have them."""

    # -- filling -------------------------------------------------------------------------

    def add(self, kind: str, title: str, body: str, keywords: str, codes: Iterable[str]) -> None:
        """Index the next document."""
        self._kind(kind)
        self._add(document_words(title, body, ""), codes, keywords)

    def add_sentences(self, kind: str, text: SourceText, codes: Iterable[str]) -> None:
        """Index the sentences of a source text (documents with only a title), all
        involving ``codes``. The whole text is translated at once when that keeps
        every character where it was."""
        self._kind(kind)
        start = self.first + self.count
        whole = text.text
        plain = plain_index_text(whole) if PART_BREAK not in whole else None
        for sentence in text.sentences:
            if plain is not None and whole[sentence.start : sentence.end] == sentence.text:
                part = plain[sentence.start : sentence.end]
                if "." not in part and "," not in part:
                    found = part.split()
                    found += TWO_BREAKS
                    self._add(found, ())
                    continue
            self._add(document_words(sentence.text, "", ""), ())
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
        number = n.to_bytes(4, BYTE_ORDER)
        words = list(map(self._lookup, found))
        # Documents share their keywords (the names of their countries): the keywords'
        # words get the documents that have them all at once, in finish().
        shared = self.words_of_keywords.get(keywords) if keywords else None
        new_keywords = None
        if keywords and shared is None:
            new_keywords = list(map(self._lookup, self.keyword_words(keywords)))
        if self._vocab.next > 0x10000 and self.shift == 1:
            self._widen()  # numbers are looked up before any is written in the stream
        if new_keywords is not None:
            shared = self.words_of_keywords[keywords] = array(self.typecode, new_keywords)
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
        stream, shift = self.stream, self.shift
        start = len(stream) >> shift
        stream += array(self.typecode, words)
        if shared is not None:
            stream += shared
            self._keyword_docs[keywords] += number  # type: ignore[index]
        stream += bytes(1 << shift)  # word 0, a break: ends every document
        self.starts.append(len(stream) >> shift)
        self.title_ends.append(start + cut)
        for code in codes:
            self._codes[code] += number

    def _widen(self) -> None:
        """A word is numbered above 0xFFFF: the stream from 2 bytes a word to 4 (once)."""
        self.stream = bytearray(array(U32, memoryview(self.stream).cast(_NARROW)))
        self.words_of_keywords = {k: array(U32, words) for k, words in self.words_of_keywords.items()}
        self.typecode, self.shift = U32, 2

    def finish(self, total: int) -> None:
        """Pack what was added; ``total`` documents are numbered in the whole index."""
        nbytes = (total + 7) // 8 or 1
        self.nbytes = nbytes
        dense_at = max(1, total // _DENSE)
        for keywords, words in self.words_of_keywords.items():
            docs = self._keyword_docs[keywords]
            for word in set(words):
                self._every[word] += docs  # type: ignore[operator]
        self._every[0] = self._title[0] = None
        self.every = PostingSets(self._every, dense_at, nbytes)
        self.title = PostingSets(self._title, dense_at, nbytes)
        self.title_only = bits_of_ranges(self._title_only, nbytes)
        """The documents that have only a title: not in the title posting sets."""
        del self._every, self._title, self._title_only, self.words_of_keywords, self._keyword_docs
        vocab = dict(self._vocab)
        del vocab[PART_BREAK]
        self.numbers = self._vocab.next
        """One past the highest word number."""
        del self._vocab, self._lookup, self.keyword_words  # (this one may hold a Describer)
        self.vocab: dict[str, int] = vocab
        self.keys: list[str] = sorted(vocab)
        self.key_numbers = array(U32, map(vocab.__getitem__, self.keys))
        self.view = memoryview(self.stream).cast(self.typecode)
        self.kinds: dict[str, int] = {}
        for kind, start, end in self._kinds:
            self.kinds[kind] = self.kinds.get(kind, 0) | bits_of_ranges([(start, end)], nbytes)
        del self._kinds
        self.codes = {code: numbers_of(docs) for code, docs in self._codes.items()}
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
            if len(words) > BIG_BUCKET:
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

    # -- pickling (the index cache, models/index_cache.py) ------------------------------

    def __getstate__(self) -> dict[str, object]:
        """What :meth:`finish` left, but the stream's view (a memoryview, which pickle
        refuses): it is made again from the stream."""
        state = dict(self.__dict__)
        state.pop("view", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if "stream" in state and "keys" in state:  # finished
            self.view = memoryview(self.stream).cast(self.typecode)

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

    def phrase(self, words: Sequence[str], prefix: bool, within: PhraseMatches | None = None) -> PhraseMatches:
        """Every occurrence of ``words`` one after the other (the last one possibly only
        begun, for a prefix).

        ``within``: the occurrences of a phrase that every occurrence of this one is
        also an occurrence of (the phrase one letter or one word shorter, found at the
        previous keystroke): only they are checked, without a Python loop. Otherwise
        the documents that hold all the words are searched.
        """
        none: PhraseMatches = (array(U32), array(U32), 0, 0)
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
        needle = array(self.typecode, numbers).tobytes()
        size = len(numbers)
        stream, view, first = self.stream, self.view, self.first
        if within is not None:
            # Every document ends with a break (0), never in `following`: the word
            # after a match is always the document's own.
            before_docs, before_positions = within[0], within[1]
            keep = map(stream.startswith, repeat(needle), map((1 << self.shift).__mul__, before_positions))
            if prefix:
                after = map(view.__getitem__, map(size.__add__, before_positions))
                keep = map(and_, keep, map(following.__contains__, after))
            mask = bytes(keep)
            if mask.count(1) == len(mask):
                return within  # the same occurrences
            docs = array(U32, compress(before_docs, mask))
            positions = array(U32, compress(before_positions, mask))
        else:
            candidates = -1
            for number in set(numbers):
                candidates &= self.every.bits((number,))
            if prefix:
                candidates &= self.prefix_bits(words[-1])[1]
            if candidates <= 0:
                return none
            found = self._scan(numbers, following if prefix else None, candidates)
            if found is None:
                found = self._find(needle, size, following if prefix else None, bit_numbers(candidates))
            docs, positions = found
        title_ends = map(self.title_ends.__getitem__, map((-first).__add__, docs))
        in_title = compress(docs, bytes(map(lt, positions, title_ends)))
        return docs, positions, bits_of_many(array(U32, in_title), self.nbytes), bits_of_many(docs, self.nbytes)

    def _scan(
        self, numbers: list[int], following: frozenset[int] | None, candidates: int
    ) -> tuple[array, array] | None:
        """What :meth:`_find` finds, when the candidates are many (else None): one regular
        expression over the stretch of the stream from the first candidate to the last,
        read as text of one character a word (UTF-16 or UTF-32) :data:`_SCAN_CHUNK` words
        at a time, the words that may follow as a character class. Documents that are not
        candidates hold no occurrence (a candidate holds every word), and none spans two
        documents (each ends with a break, word 0, never in the phrase nor in ``following``).

        Why: ``"the s`` at 1,000x (138,131 candidates, 368,022 "the"s) took 145-190 ms
        in :meth:`phrase`, ~451,000 ``bytearray.find`` calls in :meth:`_find`; then 45 ms:
        reading the text 9, the expression 13 (26,613 occurrences), their documents by
        bisection 12 (benchmarks/README.md, "Phrase search"). Now read a chunk at a time
        (no 12.7 MB temporary), bisected within the chunk: ~20% less
        (benchmarks/README.md, "Phrase search and index build")."""
        count = candidates.bit_count()
        lo = (candidates & -candidates).bit_length() - 1 - self.first
        hi = candidates.bit_length() - self.first  # one past the last candidate
        starts = self.starts
        begin, end = starts[lo], starts[hi]
        if end - begin > count * _SCAN_WORDS_PER_CANDIDATE:
            return None  # few candidates far apart: finding in each is quicker
        if self.numbers > 0x10FFFF:
            return None  # word numbers beyond the last code point
        if following is not None and sum(n > 0xFFFF for n in following) > _SCAN_MAX_WIDE:
            return None  # re checks characters beyond U+FFFF in a class one by one
        # Each word number read as a code point (none is a surrogate: see _NARROW).
        chars = "".join(map(chr, numbers))
        # Only the first word is consumed (the rest is a lookahead), so overlapping
        # occurrences ("a a" in "a a a") are all found, as find() from the next word does.
        rest = re.escape(chars[1:])
        if following is not None:
            rest += "[" + re.escape("".join(map(chr, sorted(following)))) + "]"  # one call, not one a word
        finditer = re.compile(re.escape(chars[0]) + (f"(?={rest})" if rest else "")).finditer
        span = len(numbers) + (following is not None)  # words an occurrence takes
        shift, stream = self.shift, memoryview(self.stream)
        codec = _UTF16 if shift == 1 else _UTF32
        found: list[tuple[int, int, array]] = []
        for at in range(begin, end, _SCAN_CHUNK):
            stop = min(at + _SCAN_CHUNK, end)
            # The chunk and the first span - 1 words after it: an occurrence that starts in
            # the chunk is wholly in the text, none that starts after it is.
            text = str(stream[at << shift : min(stop + span - 1, end) << shift], codec)
            positions = array(U32, map(at.__add__, map(re.Match.start, finditer(text))))
            if positions:
                found.append((at, stop, positions))
        # The document of each occurrence: the last one starting at or before it, by
        # bisection among the chunk's documents only (11 steps at 1,000x, not 18).
        starts = self.starts
        docs, positions = array(U32), array(U32)
        for at, stop, more in found:
            lo_k = bisect_right(starts, at, lo, hi + 1) - 1
            hi_k = bisect_right(starts, stop - 1, lo_k, hi + 1)
            numbers_of_docs = map(bisect_right, repeat(starts), more, repeat(lo_k), repeat(hi_k))
            docs.extend(map((self.first - 1).__add__, numbers_of_docs))
            positions += more
        return docs, positions

    def _find(
        self, needle: bytes, size: int, following: frozenset[int] | None, candidates: list[int]
    ) -> tuple[array, array]:
        """(documents, positions) of every occurrence of ``needle`` (``size`` words)
        in the ``candidates``, followed by a word of ``following`` if given."""
        find, starts, view, first = self.stream.find, self.starts, self.view, self.first
        shift = self.shift
        width = 1 << shift
        docs, positions = array(U32), array(U32)
        for n in candidates:
            k = n - first
            end = starts[k + 1] << shift
            at = find(needle, starts[k] << shift, end)
            while at >= 0:
                if at & (width - 1):  # not on a word boundary
                    at = find(needle, at + 1, end)
                    continue
                if following is None or view[(at >> shift) + size] in following:
                    docs.append(n)
                    positions.append(at >> shift)
                at = find(needle, at + width, end)
        return docs, positions

    def code_bits(self, codes: Iterable[str]) -> int:
        """The documents involving any of ``codes``."""
        numbers = array(U32)
        ranges: list[tuple[int, int]] = []
        for code in codes:
            numbers += self.codes.get(code, numbers[:0])
            bounds = self.code_ranges.get(code)
            if bounds:
                ranges.extend(zip(bounds[::2], bounds[1::2]))
        return bits_of_many(numbers, self.nbytes) | bits_of_ranges(ranges, self.nbytes)

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
            if len(choices) > BIG_BUCKET:
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

