"""The bundled dossier's citations say what their sources say, no more (issue #14).

Pins the data half of the issue: a quotation mark holds a source's own words, ballots
derived from a tally say so, and the record's errors listed in the issue stay fixed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.edtf import parse_edtf
from models.loader import load_dossier, quoted_words
from models.schema import Caveat, Citation, Dossier

DOSSIER = Path(__file__).resolve().parent.parent / "seeds" / "haiti-mss.toml"

SC15432_TITLE = (
    "Security Council Authorizes Multinational Security Support Mission for Haiti for Initial "
    "Period of One Year, by Vote of 13 in Favour with 2 Abstentions"
)


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return load_dossier(DOSSIER)



def caveats_of(d: Dossier, item_id: str, kind: str | None = None) -> list[Caveat]:
    return [c for c in d.caveats_for(item_id) if kind is None or c.type == kind]


def quotes_of(d: Dossier, item_id: str) -> list[Citation]:
    return [c for c in d.item(item_id).citations if c.quote]


# -- what a quote may hold ----------------------------------------------------------------


# The dossier's own wording that used to be printed as a source's words (issue #14).
NOT_A_SOURCE_S_WORDS = [
    ("un-sc15432", "initial 12 months, review after 9 months"),
    ("un-sc15432", "13 in favour, 0 against, 2 abstentions"),
    ("un-sc15432", "Monday 2 October 2023, 9430th meeting"),
    ("ap-reports", "reported as about 400"),
    ("sg-binuh-2024-01", "The full-year 2023 figure later reported by the UN was 4,789 killed"),
    ("uae-2023-10-02", "United States and Ecuador"),
    ("anadolu-2023-10-02", "1,000 police officers"),
    ("un-sc15855", "amended in 2699"),
    ("usun-2023-10-02", "up to $200 million"),
    ("kenya-police-2024-06", "one Kenyan police statement says 200"),
]


@pytest.mark.parametrize(("source", "words"), NOT_A_SOURCE_S_WORDS)
def test_the_dossier_s_own_wording_is_not_quoted_as_a_source_s(dossier: Dossier, source: str, words: str) -> None:
    for owner, citation in dossier.iter_citations():
        if citation.source == source:
            assert citation.quote != words, owner


def test_every_external_quote_says_where_and_when_it_was_read(dossier: Dossier) -> None:
    external = [(o, c) for o, c in dossier.iter_citations() if c.quote and not dossier.source(c.source).bundled]
    assert len(external) >= 20
    for owner, citation in external:
        assert citation.read_at and citation.read_on, owner
        parse_edtf(citation.read_on)


def test_no_citation_of_a_voting_data_row_that_was_never_read(dossier: Dossier) -> None:
    assert not any(c.source == "un-voting-data" for _, c in dossier.iter_citations())
    assert not dossier.has_item("un-voting-data")


def test_words_in_quotation_marks_in_source_notes_and_description_are_quoted_somewhere(dossier: Dossier) -> None:
    """The loader checks items; the sources' notes and the description are checked here."""
    article = dossier.text("article")
    held = [c.quote for _, c in dossier.iter_citations() if c.quote]
    texts = [article.text, article.raw.decode("utf-8")]
    assert not quoted_words(dossier.description)
    for source in dossier.sources:
        for words in quoted_words(source.note):
            assert any(words in q for q in held) or any(words in t for t in texts), (source.id, words)


# -- the vote on 2699 ----------------------------------------------------------------------


def test_2699_ballots_are_derived_from_sc15432_s_tally(dossier: Dossier) -> None:
    vote = dossier.item("vote-2699")
    assert len(vote.ballots) == 15
    for ballot in vote.ballots:
        assert ballot.basis == "derived", ballot.id
        (tally,) = [c for c in ballot.citations if c.source == "un-sc15432"]
        assert tally.quote is None and tally.locator == "tally", ballot.id
        assert "13–0–2" in tally.summary and "2023" in tally.summary, ballot.id
        assert "China and the Russian Federation abstaining" in tally.summary, ballot.id


def test_kenya_not_a_member_rests_on_sc15432_s_members(dossier: Dossier) -> None:
    fact = dossier.item("fact-kenya-not-council-member")
    (record,) = [c for c in fact.citations if c.source == "un-sc15432"]
    assert record.summary and "Kenya is not among them" in record.summary
    assert record.quote is None


# -- the items of the point 3 ----------------------------------------------------


def test_up_to_200_million_is_credited_to_the_outlet_that_wrote_it(dossier: Dossier) -> None:
    for item_id in ("pledge-usa-200m", "cav-us-money"):
        (cited,) = [c for c in quotes_of(dossier, item_id) if "up to $200 million" in c.quote]
        assert dossier.source(cited.source).publisher == "Associated Press", item_id
    assert "AP's words" in dossier.item("cav-us-money").summary


