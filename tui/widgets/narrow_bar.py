"""The box that narrows a list in place as you type (``|``, as k9s and lazygit do
with ``/``): what is typed, and how many rows match.

It only says what happens: :class:`Changed` as the text changes, :class:`Done` on
enter (keep the narrowing, back to the list) or escape (clear it). The view narrows
its rows (:mod:`tui.views.narrowing`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from tui.text import VisibleHighlighter
from tui.widgets.recall_input import RecallInput

__all__ = ["NarrowBar"]


class NarrowBar(Horizontal):
    DEFAULT_CSS = """
    NarrowBar {
        height: 1;
        background: $boost;
        & > .narrow-label { width: auto; padding: 0 1; color: $text-accent; text-style: bold; }
        & > Input { width: 1fr; }
        & > .narrow-count { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    BINDINGS = [Binding("escape", "clear", "Clear", tooltip="Clear the narrowing: every row again")]

    @dataclass
    class Changed(Message):
        bar: NarrowBar
        query: str

    @dataclass
    class Done(Message):
        """Enter (``keep``: the narrowing stays) or escape (cleared)."""

        bar: NarrowBar
        keep: bool

    def compose(self) -> ComposeResult:
        yield Static("|", classes="narrow-label", markup=False)
        yield RecallInput(placeholder="narrow this list: type words (enter keeps, escape clears, ↑ recent)",
                          compact=True, highlighter=VisibleHighlighter(), history="narrow")
        yield Static("", classes="narrow-count", markup=False)

    @property
    def input(self) -> RecallInput:
        return self.query_one(RecallInput)

    @property
    def query_text(self) -> str:
        return self.input.value

    def show_count(self, shown: int, total: int) -> None:
        """How many rows match (of how many)."""
        text = f"{shown:,} of {total:,}" if self.query_text.strip() else f"{total:,}"
        self.query_one(".narrow-count", Static).update(Content(text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.input.remember()
        self.post_message(self.Done(self, keep=bool(event.value.strip())))

    def action_clear(self) -> None:
        self.input.remember()
        self.input.value = ""
        self.post_message(self.Done(self, keep=False))
