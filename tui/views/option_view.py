"""A view whose list is an OptionList of items under headings (which cannot be chosen)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist

from tui.views.base import ItemsView
from tui.widgets.paging import SafePaging

__all__ = ["ItemOptionList", "OptionView"]


class ItemOptionList(SafePaging, OptionList):
    """An OptionList moved like every other list: j/k, g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]


class OptionView(ItemsView):
    """Options carry item ids; headings are disabled options without one."""

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def select(self, item_id: str) -> bool:
        try:
            index = self.options.get_option_index(item_id)
        except OptionDoesNotExist:  # not shown here, or filtered out
            return False
        self.options.highlighted = index
        return True

    @property
    def current_id(self) -> str | None:
        option = self.options.highlighted_option
        return option.id if option is not None and not option.disabled else None
