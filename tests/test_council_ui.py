"""The Council record view (8), a member's record, agreement and the Vote view's ✓,
driven with Pilot on a record imported from the hand-made fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from models.council import import_csv
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.screens.council_member import BallotsScreen, MemberPicker, MemberScreen
from tui.views.council import CouncilView
from tui.widgets.item_table import ItemTable
from tui.widgets.year_bars import YearBars

FIXTURE = Path(__file__).parent / "fixtures" / "council" / "sc_voting_fixture.csv"


@pytest.fixture
def record_path(tmp_path: Path) -> Path:
    path = tmp_path / "record.sqlite"
    import_csv(FIXTURE, path)
    return path


def make(dossier: Dossier, tmp_path: Path, votes: Path | None, **kwargs) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml", votes_path=votes, **kwargs)


async def open_council(pilot) -> CouncilView:
    await pilot.press("8")
    view = pilot.app.screen.query_one("#council", CouncilView)
    for _ in range(100):
        await pilot.pause(0.02)
        if not view.busy:
            break
    await settle(pilot)
    return view


def rows(view: CouncilView) -> list[list[str]]:
    table = view.query_one(ItemTable)
    return [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]


async def type_search(pilot, view: CouncilView, text: str) -> None:
    search = view.query_one("#council-search", Input)
    search.value = text
    for _ in range(100):
        await pilot.pause(0.02)
        if not view.busy:
            break
    await settle(pilot)


async def test_without_a_record_the_view_says_how_to_import(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path, tmp_path / "none.sqlite")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        notice = str(view.query_one(".empty-notice", Static).render())
        assert "mss-explorer votes import PATH-TO-THE-CSV" in notice
        assert "https://digitallibrary.un.org/record/4055387" in notice
        assert str(tmp_path / "none.sqlite") in notice
        assert not view.table.display
        await pilot.press("m")  # nothing to show: a message, no crash
        await settle(pilot)
        assert not isinstance(app.screen, MemberScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_resolution_is_listed_and_searchable(dossier: Dossier, tmp_path: Path, record_path: Path,
                                                         size) -> None:
    app = make(dossier, tmp_path, record_path)
    async with app.run_test(size=size) as pilot:
        view = await open_council(pilot)
        listed = rows(view)
        assert [r[1] for r in listed] == ["101 (1953)", "504 (1982)", "2699 (2023)", "2717 (2023)", "2793 (2025)",
                                          "2805 (2025)"]
        assert listed[2][:3] == ["2023-10-02", "2699 (2023)", "13–0–2"]
        assert listed[3][2] == "no vote"
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.focused, Input)
        await pilot.press(*"haiti")
        for _ in range(100):
            await pilot.pause(0.02)
            if not view.busy:
                break
        assert [r[1] for r in rows(view)] == ["2699 (2023)", "2793 (2025)", "2805 (2025)"]
        await type_search(pilot, view, "year:2024-2025 outcome:abst")
        assert [r[1] for r in rows(view)] == ["2793 (2025)"]
        await type_search(pilot, view, "subject:armistice")
        assert [r[1] for r in rows(view)] == ["101 (1953)"]
        await type_search(pilot, view, "nothing-like-this")
        assert rows(view) == [] and "No resolution matches" in str(view.query_one(".empty-notice").render())


async def test_the_country_filter_shows_the_members_ballots(dossier: Dossier, tmp_path: Path,
                                                           record_path: Path) -> None:
    app = make(dossier, tmp_path, record_path, countries=["PAK"])
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        assert [(r[1], r[3]) for r in rows(view)] == [("101 (1953)", "yes"), ("2793 (2025)", "abstain"),
                                                     ("2805 (2025)", "did not vote")]
        await pilot.press("a")  # a note on a row of the record: refused politely, no crash
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen) and app.screen.code == "PAK"
        bars = app.screen.query_one(YearBars)
        assert set(bars.counts) == {1953, 2025}
        chart = str(bars.render())
        assert "1953 █" in chart and "2025 ▒" in chart and "1 abst" in chart and "1 nv" in chart
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, MemberPicker)
        await pilot.press(*"russian", "enter")
        await settle(pilot)
        member = app.screen
        assert isinstance(member, MemberScreen)
        agreement = str(member.query_one("#member-agreement", Static).render())
        assert "Agreement with Russian Federation: 50%" in agreement and "1 of the 2" in agreement
        differing = member.query_one("#member-differing", Static)
        assert not differing.display
        await pilot.press("d")
        await settle(pilot)
        assert differing.display and "PAK did not vote / RUS yes" in str(differing.render())


async def test_a_member_never_on_the_council(dossier: Dossier, tmp_path: Path, record_path: Path) -> None:
    app = make(dossier, tmp_path, record_path, countries=["KEN"])
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        assert rows(view) == []
        assert "Kenya never sat on the Council in this record (imported from sc_voting_fixture.csv" in str(
            view.query_one(".empty-notice").render())


async def test_enter_shows_every_ballot_and_the_link(dossier: Dossier, tmp_path: Path, record_path: Path) -> None:
    app = make(dossier, tmp_path, record_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        detail = str(view.query_one("#council-detail-text", Static).render())
        assert "S/RES/2699(2023)" in detail and "Abstain (2): China, Russian Federation" in detail
        assert "Copyright, United Nations" in detail
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BallotsScreen)
        text = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert text.count("permanent") == 5 and text.count("elected") == 10
        assert "https://digitallibrary.un.org/record/4022931" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BallotsScreen)


async def test_the_vote_view_marks_confirmed_ballots(dossier: Dossier, tmp_path: Path, record_path: Path) -> None:
    app = make(dossier, tmp_path, record_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        ballots = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        assert ballots.count("Abstain ✓") == 2 and ballots.count("Yes ✓") == 13
    plain = make(dossier, tmp_path, tmp_path / "none.sqlite")
    async with plain.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = plain.screen.query_one("#vote ItemTable", ItemTable)
        assert "✓" not in " ".join(table.get_row_at(i)[1].plain for i in range(table.row_count))


async def test_widths_kept_per_row_are_the_measured_ones(dossier: Dossier, tmp_path: Path,
                                                        record_path: Path) -> None:
    """The view measures each row once and takes maxima after; the same as measuring."""
    from functools import partial

    from tui.widgets.item_table import measure_widths

    app = make(dossier, tmp_path, record_path, countries=["PAK", "USA"])
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        for text in ("", "haiti", "year:1950-1990", "outcome:without"):
            await type_search(pilot, view, text)
            ids = view.record.ids(view.filters)
            members = view._members
            expected = measure_widths([str(i) for i in ids], partial(view.row_cells, members=members,
                                                                     ballots=view._ballots), 4 + len(members))
            assert view._measure(ids, members, view._ballots) == expected


async def test_import_from_the_app_with_a_progress_bar(dossier: Dossier, tmp_path: Path) -> None:
    from textual.widgets import ProgressBar

    from tui.screens.council_member import ImportDialog

    target = tmp_path / "record.sqlite"
    app = make(dossier, tmp_path, target)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        assert "press i to import it from here" in str(view.query_one(".empty-notice").render())
        bad = tmp_path / "bad.csv"
        bad.write_text("a,b\n1,2\n", encoding="utf-8")
        for path, rows_after in ((bad, 0), (FIXTURE, 6)):
            await pilot.press("i")
            await settle(pilot)
            assert isinstance(app.screen, ImportDialog)
            app.screen.query_one(Input).value = str(path)
            await pilot.press("enter")
            await settle(pilot)
            assert view.query_one("#council-progress", ProgressBar).display or not view.workers_running()
            await app.workers.wait_for_complete()
            for _ in range(100):
                await pilot.pause(0.02)
                if not view.busy:
                    break
            assert not view.query_one("#council-progress").display
            assert len(rows(view)) == rows_after
            assert target.exists() == bool(rows_after)
        assert view.table.display and view.record.edition["file"] == "sc_voting_fixture.csv"


async def test_u_in_the_vote_view_opens_the_resolution_in_the_record(dossier: Dossier, tmp_path: Path,
                                                                     record_path: Path) -> None:
    app = make(dossier, tmp_path, record_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "u")
        view = app.screen.query_one("#council", CouncilView)
        for _ in range(100):
            await pilot.pause(0.02)
            if not view.busy:
                break
        await settle(pilot)
        assert app.screen.query_one("ContentSwitcher").current == "council"
        assert view.record.resolution("S/RES/2699 (2023)").id == int(view.current_id)
        # Again, with a search that hides it: the search is cleared, the cursor put on it.
        await type_search(pilot, view, "qibya")
        await pilot.press("3", "u")
        for _ in range(100):
            await pilot.pause(0.02)
            if not view.busy:
                break
        await settle(pilot)
        assert view.query_one("#council-search", Input).value == ""
        assert view._by_id[int(view.current_id)].symbol == "S/RES/2699(2023)"


async def test_the_files_words_are_never_markup_or_controls(dossier: Dossier, tmp_path: Path) -> None:
    """A hostile file: names and descriptions with markup and an escape sequence."""
    from tests.test_council_record import fixture_rows, write_rows

    rows = fixture_rows()
    for row in rows[1:]:
        if row[1] == "CHN":
            row[2] = "[b]EVIL[/b] \x1b[31mRED"
    for row in rows[1:16]:
        row[9] = "[on red]desc[/] \x1b]0;title\x07"
    source = write_rows(tmp_path / "hostile.csv", rows)
    record = tmp_path / "r.sqlite"
    import_csv(source, record)
    app = make(dossier, tmp_path, record, countries=["CHN"])
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_council(pilot)
        await pilot.press("G", "k")  # 2793 (2025), the rows made hostile
        await settle(pilot)
        detail = str(view.query_one("#council-detail-text", Static).render())
        assert "[on red]desc[/]" in detail and "\x1b" not in detail and "␛" in detail
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MemberScreen)
        title = app.screen.query_one(".council-dialog").border_title
        # Kept as markup-escaped text (drawn as written, title-cased), the escape made visible.
        assert str(title).startswith("\\[b]evil\\[/b] ␛[31mred (CHN)")


async def test_the_vote_view_marks_a_ballot_the_record_contradicts(dossier: Dossier, tmp_path: Path) -> None:
    from tests.test_council_record import fixture_rows, write_rows

    rows = fixture_rows()
    for row in rows:
        if row[6] == "S/RES/2699(2023)" and row[1] == "ECU":
            row[4] = "N"
    record = tmp_path / "r.sqlite"
    import_csv(write_rows(tmp_path / "f.csv", rows), record)
    app = make(dossier, tmp_path, record)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        cells = {table.get_row_at(i)[0].plain: table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert cells["Ecuador"] == "Yes ✗ UN: no" and cells["China"] == "Abstain ✓"
