"""A worker that raises: a clear message, never a traceback, and the app goes on where
it can (issue 16 point 2). Each failure is made by a function that raises, as a bug
or a broken disk would."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app


def failing(*args, **kwargs):
    raise RuntimeError("the disk went away")


def messages(app) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Something went wrong"]


async def test_a_failed_count_of_countries_says_so_and_the_app_goes_on(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import models.query

    monkeypatch.setattr(models.query, "country_counts", failing)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert messages(app) == ["Counting the countries failed (RuntimeError: the disk went away)."]
        assert app.is_running and app.return_code is None
        await pilot.press("4")
        await settle(pilot)
        assert app.screen.current_view.name == "statements"  # still usable


async def test_rows_that_fail_in_a_thread_stop_the_loading_indicator(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.views.statements import StatementsView

    monkeypatch.setattr(StatementsView, "THREAD_ROWS", -1)  # always in a thread
    monkeypatch.setattr(StatementsView, "compute", failing)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await settle(pilot)
        view = app.screen.views["statements"]
        assert not view.busy and not view.query_one(".rows-loading").display
        [message] = messages(app)
        assert message.startswith("Listing Statements failed (RuntimeError: the disk went away).")
        await pilot.press("1")
        await settle(pilot)
        assert app.is_running and app.screen.current_view.name == "overview"


async def test_a_load_that_fails_ends_with_status_2_and_a_message(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app
    from models.paths import bundled_dossier_path

    monkeypatch.setattr(tui.app, "load_everything", failing)
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
    assert app.return_code == 2
    assert app.load_error == "Loading the dossier failed (RuntimeError: the disk went away). Nothing was changed."


async def test_a_failed_search_index_is_said_in_the_search_dialog(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog says search is not available, instead of "Preparing the search
    index…" for ever; opened before the failure or after it."""
    import models.search

    monkeypatch.setattr(models.search, "build_index", failing)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert any(m.startswith("Building the search index failed") for m in messages(app))
        await pilot.press("slash", *"kenya")
        await settle(pilot)
        said = str(app.screen.query_one("#search-count").render())
        assert said.startswith("Search is not available in this session: Building the search index failed")
        assert app.is_running
