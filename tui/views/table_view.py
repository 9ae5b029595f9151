"""A view whose list is an ItemTable: rows are item ids, cells made when drawn."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rich.text import Text
from textual import on

from models.schema import Item
from tui.state import explorer
from tui.views.base import ItemsView
from tui.views.narrowing import cancelled_check, matcher
from tui.widgets.item_table import ItemTable, measure_widths

__all__ = ["TableRows", "TableView"]


@dataclass(frozen=True)
class TableRows:
    """What :meth:`TableView.compute` gives: the rows' ids, in order, and the widest
    cell of each column."""

    ids: Sequence[str]
    widths: list[int]


class TableView(ItemsView):
    _table: ItemTable | None = None

    def make_list(self) -> ItemTable:
        self._table = ItemTable()
        return self._table

    @property
    def table(self) -> ItemTable:
        """The view's table (kept, not queried: :meth:`compute` may run in a thread)."""
        assert self._table is not None
        return self._table

    def row_ids(self) -> Sequence[str]:
        """The ids of the rows, in order, for the current filter (no widgets touched)."""
        raise NotImplementedError

    def cells(self, item_id: str) -> Sequence[Text]:
        """The cells of an item's row."""
        raise NotImplementedError

    @on(ItemTable.SortChanged)
    def _sorted(self, event: ItemTable.SortChanged) -> None:
        """Put the rows in the new order (the cursor stays on its item)."""
        event.stop()
        self.refill()

    def narrow(self, rows: TableRows) -> TableRows:
        """The rows whose cells hold every word typed (see :mod:`tui.views.narrowing`)."""
        match = matcher(self.narrowing)
        if match is None:
            return rows
        cells, countries = self.cells, self._country_names()
        cancelled = cancelled_check()
        ids = []
        for n, item_id in enumerate(rows.ids):
            if n % 4096 == 4095 and cancelled():
                return rows  # a newer keystroke's narrowing is under way: these rows are dropped
            if match(" ".join(value.plain for value in cells(item_id)) + countries(item_id)):
                ids.append(item_id)
        return replace(rows, ids=ids, widths=self.measure(ids))

    def _country_names(self) -> Callable[[str], str]:
        """An item's countries by name: a row that shows "(CHN)" is found by "china"."""
        dossier = self.dossier
        names: dict[str, str] = {}

        def of(item_id: str) -> str:
            thing = dossier.item(item_id) if dossier.has_item(item_id) else None
            if not isinstance(thing, Item):
                return ""  # a note, a source, a row of the UN record
            codes = thing.country_codes()
            for code in codes:
                if code not in names:
                    names[code] = dossier.country_name(code)
            return "".join(f" {names[code]}" for code in codes)

        return of

    def rows_shown(self, rows: TableRows) -> int:
        return len(rows.ids)

    def rows_key(self) -> Hashable | None:
        table = self.table
        return (self.country_filter.codes, table.sort_column, table.sort_reverse)

    def compute(self) -> TableRows:
        ids = self.table.order(self.row_ids(), self.cells)
        return TableRows(ids, self.measure(ids))

    def measure(self, ids: Sequence[str]) -> list[int]:
        """The widest cell of each column over the rows ``ids`` (the flexible column
        not measured: see :func:`measure_widths`). Touches no widget: may run in a thread.

        By default every row's cells are made and measured. A view of tens of thousands
        of rows overrides this to measure the texts its columns show with
        :func:`column_width` instead, giving the same widths (tests/test_table_widths.py
        checks it): at 1,000x Statements' first visit worked out its rows in 730 ms of CPU
        that way, 82 ms this way; Participants 330 -> 30 ms (benchmarks/README.md, "View
        switches and freezes").
        """
        table = self.table
        return measure_widths(ids, self.cells, len(table.columns), table.flex_index())

    def items_of(self, ids: Sequence[str]) -> list[Any]:
        """The items (or sources) of the rows ``ids``, in order (for :meth:`measure`)."""
        by_id = self.dossier.items_by_id
        return [by_id[item_id] for item_id in ids]

    def noted(self) -> frozenset[str]:
        """The ids of the items that carry notes (what :meth:`marker` marks)."""
        notes = explorer(self).state.notes
        return frozenset(notes.item_ids()) if notes is not None else frozenset()

    def show_rows(self, rows: TableRows) -> None:
        self.table.set_rows(rows.ids, self.cells, rows.widths)
        self.show_empty(not rows.ids)

    def select(self, item_id: str) -> bool:
        pending = self.select_when_ready(item_id)
        return pending if pending is not None else self.table.select_id(item_id)

    @property
    def current_id(self) -> str | None:
        # None until the view is built (a key pressed right after the view's number).
        return self._table.current_id if self._table is not None else None
