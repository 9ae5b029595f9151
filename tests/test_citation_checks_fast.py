"""The loader's checks decide most citations and most items' quotation marks in bulk
(``models/dossier/checks.py``: ``_items_citations``, ``_all_quotation_marks``); the full
check of one citation, and of one item, is the reference. Both ways must report the same
problems, in the same order, and record the same spans, whatever is wrong with the
citations: a property over mutated dossiers, and the bundled dossier."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.dossier.checks import check
from models.dossier.dossier import Dossier
from models.schema import to_data
from models.sources import SourceText
from tests.conftest import ARTICLE, small_dossier_data

#: Words of the article (once, twice, or in part), words that are not in it, and words
#: found only in the second text.
_QUOTES = [None, "China and Russia abstained.", "Kenya", "police", "on Monday", "the",
           "“We are ready,”", "not in the article", "Second text only.", "a"]
_SUMMARIES = [None, "plain words", 'with "straight" marks', "with “curly” marks", "an ‘inner’ one",
              'one " mark alone', "don’t"]
#: Known bundled (art, art2: its text perhaps missing), external (ext), unknown (ghost),
#: and an item's id, not a source's.
_SOURCES = ["art", "art2", "ext", "ghost", "stmt-ken"]
#: Texts that an item's own words may hold (quotation marks or not).
_OWN_WORDS = ["The vote.", 'The "vote".', "The “council adopted” it.", "Said ‘Kenya’.", 'An "absent" word.']

_CITATION = st.fixed_dictionaries({
    "source": st.sampled_from(_SOURCES),
    "quote": st.sampled_from(_QUOTES),
    "summary": st.sampled_from(_SUMMARIES),
    "occurrence": st.integers(1, 3),
    "read_on": st.sampled_from([None, "2024-01-02"]),
    "read_at": st.sampled_from([None, "https://example.org/read"]),
})


def _citation(drawn: dict[str, Any]) -> dict[str, Any]:
    citation = {key: value for key, value in drawn.items() if value is not None}
    if "quote" not in citation and "summary" not in citation:
        citation["locator"] = "p. 1"
    return citation


def _dossiers(data: dict[str, Any]) -> tuple[Dossier, Dossier]:
    """Two equal dossiers of ``data``: each way of checking records spans in its own."""
    return Dossier.model_validate(copy.deepcopy(data)), Dossier.model_validate(copy.deepcopy(data))


def _texts(with_second: bool) -> dict[str, SourceText]:
    texts = {"art": SourceText("art", Path("article.txt"), ARTICLE.encode(), ARTICLE, [])}
    if with_second:
        second = ARTICLE + "Second text only. Kenya, Kenya."
        texts["art2"] = SourceText("art2", Path("second.txt"), second.encode(), second, [])
    return texts


def _spans(dossier: Dossier) -> list[Any]:
    return [citation.span for _, citation in dossier.iter_citations()]


def _same_both_ways(data: dict[str, Any], texts: dict[str, SourceText]) -> list[Any]:
    fast, reference = _dossiers(data)
    problems = check("d.toml", fast, texts)
    assert problems == check("d.toml", reference, texts, one_by_one=True)
    assert _spans(fast) == _spans(reference)
    return problems


@settings(max_examples=300)
@given(st.lists(st.lists(_CITATION, min_size=1, max_size=4), min_size=1, max_size=6),
       st.lists(st.sampled_from(_OWN_WORDS), min_size=5, max_size=5), st.booleans(), st.booleans())
def test_bulk_checks_report_what_the_one_by_one_checks_report(citations: list[list[dict[str, Any]]],
                                                              own_words: list[str], second_text: bool,
                                                              two_sources_one_id: bool) -> None:
    data = small_dossier_data()
    data["sources"].append({"id": "art2", "type": "news_article", "title": "Second", "text_file": "second.txt"})
    if two_sources_one_id:  # the first of two sources with one id is the one looked up
        data["sources"].append({"id": "art", "type": "other", "title": "Twin"})
    items = [data["mission"], data["participants"][0], data["participants"][0]["pledges"][0],
             *data["votes"][0]["ballots"], data["statements"][0], data["events"][0], data["caveats"][0]]
    for index, drawn in enumerate(citations):
        items[index % len(items)]["citations"] = [_citation(c) for c in drawn]
    data["events"][0]["summary"], data["statements"][0]["context"] = own_words[0], own_words[1]
    data["caveats"][0]["summary"], data["mission"]["summary"] = own_words[2], own_words[3]
    data["events"][0]["anchor_note"] = own_words[4]  # two of one item's fields
    _same_both_ways(data, _texts(second_text))


def test_the_property_meets_every_kind_of_problem() -> None:
    """The strategies above reach each problem the bulk way hands on (the property could
    not fail otherwise)."""
    data = small_dossier_data()
    data["sources"].append({"id": "art2", "type": "news_article", "title": "Second", "text_file": "second.txt"})
    data["mission"]["citations"] = [_citation(c) for c in [
        {"source": "ghost", "quote": "Kenya"},
        {"source": "art", "quote": "not in the article"},
        {"source": "art", "quote": "Kenya", "occurrence": 3},
        {"source": "art", "summary": 'with "straight" marks'},
        {"source": "ext", "quote": "Kenya"},
        {"source": "art2", "quote": "Kenya"},  # its text is missing: reported when read
        {"source": "art", "quote": "Kenya", "occurrence": 2},
    ]]
    data["events"][0]["summary"] = 'An "absent" word.'
    problems = _same_both_ways(data, _texts(False))
    fields = [problem.field for problem in problems]
    assert fields == ["citations[0].source", "citations[1].quote", "citations[2].quote", "citations[3].summary",
                      "citations[4].read_on", "citations[4].read_at", "summary"]


def test_bulk_checks_agree_on_the_bundled_dossier(dossier: Dossier) -> None:
    data = to_data(dossier)
    texts = {source.id: dossier.text(source.id) for source in dossier.sources if dossier.text(source.id)}
    assert texts and _same_both_ways(data, texts) == []


def _unknown_country(where: str) -> Any:
    def edit(data: dict[str, Any]) -> None:
        if where == "mission.lead":
            data["mission"]["lead"] = "XXX"
        elif where == "mission.host":
            data["mission"]["host"] = "XXX"
        elif where == "participant":
            data["participants"][0]["country"] = "XXX"
        elif where == "deployment":
            data["deployments"] = [{"id": "dep-1", "country": "XXX", "amount": 1, "unit": "police officers",
                                    "type": "police", "date": "2024-06-25",
                                    "citations": [{"source": "ext", "summary": "arrived"}]}]
        elif where == "deployment not a participant":
            data["deployments"] = [{"id": "dep-1", "country": "HTI", "amount": 1, "unit": "police officers",
                                    "type": "police", "date": "2024-06-25",
                                    "citations": [{"source": "ext", "summary": "arrived"}]}]
        elif where == "ballot":
            data["votes"][0]["ballots"][0]["country"] = "XXX"
        elif where == "penholders":
            data["votes"][0]["penholders"] = ["USA", "XXX"]
        elif where == "speaker":
            data["statements"][0]["speaker"]["country"] = "XXX"
        elif where == "event":
            data["events"][0]["countries"] = ["CHN", "XXX"]
        elif where == "council":
            data["councils"] = [{"id": "council-2023", "year": 2023, "permanent": ["CHN", "RUS", "USA"],
                                 "elected": ["ECU", "XXX"],
                                 "citations": [{"source": "ext", "summary": "members"}]}]
    return edit


@pytest.mark.parametrize("where", ["mission.lead", "mission.host", "participant", "deployment",
                                   "deployment not a participant", "ballot", "penholders", "speaker", "event",
                                   "council"])
def test_an_unknown_country_anywhere_is_reported_as_one_by_one(where: str) -> None:
    data = small_dossier_data()
    _unknown_country(where)(data)
    problems = _same_both_ways(data, _texts(False))
    assert any("XXX" in p.message or "no entry among the participants" in p.message for p in problems), problems
