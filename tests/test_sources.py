"""Bundled texts: sentences are split on first use and found by bisection."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from models.sources import SourceText, read_source_text

WORDS = st.sampled_from(["Haiti.", "Kenya", "said", "“Yes.”", "The", "police", "\n", "  ", "Ok!", "Why?", "A"])
TEXTS = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)


def source(text: str) -> SourceText:
    return SourceText(source_id="s", path=Path("s.txt"), raw=text.encode(), text=text, repairs=[])


def test_sentences_are_split_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("One. Two.\nThree", encoding="utf-8")
    text = read_source_text("a", path)
    assert text._sentences is None
    assert [s.text for s in text.sentences] == ["One.", "Two.", "Three"]
    assert text.sentences is text.sentences


@given(TEXTS, st.data())
def test_sentences_for_matches_a_scan(text: str, data: st.DataObject) -> None:
    src = source(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [s for s in src.sentences if s.start < max(end, start + 1) and s.end > start]
    assert src.sentences_for(start, end) == expected


@given(TEXTS, st.data())
def test_sentence_at_holds_the_offset_or_follows_it(text: str, data: st.DataObject) -> None:
    src = source(text)
    offset = data.draw(st.integers(0, len(text) + 2))
    found = src.sentence_at(offset)
    holding = [s for s in src.sentences if s.start <= offset < s.end]
    after = [s for s in src.sentences if s.start > offset]
    if holding:
        assert found == holding[0]
    elif after:
        assert found == after[0]
    else:
        assert found == src.sentences[-1]
