"""The MSS Explorer app, built by ``create_app`` (the CLI and the tests share it)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen

from models.countries import CountryIndex
from models.query import CountryFilter
from models.schema import Dossier
from tui.commands import ItemProvider
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen

__all__ = ["ExplorerApp", "create_app"]


class ExplorerApp(App[None]):
    """Keyboard-first explorer of one mission dossier."""

    TITLE = "MSS Explorer"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ItemProvider}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    def __init__(
        self,
        dossier: Dossier,
        *,
        countries: Iterable[str] = (),
        notes_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.dossier = dossier
        self.country_index = CountryIndex(dossier.countries)
        self.country_filter = CountryFilter.of(countries)
        self.notes_path = notes_path
        self.sub_title = dossier.title

    def get_default_screen(self) -> Screen:
        return MainScreen(self.dossier)

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0] if self.screen_stack else self.screen
        assert isinstance(screen, MainScreen)
        return screen

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            for name, view in screen.views.items():
                yield SystemCommand(
                    f"View {view.key}: {view.title}",
                    f"Switch to the {view.title} view (key {view.key})",
                    lambda name=name: screen.action_show_view(name),
                )
        yield SystemCommand("Help: keys", "Show every key", self.action_help)

    def go_to_item(self, item_id: str) -> None:
        self.main.go_to_item(item_id)

    def notes_text_for(self, item_id: str) -> list[str]:
        return []

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def create_app(
    dossier: Dossier,
    *,
    countries: Iterable[str] = (),
    notes_path: Path | None = None,
) -> ExplorerApp:
    """Build the explorer for a loaded dossier (the CLI and the tests call this)."""
    return ExplorerApp(dossier, countries=countries, notes_path=notes_path)
