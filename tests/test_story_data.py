"""The bundled dossier tells the whole story to 2026 (issue #15, the data half).

Pins what an analyst's first questions rest on: every Council decision on Haiti with a
ballot per member of that year's Council, each ballot derived from a stated tally;
2793's abstainers; the MSS and GSF contributors with pledges and deployments; the
personnel lost, a disputed status shown as disputed; UN figures with their periods and
issuers; and what is not known, stated and never filled in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from models.edtf import parse_edtf
from models.loader import load_dossier
from models.query import CountryFilter
from models.schema import Dossier, Vote

DOSSIER = Path(__file__).resolve().parent.parent / "seeds" / "haiti-mss.toml"

RESOLUTIONS = {
    "vote-2653": ("S/RES/2653 (2022)", "2022-10-21"),
    "vote-2692": ("S/RES/2692 (2023)", "2023-07-14"),
    "vote-2699": ("S/RES/2699 (2023)", "2023-10-02"),
    "vote-2700": ("S/RES/2700 (2023)", "2023-10-19"),
    "vote-2751": ("S/RES/2751 (2024)", "2024-09-30"),
    "vote-2752": ("S/RES/2752 (2024)", "2024-10-18"),
    "vote-2785": ("S/RES/2785 (2025)", "2025-07-14"),
    "vote-2793": ("S/RES/2793 (2025)", "2025-09-30"),
    "vote-2794": ("S/RES/2794 (2025)", "2025-10-17"),
    "vote-2814": ("S/RES/2814 (2026)", "2026-01-29"),
}
UNANIMOUS = sorted(set(RESOLUTIONS) - {"vote-2699", "vote-2793"})
P5 = {"CHN", "FRA", "RUS", "GBR", "USA"}
ELECTED = {
    2022: {"ALB", "BRA", "GAB", "GHA", "IND", "IRL", "KEN", "MEX", "NOR", "ARE"},
    2023: {"ALB", "BRA", "ECU", "GAB", "GHA", "JPN", "MLT", "MOZ", "CHE", "ARE"},
    2024: {"DZA", "ECU", "GUY", "JPN", "MLT", "MOZ", "KOR", "SLE", "SVN", "CHE"},
    2025: {"DZA", "DNK", "GRC", "GUY", "PAK", "PAN", "KOR", "SLE", "SVN", "SOM"},
    2026: {"BHR", "COL", "COD", "DNK", "GRC", "LVA", "LBR", "PAK", "PAN", "SOM"},
}
NOT_FOUND = {
    "unk-gsf-deployments-after-2026-03": None,
    "unk-gsf-renewal-2026": "2026-09-30~",
    "unk-sanctions-renewal-2026": "2026-10-17~",
    "unk-election-2026-08-30": "2026-08-30",
    "unk-election-2026-12-06": "2026-12-06",
    "unk-casualties-2026": None,
    "unk-unsoh-head": None,
    "unk-us-gsf-trust-fund": None,
    "unk-pakistan-eov": None,
}


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return load_dossier(DOSSIER)


def vote(d: Dossier, vote_id: str) -> Vote:
    found = d.item(vote_id)
    assert isinstance(found, Vote)
    return found


def ballots_by_country(v: Vote) -> dict[str, str]:
    return {b.country: b.vote for b in v.ballots}


# -- the Council, year by year -------------------------------------------------------------


def test_each_year_2022_to_2026_has_its_council_of_five_permanent_and_ten_elected(dossier: Dossier) -> None:
    for year, elected in ELECTED.items():
        council = dossier.council(year)
        assert council is not None, year
        assert set(council.permanent) == P5
        assert set(council.elected) == elected
        assert len(council.members) == 15


def test_every_haiti_resolution_of_the_references_is_a_vote_with_fifteen_ballots(dossier: Dossier) -> None:
    assert {v.id for v in dossier.votes} == set(RESOLUTIONS)
    for vote_id, (symbol, day) in RESOLUTIONS.items():
        v = vote(dossier, vote_id)
        assert (v.resolution, v.date) == (symbol, day)
        assert len(v.ballots) == 15 and len({b.country for b in v.ballots}) == 15
        assert v.stated_tallies, f"{vote_id} has no tally a source states"
        assert v.summary


def test_each_vote_s_ballots_are_its_year_s_council_in_their_seats(dossier: Dossier) -> None:
    for v in dossier.votes:
        year = parse_edtf(v.date).start.year
        assert {b.country for b in v.ballots} == P5 | ELECTED[year], v.id
        for ballot in v.ballots:
            assert ballot.seat == ("permanent" if ballot.country in P5 else "elected"), ballot.id
            assert (ballot.term is None) == (ballot.seat == "permanent"), ballot.id
    # Two-year terms: Kenya's ended in 2022, Pakistan's runs 2025–2026.
    assert dossier.item("ballot-2653-ken").term == "2021–2022"
    assert dossier.item("ballot-2653-alb").term == "2022–2023"
    assert dossier.item("ballot-2814-pak").term == "2025–2026"
    assert dossier.item("ballot-2814-lbr").term == "2026–2027"


def test_every_ballot_on_a_unanimous_vote_is_derived_and_yes(dossier: Dossier) -> None:
    for vote_id in UNANIMOUS:
        v = vote(dossier, vote_id)
        assert v.tally.text() == "15–0–0", vote_id
        for ballot in v.ballots:
            assert (ballot.vote, ballot.basis) == ("yes", "derived"), ballot.id
            assert "Derived, not read from a ballot record" in (ballot.citations[0].summary or ""), ballot.id
        assert all(t.yes == 15 and t.no == 0 and t.abstain == 0 for t in v.stated_tallies), vote_id


def test_no_ballot_claims_to_be_read_from_a_record(dossier: Dossier) -> None:
    assert {b.basis for v in dossier.votes for b in v.ballots} == {"derived"}


def test_2793_is_12_0_3_with_china_pakistan_and_russia_abstaining(dossier: Dossier) -> None:
    v = vote(dossier, "vote-2793")
    assert v.tally.text() == "12–0–3"
    cast = ballots_by_country(v)
    assert {c for c, b in cast.items() if b == "abstain"} == {"CHN", "PAK", "RUS"}
    assert {c for c, b in cast.items() if b == "yes"} == (P5 | ELECTED[2025]) - {"CHN", "PAK", "RUS"}
    assert set(v.penholders) == {"USA", "PAN"}
    assert v.meeting == "10009th meeting"
    assert all((t.yes, t.no, t.abstain) == (12, 0, 3) for t in v.stated_tallies)
    sources = {t.citation.source for t in v.stated_tallies}
    assert {"un-sc16185", "ap-2025-09-30"} <= sources


def test_who_changed_their_vote_between_2699_and_2793(dossier: Dossier) -> None:
    """China and Russia abstained on both; Pakistan, not a member in 2023, abstained on 2793."""
    before, after = ballots_by_country(vote(dossier, "vote-2699")), ballots_by_country(vote(dossier, "vote-2793"))
    assert before["CHN"] == after["CHN"] == "abstain"
    assert before["RUS"] == after["RUS"] == "abstain"
    assert "PAK" not in before and after["PAK"] == "abstain"


def test_2793_abstainers_explanations_are_linked_and_pakistan_s_is_not_known(dossier: Dossier) -> None:
    by_country = {b.country: b for b in vote(dossier, "vote-2793").ballots}
    assert "stmt-fu-cong-2025-risks" in by_country["CHN"].explanations
    assert by_country["RUS"].explanations == ["stmt-nebenzia-2025"]
    assert by_country["PAK"].explanations == []
    unknown = dossier.item("unk-pakistan-eov")
    assert unknown.countries == ["PAK"]


def test_2692_unanimity_is_only_reported_and_says_so(dossier: Dossier) -> None:
    caveats = dossier.caveats_for("vote-2692")
    assert any(c.type == "single_source" and "one source" in c.summary for c in caveats)


def test_the_12_against_13_conflict_is_a_caveat_on_2793(dossier: Dossier) -> None:
    caveat = dossier.item("cav-2793-twelve-not-thirteen")
    assert "vote-2793" in caveat.about
    assert {"devdiscourse-2793", "rezonodwes-2793"} <= {c.source for c in caveat.citations}


# -- wire renderings and narration -----------------------------------------------------------


def test_wire_renderings_are_labelled_and_ap_s_narration_is_not_a_direct_quote(dossier: Dossier) -> None:
    assert dossier.item("stmt-fu-cong-2025-risks").reported_by == "AP"
    assert dossier.item("stmt-saint-cyr-2025").reported_by == "APP"
    narration = dossier.item("stmt-fu-cong-2025-us-funding")
    assert narration.mode == "paraphrase"
    for statement in dossier.statements:
        if statement.mode == "direct":
            assert "owes $800 million" not in statement.text
            assert "failed to provide promised funding" not in statement.text


# -- the forces: contributors, pledges, deployments ------------------------------------------


def test_mss_and_gsf_contributors_are_participants_with_deployments(dossier: Dossier) -> None:
    deployed = {d.country for d in dossier.deployments}
    assert {"KEN", "JAM", "BLZ", "BHS", "GTM", "SLV"} <= deployed
    for code in ("TCD", "BGD", "CAN", "BLZ", "GTM", "SLV"):
        assert dossier.participant(code) is not None, code
    assert {"MSS", "GSF"} <= {d.force for d in dossier.deployments}
    fifth = dossier.item("dep-ken-2025-12-08")
    assert (fifth.amount, fifth.date, fifth.force) == (230, "2025-12-08", "GSF")


def test_chad_s_two_pledges_disagree_and_a_caveat_says_so(dossier: Dossier) -> None:
    chad = dossier.participant("TCD")
    assert {(p.amount, p.force) for p in chad.pledges} == {(1500, "GSF"), (800, "GSF")}
    assert any(c.id == "cav-chad-1500-vs-800" for c in dossier.caveats_for("pledge-tcd-800-gsf"))
    assert not any(d.country == "TCD" for d in dossier.deployments), "no Chadian arrival was found"


def test_filtering_to_chad_keeps_its_pledges(dossier: Dossier) -> None:
    kept = {item.id for item in CountryFilter.of({"TCD"}, dossier).apply(dossier.iter_items())}
    assert {"part-tcd", "pledge-tcd-1500-gsf", "pledge-tcd-800-gsf"} <= kept


def test_filtering_to_pakistan_keeps_its_2793_abstention(dossier: Dossier) -> None:
    kept = CountryFilter.of({"PAK"}, dossier).apply(dossier.iter_items())
    ballots = [item for item in kept if item.kind == "ballot"]
    abstention = next(b for b in ballots if b.resolution == "S/RES/2793 (2025)")
    assert abstention.vote == "abstain"
    # Pakistan sat in 2025 and 2026: a ballot on each vote of those years, none before.
    assert {b.resolution for b in ballots} == {"S/RES/2785 (2025)", "S/RES/2793 (2025)", "S/RES/2794 (2025)",
                                               "S/RES/2814 (2026)"}
    assert "unk-pakistan-eov" in {item.id for item in kept}


def test_pledged_against_deployed_is_a_caveat(dossier: Dossier) -> None:
    caveat = dossier.item("cav-pledged-vs-deployed")
    assert {"fig-gsf-pledged-7500", "fig-gsf-2025-12-on-the-ground"} <= set(caveat.about)
    assert dossier.item("fig-gsf-pledged-7500").qualifier == "up_to"


def test_leadership_is_on_record(dossier: Dossier) -> None:
    assert "Godfrey Otunge" in dossier.item("fact-gsf-force-commander").text
    assert "Jack Christofides" in dossier.item("fact-gsf-special-representative").text
    assert "Carlos Ruiz Massieu" in dossier.item("fact-binuh-head").text


# -- personnel lost ---------------------------------------------------------------------------


def test_three_kenyan_officers_lost_and_kabiru_s_status_is_disputed(dossier: Dossier) -> None:
    losses = {loss.id: loss for loss in dossier.losses}
    assert set(losses) == {"loss-kaetuai", "loss-kabiru", "loss-nzuve"}
    assert (losses["loss-kaetuai"].status, losses["loss-kaetuai"].date) == ("killed", "2025-02-23")
    assert (losses["loss-nzuve"].status, losses["loss-nzuve"].date) == ("died", "2025-08-31")
    kabiru = losses["loss-kabiru"]
    assert kabiru.status == "disputed"
    note = kabiru.status_note
    assert "Reported killed" in note and '"unaccounted for"' in note and "counted among the three dead" in note
    assert any("unaccounted for" in (c.quote or "") for c in kabiru.citations)
    assert all(loss.country == "KEN" for loss in losses.values())


def test_no_gsf_fatality_is_invented(dossier: Dossier) -> None:
    assert not [loss for loss in dossier.losses if loss.force == "GSF"]
    assert dossier.has_item("unk-gsf-fatalities")


# -- figures ----------------------------------------------------------------------------------


def test_yearly_un_death_counts_for_2024_and_2025_with_issuer_and_period(dossier: Dossier) -> None:
    y2024, y2025 = dossier.item("fig-ohchr-2024-killed"), dossier.item("fig-binuh-2025-killed")
    assert (y2024.value, y2024.qualifier, y2024.period) == (5601, "at_least", "2024")
    assert "OHCHR" in y2024.issuer
    assert (y2025.value, y2025.qualifier, y2025.period) == (5915, "at_least", "2025")
    assert "BINUH" in y2025.issuer


def test_killed_or_injured_is_never_measured_as_killed(dossier: Dossier) -> None:
    for fig_id in ("fig-binuh-2024-q1-killed-or-injured", "fig-binuh-2024-q2-killed-or-injured"):
        figure = dossier.item(fig_id)
        assert "killed or injured" in figure.measure
        assert any(c.id == "cav-killed-or-injured" for c in dossier.caveats_for(fig_id))


def test_every_figure_has_a_period_and_an_issuer(dossier: Dossier) -> None:
    for figure in dossier.figures:
        assert parse_edtf(figure.period) is not None and figure.issuer, figure.id


def test_no_casualty_or_displacement_figure_for_2026_exists(dossier: Dossier) -> None:
    for figure in dossier.figures:
        if "Haiti" not in figure.measure and "displaced" not in figure.measure:
            continue
        interval = parse_edtf(figure.period)
        assert interval.start is None or interval.start < date(2026, 1, 1), figure.id
    assert dossier.has_item("unk-casualties-2026")


# -- what is not known ------------------------------------------------------------------------


def test_each_thing_not_found_is_an_unknown_cited_to_the_research_notes(dossier: Dossier) -> None:
    notes = dossier.source("research-notes")
    assert (notes.type, notes.publisher, notes.date) == ("other", "MSS Explorer project", "2026-12-07")
    for unknown_id, due in NOT_FOUND.items():
        unknown = dossier.item(unknown_id)
        assert unknown.kind == "unknown"
        assert unknown.due == due, unknown_id
        assert any(c.source == "research-notes" and c.summary for c in unknown.citations), unknown_id


def test_nothing_is_filled_in_after_the_as_of_date(dossier: Dossier) -> None:
    as_of = parse_edtf(dossier.as_of).end
    assert dossier.as_of == "2026-03-21"
    for event in dossier.events:
        assert event.interval.end is None or event.interval.end <= as_of, event.id
    for v in dossier.votes:
        assert parse_edtf(v.date).end <= as_of, v.id
    assert "not known" in dossier.description
    assert dossier.not_covered


def test_the_timeline_runs_through_the_gsf_to_march_2026(dossier: Dossier) -> None:
    ids = {e.id for e in dossier.events}
    for expected in ("ev-2025-10-02-mss-authorisation-expires", "ev-2025-10-17-first-gsf-operations",
                     "ev-2025-12-02-christofides-named", "ev-2025-12-09-force-generation-conference",
                     "ev-2025-12-08-fifth-kenyan-contingent", "ev-2026-02-07-tpc-mandate-ends",
                     "ev-2026-01-29-res-2814-binuh"):
        assert expected in ids
