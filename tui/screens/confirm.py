"""A yes/no question in a modal dialog."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.screens.dialog import Dialog
from tui.text import literal

__all__ = ["ConfirmDialog"]


class ConfirmDialog(Dialog[bool]):
    """Dismisses with True (y, or enter on Yes) or False (n, escape)."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: auto; max-width: 70; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmDialog .question { width: auto; max-width: 64; margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; width: auto; }
    ConfirmDialog Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question), classes="question")
            with Horizontal():
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
