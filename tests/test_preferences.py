"""Issue 17, point 12: the theme, the split and the last view are remembered between runs,
in a TOML file; a damaged or unwritable file never stops the app and is never lost."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs
import pytest

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.preferences import PREFERENCES_ENV_VAR, Preferences, PreferencesFile, preferences_path


def prefs_file() -> Path:
    return Path(os.environ[PREFERENCES_ENV_VAR])


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def warnings(app: ExplorerApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Preferences"]


def test_the_tests_never_touch_the_real_config_dir() -> None:
    assert preferences_path() == prefs_file()
    assert "pytest" in str(prefs_file()) or str(prefs_file()).startswith("/tmp")
    assert preferences_path({}) == platformdirs.user_config_path("mss-explorer") / "preferences.toml"


async def test_theme_split_and_view_are_remembered(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "gruvbox"  # what the palette's "Change theme" does
        await pilot.press("4", "plus", "plus", "z")
        await settle(pilot)
    saved = tomllib.loads(prefs_file().read_text(encoding="utf-8"))
    assert saved == {"theme": "gruvbox", "list_share": 60, "details": "hidden", "view": "statements"}

    again = make(dossier, tmp_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"
        assert again.main.current_view.id == "statements"
        assert again.main.has_class("-details-hidden")
        await pilot.press("z")  # the split comes back at 60 %
        await settle(pilot)
        listing = again.screen.query_one("#statements > .list-pane")
        assert 70 <= listing.outer_size.width <= 73
        assert not warnings(again)


async def test_a_damaged_file_is_kept_and_the_app_goes_on(dossier: Dossier, tmp_path: Path) -> None:
    path = prefs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    damaged = b'theme = "gruvbox"\nlist_share = [oops\n'
    path.write_bytes(damaged)
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme != "gruvbox"  # the defaults
        said = warnings(app)
        assert len(said) == 1 and "damaged" in said[0] and "preferences.toml.bak" in said[0]
        assert path.with_name("preferences.toml.bak").read_bytes() == damaged
        await pilot.press("3")
        await settle(pilot)
        assert len(warnings(app)) == 1  # said once
    assert tomllib.loads(path.read_text(encoding="utf-8"))["view"] == "vote"


async def test_an_unwritable_place_is_said_once_and_nothing_stops(dossier: Dossier, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the config directory should be", encoding="utf-8")
    monkeypatch.setenv(PREFERENCES_ENV_VAR, str(blocker / "preferences.toml"))
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "5", "plus", "z")
        await settle(pilot)
        said = warnings(app)
        assert len(said) == 1 and "could not be saved" in said[0]
        assert app.main.current_view.id == "timeline"  # everything still works
    assert blocker.read_text(encoding="utf-8").startswith("a file where")


def test_a_damaged_file_that_cannot_be_copied_aside_is_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "preferences.toml"
    path.write_bytes(b"\xff\xfe not toml")
    (folder / "preferences.toml.bak").mkdir()  # the copy cannot be written
    kept = PreferencesFile(path)
    assert kept.load() == Preferences()
    assert "left as it is" in (kept.take_problem() or "")
    kept.update(view="vote")
    assert path.read_bytes() == b"\xff\xfe not toml"


def test_values_of_the_wrong_kind_are_the_defaults() -> None:
    prefs = Preferences.from_toml({"theme": 3, "list_share": 99, "details": "sideways", "view": "vote"})
    assert prefs == Preferences(view="vote")


async def test_an_unknown_theme_or_view_is_ignored(dossier: Dossier, tmp_path: Path) -> None:
    path = prefs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('theme = "no-such-theme"\nview = "nowhere"\n', encoding="utf-8")
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme != "no-such-theme" and app.main.current_view.id == "overview"
