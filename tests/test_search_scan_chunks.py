"""The phrase search's scan of the word stream (``Postings._scan``) reads the stream a
chunk at a time (``_SCAN_CHUNK`` words): it finds what ``bytes.find`` in each candidate
finds whatever the chunk's size (occurrences across a chunk's end included), and it never
holds the whole stream as text (12.7 MB at 1,000x, a temporary of ``"the s``)."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_search_phrase import FILLERS, documents, phrases, postings_of, reference_phrase

import models.search.postings as postings


@pytest.fixture
def scan_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postings, "_SCAN_WORDS_PER_CANDIDATE", 10**9)


def _check_chunked(docs, words, prefix, first, filler, chunk) -> None:
    group = postings_of(docs, filler, first)
    expected = reference_phrase(group, words, prefix)
    old_chunk, old_per = postings._SCAN_CHUNK, postings._SCAN_WORDS_PER_CANDIDATE
    postings._SCAN_CHUNK, postings._SCAN_WORDS_PER_CANDIDATE = chunk, 10**9
    try:
        found = group.phrase(words, prefix)
    finally:
        postings._SCAN_CHUNK, postings._SCAN_WORDS_PER_CANDIDATE = old_chunk, old_per
    assert found == expected, (words, prefix, chunk)


@settings(max_examples=200, deadline=None)
@given(documents, phrases, st.booleans(), st.sampled_from([0, 5]), st.sampled_from([1, 2, 3, 5, 8, 64]))
def test_small_chunks_find_what_find_finds(docs, words, prefix, first, chunk) -> None:
    _check_chunked(docs, words, prefix, first, 0, chunk)


@settings(max_examples=20, deadline=None)
@given(documents, phrases, st.booleans(), st.sampled_from([1, 3, 7]))
def test_small_chunks_with_wide_word_numbers(docs, words, prefix, chunk) -> None:
    _check_chunked(docs, words, prefix, 0, FILLERS[-1], chunk)


def test_an_occurrence_across_a_chunk_end_is_found() -> None:
    """Every split of "the security council" by a chunk's end, in the title and the body."""
    docs = [("x the security council", "y y the security council z", "")] * 3
    for chunk in range(1, 12):
        for words, prefix in ((["the", "security", "council"], False), (["the", "security", "c"], True)):
            _check_chunked(docs, words, prefix, 0, 0, chunk)


def test_the_stream_is_never_text_all_at_once(scan_always) -> None:
    """The largest block the scan allocates is about a chunk of text, not the whole stream:
    with the stream read at once, the peak was its whole size as text."""
    group = postings_of([("the security council", "x " * 4000 + "the s", "")] * 100, 0, 0)
    words_in_stream = group.starts[-1]
    assert words_in_stream > 3 * postings._SCAN_CHUNK
    tracemalloc.start()
    try:
        found = group.phrase(["the", "s"], True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found[1]) == 200  # in each title and each body
    # The text of one chunk (2 bytes a word) and a little more (the expression, the
    # occurrences); the whole stream as text would be 2 * words_in_stream bytes.
    assert peak < 2 * postings._SCAN_CHUNK + 64_000 < 2 * words_in_stream
