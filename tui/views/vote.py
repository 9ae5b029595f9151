"""View 3: how each Security Council member voted, one resolution at a time or all of
them side by side.

One resolution: its tally, what it decided and who held the pen above a table of its
ballots; ``[`` and ``]`` go to the previous and next resolution (in date order).
Filtered by country, the table lists the members' ballots on every resolution instead
(the tally above follows the cursor).
``m`` turns the table into a grid of members × resolutions, each member's ballots
over time, a ballot that differs from the member's previous one marked.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from models.edtf import parse_edtf
from models.schema import Ballot, Statement, Vote
from models.vote_grid import vote_grid, votes_in_order
from tui.messages import ItemHighlighted, OpenEvidence, OpenItem
from tui.present import BALLOT_WORDS
from tui.state import explorer
from tui.text import literal, visible
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.item_table import cell
from tui.widgets.tally_bar import TallyBar
from tui.widgets.vote_grid import LEGEND, VoteGridTable, resolution_number

__all__ = ["VoteView"]

BALLOT_STYLE = {"yes": "", "no": "bold", "abstain": "bold", "absent": "dim"}
#: How many resolutions the grid shows at once (about what 80 columns hold).
GRID_COLUMNS = 12


class VoteView(TableView):
    """The ballots of one resolution, or every member's ballots side by side."""

    key, name, title, kinds = view_info("vote")

    BINDINGS = [
        Binding("e", "explanation", "Explain", tooltip="Open the member's explanation of vote"),
        Binding("[", "resolution(-1)", "Prev res.", tooltip="The previous resolution (by date)"),
        Binding("]", "resolution(1)", "Next res.", tooltip="The next resolution (by date)"),
        Binding("m", "toggle_grid", "Grid", tooltip="Members × resolutions: each member's ballots over time"),
        Binding("u", "un_record", "UN", tooltip="This resolution in the official UN record (8)"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.votes: list[Vote] = votes_in_order(self.dossier)
        authorising = self.dossier.mission.authorised_by
        #: The resolution shown (an index into ``votes``): the mission's own at first.
        self.vote_index = next((i for i, v in enumerate(self.votes) if v.id == authorising), 0)
        self.grid_mode = False
        #: The index in ``votes`` of each ballot's vote.
        self._vote_of: dict[str, int] | None = None
        #: What the imported Council record says of each ballot (✓, or ✗ and its own), found with the rows.
        self._marks: dict[str, str] | None = None
        self._votes_path = None

    @property
    def vote(self) -> Vote | None:
        return self.votes[self.vote_index] if self.votes else None

    # -- composing -------------------------------------------------------------------

    def compose_above(self) -> ComposeResult:
        vote = self.vote
        if vote is not None:
            yield TallyBar(vote.tally, vote.resolution)
            yield Static(self._about(vote), id="vote-about")
        yield Static(Content(LEGEND), id="grid-legend")
        yield VoteGridTable(id="vote-grid")

    def on_mount(self) -> None:
        table = self.table
        from tui.views.council_marks import record_file

        self._votes_path = explorer(self).state.votes_path
        table.add_column("Member", key="member")
        table.add_column("Ballot ✓" if record_file(self._votes_path) else "Ballot", key="ballot")  # ✓: the UN record agrees
        table.add_column("Penholder", key="pen")
        table.add_column("Seat", key="seat")
        table.add_column("Basis", key="basis")
        self._show_mode()

    def _about(self, vote: Vote) -> Content:
        """What the resolution decided and where it stands among the others."""
        name = self.dossier.country_name
        facts = [parse_edtf(vote.date).label()]
        if vote.meeting:
            facts.append(vote.meeting)
        if vote.penholders:
            facts.append("penholders " + ", ".join(name(c) for c in vote.penholders))
        place = f"{self.vote_index + 1} of {len(self.votes)} · "
        parts: list[Content | str | tuple[str, str]] = [(place, "dim"), literal(" · ".join(facts))]
        if vote.summary:
            parts += ["\n", literal(" ".join(vote.summary.split()), "$text-muted")]
        return Content.assemble(*parts)

    def _show_mode(self) -> None:
        grid = self.grid_mode
        shown = not self.has_class("-empty")  # empty: only why (no tally of another resolution)
        self.table.display = not grid and shown
        for widget in self.query(TallyBar).results():
            widget.display = not grid and shown
        for selector in ("#vote-about",):
            for widget in self.query(selector).results():
                widget.display = not grid and shown
        self.query_one("#grid-legend").display = grid and shown
        self.query_one(VoteGridTable).display = grid and shown

    def show_empty(self, empty: bool) -> None:
        super().show_empty(empty)
        self._show_mode()

    # -- the ballots of one resolution ------------------------------------------------

    def vote_of(self, ballot_id: str) -> int | None:
        """The index in ``votes`` of the vote a ballot was cast in."""
        if self._vote_of is None:
            self._vote_of = {ballot.id: index for index, vote in enumerate(self.votes) for ballot in vote.ballots}
        return self._vote_of.get(ballot_id)

    @property
    def across(self) -> bool:
        """Filtered by country: the table lists the members' ballots on every resolution."""
        return self.country_filter.active

    def rows_key(self) -> Hashable | None:
        table = self.table
        return (self.country_filter.codes, table.sort_column, table.sort_reverse,
                None if self.across else self.vote_index)

    def expected_rows(self) -> int:
        if self.across:
            return len(self.votes) * len(self.country_filter.codes)
        vote = self.vote
        return len(vote.ballots) if vote else 0

    def row_ids(self) -> Sequence[str]:
        vote = self.vote
        if vote is None:
            return []
        if self.across:  # every resolution, in date order
            ballots = [b for v in self.votes for b in self.country_filter.apply(v.ballots)]
        else:
            ballots = vote.ballots
        self.vote_of("")  # the map, made here (perhaps in a thread) rather than when drawing
        if self._marks is None:
            from tui.views.council_marks import ballot_marks

            self._marks = ballot_marks(self.dossier, self._votes_path)
        return [ballot.id for ballot in ballots]

    def cells(self, item_id: str) -> Sequence[Text]:
        ballot = self.dossier.item(item_id)
        assert isinstance(ballot, Ballot)
        seat = ballot.seat + (f" {ballot.term}" if ballot.term else "")
        member = self.marker(ballot.id) + self.dossier.country_name(ballot.country)
        if self.across:  # which resolution: its number and year
            index = self.vote_of(ballot.id)
            if index is not None:
                number, year = resolution_number(self.votes[index])
                member = f"{number} ({year}) {member}"
        return [
            cell(member),
            cell(f"{BALLOT_WORDS[ballot.vote]} {(self._marks or {}).get(ballot.id, '')}".rstrip(),
                 BALLOT_STYLE[ballot.vote]),
            cell("yes" if ballot.penholder else ""),
            cell(seat),
            cell(ballot.basis),
        ]

    def show_resolution(self, index: int) -> None:
        """Show another resolution (its tally, what it decided, its ballots)."""
        if not self.votes:
            return
        self.vote_index = index % len(self.votes)
        if self.started:
            self._show_resolution_above()
            if self.grid_mode:
                self._fill_grid()
            else:
                self.refill()

    def _show_resolution_above(self) -> None:
        vote = self.vote
        if vote is not None and self.started:
            self.query_one(TallyBar).show(vote.tally, vote.resolution)
            self.query_one("#vote-about", Static).update(self._about(vote))

    def action_resolution(self, step: int) -> None:
        if self.across and not self.grid_mode:
            # The table lists every resolution: the cursor goes to the next one's ballot.
            ids = list(self.table.ids)
            current = self.vote_of(self.current_id or "")
            order = [i for i in ids if self.vote_of(i) != current]
            after = [i for i in order if (self.vote_of(i) or 0) > (current or 0)] if step > 0 else \
                [i for i in order if (self.vote_of(i) or 0) < (current or 0)][::-1]
            target = after[0] if after else (order[0] if step > 0 and order else order[-1] if order else None)
            if target is not None:
                self.table.select_id(target)
            return
        self.show_resolution(self.vote_index + step)
        if self.votes:
            vote = self.votes[self.vote_index]
            self.notify(visible(f"{vote.resolution}: {vote.tally.text()}"), timeout=2, markup=False)

    def refill(self) -> None:
        if self.grid_mode:
            self._fill_grid()
        super().refill()

    def empty_reason(self) -> str:
        codes = list(self.country_filter.in_order)
        names = ", ".join(self.dossier.country_name(c) for c in codes)
        members = {b.country for v in self.votes for b in v.ballots}
        if not members.intersection(codes):
            years = sorted({v.date[:4] for v in self.votes})
            when = years[0] if len(years) == 1 else f"any year of these votes ({years[0]}–{years[-1]})"
            verb = "was not a Council member" if len(codes) == 1 else "were not Council members"
            cast = "it cast no ballot" if len(codes) == 1 else "they cast no ballots"
            return f"{names} {verb} in {when}, so {cast}. Press x to clear the filter."
        return super().empty_reason()

    @on(ItemHighlighted)
    def _follow_resolution(self, event: ItemHighlighted) -> None:
        """Listing every resolution: the tally above is the highlighted ballot's."""
        index = self.vote_of(event.item_id)
        if self.across and not self.grid_mode and index is not None and index != self.vote_index:
            self.vote_index = index
            self._show_resolution_above()

    # -- the grid ---------------------------------------------------------------------

    def _window(self) -> list[Vote]:
        """The resolutions the grid shows: up to GRID_COLUMNS around the one chosen."""
        start = max(0, min(self.vote_index - GRID_COLUMNS // 2, len(self.votes) - GRID_COLUMNS))
        return self.votes[start:start + GRID_COLUMNS]

    def _fill_grid(self, focus: str | None = None) -> None:
        codes = self.country_filter.codes if self.country_filter.active else None
        grid = vote_grid(self.dossier, self._window(), codes)
        table = self.query_one(VoteGridTable)
        table.show(self.dossier, grid, focus)
        if focus is None and grid.members:
            table.move_cursor(row=0, column=1 + grid.votes.index(self.votes[self.vote_index])
                              if self.votes[self.vote_index] in grid.votes else 1, animate=False)

    def action_toggle_grid(self) -> None:
        focus = self.current_id
        self.grid_mode = not self.grid_mode
        self._show_mode()
        if self.grid_mode:
            self._fill_grid(focus)
            self.query_one(VoteGridTable).focus()
        else:
            self.refill()
            if focus is not None and self.dossier.has_item(focus):
                self.select(focus)
            self.table.focus()

    @on(DataTable.CellHighlighted, "#vote-grid")
    def _grid_moved(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        table = self.query_one(VoteGridTable)
        vote = table.vote_at(event.coordinate.column)
        if vote is not None:
            self.vote_index = self.votes.index(vote)
        item_id = self.current_id
        if item_id is not None:
            self.post_message(ItemHighlighted(item_id))

    @on(DataTable.CellSelected, "#vote-grid")
    def _grid_chosen(self, event: DataTable.CellSelected) -> None:
        event.stop()
        item_id = self.current_id
        if item_id is not None:
            self.post_message(OpenEvidence(item_id))

    # -- what the cursor is on --------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        if not self.grid_mode:
            return super().current_id  # None until the table is built
        table = self.query_one(VoteGridTable)
        coordinate = table.cursor_coordinate
        ballot = table.ballot_at(coordinate.row, coordinate.column)
        if ballot is not None:
            return ballot.id
        vote = table.vote_at(coordinate.column)
        return vote.id if vote is not None else None  # a member not sitting: the vote itself

    def select(self, item_id: str) -> bool:
        """A ballot or a vote: its resolution is shown first."""
        item = self.dossier.item(item_id) if self.dossier.has_item(item_id) else None
        if isinstance(item, Vote) and item in self.votes:
            index = self.votes.index(item)
            if index != self.vote_index:
                self.show_resolution(index)
            ballots = self.row_ids()
            return self.select(ballots[0]) if ballots else True
        index = self.vote_of(item_id)
        if index is not None and index != self.vote_index:
            self.show_resolution(index)
        if self.grid_mode:
            return self.query_one(VoteGridTable).move_to(item_id)
        return super().select(item_id)

    def action_un_record(self) -> None:
        vote = self.vote
        if vote is not None:
            self.screen.show_view("council")
            self.screen.views["council"].show_symbol(vote.resolution)

    def action_explanation(self) -> None:
        item_id = self.current_id
        if item_id is None:
            return
        ballot = self.dossier.item(item_id)
        if not isinstance(ballot, Ballot):
            return
        explanations = [e for e in ballot.explanations if isinstance(self.dossier.item(e), Statement)]
        if not explanations:
            self.notify(visible(f"No explanation of vote recorded for {self.dossier.country_name(ballot.country)}."),
                        timeout=3, markup=False)
            return
        self.post_message(OpenItem(explanations[0]))
