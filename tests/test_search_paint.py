"""The search dialog paints a key typed and its results at once (issue #20, target 6).

A big index is searched in a thread; the screen's paint is held while the search runs
(at most ``SearchScreen.HOLD_PAINT``), so that the key and its results reach the terminal
in one frame, and never held beyond that or past the dialog. Frames are counted where
the probe counts them (``benchmarks/probe.py``'s ``_Watch``: each call of the app's
``_display`` with something to write).
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from pathlib import Path

from models.schema import Dossier
from models.search import SearchIndex
from tests.robustness.drive import settle
from tests.test_search_ui import open_search
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.search import HitRow, ResultList, Rows, SearchScreen, hit_content


def count_frames(app) -> list[tuple[str, str] | None]:
    """Each frame written to the terminal from now on: the text box's value and the query
    of the results listed then (None when the search is not on top)."""
    frames: list[tuple[str, str] | None] = []
    display = app._display

    def counted(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            top = app.screen
            frames.append((top.query_one("#search-query").value, top.results.query)
                          if isinstance(top, SearchScreen) else None)

    app._display = counted
    return frames


def gate_searches(monkeypatch) -> threading.Event:
    """Searches wait for the returned event before they search (the index as if slow)."""
    gate = threading.Event()
    search = SearchIndex.search

    def gated(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            assert gate.wait(30), "the test never opened the gate"
        return search(self, *args, **kwargs)

    monkeypatch.setattr(SearchIndex, "search", gated)
    return gate


async def opened(pilot) -> SearchScreen:
    app = pilot.app
    await settle(pilot)
    await app.workers.wait_for_complete()
    await pilot.press("slash")
    await settle(pilot)
    while app.screen.results is None:  # the empty query's results (in a thread)
        await pilot.pause(0.01)
    await pilot.pause(0.1)
    return app.screen


@asynccontextmanager
async def held_search(dossier: Dossier, tmp_path: Path, monkeypatch, hold: float):
    """The search dialog open on the bundled index searched as if it were big (in a
    thread), its searches waiting for the gate (closed), the frames counted from now on:
    (pilot, screen, gate, frames)."""
    monkeypatch.setattr(SearchScreen, "THREAD_DOCS", 0)
    monkeypatch.setattr(SearchScreen, "HOLD_PAINT", hold)
    gate = gate_searches(monkeypatch)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        gate.set()
        screen = await opened(pilot)
        gate.clear()
        yield pilot, screen, gate, count_frames(app)


async def test_a_key_and_its_results_are_one_frame(dossier: Dossier, tmp_path: Path, monkeypatch) -> None:
    # The hold never ends by itself here.
    async with held_search(dossier, tmp_path, monkeypatch, 30.0) as (pilot, screen, gate, frames):
        await pilot.press("k")
        for _ in range(20):
            await pilot.pause(0.01)
        assert frames == []  # the key is typed, its results not in yet: nothing painted
        assert screen.query_one("#search-query").value == "k"
        gate.set()
        while screen.results.query != "k":
            await pilot.pause(0.01)
        await pilot.pause(0.1)
        # The key's first frame has its results in it (the list was set before the paint);
        # a frame may follow, for the scroll bar (Textual repaints it a frame after a
        # layout that changed it).
        assert frames[0] == ("k", "k")
        assert len(frames) <= 2 and set(frames) == {("k", "k")}
        assert screen.query_one(ResultList).option_count > 0


async def test_the_hold_ends_without_results_and_with_the_dialog(
        dossier: Dossier, tmp_path: Path, monkeypatch) -> None:
    async with held_search(dossier, tmp_path, monkeypatch, 0.05) as (pilot, screen, gate, frames):
        app = pilot.app
        # A search slower than the hold: the key is painted when the hold ends.
        await pilot.press("k")
        while not frames:
            await pilot.pause(0.01)
        assert frames[0] == ("k", "")
        # Held again, then the dialog closed before the results: the screen below paints.
        monkeypatch.setattr(SearchScreen, "HOLD_PAINT", 30.0)
        await pilot.press("e")
        await pilot.pause(0.05)
        painted = len(frames)
        await pilot.press("escape")
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.01)
        while len(frames) == painted:
            await pilot.pause(0.01)
        assert app.screen.is_current
        gate.set()
        await app.workers.wait_for_complete()
        # And the app goes on painting: a view switch reaches the terminal.
        painted = len(frames)
        await pilot.press("2")
        while len(frames) == painted:
            await pilot.pause(0.01)


# -- the rows: a result listed again is not worked out nor drawn again ------------------------


def shown_rows(screen: SearchScreen) -> list[HitRow]:
    listing = screen.query_one(ResultList)
    options = (listing.get_option_at_index(i) for i in range(listing.option_count))
    return [option.prompt for option in options if isinstance(option.prompt, HitRow)]


async def test_a_result_listed_again_is_the_row_made_before(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "kenya police")
        first = shown_rows(screen)
        assert first
        drawn = {id(row): dict(row._drawn) for row in first}
        assert any(drawn.values())  # the rows on screen were drawn
        await pilot.press(*["backspace"] * 7)  # "kenya": other highlights, another row
        await settle(pilot)
        assert screen.results.query == "kenya"
        kenya = {row.hit.doc.id: row for row in shown_rows(screen)}
        await pilot.press(*" police")
        await settle(pilot)
        again = shown_rows(screen)
        assert [id(row) for row in again] == [id(row) for row in first]
        for row, hit in zip(again, screen.results.hits, strict=True):
            # What a row shows is what the new result would show.
            assert row.hit.doc.id == hit.doc.id and row.hit.spans == hit.spans
            made = hit_content(hit)
            assert (row.content.plain, row.content.spans) == (made.plain, made.spans)
            other = kenya.get(hit.doc.id)
            if other is not None and other.hit.spans != hit.spans:
                assert other is not row and other.content.spans != row.content.spans
        # Drawn again from what was kept: the same strips for the same width and style.
        for row in again:
            for key, strips in drawn[id(row)].items():
                assert row._drawn[key] is strips
        # Another theme: drawn anew, in its colours.
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        await pilot.press("backspace", "e")
        await settle(pilot)
        assert not set(map(id, shown_rows(screen))) & set(map(id, first))


def test_a_note_changed_is_a_new_row(dossier: Dossier) -> None:
    """A note's text may change while the app runs (the only kind that may): the row
    kept for it is not shown for the note's new text, even with the same highlights."""
    from models.search import build_index

    index = build_index(dossier)
    rows = Rows()
    index.set_notes([("note-1", "Zebra crossing\nfirst text", (), None)])
    before = rows.row(index.search("zebra").hits[0])
    assert rows.row(index.search("zebra").hits[0]) is before  # the same note: the same row
    index.set_notes([("note-1", "Zebra crossing\nsecond text", (), None)])
    after = rows.row(index.search("zebra").hits[0])
    assert after is not before and after.hit.spans == before.hit.spans
    assert "second text" in str(after) and "second text" in after.content.plain


async def test_a_closed_dialog_is_not_kept_alive_by_its_theme_subscription(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "kenya")
        assert screen in app.theme_changed_signal._subscriptions
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen not in app.theme_changed_signal._subscriptions
