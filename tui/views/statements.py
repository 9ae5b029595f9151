"""View 4: what was said, by whom, verbatim or paraphrased, checked or external."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from models.edtf import parse_edtf
from models.schema import Statement
from models.sorting import date_key
from tui.views.base import MARK
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.item_table import cell, column_width

__all__ = ["StatementsView"]


class StatementsView(TableView):
    key, name, title, kinds = view_info("statements")

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Speaker", key="speaker")
        table.add_column("Words", key="words")
        table.add_column("Date", key="date")
        table.add_column("Form", key="form")
        table.flex_column = "words"
        table.flex_share = 0.45  # the words are what the view is for: the speaker's name gives way first
        table.sort_keys = {"date": self._date_key}  # as dates, not as their labels

    def _date_key(self, item_id: str) -> tuple | None:
        statement = self.dossier.item(item_id)
        assert isinstance(statement, Statement)
        return date_key(statement.date)

    def expected_rows(self) -> int:
        return len(self.dossier.statements)

    def row_ids(self) -> Sequence[str]:
        statements = self.dossier.statements
        if self.country_filter.active:
            statements = self.country_filter.apply(statements)
        return [statement.id for statement in statements]

    def cells(self, item_id: str) -> Sequence[Text]:
        # measure() measures the same texts without making the cells: change both.
        statement = self.dossier.item(item_id)
        assert isinstance(statement, Statement)
        words = f"“{statement.text}”" if statement.mode == "direct" else statement.text
        return [
            cell(f"{self.marker(statement.id)}{_speaker(statement)}", "bold"),
            cell(words[:200], "" if statement.mode == "direct" else "italic"),
            cell(_date(statement.date)),
            cell(_form(statement), "" if statement.mode == "direct" else "italic"),
        ]

    def measure(self, ids: Sequence[str]) -> list[int]:
        """What :meth:`cells` gives, measured as texts (see ``TableView.measure``); the
        words take the width left."""
        statements: list[Statement] = self.items_of(ids)
        noted = self.noted()
        return [
            column_width(f"{MARK if s.id in noted else ''}{_speaker(s)}" for s in statements),
            0,
            column_width(_date(date) for date in {s.date for s in statements}),
            column_width(_form(s) for s in statements),
        ]


def _speaker(statement: Statement) -> str:
    return f"{statement.speaker.name} ({statement.speaker.country})"


def _date(date: str) -> str:
    return parse_edtf(date).label()


def _form(statement: Statement) -> str:
    checked = any(c.checkable for c in statement.citations)
    form = "quote" if statement.mode == "direct" else "paraphr."
    form += " ✓" if checked else " ext."
    if statement.mode == "direct" and statement.reported_by:
        form += f" ({statement.reported_by})"  # a wire service's rendering of the words
    return form
