"""View 4: what was said, by whom, verbatim or paraphrased, checked or external."""

from __future__ import annotations

from models.edtf import parse_edtf
from tui.views.table_view import TableView
from tui.widgets.item_table import cell

__all__ = ["StatementsView"]


class StatementsView(TableView):
    key, title = "4", "Statements"
    name = "statements"
    kinds = frozenset({"statement"})

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Speaker", key="speaker")
        table.add_column("Words", key="words")
        table.add_column("Date", key="date")
        table.add_column("Form", key="form")
        table.flex_column = "words"

    def refill(self) -> None:
        rows = []
        for statement in self.country_filter.apply(self.dossier.statements):
            checked = any(c.checkable for c in statement.citations)
            form = "quote" if statement.mode == "direct" else "paraphr."
            form += " ✓" if checked else " ext."
            words = f"“{statement.text}”" if statement.mode == "direct" else statement.text
            rows.append((statement.id, [
                cell(f"{self.marker(statement.id)}{statement.speaker.name} ({statement.speaker.country})", "bold"),
                cell(words[:200], "" if statement.mode == "direct" else "italic"),
                cell(parse_edtf(statement.date).label()),
                cell(form, "" if statement.mode == "direct" else "italic"),
            ]))
        self.table.set_rows(rows)
        self.show_empty(not rows)
