"""Building the index (models/search/postings.py): a source text's sentences, indexed from
the whole text translated at once (``Postings.add_sentences``), give exactly what indexing
each sentence's own words (``document_words``) gives: the stream, where each document
starts and its title ends, the posting sets, the vocabulary's numbers. (A guard for any
faster way of indexing sentences; one that added a text's sentences in one call was tried
and gained 3% of their time: benchmarks/README.md, "Phrase search and index build".)"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.search.postings import Postings
from models.search.text import document_words
from models.sources import SourceText

PIECES = ["The", "security", "council", "U.S.", "1,000", "2.5", "Moïse", "Straße", "—", "·", ",", ".", "?", "\x00", "a"]
texts = st.lists(
    st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join).map(lambda s: s + "."), max_size=8
).map(" ".join)


def _text(text: str) -> SourceText:
    return SourceText("src", Path("src.txt"), text.encode(), text, [])


def _state(group: Postings) -> dict[str, object]:
    return {
        "stream": bytes(group.stream),
        "starts": list(group.starts),
        "title_ends": list(group.title_ends),
        "title_only": group.title_only,
        "vocab": group.vocab,
        "every": (group.every.dense, list(group.every.data), list(group.every.bounds)),
        "title": (group.title.dense, list(group.title.data), list(group.title.bounds)),
        "kinds": group.kinds,
        "code_ranges": group.code_ranges,
    }


def _built(texts_: list[str], one_at_a_time: bool, first: int) -> Postings:
    group = Postings(first)
    group.add("item", "A title", "a body, with U.S. words", "Kenya", ("KEN",))
    for text in map(_text, texts_):
        if one_at_a_time:  # the reference: each sentence through _add, as before
            group._kind("sentence")
            start = group.first + group.count
            for sentence in text.sentences:
                group._add(document_words(sentence.text, "", ""), ())
            group._code_ranges["HTI"].extend((start, group.first + group.count))
        else:
            group.add_sentences("sentence", text, ("HTI",))
    group.add("item", "Another", "body", "", ())
    group.finish(first + group.count)
    return group


@settings(max_examples=150, deadline=None)
@given(st.lists(texts, max_size=4), st.sampled_from([0, 7]))
def test_sentences_at_once_index_as_each_on_its_own(texts_, first) -> None:
    assert _state(_built(texts_, False, first)) == _state(_built(texts_, True, first))


def test_sentences_at_once_beyond_two_byte_word_numbers() -> None:
    """Sentences bringing the vocabulary past 0xFFFF widen the stream as before."""
    many = " ".join(f"w{k}" for k in range(0x10000 + 10)) + "."
    texts_ = ["short one. another one.", many, "the end."]
    at_once, each = _built(texts_, False, 0), _built(texts_, True, 0)
    assert at_once.shift == each.shift == 2
    assert _state(at_once) == _state(each)
