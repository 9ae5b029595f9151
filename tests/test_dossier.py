"""The bundled dossier, seeds/haiti-mss.toml: it loads clean and says what it must.

These tests pin the facts the dossier is built to show (the vote, the pledges, the
words quoted from the article, the timeline) and the promise behind the whole app:
every fact leads back to the exact words it came from.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from models.loader import DossierError, load_dossier
from models.schema import Dossier, Statement

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DOSSIER = SEEDS / "haiti-mss.toml"
ARTICLE_FILE = SEEDS / "sources" / "000_eac7c022ae4829f9.txt"
# The article is bundled byte for byte; this is its hash as bundled (encoding fault and all).
ARTICLE_SHA256 = "50bbb5ea8193594128df825df7b16ca9f54d4e3d7adcb07d9d020121ef8bd614"


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return load_dossier(DOSSIER)


@pytest.fixture(scope="module")
def article_text(dossier: Dossier) -> str:
    text = dossier.text("article")
    assert text is not None
    return text.text



# -- the file and its bundled article ------------------------------------------------


def test_article_is_bundled_byte_for_byte() -> None:
    assert hashlib.sha256(ARTICLE_FILE.read_bytes()).hexdigest() == ARTICLE_SHA256


def test_dossier_header(dossier: Dossier) -> None:
    assert dossier.id == "haiti-mss"
    assert dossier.as_of == "2026-03-21"  # the latest fact held (issue 15)
    assert dossier.not_covered
    assert dossier.mission.acronym == "MSS"
    assert (dossier.mission.lead, dossier.mission.host) == ("KEN", "HTI")
    assert dossier.mission.authorised_by == "vote-2699"


def test_article_source_is_undated_and_bundled(dossier: Dossier) -> None:
    article = dossier.source("article")
    assert article.bundled
    assert article.type == "news_article"
    assert article.date is None
    assert "on Monday" in article.note


def test_encoding_repair_is_recorded(dossier: Dossier, article_text: str) -> None:
    text = dossier.text("article")
    assert "MoΓ―se".encode() in text.raw
    assert [(r.original, r.repaired) for r in text.repairs] == [("Γ―", "ï")]
    assert "Moïse" in article_text
    assert "Γ―" not in article_text


# -- the vote ------------------------------------------------------------------------------


def test_fifteen_ballots_thirteen_yes_china_and_russia_abstain(dossier: Dossier) -> None:
    vote = dossier.item("vote-2699")
    assert vote.resolution == "S/RES/2699 (2023)"
    assert vote.date == "2023-10-02"
    assert len(vote.ballots) == 15
    assert len({b.country for b in vote.ballots}) == 15
    counts = Counter(b.vote for b in vote.ballots)
    assert counts == {"yes": 13, "abstain": 2}
    assert {b.country for b in vote.ballots if b.vote == "abstain"} == {"CHN", "RUS"}
    assert {b.country for b in vote.ballots if b.seat == "permanent"} == {"CHN", "FRA", "RUS", "GBR", "USA"}
    assert {b.country for b in vote.ballots if b.penholder} == {"USA", "ECU"}
    assert all(b.term for b in vote.ballots if b.seat == "elected")


def test_tally_is_13_0_2_as_every_source_states(dossier: Dossier) -> None:
    vote = dossier.item("vote-2699")
    tally = vote.tally
    assert (tally.yes, tally.no, tally.abstain, tally.absent) == (13, 0, 2, 0)
    assert tally.text() == "13–0–2"
    assert {s.citation.source for s in vote.stated_tallies} == {"article", "un-sc15432"}


def test_abstentions_are_explained(dossier: Dossier) -> None:
    vote = dossier.item("vote-2699")
    for ballot in vote.ballots:
        if ballot.vote == "abstain":
            assert ballot.explanations
            for sid in ballot.explanations:
                assert isinstance(dossier.item(sid), Statement)
                assert dossier.item(sid).speaker.country == ballot.country


# -- participants and pledges -----------------------------------------------------------


def test_article_participants_present(dossier: Dossier) -> None:
    for code in ("KEN", "BHS", "JAM", "ATG", "USA"):
        assert dossier.participant(code) is not None, code
    assert "lead_nation" in dossier.participant("KEN").roles
    assert "host" in dossier.participant("HTI").roles
    assert "penholder" in dossier.participant("ECU").roles


def test_kenya_pledged_1000_police(dossier: Dossier) -> None:
    (pledge,) = [p for p in dossier.participant("KEN").pledges if p.type == "police"]
    assert (pledge.amount, pledge.unit, pledge.qualifier) == (1000, "police officers", "exact")
    assert pledge.date == "2023-07-29"
    assert pledge.country == "KEN"
    # The article's own word ("troops") is kept in the quote, and a caveat says so.
    assert any(c.source == "article" and "1,000 troops" in c.quote for c in pledge.citations)
    assert any(c.type == "disagreement" for c in dossier.caveats_for(pledge.id))


def test_bahamas_pledged_150_personnel(dossier: Dossier) -> None:
    (pledge,) = dossier.participant("BHS").pledges
    assert (pledge.amount, pledge.unit, pledge.type) == (150, "personnel", "personnel")


def test_other_pledges(dossier: Dossier) -> None:
    (jam,) = dossier.participant("JAM").pledges
    assert (jam.amount, jam.qualifier) == (200, "up_to")
    (atg,) = dossier.participant("ATG").pledges
    assert atg.amount is None and atg.amount_text() == "military personnel (no number set)"
    usd = sorted(p.amount for p in dossier.participant("USA").pledges if p.type == "money")
    assert usd == [200_000_000, 300_000_000]


# -- the words quoted --------------------------------------------------------------------


RUTO_WORDS = [
    "an overdue and critical instrument to define the multinational mission",
    "The situation in Haiti demands actions be scaled up significantly to meet the demands of "
    "emergency relief, humanitarian aid, support for livelihoods, and major interventions in "
    "public health and environmental protection.",
    "For us in Kenya, this mission is of special significance and critical urgency. We experienced "
    "the harrowing brunt of colonialism and the long, difficult struggle for freedom,",
]


def test_ruto_and_mutua_quoted_verbatim(dossier: Dossier, article_text: str) -> None:
    direct = {s.text: s for s in dossier.statements if s.mode == "direct"}
    for words in [*RUTO_WORDS, "in the coming months"]:
        assert words in direct, words
        assert words in article_text, words
    assert direct["in the coming months"].speaker.name == "Alfred Mutua"
    for words in RUTO_WORDS:
        assert direct[words].speaker.name == "William Ruto"
        assert direct[words].date == "2023-10-03"


def test_every_direct_statement_from_the_article_is_in_its_text(dossier: Dossier, article_text: str) -> None:
    for statement in dossier.statements:
        if statement.mode == "direct" and any(c.source == "article" for c in statement.citations):
            assert statement.text in article_text, statement.id


# -- events ------------------------------------------------------------------------------


def test_events_span_july_2021_to_the_as_of_date(dossier: Dossier) -> None:
    starts = [e.interval.start for e in dossier.events if e.interval.start]
    assert date(2021, 7, 1) <= min(starts) <= date(2021, 7, 31)
    assert max(starts) <= date(2026, 3, 21)  # nothing after the as-of date is told as an event


def test_relative_phrases_kept_and_anchored(dossier: Dossier) -> None:
    vote_event = dossier.item("ev-2023-10-02-res-2699-adopted")
    assert (vote_event.date, vote_event.phrase) == ("2023-10-02", "on Monday")
    assert vote_event.anchor_note

    arrival = dossier.item("ev-2023-10-02-kenyan-arrival-expected")
    assert arrival.phrase == "in the coming months"
    interval = arrival.interval
    assert interval.kind == "open-ended" and interval.upper_open and interval.approximate
    assert interval.start >= date(2023, 10, 2)

    moise = dossier.item("ev-2021-07-07-moise-assassinated")
    assert moise.phrase == "in July 2021"


# -- citations ---------------------------------------------------------------------------


def test_every_item_has_a_citation(dossier: Dossier) -> None:
    for item in dossier.iter_items():
        assert len(item.citations) >= 1, item.id


def test_article_citations_point_at_their_words(dossier: Dossier, article_text: str) -> None:
    seen = 0
    for owner, citation in dossier.iter_citations():
        if citation.source != "article":
            continue
        seen += 1
        assert citation.span is not None, owner
        start, end = citation.span
        assert article_text[start:end] == citation.quote, owner
    assert seen >= 20


def test_external_citations_are_not_checkable(dossier: Dossier) -> None:
    for owner, citation in dossier.iter_citations():
        if not dossier.source(citation.source).bundled:
            assert not citation.checkable, owner


def test_every_source_is_cited(dossier: Dossier) -> None:
    cited = {c.source for _, c in dossier.iter_citations()}
    assert cited == {s.id for s in dossier.sources}


def test_countries_named_by_reference_spelling(dossier: Dossier) -> None:
    assert dossier.country_name("RUS") == "Russian Federation"
    assert dossier.country_name("ARE") == "United Arab Emirates"
    assert "UAE" in dossier.country("ARE").aliases
    assert "Russia" in dossier.country("RUS").aliases
    assert "U.S." in dossier.country("USA").aliases


def test_a_wrong_quote_is_refused(tmp_path: Path) -> None:
    """The guard works on this very file: alter one quoted word and loading fails."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    broken = tmp_path / "seeds" / "haiti-mss.toml"
    text = broken.read_text(encoding="utf-8")
    assert text.count("“an overdue and critical instrument") == 1
    broken.write_text(text.replace("“an overdue and critical instrument", "“an overdue and crucial instrument"), "utf-8")
    with pytest.raises(DossierError) as raised:
        load_dossier(broken)
    assert any(p.item == "stmt-ruto-overdue" for p in raised.value.problems)
