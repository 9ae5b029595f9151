"""A list of items under headings, drawn only where it is on screen.

It looks and moves like Textual's ``OptionList`` (the same highlight, headings drawn
as disabled options the cursor skips), but it holds only the rows' ids and heights:
the view gives a function that makes a row's content, called for the rows on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.content import Content
from textual.strip import Strip
from textual.visual import Padding, visualize
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.render_caches import LineCache
from tui.widgets.lazy_rows import LazyRows

__all__ = ["ItemList", "RowContent"]

#: Makes what a row shows, from its index.
RowContent = Callable[[int], Content]


class ItemList(LazyRows):
    """Rows of items (an id each) and headings (no id); enter chooses an item."""

    DEFAULT_CSS = """
    ItemList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .item-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .item-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .item-list--option-disabled {
            color: $text-disabled;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-list--option",
        "item-list--option-highlighted",
        "item-list--option-disabled",
    }

    WRAP = True

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content: RowContent = lambda index: Content("")
        self._row_strips: LineCache[tuple, list[Strip]] = LineCache(64)

    def set_rows(self, ids: Sequence[str | None], content: RowContent, heights: Sequence[int] | None = None) -> None:
        """Replace the rows: their ids (None for a heading), what each shows and, when
        some take more than one line, the height of each. The cursor is left where it
        was (on the same index) for the caller to move."""
        self._content = content
        self._row_strips.clear()
        self.set_row_ids(ids, heights)

    def row_content(self, index: int) -> Content:
        return self._content(index)

    def _rows_changed(self) -> None:
        self._row_strips.clear()
        super()._rows_changed()

    def clear_line_cache(self) -> None:
        self._row_strips.clear()
        super().clear_line_cache()

    # -- drawing --------------------------------------------------------------------

    def _style_for(self, index: int, cursor: bool):
        if not self.enabled(index):
            return self.get_visual_style("item-list--option", "item-list--option-disabled")
        if cursor:
            return self.get_visual_style("item-list--option", "item-list--option-highlighted")
        return self.get_visual_style("item-list--option")

    def render_row_line(self, index: int, line: int, cursor: bool) -> Strip:
        style = self._style_for(index, cursor)
        key = (index, style, self._generation)
        strips = self._row_strips.get(key)
        if strips is None:
            width = self.scrollable_content_region.width
            visual = visualize(self, self.row_content(index), markup=False)
            padding = self.get_component_styles("item-list--option").padding
            if padding:
                visual = Padding(visual, padding)
            strips = [
                strip.extend_cell_length(width, style.rich_style).apply_meta({"option": index})
                for strip in visual.to_strips(self, visual, width, None, style)
            ]
            self._row_strips[key] = strips
        if line < len(strips):
            return strips[line]
        return self.render_blank_line()

    def render_blank_line(self) -> Strip:
        return Strip.blank(self.scrollable_content_region.width,
                           self.get_visual_style("item-list--option").rich_style)

    # -- read like an OptionList (for tests and the views' convenience) -----------------

    @property
    def highlighted(self) -> int | None:
        return self._cursor

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        self.move_cursor(index)

    @property
    def option_count(self) -> int:
        return self.row_count

    def get_option_at_index(self, index: int) -> Option:
        """The row as an ``Option`` (made when asked for: the list keeps none)."""
        if not 0 <= index < len(self._ids):
            raise OptionDoesNotExist(f"There is no option with an index of {index}")
        return Option(self.row_content(index), id=self._ids[index], disabled=not self.enabled(index))

    def get_option_index(self, option_id: str) -> int:
        index = self.index_of(option_id)
        if index is None:
            raise OptionDoesNotExist(f"There is no option with an ID of {option_id!r}")
        return index

    def get_option(self, option_id: str) -> Option:
        return self.get_option_at_index(self.get_option_index(option_id))

    @property
    def options(self) -> list[Option]:
        """Every row as an Option (for tests: it makes all of them)."""
        return [self.get_option_at_index(index) for index in range(self.row_count)]

    @property
    def highlighted_option(self) -> Option | None:
        cursor = self._cursor
        return None if cursor is None else self.get_option_at_index(cursor)
