"""The search index's compact forms (issue #20, target 7; benchmarks/README.md, "Memory at
1,000x"): the word stream two bytes a word while the vocabulary allows, four beyond it
(with phrases, keywords and postings unchanged), through the index cache too; and no
display text kept, each worked out from the dossier's item as it was indexed."""

from __future__ import annotations

import pickle

import models.search.postings as postings
from models.index_cache import cache_index, cached_index
from models.loader import load_dossier
from models.schema import Dossier
from models.search import SearchIndex, build_index
from models.search.bits import U32, bit_numbers
from models.search.describe import Describer
from models.search.postings import Postings
from models.search.text import document_words

# -- the word stream ------------------------------------------------------------------------


def _stream_words(group: Postings, k: int) -> list[str]:
    """Document ``first + k``'s words read back from the stream, by their numbers."""
    word_of = {number: word for word, number in group.vocab.items()}
    word_of[0] = "\0"
    return [word_of[n] for n in group.view[group.starts[k] : group.starts[k + 1]]]


def _both_ways(group: Postings, words: list[str], prefix: bool) -> list[int]:
    """The documents of a phrase, found with the expression and with bytes.find (the same)."""
    found = []
    for per_candidate in (10**9, -1):
        saved = postings._SCAN_WORDS_PER_CANDIDATE
        postings._SCAN_WORDS_PER_CANDIDATE = per_candidate
        try:
            found.append(sorted(set(group.phrase(words, prefix)[0])))
        finally:
            postings._SCAN_WORDS_PER_CANDIDATE = saved
    assert found[0] == found[1]
    return found[0]


def test_the_stream_is_two_bytes_a_word_while_the_vocabulary_fits() -> None:
    group = Postings(0)
    group._kind("item")
    group.add("item", "The Security Council", "meets on Haiti", "Kenya", ())
    group.finish(1)
    assert group.typecode == "H" and group.shift == 1
    assert len(group.stream) == 2 * group.starts[-1]
    assert _stream_words(group, 0) == document_words("The Security Council", "meets on Haiti", "Kenya") + ["\0"]


def test_a_vocabulary_beyond_two_bytes_widens_the_stream() -> None:
    """66,000 distinct words: numbers above 0xFFFF, none a surrogate; the stream is widened
    once, mid-way, with the documents (and shared keywords) written before it; every
    document still reads back, and phrases, words and keywords still find the same."""
    texts = [
        ("The Security Council", "meets on Haiti", "Kenya"),
        ("A filler", " ".join(f"w{k}" for k in range(66_000)), ""),
        ("The Security Council", "acts on Haiti again w65999 w3", "Kenya"),
        ("Later", "the security council", "Haiti"),
    ]
    group = Postings(0)
    for title, body, keywords in texts:
        group.add("item", title, body, keywords, ())
    group.finish(len(texts))
    assert group.typecode == U32 and group.shift == 2
    assert len(group.stream) == 4 * group.starts[-1]
    assert not any(0xD800 <= n < 0xE000 for n in group.vocab.values())
    assert max(group.vocab.values()) > 0xFFFF
    for k, (title, body, keywords) in enumerate(texts):
        assert _stream_words(group, k) == document_words(title, body, keywords) + ["\0"]
    assert _both_ways(group, ["security", "council"], False) == [0, 2, 3]
    assert _both_ways(group, ["security", "c"], True) == [0, 2, 3]
    assert _both_ways(group, ["w65999", "w3"], False) == [2]
    assert _both_ways(group, ["w65998", "w6"], True) == [1]
    assert bit_numbers(group.bits(["kenya"])[1]) == [0, 2]
    assert bit_numbers(group.bits(["w65999"])[1]) == [1, 2]


# -- through the index cache -----------------------------------------------------------------


def test_the_stream_and_the_documents_round_trip_through_the_index_cache(write_dossier) -> None:
    path = write_dossier()
    dossier = load_dossier(path)
    built = build_index(dossier)
    cache_index(dossier, built)
    again = load_dossier(path)
    warm = cached_index(again)
    assert isinstance(warm, SearchIndex)
    assert warm._base.typecode == "H"
    assert warm._base.stream == built._base.stream
    assert list(warm._base.view) == list(built._base.view)
    for query in ('"china and russia"', '"security c', "abstain"):
        ours, theirs = warm.search(query), built.search(query)
        assert [(h.doc, h.score, h.spans) for h in ours.hits] == [(h.doc, h.score, h.spans) for h in theirs.hits]
    assert warm.docs == built.docs


# -- display texts -----------------------------------------------------------------------------


def test_display_texts_are_not_kept_but_worked_out_from_the_items(dossier: Dossier) -> None:
    index = build_index(dossier)
    describe = Describer(dossier)
    longest = max((item for item in dossier.iter_items()), key=lambda item: len(describe.display(item)[1]))
    title, body = describe.display(longest)
    assert len(body) > 40
    # Not in the index (its pickle, as the cache keeps it): only the words' numbers are.
    assert body.encode() not in pickle.dumps(index)
    doc = index.doc(longest.id)
    assert (doc.title, doc.body, doc.text) == (title, body, f"{title}\n{body}")
    source = dossier.sources[0]
    assert index.doc(source.id).text.startswith(describe.display(source)[0])
