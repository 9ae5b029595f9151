"""A view whose list is an ItemList of items under headings (which cannot be chosen)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from textual.content import Content

from tui.views.base import ItemsView
from tui.views.narrowing import narrow_headed
from tui.widgets.item_list import ItemList

__all__ = ["ListRows", "OptionView"]


@dataclass(frozen=True)
class ListRows:
    """What :meth:`OptionView.compute` gives: each row's id (None for a heading), what
    it shows, and (when rows take more than one line) each row's height."""

    ids: Sequence[str | None]
    content: Callable[[int], Content]
    heights: Sequence[int] | None = None


class OptionView(ItemsView):
    """Rows carry item ids; headings are rows without one."""

    _list: ItemList | None = None

    def make_list(self) -> ItemList:
        self._list = self.new_list()
        return self._list

    def new_list(self) -> ItemList:
        return ItemList()

    @property
    def options(self) -> ItemList:
        """The view's list (kept, not queried: :meth:`compute` may run in a thread)."""
        assert self._list is not None
        return self._list

    def narrow(self, rows: ListRows) -> ListRows:
        """The rows that hold every word typed, under their headings."""
        kept = narrow_headed(rows.ids, lambda index: rows.content(index).plain, self.narrowing)
        content = rows.content
        heights = rows.heights
        return replace(rows, ids=[rows.ids[i] for i in kept], content=lambda index: content(kept[index]),
                       heights=None if heights is None else [heights[i] for i in kept])

    def rows_shown(self, rows: ListRows) -> int:
        return sum(1 for row_id in rows.ids if row_id is not None)

    def show_rows(self, rows: ListRows) -> None:
        """Put the rows in the list, the cursor on the same item where it can be, else
        on the first item."""
        listing = self.options
        current = listing.current_id
        listing.set_rows(rows.ids, rows.content, rows.heights)
        index = listing.index_of(current) if current is not None else None
        listing.move_cursor(None)  # so that the item is announced again (its details may have changed)
        if index is None:
            listing.action_first()
        else:
            listing.move_cursor(index)
        self.show_empty(not any(row_id is not None for row_id in rows.ids))

    def select(self, item_id: str) -> bool:
        pending = self.select_when_ready(item_id)
        return pending if pending is not None else self.options.select_id(item_id)

    @property
    def current_id(self) -> str | None:
        # None until the view is built (a key pressed right after the view's number).
        return self._list.current_id if self._list is not None else None
