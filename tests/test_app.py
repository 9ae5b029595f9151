"""The explorer, driven with Pilot as a reader would: keys, views, details, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, Static

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.screens.help import HELP_PATH, HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.item_table import ItemTable
from tui.widgets.source_reader import SourceReader

SIZES = [(80, 24), (120, 40)]


def make(dossier: Dossier, tmp_path: Path, **kwargs) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml", **kwargs)


def current(app: ExplorerApp) -> str:
    return app.screen.query_one(ContentSwitcher).current or ""


def detail_text(app: ExplorerApp, view: str) -> str:
    panel = app.screen.query_one(f"#{view} DetailPanel", DetailPanel)
    return "\n".join(str(w.render()) for w in panel.query(Static))


@pytest.mark.parametrize("size", SIZES)
async def test_number_keys_switch_views(dossier: Dossier, tmp_path: Path, size) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=size) as pilot:
        assert current(app) == "overview"
        for key, view in [("2", "participants"), ("3", "vote"), ("4", "statements"), ("6", "sources"),
                          ("1", "overview")]:
            await pilot.press(key)
            await settle(pilot)
            assert current(app) == view
            assert app.focused is not None and view in [a.id for a in app.focused.ancestors_with_self]


async def test_vote_view_lists_all_members(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        assert table.row_count == 15
        ballots = {}
        for row in range(table.row_count):
            member, ballot, *_ = table.get_row_at(row)
            ballots[member.plain] = ballot.plain
        assert sorted(m for m, b in ballots.items() if b == "Abstain") == ["China", "Russian Federation"]
        assert sum(b == "Yes" for b in ballots.values()) == 13


async def test_jk_g_G_move_and_details_follow(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        assert table.cursor_row == 0
        await pilot.press("j", "j")
        await settle(pilot)
        assert table.cursor_row == 2
        await pilot.press("k")
        await settle(pilot)
        assert table.cursor_row == 1
        await pilot.press("G")
        await settle(pilot)
        assert table.cursor_row == 14
        await pilot.press("g")
        await settle(pilot)
        assert table.cursor_row == 0
        assert "China" in detail_text(app, "vote")


async def test_explanation_one_key_away(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        table.select_id("ballot-2699-rus")
        await settle(pilot)
        assert "Nebenzia" in detail_text(app, "vote")  # shown inline in the ballot's details
        await pilot.press("e")
        await settle(pilot)
        assert current(app) == "statements"
        assert app.screen.query_one("#statements ItemTable", ItemTable).current_id == "stmt-nebenzia"


async def test_enter_on_ruto_statement_highlights_his_sentence(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        assert table.select_id("stmt-ruto-colonialism")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "sources"
        reader = app.screen.query_one(SourceReader)
        assert reader.source is not None and reader.source.id == "article"
        text = reader.text.text
        start, end = reader.span
        assert "harrowing brunt of colonialism" in text[start:end]
        sentence = reader.current_sentence
        assert sentence is not None and sentence.start <= start < sentence.end
        header = str(app.screen.query_one("#evidence-header", Static).render())
        assert "William Ruto" in header and "verified" in header


async def test_enter_on_external_item_says_not_checkable(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        assert table.select_id("stmt-zhang-jun")
        await pilot.press("enter")
        await settle(pilot)
        header = str(app.screen.query_one("#evidence-header", Static).render())
        assert "external" in header
        assert not app.screen.query_one(SourceReader).display


async def test_overview_enter_leads_to_the_item(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.views["overview"].select("part-ken")
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "participants"
        # Kenya's row is its pledge's row: a participant with pledges has no row of its own.
        assert screen.views["participants"].current_id == "pledge-ken-1000-police"


async def test_copy_quote_with_citation(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        app.screen.query_one("#statements ItemTable", ItemTable).select_id("stmt-ruto-overdue")
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard.startswith("William Ruto, President of Kenya: “an overdue and critical instrument")
        assert "—" in app.clipboard
        assert any(n.message.startswith("Copied: ") for n in app._notifications)


async def test_participants_sort(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one("#participants ItemTable", ItemTable)
        await pilot.press("s")  # by country, ascending
        await settle(pilot)
        names = [table.get_row_at(r)[0].plain for r in range(table.row_count)]
        assert names == sorted(names)
        await pilot.press("S")  # descending
        await settle(pilot)
        names = [table.get_row_at(r)[0].plain for r in range(table.row_count)]
        assert names == sorted(names, reverse=True)


async def test_help_lists_every_key(dossier: Dossier, tmp_path: Path) -> None:
    """Every key our own screens and widgets bind is written, in backticks, in help.md."""
    app = make(dossier, tmp_path)
    help_text = HELP_PATH.read_text(encoding="utf-8")
    names = {"question_mark": "?", "slash": "/", "down": "↓", "up": "↑", "alt+left": "alt+←", "alt+right": "alt+→",
             "less_than_sign": "<", "greater_than_sign": ">", "equals_sign": "=", "minus": "-", "plus": "+",
             "vertical_line": "\\|"}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"2345671")  # views are mounted when first shown
        keys: set[str] = set()
        for node in [app, app.screen, *app.screen.walk_children()]:
            for cls in type(node).__mro__:
                if not cls.__module__.startswith("tui."):
                    continue
                for binding in cls.__dict__.get("BINDINGS", []):
                    key = binding.key if hasattr(binding, "key") else binding[0]
                    keys.update(key.split(","))
        keys -= {"home", "end", "f1"}  # aliases of g/G and ? for habit's sake
        assert {"1", "2", "3", "4", "6", "j", "k", "g", "G", "y", "q", "question_mark"} <= keys
        missing = [key for key in sorted(keys) if f"`{names.get(key, key)}`" not in help_text]
        assert not missing, f"keys not in help.md: {missing}"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_q_quits_with_status_0(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


async def test_tab_moves_between_panels(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.focused, ItemTable)
        await pilot.press("tab")
        await settle(pilot)
        assert isinstance(app.focused, DetailPanel)
        await pilot.press("shift+tab")
        await settle(pilot)
        assert isinstance(app.focused, ItemTable)


async def test_too_small_terminal_says_so(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        notice = app.screen.query_one("#too-small", Static)
        assert notice.display
        assert "too small" in str(notice.render())
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not notice.display


async def test_palette_jumps_to_an_item(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Nebenzia")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == "statements"
        assert app.screen.query_one("#statements ItemTable", ItemTable).current_id == "stmt-nebenzia"


@pytest.mark.parametrize("size", SIZES)
async def test_tables_fit_the_terminal_without_scrolling_sideways(dossier: Dossier, tmp_path: Path, size) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=size) as pilot:
        for key, view in [("2", "participants"), ("3", "vote"), ("4", "statements"), ("6", "sources")]:
            await pilot.press(key)
            await settle(pilot)
            table = app.screen.query_one(f"#{view} ItemTable", ItemTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, view
            widths = [table.render_width(i) - 2 for i in range(len(table.columns))]
            assert all(w >= min(len(c.label.plain), 8) for w, c in zip(widths, table.columns)), view
