"""A table of dossier items, one row per item, drawn only where it is on screen.

It looks and moves like Textual's ``DataTable`` with a row cursor (the same header,
cursor and padding), but it holds only the ids of its rows: the view gives a function
that makes a row's cells, and the table calls it for the rows on screen. Its cells
and their widths are :mod:`tui.widgets.cell_widths` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.renderables.styled import Styled
from textual.strip import Strip

from models.sorting import sort_ids, text_key
from tui.messages import OpenEvidence
from tui.render_caches import LineCache
from tui.widgets.cell_widths import (
    Cell,
    RowCells,
    _cap_to_fit,
    cell,
    column_width,
    measure_widths,
    plain_width,
    text_width,
)
from tui.widgets.lazy_rows import LazyRows

__all__ = ["Cell", "ItemTable", "RowCells", "cell", "column_width", "measure_widths", "plain_width", "text_width"]


def _unmarked(plain: str) -> str:
    """A cell's text without the "✎ " that marks an item with notes."""
    return plain[2:] if plain.startswith("✎ ") else plain


@dataclass(frozen=True)
class _Drawing:
    """What every line of a table drawn shares: its styles (the table's own, the
    header's, the cursor's), the columns' widths on screen, the console's options.
    Asked of Textual for each line, they were a third of drawing one: the table's own
    style walks every ancestor's styles (``DOMNode.rich_style``), and each column's
    width the columns before it (benchmarks/README.md, "Freezes and the Timeline's
    first visit")."""

    key: tuple
    base: Style
    header: Style
    cursor: Style
    after_cursor: Style
    widths: tuple[int, ...]
    table_width: int
    options: Any


#: No style (what the cursor adds to a line it is not on).
_NULL = Style.null()


@dataclass
class Column:
    key: str
    label: Text
    #: Cells the content takes (the widest of the label and the cells), padding apart.
    width: int
    #: The header's words (``label`` adds the sort arrow).
    title: str = ""


#: After the sorted column's title: ascending, descending.
SORT_ARROWS = (" ▲", " ▼")


