"""View 4: what was said, by whom, verbatim or paraphrased, checked or external."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from models.edtf import parse_edtf
from models.schema import Statement
from models.sorting import date_key
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.item_table import cell

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
        statement = self.dossier.item(item_id)
        assert isinstance(statement, Statement)
        checked = any(c.checkable for c in statement.citations)
        form = "quote" if statement.mode == "direct" else "paraphr."
        form += " ✓" if checked else " ext."
        if statement.mode == "direct" and statement.reported_by:
            form += f" ({statement.reported_by})"  # a wire service's rendering of the words
        words = f"“{statement.text}”" if statement.mode == "direct" else statement.text
        return [
            cell(f"{self.marker(statement.id)}{statement.speaker.name} ({statement.speaker.country})", "bold"),
            cell(words[:200], "" if statement.mode == "direct" else "italic"),
            cell(parse_edtf(statement.date).label()),
            cell(form, "" if statement.mode == "direct" else "italic"),
        ]