def test_sc15855_is_dated_and_quoted_as_printed(dossier: Dossier) -> None:
    source = dossier.source("un-sc15855")
    assert source.date == "2024-10-18"
    assert "2752" in source.title
    quotes = [c.quote for _, c in dossier.iter_citations() if c.source == "un-sc15855" and c.quote]
    assert quotes and all("amended in Council resolution 2699 (2023)" in q for q in quotes)


def test_arms_embargo_rests_on_several_sources_and_its_doubts_are_caveats(dossier: Dossier) -> None:
    fact = dossier.item("fact-2699-arms-embargo")
    assert len({c.source for c in fact.citations}) >= 2
    assert caveats_of(dossier, fact.id, "single_source")
    scope = caveats_of(dossier, fact.id, "disagreement")
    assert scope and "scope" in scope[0].summary


def test_haiti_s_request_has_its_dates_as_a_caveat(dossier: Dossier) -> None:
    (caveat,) = [c for c in dossier.caveats if c.id == "cav-haiti-request-dates"]
    assert {"ev-2022-10-07-haiti-requests-force", "part-hti"} <= set(caveat.about)
    text = caveat.summary + caveat.detail
    assert "6 October 2022" in text and "7 October" in text and "9 October 2022" in text
    assert "not known" in caveat.detail  # no Haitian letter to the Secretary-General of 9 October was found
    assert {c.source for c in caveat.citations} - {"un-haiti-2022"}


def test_the_article_s_2400_has_no_end_date_of_its_own(dossier: Dossier) -> None:
    for item_id in ("fig-article-2400-killed", "ev-2023-deaths-since-start-of-year"):
        item = dossier.item(item_id)
        interval = parse_edtf(item.period if hasattr(item, "period") else item.date)
        assert interval.start == date(2023, 1, 1), item_id
        assert interval.end != date(2023, 8, 15), item_id
    ohchr = parse_edtf(dossier.item("fig-ohchr-2439-killed").period)
    assert ohchr.end == date(2023, 8, 15)


def test_gsf_ceiling_is_12_months_of_5500_uniformed_and_50_civilians(dossier: Dossier) -> None:
    figure = dossier.item("fig-gsf-5550-ceiling")
    interval = parse_edtf(figure.period)
    assert interval.start == date(2025, 9, 30)
    assert interval.end == date(2026, 9, 30) and not interval.upper_open
    assert "5,500 uniformed" in figure.measure and "50 civilians" in figure.measure
    assert any("for an initial period of 12 months" in c.quote for c in quotes_of(dossier, figure.id))
    assert caveats_of(dossier, figure.id)


def test_2793_event_and_facts(dossier: Dossier) -> None:
    event = dossier.item("ev-2025-09-30-res-2793-gang-suppression-force")
    for words in ("10009th meeting", "12 months", "5,500 uniformed", "50 civilians", "Panama", "six months"):
        assert words in event.summary, words
    assert {"USA", "PAN"} <= set(dossier.item("fact-2793-adoption").countries)
    assert "six months" in dossier.item("fact-2793-support-office").text


def test_draft_symbol_rests_on_one_outlet(dossier: Dossier) -> None:
    (caveat,) = caveats_of(dossier, "fact-2699-adoption", "single_source")
    assert "S/2023/709" in caveat.summary and "unscr.com" in caveat.summary


def test_sc15432_has_its_real_title(dossier: Dossier) -> None:
    assert dossier.source("un-sc15432").title == SC15432_TITLE


def test_ruto_called_the_resolution_an_overdue_instrument(dossier: Dossier) -> None:
    (caveat,) = [c for c in caveats_of(dossier, "stmt-ruto-overdue") if "instrument" in c.summary]
    assert "the resolution, not the mission" in caveat.summary
    assert any(c.source == "article" for c in caveat.citations)


def test_purpose_says_support_for_security_and_humanitarian_access(dossier: Dossier) -> None:
    for text in (dossier.item("fact-2699-purpose").text, dossier.mission.summary):
        flat = " ".join(text.split())
        assert "support for the security of critical infrastructure" in flat
        assert "humanitarian access" in flat
        assert "to protect critical infrastructure" not in flat


def test_jamaica_s_figures_disagree_in_a_caveat(dossier: Dossier) -> None:
    (caveat,) = caveats_of(dossier, "pledge-jam-200-personnel", "disagreement")
    assert len({c.source for c in caveat.citations}) >= 3


def test_statements_pages_are_named(dossier: Dossier) -> None:
    assert dossier.source("china-eov-2023-10-02").url.startswith("http://un.china-mission.gov.cn/")
    assert dossier.source("uae-2023-10-02").url == "https://uaeun.org/statement/uae-unsc-haiti-2oct/"
    assert any(c.quote == "penholders, Ecuador and the United States" for c in dossier.item("fact-2699-penholders").citations)
