"""The search dialog paints a key typed and its results at once (issue #20, target 6).

A big index is searched in a thread; the screen's paint is held while the search runs
(at most ``SearchScreen.HOLD_PAINT``), so that the key and its results reach the terminal
in one frame, and never held beyond that or past the dialog. Frames are counted where
the probe counts them (``benchmarks/probe.py``'s ``_Watch``: each call of the app's
``_display`` with something to write).
"""

from __future__ import annotations

import threading
from pathlib import Path

from models.schema import Dossier
from models.search import SearchIndex
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.search import ResultList, SearchScreen


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
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.press("slash")
    await pilot.pause()
    while app.screen.results is None:  # the empty query's results (in a thread)
        await pilot.pause(0.01)
    await pilot.pause(0.1)
    return app.screen


async def test_a_key_and_its_results_are_one_frame(dossier: Dossier, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(SearchScreen, "THREAD_DOCS", 0)  # the bundled index as if it were big
    monkeypatch.setattr(SearchScreen, "HOLD_PAINT", 30.0)  # the hold never ends by itself here
    gate = gate_searches(monkeypatch)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        gate.set()
        screen = await opened(pilot)
        gate.clear()
        frames = count_frames(app)
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
    monkeypatch.setattr(SearchScreen, "THREAD_DOCS", 0)
    monkeypatch.setattr(SearchScreen, "HOLD_PAINT", 0.05)
    gate = gate_searches(monkeypatch)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        gate.set()
        screen = await opened(pilot)
        gate.clear()
        frames = count_frames(app)
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
