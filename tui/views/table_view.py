"""A view whose list is an ItemTable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.views.base import ItemsView
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.item_table import ItemTable

__all__ = ["TableView"]


class TableView(ItemsView):
    def compose_above(self) -> ComposeResult:
        """Widgets above the table (the Vote view's tally bar)."""
        return iter(())

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-pane"):
            yield from self.compose_above()
            yield Static("", classes="empty-notice")
            yield ItemTable(classes="item-list")
        yield DetailPanel(classes="detail-pane")

    @property
    def table(self) -> ItemTable:
        return self.query_one(ItemTable)

    def select(self, item_id: str) -> bool:
        return self.table.select_id(item_id)

    @property
    def current_id(self) -> str | None:
        return self.table.current_id
