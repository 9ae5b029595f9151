"""A view whose list is an ItemTable."""

from __future__ import annotations

from tui.views.base import ItemsView
from tui.widgets.item_table import ItemTable

__all__ = ["TableView"]


class TableView(ItemsView):
    def make_list(self) -> ItemTable:
        return ItemTable()

    @property
    def table(self) -> ItemTable:
        return self.query_one(ItemTable)

    def select(self, item_id: str) -> bool:
        return self.table.select_id(item_id)

    @property
    def current_id(self) -> str | None:
        return self.table.current_id
