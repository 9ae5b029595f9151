"""A DataTable of dossier items: one row per item, keyed by the item's id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tui.messages import ItemHighlighted, OpenEvidence
from tui.text import visible

__all__ = ["Cell", "ItemTable", "cell"]

Cell = Text


def cell(value: object, style: str = "") -> Text:
    """A literal table cell: user text is never markup."""
    return Text(visible(str(value)), style=style, no_wrap=True, overflow="ellipsis")


class ItemTable(DataTable[Text]):
    """Rows of items with vim-style movement; enter asks for the row's evidence.

    ``sort_keys`` maps a column key to a function of the row's item id, used by
    :meth:`sort_by` (the ``s`` key cycles through them).
    """

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
        Binding("enter", "open_evidence", "Evidence", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.sort_keys: dict[str, Callable[[str], Any]] = {}
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._source_rows: list[tuple[str, Sequence[Text]]] = []
        #: The column that takes the width left over (default: the last one).
        self.flex_column: str | None = None

    def set_rows(self, rows: Iterable[tuple[str, Sequence[Text]]]) -> None:
        """Replace every row, keeping the cursor on the same item where it can."""
        self._source_rows = list(rows)
        self._fill()

    def _fill(self) -> None:
        current = self.current_id
        rows = self._source_rows
        if self.sort_column in self.sort_keys:
            key_of = self.sort_keys[self.sort_column]
            rows = sorted(rows, key=lambda row: key_of(row[0]), reverse=self.sort_reverse)
        with self.app.batch_update():
            self.clear()
            for item_id, cells in rows:
                self.add_row(*cells, key=item_id)
            if current is not None and current in self.rows:
                self.move_cursor(row=self.get_row_index(current), scroll=True)
        self._fit_last_column()
        if self.row_count:
            self._announce()

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:  # cursor outside the (now smaller) table
            return None
        return key.value

    def select_id(self, item_id: str) -> bool:
        """Move the cursor to an item's row; False when it is not shown."""
        if item_id not in self.rows:
            return False
        self.move_cursor(row=self.get_row_index(item_id), scroll=True)
        return True

    def sort_by(self, column: str) -> None:
        """Sort by a column; the same column again reverses the order."""
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._fill()

    def on_resize(self) -> None:
        self._fit_last_column()

    def on_show(self) -> None:
        self._fit_last_column()

    def _fit_last_column(self) -> None:
        """Give the flexible column (``flex_column``, else the last) the width that is
        left, so long text ends in "…" instead of needing a horizontal scrollbar.

        The other columns' widths are measured from the rows themselves, not from
        DataTable's lazily updated measurements, so the result does not depend on
        when this runs.
        """
        columns = list(self.columns.values())
        available = self.scrollable_content_region.width
        if not columns or available <= 0:
            return  # hidden: fitted when shown
        keys = [column.key.value for column in columns]
        flex_index = keys.index(self.flex_column) if self.flex_column in keys else len(columns) - 1
        flex = columns[flex_index]
        used = 0
        for index, column in enumerate(columns):
            if index == flex_index:
                continue
            cells = [row[1][index].cell_len for row in self._source_rows if index < len(row[1])]
            used += max([column.label.cell_len, *cells]) + 2 * self.cell_padding
        width = max(8, available - used - 2 * self.cell_padding)
        if flex.auto_width or flex.width != width:
            # DataTable has no public way to resize a column; its Column is a plain
            # dataclass and this flag makes the table measure itself again.
            flex.auto_width, flex.width = False, width
            self._require_update_dimensions = True
            self.refresh()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        # An empty table "highlights" row -1, with no key (up or k in an empty list).
        if event.row_key is not None and event.row_key.value is not None:
            self.post_message(ItemHighlighted(event.row_key.value))

    def _announce(self) -> None:
        item_id = self.current_id
        if item_id is not None:
            self.post_message(ItemHighlighted(item_id))

    def action_open_evidence(self) -> None:
        item_id = self.current_id
        if item_id is not None:
            self.post_message(OpenEvidence(item_id))
