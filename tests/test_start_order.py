"""What is done before the content's first paint, and what after it (issue #20, target 1).

The load thread does only what the first view needs; the country index (for filters)
is built in a thread once the content is on screen, unless ``--country`` asked for a
filter, which is made from it before the first view is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.paths import bundled_dossier_path
from tests.robustness.drive import settle
from tests.test_start_and_big_lists import until
from tui import app as app_module
from tui.app import create_app


@pytest.fixture
def built_before_content(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the loaded dossier had its country index when the load thread was done."""
    seen: list[bool] = []
    load = app_module.load_everything

    def watched(*args: Any, **kwargs: Any):
        loaded = load(*args, **kwargs)
        seen.append(loaded.dossier._ids_by_country is not None)
        return loaded

    monkeypatch.setattr(app_module, "load_everything", watched)
    return seen


async def test_the_country_index_is_built_after_the_content(tmp_path: Path, built_before_content: list[bool]) -> None:
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        assert built_before_content == [False]
        await until(pilot, lambda: app.dossier._ids_by_country is not None)
        await app.workers.wait_for_complete()
        # A filter then works from it, as before.
        app.screen.apply_filter(app.country_filter.of(("CHN",), app.dossier))
        await settle(pilot)
        assert app.country_filter.ids == app.dossier.ids_involving(("CHN",))
        assert "ballot-2699-chn" in app.country_filter.ids


async def test_a_filter_asked_for_is_made_from_the_index_built_while_loading(
        tmp_path: Path, built_before_content: list[bool]) -> None:
    app = create_app(bundled_dossier_path(), countries=["KEN"], notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        assert built_before_content == [True]
        assert app.country_filter.codes == {"KEN"}
        assert app.country_filter.ids == app.dossier.ids_involving(("KEN",))


async def test_a_filter_applied_before_the_index_is_built_builds_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The thread that builds the index after the content may not have run yet."""
    monkeypatch.setattr(app_module, "after_content", lambda dossier: None)
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        await app.workers.wait_for_complete()
        assert app.dossier._ids_by_country is None
        app.screen.apply_filter(app.country_filter.of(("KEN",), app.dossier))
        await settle(pilot)
        assert app.country_filter.ids and app.dossier._ids_by_country is not None
