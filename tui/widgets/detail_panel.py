"""The detail panel: every field of the selected item, its caveats, notes and evidence."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

__all__ = ["DetailPanel"]


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable details; focus it (tab) to scroll with j/k."""

    BINDINGS = [
        ("j", "scroll_down", "Scroll down"),
        ("k", "scroll_up", "Scroll up"),
        ("g", "scroll_home", "Top"),
        ("G", "scroll_end", "Bottom"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.item_id: str | None = None
        self.border_title = "Details"

    def compose(self):
        yield Static(Content("Select an item to see its details and evidence."), classes="detail-body")

    def show(self, item_id: str | None, content: Content) -> None:
        changed = item_id != self.item_id
        self.item_id = item_id
        self.query_one(".detail-body", Static).update(content)
        if changed:
            self.scroll_home(animate=False)
