"""The frame comes first, the dossier after it; long lists stay usable (issue #7).

- Given a path, the app paints header, tabs, footer and a loading indicator, loads the
  dossier in a thread, then shows the content; what cannot be loaded ends it with
  return code 2 and the loader's message (the CLI prints it, see test_cli).
- A table of 10,000 rows is worked out in a thread and drawn only where it is on
  screen; keys reach its last row, and enter opens that row's evidence.
- The timeline says how tall each row is without drawing it, exactly as drawn.
- With several votes, the one tally bar follows the selected ballot's vote.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, LoadingIndicator

from models.loader import load_dossier
from models.paths import bundled_dossier_path
from models.query import timeline
from tests.conftest import WriteDossier, small_dossier_data
from tests.robustness.corpus import SHOWN
from tests.robustness.drive import settle
from tui import app as app_module
from tui.app import ExplorerApp, create_app
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.timeline_axis import axis_rows, plan_axis
from tui.views.base import ItemsView
from tui.widgets.item_table import ItemTable
from tui.widgets.tally_bar import TallyBar
from tui.widgets.view_tabs import ViewTabs


async def until(pilot, condition, *, seconds: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (rows worked out in threads)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not get there in time")


def view_ready(app: ExplorerApp, name: str):
    def ready() -> bool:
        view = app.screen.views.get(name) if isinstance(app.screen, MainScreen) else None
        return view is not None and view.started and not view.busy
    return ready


# -- the first frame, then the content --------------------------------------------------


@pytest.fixture
def held_loading(monkeypatch: pytest.MonkeyPatch):
    """The app's loading thread waits until the test sets the returned event."""
    release = threading.Event()
    load = app_module.load_everything

    def held(*args: Any, **kwargs: Any):
        release.wait(30)
        return load(*args, **kwargs)

    monkeypatch.setattr(app_module, "load_everything", held)
    yield release
    release.set()


async def test_loading_screen_then_content(tmp_path: Path, held_loading: threading.Event) -> None:
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # the loading held (settle would wait for the content)
        screen = app.screen
        assert isinstance(screen, MainScreen) and not screen.ready and app.dossier is None
        assert screen.query(LoadingIndicator).filter("#loading")
        assert screen.query_one(ViewTabs).active == "tab-overview"
        assert "Loading haiti-mss.toml" in app.sub_title
        # Keys that need the dossier are not offered yet: they are kept (tui/typeahead.py)
        # and acted on once it is loaded, "/" opening the search and "f" typed in it.
        keys = set(screen.active_bindings)
        assert "slash" not in keys and "f" not in keys and "question_mark" in keys
        await pilot.press("slash", "f")
        await until(pilot, lambda: app.typeahead.held == ["slash", "f"])
        assert app.screen is screen

        held_loading.set()
        await until(pilot, lambda: app.content_shown)
        # Until the kept keys are acted on: the test ended while they were still being
        # handed back, and Textual's run_test closed the screens before the app took the
        # last of them from its queue (ScreenStackError, under load).
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen) and search.query_one(Input).value == "f"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.ready and app.dossier is not None
        assert not screen.query("#loading")
        assert app.sub_title == app.dossier.title
        assert screen.current_view.name == "overview"
        assert screen.current_view.listing.row_count > 10
        assert screen.current_view.current_id == "mission-mss"
        assert {"slash", "f", "a", "y"} <= set(screen.active_bindings)


async def test_a_view_chosen_while_loading_is_shown_first(tmp_path: Path, held_loading: threading.Event) -> None:
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await until(pilot, lambda: app.screen.query_one(ViewTabs).active == "tab-vote")  # the loading held
        held_loading.set()
        await until(pilot, view_ready(app, "vote"))
        assert app.screen.current_view.name == "vote"
        assert app.screen.views["vote"].current_id is not None
        assert app.screen.views["overview"].parent is None  # never shown: never mounted


