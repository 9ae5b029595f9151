"""A view whose list is an OptionList of items under headings (which cannot be chosen)."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist

from tui.views.base import ItemsView

__all__ = ["OptionView"]


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
