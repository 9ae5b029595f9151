"""View 3: how each Security Council member voted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from models.schema import Ballot, Statement, Vote
from tui.messages import ItemHighlighted, OpenItem
from tui.present import BALLOT_WORDS
from tui.text import visible
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.item_table import cell
from tui.widgets.tally_bar import TallyBar

__all__ = ["VoteView"]

BALLOT_STYLE = {"yes": "", "no": "bold", "abstain": "bold", "absent": "dim"}


class VoteView(TableView):
    """One table of every ballot; above it the tally of the vote the selected ballot
    was cast in (one bar, however many votes the dossier records)."""

    key, name, title, kinds = view_info("vote")

    BINDINGS = [Binding("e", "explanation", "Explain", tooltip="Open the member's explanation of vote"),
                Binding("u", "un_record", "UN", tooltip="This resolution in the official UN record (8)")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The index in dossier.votes of each ballot's vote (ids to numbers: a dict the
        #: garbage collector need not walk).
        self._vote_of: dict[str, int] | None = None
        #: What the imported Council record says of each ballot (✓, or ✗ and its own), found with the rows.
        self._marks: dict[str, str] | None = None
        self._votes_path = None

    def compose_above(self) -> ComposeResult:
        if self.dossier.votes:
            vote = self.dossier.votes[0]
            yield TallyBar(vote.tally, vote.resolution)

    def on_mount(self) -> None:
        table = self.table
        from tui.views.council_marks import record_file

        self._votes_path = getattr(self.app, "votes_path", None)
        table.add_column("Member", key="member")
        table.add_column("Ballot ✓" if record_file(self._votes_path) else "Ballot", key="ballot")  # ✓: the UN record agrees
        table.add_column("Penholder", key="pen")
        table.add_column("Seat", key="seat")
        if len(self.dossier.votes) > 1:
            table.add_column("Resolution", key="resolution")

    def vote_of(self, ballot_id: str) -> Vote | None:
        """The vote a ballot was cast in."""
        if self._vote_of is None:
            self._vote_of = {ballot.id: index for index, vote in enumerate(self.dossier.votes)
                             for ballot in vote.ballots}
        index = self._vote_of.get(ballot_id)
        return None if index is None else self.dossier.votes[index]

    def expected_rows(self) -> int:
        return sum(len(vote.ballots) for vote in self.dossier.votes)

    def row_ids(self) -> Sequence[str]:
        active = self.country_filter.active
        ids: list[str] = []
        for vote in self.dossier.votes:
            ballots = self.country_filter.apply(vote.ballots) if active else vote.ballots
            ids += [ballot.id for ballot in ballots]
        self.vote_of("")  # the map, made here (perhaps in a thread) rather than when drawing
        if self._marks is None:
            from tui.views.council_marks import ballot_marks

            self._marks = ballot_marks(self.dossier, self._votes_path)
        return ids

    def cells(self, item_id: str) -> Sequence[Text]:
        ballot = self.dossier.item(item_id)
        assert isinstance(ballot, Ballot)
        seat = ballot.seat + (f" {ballot.term}" if ballot.term else "")
        cells = [
            cell(self.marker(ballot.id) + self.dossier.country_name(ballot.country)),
            cell(f"{BALLOT_WORDS[ballot.vote]} {(self._marks or {}).get(ballot.id, '')}".rstrip(),
                 BALLOT_STYLE[ballot.vote]),
            cell("yes" if ballot.penholder else ""),
            cell(seat),
        ]
        if len(self.dossier.votes) > 1:
            vote = self.vote_of(item_id)
            cells.append(cell(vote.resolution if vote else ""))
        return cells

    @on(ItemHighlighted)
    def _show_tally(self, event: ItemHighlighted) -> None:
        if len(self.dossier.votes) < 2:
            return
        vote = self.vote_of(event.item_id)
        if vote is not None:
            self.query_one(TallyBar).show(vote.tally, vote.resolution)

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

    def action_un_record(self) -> None:
        vote = self.vote_of(self.current_id or "") or (self.dossier.votes[0] if self.dossier.votes else None)
        if vote is not None:
            self.screen.show_view("council")
            self.screen.views["council"].show_symbol(vote.resolution)

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
