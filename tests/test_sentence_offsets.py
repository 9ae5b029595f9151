"""Sentences kept as offsets into their text (issue #20, memory) are the sentences the
earlier split made as objects holding a copy of their words: same index, offsets and
words, in the same order, on the bundled texts and on generated ones."""

from __future__ import annotations

import pickle
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.sources import Sentences, SourceText, read_source_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BENCH_TEXTS = Path(__file__).resolve().parent.parent / "benchmarks" / "out" / "x1" / "sources"

# -- the split as it was (models/sources.py before sentences became offsets) -----------

_SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"']?(?=\s+[A-Z0-9“‘\"'])|\n")


@dataclass(frozen=True)
class _Was:
    index: int
    start: int
    end: int
    text: str


def _split_as_it_was(text: str) -> list[_Was]:
    sentences: list[_Was] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.end() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s_start = start + lead
            sentences.append(_Was(len(sentences), s_start, s_start + len(stripped), stripped))
        start = end
    if not sentences:
        sentences.append(_Was(0, 0, len(text), text))
    return sentences


def _as_tuples(sentences: object) -> list[tuple[int, int, int, str]]:
    return [(s.index, s.start, s.end, s.text) for s in sentences]  # type: ignore[attr-defined]


def _same_as_before(text: str) -> None:
    src = SourceText(source_id="s", path=Path("s.txt"), raw=text.encode("utf-8", "surrogatepass"), text=text,
                     repairs=[])
    was = _as_tuples(_split_as_it_was(text))
    sentences = src.sentences
    assert isinstance(sentences, Sentences)
    assert _as_tuples(sentences) == was  # iterating
    assert [_as_tuples([sentences[i]])[0] for i in range(len(sentences))] == was  # indexing
    assert [_as_tuples([sentences[i]])[0] for i in range(-len(sentences), 0)] == was  # from the end
    assert _as_tuples(sentences[1:-1]) == was[1:-1]
    with pytest.raises(IndexError):
        sentences[len(sentences)]
    for index, start, end, words in was:
        assert text[start:end] == words


# -- the bundled texts -------------------------------------------------------------------


def _bundled() -> list[Path]:
    return sorted((SEEDS / "sources").glob("*.txt")) + sorted(BENCH_TEXTS.glob("*.txt"))[:50]


def test_there_are_bundled_texts() -> None:
    assert list((SEEDS / "sources").glob("*.txt"))


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_bundled_texts_split_as_before(path: Path) -> None:
    text = read_source_text("s", path).text
    _same_as_before(text)


# -- generated texts ---------------------------------------------------------------------

# Sentence ends, quotes, capitals, digits, line breaks and white space of every kind
# str.strip() strips (no-break space, em space, line separator), and plain letters.
PIECES = st.sampled_from(["Haiti.", "Kenya", "said", "“Yes.”", "‘No!’", "The", "police", "\n", "  ", "Ok!",
                          "Why?", "A", "1", "\"Q.\"", "'q'", "\u00a0", "\u2003", "\u2028", "\t", "\r\n", ".", "?",
                          "é", "x"])
TEXTS = st.lists(PIECES, max_size=60).map("".join) | st.lists(PIECES, max_size=40).map(" ".join)


@given(TEXTS)
def test_generated_texts_split_as_before(text: str) -> None:
    _same_as_before(text)


@given(st.text(max_size=200))
def test_any_text_splits_as_before(text: str) -> None:
    _same_as_before(text)


@given(TEXTS, st.data())
def test_sentence_at_and_for_give_the_sentences_of_before(text: str, data: st.DataObject) -> None:
    src = SourceText(source_id="s", path=Path("s.txt"), raw=b"", text=text, repairs=[])
    was = _split_as_it_was(text)
    offset = data.draw(st.integers(0, len(text) + 2))
    holding = [s for s in was if s.start <= offset < s.end]
    after = [s for s in was if s.start > offset]
    expected = (holding or after or [was[-1]])[0]
    assert _as_tuples([src.sentence_at(offset)]) == _as_tuples([expected])
    end = data.draw(st.integers(offset, len(text) + 2))
    touched = [s for s in was if s.start < max(end, offset + 1) and s.end > offset]
    assert _as_tuples(src.sentences_for(offset, end)) == _as_tuples(touched)


def test_a_split_text_survives_pickling() -> None:
    """The load cache pickles the texts (split or not)."""
    text = "One. Two.\nThree"
    src = SourceText(source_id="s", path=Path("s.txt"), raw=text.encode(), text=text, repairs=[])
    assert len(src.sentences) == 3
    back = pickle.loads(pickle.dumps(src, protocol=pickle.HIGHEST_PROTOCOL))
    assert _as_tuples(back.sentences) == _as_tuples(src.sentences)
