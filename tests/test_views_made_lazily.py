"""Each view is made when first asked for, not all eight when the dossier arrives (issue #20,
target 1: their modules were imported on the event loop before the content's first paint).

A view made later is the same as one made at the start: it takes the country filter, its
number key, its tab and its place in the command palette as before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.paths import bundled_dossier_path
from models.schema import Dossier
from tests.robustness.drive import settle
from tests.test_filter_ui import rows
from tests.test_start_and_big_lists import until, view_ready
from tui import app as app_module
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.views.registry import VIEWS, Views


def test_views_are_made_on_first_use(dossier: Dossier) -> None:
    views = Views(dossier)
    assert views.made() == []
    assert list(views) == [info.name for info in VIEWS] and len(views) == len(VIEWS)
    assert "vote" in views and "nowhere" not in views and views.get("nowhere") is None
    assert views.made() == []  # asking what there is makes nothing
    vote = views["vote"]
    assert views.made() == ["vote"] and views["vote"] is vote  # made once, then kept
    assert vote.id == "vote" and vote.key == "3"
    assert [view.id for view in views.values()] == [info.name for info in VIEWS]


async def test_only_the_first_view_is_made_before_the_content(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the thread that imports the other views' modules once the content is shown.
    monkeypatch.setattr(app_module, "after_content", lambda dossier: None)
    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.views.made() == ["overview"]
        await pilot.press("3")
        await until(pilot, view_ready(app, "vote"))
        assert screen.views.made() == ["overview", "vote"]
        assert screen.current_view is screen.views["vote"] and rows(app, "vote")


async def test_a_view_made_after_a_filter_shows_it(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await until(pilot, view_ready(app, "overview"))
        screen.apply_filter(app.country_filter.of(("KEN",), dossier))
        await settle(pilot)
        assert "statements" not in screen.views.made()
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        statements = rows(app, "statements")
        assert {"stmt-ruto-overdue", "stmt-mutua-coming-months"} <= set(statements)
        assert all(dossier.item(s).speaker.country == "KEN" for s in statements)
        assert len(statements) < len(dossier.statements)


async def test_a_view_made_after_country_at_start_shows_it(tmp_path: Path) -> None:
    app = create_app(bundled_dossier_path(), countries=["KEN"], notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.content_shown)
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        statements = rows(app, "statements")
        assert statements and all(app.dossier.item(s).speaker.country == "KEN" for s in statements)


async def test_the_palette_still_lists_every_view(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, view_ready(app, "overview"))
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert [t for t in titles if t.startswith("View ")] == [f"View {i.key}: {i.title}" for i in VIEWS]
        # Listing them, or a note changing, makes no view not yet visited.
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.notes_changed()
        await settle(pilot)
        assert screen.views.made() == ["overview"]


def test_loading_imports_the_first_view_alone_and_no_fuzzy_matching() -> None:
    """What the load thread imports before the content: the first view's module, not the
    others (they are imported once the content is shown), and not rapidfuzz (needed only
    for a country not found, and by search, which is built after the content)."""
    code = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "from models.paths import bundled_dossier_path\n"
        "from tui.loading import load_everything\n"
        "notes = Path(tempfile.mkdtemp()) / 'notes.toml'\n"
        "loaded = load_everything(bundled_dossier_path(), [], notes, first_view='participants')\n"
        "assert loaded.dossier is not None\n"
        "views = sorted(m for m in sys.modules if m.startswith('tui.views.') and m.count('.') == 2)\n"
        "others = [m for m in views if m.split('.')[-1] in\n"
        "          {'overview', 'vote', 'statements', 'timeline', 'sources', 'notes', 'council'}]\n"
        "assert 'tui.views.participants' in views, views\n"
        "assert not others, others\n"
        "assert 'rapidfuzz' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr


def test_a_country_not_found_is_still_suggested(dossier: Dossier) -> None:
    from models.countries import CountryIndex, UnknownCountryError

    index = CountryIndex(dossier.countries)
    with pytest.raises(UnknownCountryError) as raised:
        index.resolve("Kenia")
    assert raised.value.suggestions == ["Kenya"]
    assert index.search("keny")[0] == "KEN"
