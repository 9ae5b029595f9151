"""Narrowing a list in place with | (issue 17 point 17), / staying the search of
everything, and recent queries recalled with ↑ in both boxes."""

from __future__ import annotations

import threading
from pathlib import Path

from models.schema import Dossier
from tests.robustness.drive import settle
from tests.test_sorting import record_threads
from tests.test_start_and_big_lists import ROWS, big_dossier, until, view_ready  # noqa: F401
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.views.narrowing import narrow_headed
from tui.widgets.item_list import ItemList
from tui.widgets.item_table import ItemTable
from tui.widgets.narrow_bar import NarrowBar


def make(dossier: Dossier, tmp_path: Path):
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def test_headings_stay_over_the_rows_they_keep() -> None:
    ids = [None, "a", "b", None, "c", None, "d"]
    texts = {1: "Kenya police", 2: "Haiti", 4: "Kenyan troops", 6: "Chad"}
    assert narrow_headed(ids, texts.__getitem__, "kenya") == [0, 1, 3, 4]
    assert narrow_headed(ids, texts.__getitem__, "KENYA POLICE") == [0, 1]
    assert narrow_headed(ids, texts.__getitem__, "") == list(range(7))


async def test_bar_narrows_a_table_as_you_type(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        everything = list(table.ids)
        await pilot.press("|")
        await settle(pilot)
        bar = app.screen.query_one("#statements NarrowBar", NarrowBar)
        assert bar.input.has_focus
        await pilot.press(*"ruto")
        await settle(pilot)
        shown = list(table.ids)
        assert 0 < len(shown) < len(everything)
        assert all("Ruto" in dossier.item(i).speaker.name or "ruto" in dossier.item(i).text.lower() for i in shown)
        assert str(bar.query_one(".narrow-count").render()) == f"{len(shown)} of {len(everything)}"
        await pilot.press("enter")  # keeps the narrowing, back to the list
        await settle(pilot)
        assert table.has_focus and list(table.ids) == shown and bar.display
        await pilot.press("j")
        await settle(pilot)
        assert table.current_id == shown[1]
        await pilot.press("|", "escape")  # clears it
        await settle(pilot)
        assert table.has_focus and list(table.ids) == everything and not bar.display
        assert table.current_id == shown[1]  # the item the cursor was on stays selected


async def test_slash_is_still_the_search_of_everything(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_overview_narrows_under_its_headings(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        listing = app.screen.query_one("#overview ItemList", ItemList)
        listing.focus()
        before = listing.row_count
        await pilot.press("|", *"jamaica", "enter")
        await settle(pilot)
        assert 0 < listing.row_count < before
        assert listing.ids[0] is None  # a heading first
        texts = [listing.row_content(i).plain.lower() for i in range(listing.row_count) if listing.ids[i]]
        assert texts and all("jamaica" in t for t in texts)


async def test_no_match_says_so(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6", "|", *"zzzqqq")
        await settle(pilot)
        notice = app.screen.query_one("#sources .empty-notice")
        assert notice.display and "zzzqqq" in str(notice.render())


async def test_recent_queries_come_back_with_up(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"kenya", "escape", "slash", *"jamaica", "escape")
        await pilot.press("slash")
        await settle(pilot)
        box = app.screen.query_one("#search-query")
        assert box.value == ""
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "jamaica"
        await pilot.press("up")
        await settle(pilot)
        assert box.value == "kenya"
        await pilot.press("down", "down")
        await settle(pilot)
        assert box.value == ""
        await pilot.press("escape")
        # The narrowing box keeps its own.
        await pilot.press("4", "|", *"ruto", "enter", "|", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("|")
        await settle(pilot)
        bar = app.screen.query_one("#statements NarrowBar", NarrowBar)
        assert bar.input.value == ""
        await pilot.press("up")
        await settle(pilot)
        assert bar.input.value == "ruto"


async def test_a_big_table_narrows_in_a_thread(big_dossier, tmp_path: Path) -> None:  # noqa: F811
    app = create_app(big_dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        view = app.screen.views["statements"]
        threads = record_threads(view, "narrow")
        await pilot.press("|", *"number 9999")
        await until(pilot, lambda: view_ready(app, "statements")() and view.table.row_count == 1)
        assert threads and all(name != threading.main_thread().name for name in threads)
        assert view.table.current_id == f"stmt-{ROWS - 1:05d}"


async def test_a_country_is_found_by_its_name_where_the_row_shows_its_code(dossier: Dossier,
                                                                           tmp_path: Path) -> None:
    """Statements show "Zhang Jun (CHN)": narrowing by "china" finds every statement
    by a speaker of China, not only those whose words say China."""
    from models.schema import Statement

    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", "|", *"china")
        await settle(pilot)
        await settle(pilot)
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        shown = set(table.ids)
        by_china = {s.id for s in dossier.statements if isinstance(s, Statement) and "CHN" in s.country_codes()}
        assert len(by_china) > 1 and by_china <= shown
