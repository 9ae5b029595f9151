"""Phrase search (models/search/postings.py): the regular expression over the word stream
(``Postings._scan``, for many candidate documents) finds exactly what ``bytes.find`` in
each candidate found before it (kept here as the reference), on random documents and
queries, with word numbers below and above the surrogates (which no word is numbered as) and beyond
U+FFFF (the stream then 4 bytes a word, not 2)."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

import models.search.postings as postings
from models.search.bits import U32, bit_numbers, bits_of, bits_of_many
from models.search.postings import Postings

# -- the reference: Postings.phrase (without ``within``) and _find before _scan -----------


def reference_phrase(group: Postings, words: list[str], prefix: bool) -> tuple[array, array, int, int]:
    none = (array(U32), array(U32), 0, 0)
    exact = words[:-1] if prefix else words
    numbers: list[int] = []
    for word in exact:
        number = group.vocab.get(word)
        if number is None:
            return none
        numbers.append(number)
    following: frozenset[int] = frozenset()
    if prefix:
        following = frozenset(group._with_prefix(words[-1]))
        if not following:
            return none
    needle = array(group.typecode, numbers).tobytes()
    size, shift = len(numbers), group.shift  # 2 or 4 bytes a word in the stream
    candidates = -1
    for number in set(numbers):
        candidates &= group.every.bits((number,))
    if prefix:
        candidates &= group.prefix_bits(words[-1])[1]
    find, starts, view, first = group.stream.find, group.starts, group.view, group.first
    docs, positions = array(U32), array(U32)
    for n in bit_numbers(candidates):
        k = n - first
        end = starts[k + 1] << shift
        at = find(needle, starts[k] << shift, end)
        while at >= 0:
            if at % (1 << shift):
                at = find(needle, at + 1, end)
                continue
            if not prefix or view[(at >> shift) + size] in following:
                docs.append(n)
                positions.append(at >> shift)
            at = find(needle, at + (1 << shift), end)
    in_title = [d for d, p in zip(docs, positions) if p < group.title_ends[d - first]]
    return docs, positions, bits_of(in_title, group.nbytes), bits_of_many(docs, group.nbytes)


# -- random documents and phrases -----------------------------------------------------------

WORDS = ["the", "s", "se", "sec", "security", "council", "a", "an", "and", "sa", "ta", "th", "zq1"]
texts = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
documents = st.lists(st.tuples(texts, texts, st.sampled_from(["", "Kenya", "the Security Council"])), max_size=12)
phrases = st.lists(st.sampled_from(WORDS + ["t", "z", "c", "x"]), min_size=2, max_size=4)

# Words numbered before the random ones: none; up to just below the surrogates (the random
# words then land on them); up to just below U+FFFF (then beyond it). Filler words start
# with "zq", as one of WORDS does, so that a prefix "z" or "zq" has many wide followers.
FILLERS = [0, 0xD800 - 8, 0xFFFF - 8, 0xFFFF + 80]
_filler_text = {n: " ".join(f"zq{k}" for k in range(2, n)) for n in FILLERS}


def postings_of(docs: list[tuple[str, str, str]], filler: int, first: int) -> Postings:
    group = Postings(first)
    if filler:
        group.add("filler", "", _filler_text[filler], "", ())
    for title, body, keywords in docs:
        if body:
            group.add("item", title, body, keywords, ())
        else:
            group.add("sentence", title, "", "", ())  # a title only, as a sentence is
    group.finish(first + group.count)
    return group


def check(group: Postings, words: list[str], prefix: bool) -> None:
    for per_candidate in (-1, 10**9):  # bytes.find in each candidate; the expression when allowed
        postings._SCAN_WORDS_PER_CANDIDATE = per_candidate
        try:
            found = group.phrase(words, prefix)
        finally:
            postings._SCAN_WORDS_PER_CANDIDATE = _PER_CANDIDATE
        assert found == reference_phrase(group, words, prefix), (words, prefix, per_candidate)


_PER_CANDIDATE = postings._SCAN_WORDS_PER_CANDIDATE


@settings(max_examples=200, deadline=None)
@given(documents, phrases, st.booleans(), st.sampled_from([0, 5]))
def test_phrase_matches_the_reference(docs, words, prefix, first) -> None:
    check(postings_of(docs, 0, first), words, prefix)


@settings(max_examples=25, deadline=None)
@given(documents, phrases, st.booleans(), st.sampled_from(FILLERS[1:]))
def test_phrase_matches_the_reference_with_big_word_numbers(docs, words, prefix, filler) -> None:
    check(postings_of(docs, filler, 0), words, prefix)


def test_overlapping_and_wide_occurrences_are_all_found() -> None:
    """Cases the random ones may miss: a phrase overlapping itself, a phrase whose words
    are numbered beyond U+FFFF, the same phrase in the title and in the body."""
    docs = [("a a a", "x a a", ""), ("zq1 zq1", "zq1 zq1 zq1", "")]
    for filler in (0, 0xFFFF + 80):
        group = postings_of(docs, filler, 3)
        for words, prefix in ((["a", "a"], False), (["a", "a"], True), (["zq1", "zq1"], False), (["zq1", "z"], True)):
            check(group, words, prefix)
        postings._SCAN_WORDS_PER_CANDIDATE = 10**9
        try:
            docs_found, positions, title, every = group.phrase(["a", "a"], False)
        finally:
            postings._SCAN_WORDS_PER_CANDIDATE = _PER_CANDIDATE
        assert len(positions) == 3  # two in the title "a a a", one in the body "x a a"
        assert every == title


def test_the_expression_is_used_for_many_candidates() -> None:
    """The reference agrees with ``_scan`` because ``_scan`` ran: it is not silently skipped."""
    group = postings_of([("the security council", "the s", "")] * 20, 0, 0)
    numbers = [group.vocab["the"]]
    following = frozenset(group._with_prefix("s"))
    candidates = (1 << 20) - 1
    found = group._scan(numbers, following, candidates)
    assert found is not None
    assert found == group._find(array(group.typecode, numbers).tobytes(), 1, following, list(range(20)))
