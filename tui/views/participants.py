"""View 2: who takes part, in what role, what each pledged and what each sent.

A table of pledges and deployments, one row each (a participant with neither, one
row); ``c`` turns it into a chart of pledged against sent, per contributor."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding

from models.contributions import contributions
from models.edtf import parse_edtf
from models.schema import Deployment, Participant, Pledge
from models.sorting import amount_key, date_key
from tui.views.base import MARK
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.item_table import cell, column_width
from tui.widgets.pledge_chart import PledgeChart

__all__ = ["ParticipantsView"]

#: A participant's roles are in its details (and the Overview): seven columns would not
#: fit 80 cells without cutting the numbers.
COLUMNS = (("country", "Country"), ("stage", "Stage"), ("pledge", "Number"), ("date", "Date"), ("kind", "Kind"),
           ("force", "Force"))


#: The row of a participant with neither pledges nor deployments.
NOTHING = "nothing recorded"


def _date(date: str) -> str:
    return parse_edtf(date).label()


class ParticipantsView(TableView):
    key, name, title, kinds = view_info("participants")

    BINDINGS = [
        Binding("c", "toggle_chart", "Chart", tooltip="Pledged against sent, per contributor"),
    ]

    chart_mode = False

    def compose_above(self) -> ComposeResult:
        yield PledgeChart(id="pledge-chart")

    def on_mount(self) -> None:
        table = self.table
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        # Numbers by amount within their kind of unit, dates as dates; the other
        # columns by their text (see ItemTable.order).
        table.sort_keys = {"pledge": self._amount_key, "date": self._date_key}

        self.query_one(PledgeChart).display = False

    def _row_item(self, item_id: str) -> tuple[Participant, Pledge | Deployment | None]:
        item = self.dossier.item(item_id)
        if isinstance(item, (Pledge, Deployment)):
            participant = self.dossier.participant(item.country)
            assert participant is not None
            return participant, item
        assert isinstance(item, Participant)
        return item, None

    def _amount_key(self, item_id: str) -> tuple | None:
        pledge = self._row_item(item_id)[1]
        return None if pledge is None else amount_key(pledge.amount, pledge.unit)

    def _date_key(self, item_id: str) -> tuple | None:
        pledge = self._row_item(item_id)[1]
        return None if pledge is None else date_key(pledge.date)

    def expected_rows(self) -> int:
        return sum(max(1, len(p.pledges)) for p in self.dossier.participants) + len(self.dossier.deployments)

    def _sent(self) -> dict[str, list[str]]:
        sent: dict[str, list[str]] = {}
        for deployment in self.dossier.deployments:
            sent.setdefault(deployment.country, []).append(deployment.id)
        return sent

    def row_ids(self) -> Sequence[str]:
        """A participant's pledges, then what it sent, one row each; a participant with
        neither, one row."""
        participants = self.dossier.participants
        if self.country_filter.active:
            participants = self.country_filter.apply(participants)
        sent = self._sent()
        return [row for p in participants
                for row in ([pledge.id for pledge in p.pledges] + sent.get(p.country, []) or [p.id])]

    def cells(self, item_id: str) -> Sequence[Text]:
        # measure() measures the same texts without making the cells: change both.
        participant, pledge = self._row_item(item_id)
        marks = self.marker(item_id) or self.marker(participant.id)
        country = cell(marks + self.dossier.country_name(participant.country), "bold")
        if pledge is None:
            return [country, cell(""), cell(NOTHING, "dim"), cell(""), cell(""), cell("")]
        stage = cell("sent", "bold") if isinstance(pledge, Deployment) else cell("pledged")
        return [country, stage, cell(pledge.amount_text()), cell(_date(pledge.date)), cell(pledge.type),
                cell(pledge.force)]

    def measure(self, ids: Sequence[str]) -> list[int]:
        """What :meth:`cells` gives, measured as texts (see ``TableView.measure``); the
        force takes the width left."""
        dossier, noted = self.dossier, self.noted()
        by_id, by_code = dossier.items_by_id, {p.country: p for p in dossier.participants}
        countries: set[tuple[bool, str]] = set()  # (marked, code)
        pledges: list[Pledge | Deployment] = []
        for item_id in ids:
            item = by_id[item_id]
            if isinstance(item, Participant):
                countries.add((item_id in noted, item.country))
            else:
                assert isinstance(item, (Pledge, Deployment))
                pledges.append(item)
                countries.add((item_id in noted or by_code[item.country].id in noted, item.country))
        bare = len(pledges) < len(ids)  # some participant has no pledge: its row says so
        return [
            column_width(f"{MARK if marked else ''}{dossier.country_name(code)}" for marked, code in countries),
            column_width(["sent" if isinstance(p, Deployment) else "pledged" for p in pledges] + [""] * bare),
            column_width([p.amount_text() for p in pledges] + [NOTHING] * bare),
            column_width(_date(date) for date in {p.date for p in pledges}),
            column_width(p.type for p in pledges),
            0,
        ]

    def action_toggle_chart(self) -> None:
        self.chart_mode = not self.chart_mode
        chart = self.query_one(PledgeChart)
        if self.chart_mode:
            codes = self.country_filter.codes if self.country_filter.active else None
            chart.show(self.dossier, contributions(self.dossier, codes))
            chart.focus()
        else:
            self.table.focus()
        chart.display = self.chart_mode
        self.table.display = not self.chart_mode

    def filter_changed(self) -> None:
        super().filter_changed()
        if self.chart_mode:
            country_filter = self.country_filter
            codes = country_filter.codes if country_filter.active else None
            self.query_one(PledgeChart).show(self.dossier, contributions(self.dossier, codes))

    def select(self, item_id: str) -> bool:
        """A participant with pledges has no row of its own: its first pledge stands for it."""
        participant = self.dossier.item(item_id) if self.dossier.has_item(item_id) else None
        if isinstance(participant, Participant) and participant.pledges:
            item_id = participant.pledges[0].id
        return super().select(item_id)