async def test_content_shown_message_is_posted_once(tmp_path: Path) -> None:
    seen: list[float] = []

    def hook(message) -> None:
        if isinstance(message, ExplorerApp.ContentShown):
            seen.append(message.seconds)

    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        await until(pilot, lambda: app.content_shown)
        await pilot.press("2", "1")
        await settle(pilot)
    assert len(seen) == 1 and seen[0] > 0


async def test_a_dossier_that_cannot_be_loaded_ends_the_app_with_2(tmp_path: Path,
                                                                   write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["votes"][0]["stated_tallies"][0].update(abstain=5))
    app = create_app(path, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    message = app.load_error or ""
    assert message.startswith("cannot load the dossier")
    assert str(path) in message and "item 'vote-1'" in message and "stated_tallies[0].abstain" in message


async def test_an_unknown_country_ends_the_app_with_2(tmp_path: Path) -> None:
    app = create_app(bundled_dossier_path(), countries=["Rusia"], notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert "unknown country 'Rusia'" in (app.load_error or "") and "Russian Federation" in (app.load_error or "")
    assert (app.load_error or "").endswith("(in --country)")


async def test_countries_given_by_name_filter_from_the_start(tmp_path: Path) -> None:
    app = create_app(bundled_dossier_path(), countries=["Russia"], notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        assert app.country_filter is not None and app.country_filter.codes == {"RUS"}
        assert "Russian Federation" in app.sub_title
        await pilot.press("3")
        await until(pilot, view_ready(app, "vote"))
        ids = list(app.screen.views["vote"].table.ids)  # Russia's ballot on every resolution
        assert "ballot-2699-rus" in ids and len(ids) == len(app.dossier.votes)
        assert all(i.endswith("-rus") for i in ids)


# -- a big table -----------------------------------------------------------------------


ROWS = 10_000


def many_statements(count: int) -> dict[str, Any]:
    """The small dossier with ``count`` paraphrased statements, each cited to the
    external press release (so loading does not check a quote per statement)."""
    data = copy.deepcopy(small_dossier_data())
    speakers = [("KEN", "Kenya"), ("CHN", "China"), ("USA", "US"), ("ECU", "Ecuador")]
    for n in range(count):
        code, name = speakers[n % len(speakers)]
        data["statements"].append({
            "id": f"stmt-{n:05d}", "speaker": {"name": f"Speaker {n} of {name}", "office": "Delegate",
                                               "country": code},
            "mode": "paraphrase", "text": f"Statement number {n} on the mission.", "date": "2023-10-02",
            "citations": [{"source": "ext", "summary": "adopted"}],
        })
    return data


@pytest.fixture(scope="module")
def big_dossier(tmp_path_factory: pytest.TempPathFactory):
    from tests.robustness.corpus import write

    path = write(tmp_path_factory.mktemp("big"), many_statements(ROWS), name="dossier.json")
    return load_dossier(path)


async def test_a_table_of_10000_rows_reaches_its_end_and_opens_it(big_dossier, tmp_path: Path) -> None:
    app = create_app(big_dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        view = app.screen.views["statements"]
        assert view.expected_rows() > ItemsView.THREAD_ROWS  # worked out in a thread
        await until(pilot, view_ready(app, "statements"))
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        assert table.row_count == ROWS + 1
        assert app.focused is table
        first = table.current_id

        await pilot.press("pagedown")
        page = table.cursor_row
        assert page > 10  # a page of rows, not one
        await pilot.press("j", "k", "down", "up")
        await settle(pilot)
        assert table.cursor_row == page

        await pilot.press("end")
        last = f"stmt-{ROWS - 1:05d}"
        assert table.cursor_row == ROWS and table.current_id == last
        assert table.scroll_offset.y == table.max_scroll_y > 0
        await settle(pilot)
        screen_text = "\n".join(strip.text for strip in table.render_lines(table.region.reset_offset))
        # Drawn, on screen, at the bottom (the speaker column is narrowed to fit: "Speaker 999…").
        top = int(table.scroll_offset.y)
        assert top <= table.row_y(ROWS) < top + table.scrollable_content_region.height
        assert screen_text.rstrip().splitlines()[-1].lstrip().startswith(f"Speaker {ROWS - 1}"[:11])
        assert view.detail.item_id == last

        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.current_view.name == "sources"
        sources = app.screen.views["sources"]
        await until(pilot, view_ready(app, "sources"))
        assert sources.evidence_for is not None and sources.evidence_for.id == last

        await pilot.press("4", "home")
        await settle(pilot)
        assert table.current_id == first and table.scroll_offset.y == 0
        await pilot.press("G")
        await settle(pilot)
        assert table.current_id == last


async def test_go_to_an_item_in_a_big_view_not_yet_shown(big_dossier, tmp_path: Path) -> None:
    """go_to_item waits for the rows being worked out, then selects the item."""
    app = create_app(big_dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        target = f"stmt-{ROWS // 2:05d}"
        app.go_to_item(target)
        await until(pilot, view_ready(app, "statements"))
        await settle(pilot)
        view = app.screen.views["statements"]
        assert app.screen.current_view is view
        assert view.current_id == target and view.detail.item_id == target


async def test_a_big_view_is_filtered_in_a_thread(big_dossier, tmp_path: Path) -> None:
    from models.query import CountryFilter

    app = create_app(big_dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        app.screen.apply_filter(CountryFilter.of(["ECU"]))
        view = app.screen.views["statements"]
        assert view.busy and view.query_one(".rows-loading").display
        await until(pilot, view_ready(app, "statements"))
        assert not view.query_one(".rows-loading").display
        assert len(view.table.ids) == ROWS // 4
        assert all(big_dossier.item(i).speaker.country == "ECU" for i in view.table.ids)


# -- the timeline's rows ---------------------------------------------------------------


@pytest.mark.parametrize("case", [None, *SHOWN], ids=lambda c: "bundled" if c is None else str(c))
def test_timeline_heights_are_the_drawn_heights(case, tmp_path: Path) -> None:
    dossier = load_dossier(bundled_dossier_path() if case is None else case.build(tmp_path / "d"))
    events_ = timeline(dossier)
    plan = plan_axis(dossier, events_)
    for width in (None, 20, 33, 50, 72, 120, 300):
        heights = plan.heights(width)
        drawn = [plan.row(index, width) for index in range(len(plan))]
        assert heights == [len(row.lines) for row in drawn], width
        assert drawn == axis_rows(dossier, events_, width=width)


# -- votes -----------------------------------------------------------------------------


async def test_one_tally_bar_follows_the_selected_ballot(tmp_path: Path) -> None:
    data = copy.deepcopy(small_dossier_data())
    second = copy.deepcopy(data["votes"][0])
    second.update(id="vote-2", resolution="S/RES/2 (2024)", date="2024-10-02", stated_tallies=[])
    for ballot in second["ballots"]:
        ballot["id"] += "-2"
        ballot["vote"] = "yes"
        ballot["basis"] = "read"
    data["votes"].append(second)
    from tests.robustness.corpus import write

    dossier = load_dossier(write(tmp_path / "d", data))
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        bars = app.screen.query("#vote TallyBar").results(TallyBar)
        bar = next(bars)
        assert next(bars, None) is None  # one bar, however many votes
        assert bar.title == "S/RES/1 (2023)" and bar.tally.abstain == 2
        assert app.screen.views["vote"].select("ballot-usa-2")
        await settle(pilot)
        assert bar.title == "S/RES/2 (2024)" and bar.tally.yes == 4


async def test_clicking_a_tab_shows_its_view(tmp_path: Path, dossier) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        tabs = app.screen.query_one(ViewTabs)
        start, _ = tabs._spans()[4]  # "5 Timeline"
        await pilot.click(ViewTabs, offset=(start + 1, 0))
        await settle(pilot)
        assert app.screen.current_view.name == "timeline"
        assert tabs.active == "tab-timeline"
        tabs.post_message(events.Leave(tabs))