class ItemTable(LazyRows):
    """Rows of items with vim-style movement; enter asks for the row's evidence.

    Sorting: ``s`` sorts by the next column (after the last: the view's own order
    again), ``S`` reverses, a click on a header sorts by that column (again:
    reverses). The sorted column's header shows ▲ or ▼. ``sort_keys`` maps a column
    key to a function of a row's item id (None: not known, listed last); other
    columns sort by their cells' text (see :func:`models.sorting.text_key`). The view
    puts the rows in order (:meth:`order`, on :class:`SortChanged`), in a thread for
    a big list.
    """

    BINDINGS = [
        Binding("s", "sort_next", "Sort", tooltip="Sort by the next column (S reverses; click a header)"),
        Binding("S", "sort_reverse", "Reverse sort", show=False),
    ]

    DEFAULT_CSS = """
    ItemTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .item-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .item-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .item-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .item-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .item-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-table--header", "item-table--cursor"}

    #: Cells of space on each side of every column.
    CELL_PADDING = 1

    @dataclass
    class HeaderSelected(Message):
        """A column's header was clicked."""

        table: ItemTable
        column_key: str

        @property
        def control(self) -> ItemTable:
            return self.table

    @dataclass
    class SortChanged(Message):
        """The sort column or direction changed: the rows should be put in order."""

        table: ItemTable

        @property
        def control(self) -> ItemTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.header_height = 1
        self.columns: list[Column] = []
        self._cells: RowCells = lambda item_id: ()
        self._cell_cache: LineCache[str, Sequence[Text]] = LineCache(128)
        #: The widest cell of each column over every row (set with the rows).
        self._widths: list[int] = []
        self.sort_keys: dict[str, Callable[[str], Any]] = {}
        self.sort_column: str | None = None
        self.sort_reverse = False
        #: The column that takes the width left over (default: the last one).
        self.flex_column: str | None = None
        #: The share of the width it gets at least: the other columns are narrowed first.
        self.flex_share = 0.0
        self._flex_width = 8
        #: The width the other columns are narrowed to so the table fits (None: none is).
        self._cap: int | None = None
        self._fitted_cap: int | None = None
        #: What the lines drawn share, and for which rows, styles and widths (see _drawing).
        self._drawn_with: _Drawing | None = None

    # -- columns and rows -------------------------------------------------------------

    def add_column(self, label: str, *, key: str) -> None:
        text = self._label(key, label)
        self.columns.append(Column(key, text, text_width(text), label))
        self._widths.append(0)
        self._fit_columns()

    def set_rows(self, ids: Sequence[str], cells: RowCells, widths: Sequence[int] | None = None) -> None:
        """Replace every row, keeping the cursor on the same item where it can.

        ``widths`` are what :func:`measure_widths` gives for these rows (measured now
        when not given). The cursor's item is announced (its details should show).
        """
        current = self.current_id
        if widths is None:
            widths = measure_widths(ids, cells, len(self.columns), self.flex_index())
        self._cells = cells
        self._cell_cache.clear()
        self._widths = list(widths)
        self._cursor = None
        self.set_row_ids(ids)
        self._fit_columns()
        index = self.index_of(current) if current is not None else None
        self.move_cursor(index if index is not None else 0 if ids else None, announce=False)
        self.announce()

    def row_cells(self, index: int) -> Sequence[Text]:
        item_id = self._ids[index]
        assert item_id is not None
        found = self._cell_cache.get(item_id)
        if found is None:
            found = self._cells(item_id)
            self._cell_cache[item_id] = found
        return found

    def refresh_rows(self) -> None:
        """Draw every row again (what they show has changed; their order has not)."""
        self._cell_cache.clear()
        self.clear_line_cache()

    @property
    def cursor_row(self) -> int:
        return self._cursor or 0

    def get_row_at(self, index: int) -> Sequence[Text]:
        """The cells of the row at ``index``."""
        return self.row_cells(index)

    def get_row(self, item_id: str) -> Sequence[Text]:
        """The cells of an item's row (KeyError when the table does not show it)."""
        index = self.index_of(item_id)
        if index is None:
            raise KeyError(item_id)
        return self.row_cells(index)

    # -- sorting --------------------------------------------------------------------

    def _label(self, key: str, title: str) -> Text:
        arrow = SORT_ARROWS[self.sort_reverse] if key == self.sort_column else ""
        return Text(title + arrow)

    def set_sort(self, column: str | None, reverse: bool = False) -> None:
        """Sort by ``column`` (None: the view's own order), and say so in the header
        and to the view (:class:`SortChanged`)."""
        self.sort_column, self.sort_reverse = column, reverse if column is not None else False
        for item in self.columns:
            item.label = self._label(item.key, item.title)
            item.width = text_width(item.label)
        self._fit_columns()
        self.clear_line_cache()
        self.post_message(self.SortChanged(self))

    def sort_by(self, column: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        if self.sort_column == column:
            self.set_sort(column, not self.sort_reverse)
        else:
            self.set_sort(column)

    def action_sort_next(self) -> None:
        """The next column, ascending; after the last, the view's own order."""
        keys = [column.key for column in self.columns]
        if not keys:
            return
        if self.sort_column not in keys:
            self.set_sort(keys[0])
        else:
            index = keys.index(self.sort_column) + 1
            self.set_sort(keys[index] if index < len(keys) else None)

    def action_sort_reverse(self) -> None:
        keys = [column.key for column in self.columns]
        if keys:
            self.set_sort(self.sort_column if self.sort_column in keys else keys[0], not self.sort_reverse)

    def order(self, ids: Sequence[str], cells: RowCells | None = None) -> Sequence[str]:
        """``ids`` in the chosen sort order (as given when none is chosen), rows whose
        value is not known last. ``cells`` makes a row's cells (default: the table's),
        for columns without a key of their own. Touches no widget: may run in a thread."""
        column = self.sort_column
        if column is None:
            return ids
        key_of = self.sort_keys.get(column)
        if key_of is None:
            keys = [item.key for item in self.columns]
            if column not in keys:
                return ids
            index, make = keys.index(column), cells or self._cells
            key_of = lambda item_id: text_key(_unmarked(make(item_id)[index].plain))  # noqa: E731
        return sort_ids(ids, key_of, reverse=self.sort_reverse)

    # -- widths ---------------------------------------------------------------------

    def content_width(self) -> int:
        return sum(self.render_width(index) for index in range(len(self.columns)))

    def flex_index(self) -> int:
        """The column that takes the width the others leave (its cells' widths are not used)."""
        keys = [column.key for column in self.columns]
        return keys.index(self.flex_column) if self.flex_column in keys else len(keys) - 1

    #: Columns this narrow (dates, kinds, short labels) are never narrowed.
    KEEP_WHOLE = 12
    #: The narrowest the flexible column gets.
    FLEX_MIN = 8

    def _natural_width(self, index: int) -> int:
        """The width a column's content asks for: its widest cell or its header."""
        return max(self.columns[index].width, self._widths[index] if index < len(self._widths) else 0)

    def _floor(self, index: int) -> int:
        """The narrowest a column other than the flexible one is made."""
        return min(self._natural_width(index), max(self.columns[index].width, self.KEEP_WHOLE))

    def render_width(self, index: int) -> int:
        """A column's width on screen, padding included."""
        if index == self.flex_index():
            width = self._flex_width
        else:
            width = self._natural_width(index)
            if self._cap is not None:
                width = min(width, max(self._cap, self._floor(index)))
        return width + 2 * self.CELL_PADDING

    def _fit_columns(self) -> None:
        """Give the flexible column (``flex_column``, else the last) the width that is
        left, so long text ends in "…" instead of needing a horizontal scrollbar.

        It gets at least ``flex_share`` of the width: when the other columns leave it
        less, the widest of them are narrowed (never below :meth:`_floor`) until it
        fits; when even that is too much, it makes do with what is left (at least
        :attr:`FLEX_MIN`). Only a table too narrow for every column's floor scrolls
        sideways."""
        available = self.scrollable_content_region.width
        if not self.columns or available <= 0:
            return  # hidden: fitted when shown
        flex = self.flex_index()
        others = [index for index in range(len(self.columns)) if index != flex]
        padding = 2 * self.CELL_PADDING * len(self.columns)
        wanted = max(self.FLEX_MIN, int(available * self.flex_share))
        cap = _cap_to_fit([self._natural_width(i) for i in others], [self._floor(i) for i in others],
                          available - padding - wanted)
        self._cap = cap
        used = sum(self.render_width(index) for index in others)
        width = max(self.FLEX_MIN, available - used - 2 * self.CELL_PADDING)
        if (width, cap) != (self._flex_width, self._fitted_cap):
            self._flex_width, self._fitted_cap = width, cap
            self.clear_line_cache()
        self._update_virtual_size()

    # Textual also runs LazyRows' handlers of the same events, after these.
    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    def on_show(self) -> None:
        self._fit_columns()

    def on_hide(self) -> None:
        self._cell_cache.clear()

    # -- drawing --------------------------------------------------------------------

    def _drawing(self) -> _Drawing:
        """What every line drawn shares (see :class:`_Drawing`): worked out again only
        when the drawn lines are dropped (new rows, widths, styles or focus) or the size
        changes."""
        key = (self._generation, self._pseudo_state, self.size.width, len(self.columns), self._flex_width, self._cap)
        drawing = self._drawn_with
        if drawing is None or drawing.key != key:
            cursor = self.get_component_rich_style("item-table--cursor")
            widths = tuple(self.render_width(column) for column in range(len(self.columns)))
            drawing = self._drawn_with = _Drawing(
                key, self.rich_style, self.get_component_styles("item-table--header").rich_style, cursor,
                # The cursor's colour wins over the cell's own; its background does not.
                Style.from_color(color=cursor.color), widths, sum(widths),
                self.app.console_options.update_dimensions(1, 1).update(no_wrap=True),
            )
        return drawing

    def _line(self, index: int, cells: Sequence[Text]) -> Strip:
        """One line of the table: the header (``index`` -1) or a row, as DataTable
        draws it with a row cursor."""
        drawing = self._drawing()
        base = drawing.base
        cursor = index >= 0 and index == self._cursor
        row_style = drawing.header if index < 0 else base
        cursor_style = drawing.cursor if cursor else _NULL
        after = drawing.after_cursor if cursor else _NULL
        options = drawing.options
        console = self.app.console
        segments: list[Segment] = []
        for column, value in enumerate(cells):
            width = drawing.widths[column]
            before = row_style + Style.from_meta({"row": index, "column": column}) + cursor_style
            fast = self._cell(console, value, width, before, after)
            if fast is not None:
                segments += fast
                continue
            padded = Padding(value, (0, self.CELL_PADDING))
            lines = console.render_lines(Styled(padded, pre_style=before, post_style=after),
                                         options.update_dimensions(width, 1))
            segments += lines[0]
        remaining = max(0, self.size.width - drawing.table_width)
        fill = row_style + cursor_style + Style.from_meta({"row": index, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * remaining, fill))
        scroll_x = int(self.scroll_offset.x)
        width = self.size.width
        strip = Strip(segments)
        if scroll_x:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base).simplify()

    def _cell(self, console, value: Text, width: int, before: Style, after: Style) -> list[Segment] | None:
        """A one-line cell's segments, as rich would render it padded and styled (the
        text truncated with "…"), without going through its render pipeline (several
        times faster: a screenful of a table is 150 cells). None for text with
        newlines or tabs, which the full pipeline handles."""
        plain = value.plain
        if "\n" in plain or "\t" in plain:
            return None
        room = width - 2 * self.CELL_PADDING
        if room <= 0:
            return None
        line = value.copy()
        line.rstrip_end(room)
        line.truncate(room, overflow=value.overflow or "fold")  # rich's default: cut
        pad = " " * self.CELL_PADDING
        # Text.render leaves out the text's own style when it has no spans.
        own = console.get_style(line.style, default=Style.null()) if not line.spans else Style.null()
        out = [Segment(pad, before + after)]
        out += [Segment(text, before + (style or own) + after) for text, style, _ in line.render(console, end="")]
        short = room - line.cell_len
        if short > 0:
            out.append(Segment(" " * short, before + after))
        out.append(Segment(pad, before + after))
        return out

    def render_header_line(self, y: int) -> Strip:
        key = ("header", self._generation, int(self.scroll_offset.x), self._pseudo_state)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._line(-1, [column.label for column in self.columns])
            self._line_cache[key] = strip
        return strip

    def render_row_line(self, index: int, line: int, cursor: bool) -> Strip:
        return self._line(index, self.row_cells(index))

    def render_blank_line(self) -> Strip:
        return Strip.blank(self.size.width, self._drawing().base)

    # -- moving ---------------------------------------------------------------------

    def _scroll_to_row(self, index: int, *, top: bool = False) -> None:
        width = max(self.size.width, self.content_width())
        region = Region(int(self.scroll_x), self.header_height + index, width, 1)
        self.scroll_to_region(region, animate=False, spacing=Spacing(self.header_height, 0, 0, 0), force=True,
                              top=top)

    def _page(self, step: int) -> None:
        """A page at a time, the cursor keeping its place on screen."""
        if not self._ids or not self.scrollable_content_region:
            return
        height = self._page_height()
        cursor = self._cursor or 0
        target = max(0, min(cursor + step * height, len(self._ids) - 1))
        self.scroll_relative(y=step * height, animate=False, force=True)
        self.move_cursor(target, scroll=False)

    def action_choose(self) -> None:
        item_id = self.current_id
        if item_id is not None:
            self.post_message(OpenEvidence(item_id))

    async def _on_click(self, event: events.Click) -> None:
        """A click on the header sorts (LazyRows' handler, run after this one, moves the
        cursor on a click on a row)."""
        if event.y >= self.header_height:
            return
        event.prevent_default()
        meta = event.style.meta
        column = meta.get("column")
        if isinstance(column, int) and 0 <= column < len(self.columns) and not meta.get("out_of_bounds"):
            event.stop()
            key = self.columns[column].key
            self.post_message(self.HeaderSelected(self, key))
            self.sort_by(key)
