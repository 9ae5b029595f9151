"""A view switch is shown in one go (issue #20, the terminal's view switch): the new
view's list has the focus and the footer its keys in the same turn as the switch, so
the first paint is the whole switch; and the screen is laid out at most twice per switch
(it was three times: the switch, then the footer's keys after the focus moved, then
once more for the keys' new widths; the second left is Textual's own, see
benchmarks/README.md "View switches and freezes")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.screens.main import MainScreen
from tui.views.registry import VIEWS
from tui.widgets.footer import ExplorerFooter, FooterEntry, fitting

ORDER = ["participants", "vote", "statements", "timeline", "sources", "notes", "overview"]


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def footer_shows(screen: MainScreen) -> list[str]:
    footer = screen.query_one(ExplorerFooter)
    return [entry.description for entry in footer.query(FooterEntry)
            if entry.display and not entry.has_class("-command-palette")]


def footer_should_show(screen: MainScreen) -> list[str]:
    footer = screen.query_one(ExplorerFooter)
    keys, palette = footer.shown_keys()
    keys, _compact = fitting(keys, palette, footer.size.width)
    return [key.description for key in keys]


async def visit_every_view(app: ExplorerApp, pilot) -> None:
    for info in VIEWS:
        if info.name == "council":
            continue  # the official record: not imported in the tests' user directories
        await pilot.press(info.key)
        await settle(pilot)
        await settle(pilot)


async def test_the_focus_and_the_footers_keys_move_with_the_switch(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await visit_every_view(app, pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        for _ in range(2):
            for name in ORDER:
                screen.action_show_view(name)  # no await: what the same turn holds
                view = screen.views[name]
                assert screen.query_one(ContentSwitcher).current == name
                assert screen.focused is view.listing, name
                assert footer_shows(screen) == footer_should_show(screen), name
                await settle(pilot)
                await settle(pilot)
                assert screen.focused is view.listing, name  # and it stays there
                assert footer_shows(screen) == footer_should_show(screen), name


async def test_a_switch_to_a_view_shown_before_is_laid_out_at_most_twice(
        dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await visit_every_view(app, pilot)
        screen = app.screen
        layouts: list[str] = []
        screen.screen_layout_refresh_signal.subscribe(
            screen, lambda _screen: layouts.append(screen.query_one(ContentSwitcher).current or ""))
        counts: dict[str, list[int]] = {}
        for _ in range(3):
            for name in ORDER:
                before = len(layouts)
                await pilot.press(next(info.key for info in VIEWS if info.name == name))
                for _ in range(6):  # whatever follows the switch (each pause waits for a refresh)
                    await settle(pilot)
                counts.setdefault(name, []).append(len(layouts) - before)
        assert all(n <= 2 for each in counts.values() for n in each), counts
