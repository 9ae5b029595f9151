"""A citation's span is kept as one number (issue #20, memory) and read back as the
(start, end) it was set to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.dossier.citations import Citation
from models.dossier.dossier import Dossier
from models.sources import find_occurrence


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_a_span_reads_back_as_set(start: int, end: int) -> None:
    citation = Citation(source="s", quote="words")
    assert citation.span is None and not citation.checkable
    citation.set_span((start, end))
    assert citation.span == (start, end)
    assert citation.checkable
    assert isinstance(getattr(citation, "_derived"), int)  # one int, not a tuple of two


@pytest.mark.parametrize("span", [(-1, 3), (0, 2**32), (2**32, 2**32 + 1)])
def test_a_span_outside_any_text_is_refused(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError):
        Citation(source="s", quote="words").set_span(span)


def test_the_bundled_dossiers_spans_are_where_the_quotes_are(dossier: Dossier) -> None:
    checked = 0
    for item in dossier.iter_items():
        for citation in item.citations:
            if citation.span is None:
                continue
            text = dossier.text(citation.source)
            assert text is not None
            assert citation.span == find_occurrence(text.text, citation.quote, citation.occurrence)
            start, end = citation.span
            assert text.text[start:end] == citation.quote
            checked += 1
    assert checked > 10
