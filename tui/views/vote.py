"""View 3: how each Security Council member voted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from models.schema import Ballot, Statement
from tui.messages import OpenItem
from tui.present import BALLOT_WORDS
from tui.text import visible
from tui.views.table_view import TableView
from tui.widgets.item_table import cell
from tui.widgets.tally_bar import TallyBar

__all__ = ["VoteView"]

BALLOT_STYLE = {"yes": "", "no": "bold", "abstain": "bold", "absent": "dim"}


class VoteView(TableView):
    key, title = "3", "Vote"
    name = "vote"
    kinds = frozenset({"vote", "ballot"})

    BINDINGS = [Binding("e", "explanation", "Explain", tooltip="Open the member's explanation of vote")]

    def compose_above(self) -> ComposeResult:
        for vote in self.dossier.votes:
            yield TallyBar(vote.tally, vote.resolution)

    def on_mount(self) -> None:
        table = self.table
        table.add_column("Member", key="member")
        table.add_column("Ballot", key="ballot")
        table.add_column("Penholder", key="pen")
        table.add_column("Seat", key="seat")
        if len(self.dossier.votes) > 1:
            table.add_column("Resolution", key="resolution")

    def refill(self) -> None:
        name = self.dossier.country_name
        rows = []
        for vote in self.dossier.votes:
            for ballot in self.country_filter.apply(vote.ballots):
                seat = ballot.seat + (f" {ballot.term}" if ballot.term else "")
                cells = [
                    cell(self.marker(ballot.id) + name(ballot.country)),
                    cell(BALLOT_WORDS[ballot.vote], BALLOT_STYLE[ballot.vote]),
                    cell("yes" if ballot.penholder else ""),
                    cell(seat),
                ]
                if len(self.dossier.votes) > 1:
                    cells.append(cell(vote.resolution))
                rows.append((ballot.id, cells))
        self.table.set_rows(rows)
        self.show_empty(not rows)

    def empty_reason(self) -> str:
        members = {b.country for v in self.dossier.votes for b in v.ballots}
        codes = sorted(self.country_filter.codes)
        names = ", ".join(self.dossier.country_name(c) for c in codes)
        years = sorted({v.date[:4] for v in self.dossier.votes})
        when = " and ".join(years)
        if not members.intersection(codes):
            verb = "was not a Council member" if len(codes) == 1 else "were not Council members"
            cast = "it cast no ballot" if len(codes) == 1 else "they cast no ballots"
            return f"{names} {verb} in {when}, so {cast}. Press x to clear the filter."
        return super().empty_reason()

    def action_explanation(self) -> None:
        item_id = self.current_id
        if item_id is None:
            return
        ballot = self.dossier.item(item_id)
        assert isinstance(ballot, Ballot)
        explanations = [e for e in ballot.explanations if isinstance(self.dossier.item(e), Statement)]
        if not explanations:
            self.notify(visible(f"No explanation of vote recorded for {self.dossier.country_name(ballot.country)}."),
                        timeout=3, markup=False)
            return
        self.post_message(OpenItem(explanations[0]))
