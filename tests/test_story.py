"""The whole story: several resolutions with each year's Council, the grid of ballots
over time, pledged against sent, personnel lost and what is not known."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from models.contributions import contributions
from models.loader import DossierError, load_dossier
from models.query import CountryFilter
from models.schema import Dossier
from models.summary import summarize
from models.vote_grid import vote_grid, votes_in_order
from tests.conftest import WriteDossier, small_dossier_data
from tests.robustness.drive import settle
from tests.robustness.screen import screen_output
from tui.app import create_app
from tui.widgets.pledge_chart import PledgeChart
from tui.widgets.vote_grid import VoteGridTable

ART = "China and Russia abstained."


def _cite() -> list[dict[str, Any]]:
    return [{"source": "art", "quote": ART}]


def _vote(number: int, date: str, votes: dict[str, str], *, elected: tuple[str, ...]) -> dict[str, Any]:
    ballots = []
    for code, vote in votes.items():
        ballot = {"id": f"ballot-{number}-{code.lower()}", "country": code, "vote": vote, "basis": "derived",
                  "seat": "elected" if code in elected else "permanent", "citations": _cite()}
        ballots.append(ballot)
    counts = {k: sum(v == k for v in votes.values()) for k in ("yes", "no", "abstain")}
    return {"id": f"vote-{number}", "resolution": f"S/RES/{number} ({date[:4]})", "date": date,
            "summary": f"Resolution {number}.", "penholders": ["USA"], "ballots": ballots, "citations": _cite(),
            "stated_tallies": [{**counts, "citation": {"source": "ext", "summary": f"{counts['yes']} in favour"}}]}


def story_data() -> dict[str, Any]:
    """Three resolutions over two years: Russia votes yes, then abstains; Ecuador sits
    only in 2023, Ghana only in 2024."""
    d = copy.deepcopy(small_dossier_data())
    d["countries"].append({"code": "GHA", "name": "Ghana", "aliases": []})
    d["countries"].append({"code": "TCD", "name": "Chad", "aliases": []})
    d["councils"] = [
        {"id": "council-2023", "year": 2023, "permanent": ["CHN", "RUS", "USA"], "elected": ["ECU"],
         "citations": [{"source": "ext", "summary": "The members in 2023."}]},
        {"id": "council-2024", "year": 2024, "permanent": ["CHN", "RUS", "USA"], "elected": ["GHA"],
         "citations": [{"source": "ext", "summary": "The members in 2024."}]},
    ]
    first = _vote(1, "2023-10-02", {"CHN": "abstain", "RUS": "abstain", "USA": "yes", "ECU": "yes"}, elected=("ECU",))
    first["id"] = "vote-1"  # the mission's
    first["ballots"][0]["explanations"] = ["stmt-ken"]
    d["votes"] = [
        _vote(0, "2023-07-14", {"CHN": "yes", "RUS": "yes", "USA": "yes", "ECU": "yes"}, elected=("ECU",)),
        first,
        _vote(2, "2024-09-30", {"CHN": "yes", "RUS": "yes", "USA": "yes", "GHA": "yes"}, elected=("GHA",)),
    ]
    d["participants"].append({"id": "part-tcd", "country": "TCD", "roles": ["contributor"], "citations": _cite(),
                              "pledges": [{"id": "pledge-tcd", "amount": 1500, "unit": "soldiers", "type": "soldiers",
                                           "date": "2025-12-09", "force": "GSF", "citations": _cite()}]})
    d["participants"][0]["pledges"].append({"id": "pledge-ken-money", "amount": 5_000_000, "unit": "USD",
                                            "type": "money", "date": "2023-08", "citations": _cite()})
    d["deployments"] = [
        {"id": "dep-ken-1", "country": "KEN", "amount": 400, "qualifier": "about", "unit": "police officers",
         "type": "police", "date": "2024-06-25", "force": "MSS", "citations": _cite()},
        {"id": "dep-ken-2", "country": "KEN", "amount": 800, "qualifier": "about", "unit": "police officers",
         "type": "police", "date": "2025-12", "force": "MSS", "citations": _cite()},
    ]
    d["losses"] = [{"id": "loss-1", "name": "An officer", "country": "KEN", "date": "2025-03-25",
                    "status": "disputed", "status_note": "Reported killed, later unaccounted for.",
                    "summary": "Missing after an attack.", "citations": _cite()}]
    d["unknowns"] = [{"id": "unknown-renewal", "topic": "Renewal", "summary": "Whether the force was renewed.",
                      "due": "2026-09-30~", "countries": ["KEN"], "citations": [{"source": "ext",
                                                                                  "summary": "Not found."}]}]
    return d


@pytest.fixture
def story(write_dossier: WriteDossier) -> Dossier:
    data = story_data()
    return load_dossier(write_dossier(lambda d: d.update(data)))


# -- the loader ----------------------------------------------------------------------


def _problems(write_dossier: WriteDossier, edit) -> list[str]:
    data = story_data()
    edit(data)
    with pytest.raises(DossierError) as caught:
        load_dossier(write_dossier(lambda d: d.update(data)))
    return [str(p) for p in caught.value.problems]


def test_a_vote_missing_a_member_of_that_years_council_is_refused(write_dossier: WriteDossier) -> None:
    def drop_ghana(d: dict[str, Any]) -> None:
        vote = d["votes"][2]
        vote["ballots"] = vote["ballots"][:3]
        vote["stated_tallies"][0]["yes"] = 3

    problems = _problems(write_dossier, drop_ghana)
    assert any("item 'vote-2'" in p and "no ballot for GHA" in p and "council-2024" in p for p in problems), problems


def test_a_ballot_by_a_country_not_on_the_council_is_refused(write_dossier: WriteDossier) -> None:
    def ecuador_in_2024(d: dict[str, Any]) -> None:
        d["votes"][2]["ballots"][3].update(country="ECU", id="ballot-2-ecu")

    problems = _problems(write_dossier, ecuador_in_2024)
    assert any("item 'ballot-2-ecu'" in p and "ECU was not a member of the Council in 2024" in p for p in problems)


def test_a_ballot_in_the_wrong_seat_is_refused(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["votes"][2]["ballots"][3].update(seat="permanent"))
    assert any("item 'ballot-2-gha'" in p and "field 'seat'" in p for p in problems), problems


def test_a_council_year_listed_twice_is_refused(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["councils"].append({**d["councils"][1], "id": "council-again"}))
    assert any("item 'council-again'" in p and "listed twice" in p for p in problems), problems


def test_a_derived_ballot_that_contradicts_the_tally_is_refused(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["votes"][2]["ballots"][0].update(vote="abstain"))
    assert any("item 'vote-2'" in p and "states yes = 4, but the ballots give 3" in p for p in problems), problems


def test_a_deployment_of_a_country_that_is_no_participant_is_refused(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["deployments"][0].update(country="GHA"))
    assert any("item 'dep-ken-1'" in p and "no entry among the participants" in p for p in problems), problems


def test_validate_lists_each_resolution_with_its_tally_and_basis(write_dossier: WriteDossier) -> None:
    data = story_data()
    data["votes"][2]["ballots"][3].update(basis="read")  # Ghana's ballot quotes the article
    text = summarize(load_dossier(write_dossier(lambda d: d.update(data))))
    lines = text[text.index("Resolutions: 3"):].splitlines()
    assert lines[1].split()[:3] == ["S/RES/0", "(2023)", "2023-07-14"] and "4 derived" in lines[1]
    assert "2–0–2" in lines[2] and "abstaining CHN, RUS" in lines[2]
    assert "1 read,  3 derived" in lines[3]


# -- the queries ---------------------------------------------------------------------


def test_the_grid_marks_a_changed_ballot(story: Dossier) -> None:
    grid = vote_grid(story, story.votes)
    assert [v.id for v in grid.votes] == ["vote-0", "vote-1", "vote-2"]  # by date
    assert grid.members[:3] == ("CHN", "RUS", "USA")  # permanent first
    russia = grid.members.index("RUS")
    assert [b.vote if b else None for b in grid.cells[russia]] == ["yes", "abstain", "yes"]
    assert grid.changed >= {"ballot-1-rus", "ballot-2-rus"}
    assert "ballot-1-usa" not in grid.changed
    assert [(a.id, b.id) for a, b in grid.changes("RUS")] == [("ballot-0-rus", "ballot-1-rus"),
                                                              ("ballot-1-rus", "ballot-2-rus")]
    ghana = grid.members.index("GHA")
    assert grid.cells[ghana][:2] == (None, None)  # not a member in 2023


def test_the_grid_keeps_only_the_filtered_members(story: Dossier) -> None:
    grid = vote_grid(story, story.votes, {"GHA"})
    assert grid.members == ("GHA",) and grid.cells[0][2] is not None


def test_contributions_set_the_largest_pledge_of_people_against_the_largest_deployment(story: Dossier) -> None:
    rows = {row.country: row for row in contributions(story)}
    assert rows["KEN"].pledged is not None and rows["KEN"].pledged.id == "pledge-ken"  # not the money
    assert rows["KEN"].deployed is not None and rows["KEN"].deployed.id == "dep-ken-2"
    assert rows["TCD"].deployed is None
    assert [row.country for row in contributions(story, {"TCD"})] == ["TCD"]


def test_filters_keep_the_new_kinds(story: Dossier) -> None:
    kenya = CountryFilter.of({"KEN"}, story)
    assert {d.id for d in kenya.apply(story.deployments)} == {"dep-ken-1", "dep-ken-2"}
    assert [x.id for x in kenya.apply(story.losses)] == ["loss-1"]
    assert [x.id for x in kenya.apply(story.unknowns)] == ["unknown-renewal"]
    assert [v.id for v in votes_in_order(story)] == ["vote-0", "vote-1", "vote-2"]


# -- the views -----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_vote_view_goes_from_resolution_to_resolution(story: Dossier, tmp_path: Path, size) -> None:
    app = create_app(story, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.views["vote"]
        assert view.vote.id == "vote-1"  # the mission's resolution first
        assert "S/RES/1 (2023)" in screen_output(app)[0]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.pause()  # the tally and the rows, then their layout
        assert view.vote.id == "vote-2"
        assert list(view.table.ids) == ["ballot-2-chn", "ballot-2-rus", "ballot-2-usa", "ballot-2-gha"]
        text = screen_output(app)[0]
        assert "S/RES/2 (2024)" in text and "3 of 3 · 30 Sep 2024" in text
        await pilot.press("right_square_bracket")  # round to the first
        await settle(pilot)
        assert view.vote.id == "vote-0"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_grid_shows_each_members_ballots_over_time(story: Dossier, tmp_path: Path, size) -> None:
    app = create_app(story, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.press("3", "m")
        await settle(pilot)
        view = app.screen.views["vote"]
        grid = app.screen.query_one(VoteGridTable)
        assert grid.display and not view.table.display and app.focused is grid
        text = screen_output(app)[0]
        assert "Russia " in text and "◆" in text and "did not sit" in text  # the short alias that fits
        russia = grid.grid.members.index("RUS")
        grid.move_cursor(row=russia, column=2)
        await settle(pilot)
        assert view.current_id == "ballot-1-rus"
        detail = "\n".join(str(w.render()) for w in app.screen.query("#vote DetailPanel Static"))
        assert "Russian Federation" in detail and "Abstain" in detail
        ghana = grid.grid.members.index("GHA")
        grid.move_cursor(row=ghana, column=1)
        await settle(pilot)
        assert view.current_id == "vote-0"  # Ghana did not sit: the vote itself
        grid.move_cursor(row=0, column=2)  # China on resolution 1: it explained its vote
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.current_view.name == "statements"


async def test_the_grid_follows_the_country_filter(story: Dossier, tmp_path: Path) -> None:
    app = create_app(story, notes_path=tmp_path / "notes.toml", countries=["GHA"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.views["vote"]
        assert view.vote.id == "vote-2"  # Ghana did not sit in 2023: its resolution shown
        assert list(view.table.ids) == ["ballot-2-gha"]
        await pilot.press("m")
        await settle(pilot)
        assert app.screen.query_one(VoteGridTable).grid.members == ("GHA",)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_chart_sets_pledged_against_sent(story: Dossier, tmp_path: Path, size) -> None:
    app = create_app(story, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await settle(pilot)
        view = app.screen.views["participants"]
        assert "dep-ken-2" in view.table.ids
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.query_one(PledgeChart).display and not view.table.display
        text = screen_output(app)[0]
        assert "1,500 soldiers (9 Dec 2025)" in text and "about 800 police officers (Dec 2025)" in text
        assert "none recorded" in text  # Chad sent nobody the dossier knows of
        assert "US$" not in text


async def test_overview_and_timeline_say_what_is_not_known(story: Dossier, tmp_path: Path) -> None:
    app = create_app(story, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_output(app)[0]
        assert "WHAT IS NOT KNOWN" in text and "Renewal: Whether the force was renewed" in text
        assert "MISSION PERSONNEL LOST" in text
        await pilot.press("5")
        await settle(pilot)
        timeline = app.screen.views["timeline"]
        assert timeline.select("unknown-renewal")
        await settle(pilot)
        text = screen_output(app)[0]
        assert "Not known" in text and "due c. 30 Sep 2026" in text


async def test_filtered_the_vote_view_lists_a_members_ballot_on_every_resolution(dossier, tmp_path: Path) -> None:
    """Filter to Pakistan: its ballots on 2785, 2793 (its abstention), 2794 and 2814, in
    date order; [ and ] go from one to the next, the tally above following."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml", countries=["PAK"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.views["vote"]
        ids = list(view.table.ids)
        assert ids == [b.id for v in votes_in_order(dossier) for b in v.ballots if b.country == "PAK"]
        assert "ballot-2793-pak" in ids and dossier.item("ballot-2793-pak").vote == "abstain"
        assert "2793 (2025) Pakistan" in screen_output(app)[0]
        await pilot.press("]")
        await settle(pilot)
        assert view.current_id == ids[1] and view.vote.id == "vote-2793"
        assert "S/RES/2793 (2025)" in screen_output(app)[0] and "Abstain 3" in screen_output(app)[0]


async def test_a_country_that_never_sat_says_so(dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml", countries=["JAM"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert list(app.screen.views["vote"].table.ids) == []
        assert "Jamaica was not a Council member in any year of these votes (2022–2026)" in screen_output(app)[0]
