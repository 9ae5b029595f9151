"""The help screen: every key, written as Markdown beside this module."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tui.screens.dialog import Dialog

__all__ = ["HELP_PATH", "HelpScreen"]

HELP_PATH = Path(__file__).with_name("help.md")


class HelpScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help — escape closes"
            yield Markdown(HELP_PATH.read_text(encoding="utf-8"))

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
