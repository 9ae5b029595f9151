"""View 2: who takes part, in what role, and what each pledged."""

from __future__ import annotations

from textual.binding import Binding

from models.edtf import parse_edtf
from models.schema import Participant, Pledge
from tui.views.table_view import TableView
from tui.widgets.item_table import cell

__all__ = ["ParticipantsView"]

COLUMNS = (("country", "Country"), ("pledge", "Pledge"), ("date", "Date"), ("kind", "Kind"), ("roles", "Roles"))


class ParticipantsView(TableView):
    key, title = "2", "Participants"
    name = "participants"
    kinds = frozenset({"participant", "pledge"})

    BINDINGS = [Binding("s", "cycle_sort", "Sort", tooltip="Sort by the next column; again to reverse")]

    def on_mount(self) -> None:
        table = self.table
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        table.sort_keys = {
            "country": lambda i: (self.dossier.country_name(self._row_item(i)[0].country), i),
            "roles": lambda i: (self._row_item(i)[0].roles_text(), i),
            "pledge": lambda i: self._amount_key(i),
            "kind": lambda i: (self._row_item(i)[1].type if self._row_item(i)[1] else "~", i),
            "date": lambda i: self._date_key(i),
        }

    def _row_item(self, item_id: str) -> tuple[Participant, Pledge | None]:
        item = self.dossier.item(item_id)
        if isinstance(item, Pledge):
            participant = self.dossier.participant(item.country)
            assert participant is not None
            return participant, item
        assert isinstance(item, Participant)
        return item, None

    def _amount_key(self, item_id: str) -> tuple:
        pledge = self._row_item(item_id)[1]
        if pledge is None or pledge.amount is None:
            return (1, "", 0.0, item_id)
        return (0, pledge.unit, float(pledge.amount), item_id)

    def _date_key(self, item_id: str) -> tuple:
        pledge = self._row_item(item_id)[1]
        if pledge is None:
            return (1, (), item_id)
        return (0, parse_edtf(pledge.date).sort_key, item_id)

    def refill(self) -> None:
        rows = []
        name = self.dossier.country_name
        for participant in self.country_filter.apply(self.dossier.participants):
            for pledge in participant.pledges or [None]:
                row_id = pledge.id if pledge else participant.id
                marks = self.marker(row_id) or self.marker(participant.id)
                country = cell(marks + name(participant.country), "bold")
                roles = cell(participant.roles_text())
                if pledge is None:
                    rows.append((participant.id, [country, cell("no pledge recorded", "dim"), cell(""), cell(""), roles]))
                    continue
                date = parse_edtf(pledge.date).label()
                rows.append((pledge.id, [country, cell(pledge.amount_text()), cell(date), cell(pledge.type), roles]))
        self.table.set_rows(rows)
        self.show_empty(not rows)

    def select(self, item_id: str) -> bool:
        """A participant with pledges has no row of its own: its first pledge stands for it."""
        participant = self.dossier.item(item_id) if self.dossier.has_item(item_id) else None
        if isinstance(participant, Participant) and participant.pledges:
            return self.table.select_id(participant.pledges[0].id)
        return self.table.select_id(item_id)

    def action_cycle_sort(self) -> None:
        keys = [key for key, _ in COLUMNS]
        table = self.table
        if table.sort_column is None:
            table.sort_by(keys[0])
        elif not table.sort_reverse:
            table.sort_by(table.sort_column)  # same column: reverse
        else:
            table.sort_by(keys[(keys.index(table.sort_column) + 1) % len(keys)])
        direction = "descending" if table.sort_reverse else "ascending"
        label = dict(COLUMNS)[table.sort_column or keys[0]]
        self.notify(f"Sorted by {label.lower()}, {direction}", timeout=2)

    def on_data_table_header_selected(self, event) -> None:
        self.table.sort_by(str(event.column_key.value))
