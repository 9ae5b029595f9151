"""Members × resolutions: each cell a member's ballot, a changed ballot marked.

A DataTable with a cell cursor: a grid of a dozen resolutions by some thirty members
is small, and DataTable's cell cursor, scrolling and header are what it needs. Every
cell is a rich ``Text`` (never markup); the marks do not rely on colour alone.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from models.schema import Ballot, Dossier, Vote
from models.vote_grid import VoteGrid, sort_members

__all__ = ["LEGEND", "VoteGridTable", "resolution_number", "short_name"]

LETTERS = {"yes": "Y", "no": "N", "abstain": "A", "absent": "–"}
STYLES = {"yes": "", "no": "bold reverse", "abstain": "bold", "absent": "dim"}
CHANGED = "◆"
LEGEND = (f"Y yes  A abstain  N no  – absent  · did not sit  {CHANGED} not the member's previous ballot · "
          "e explanation · m one resolution")

_NUMBER = re.compile(r"(\d+)\s*\((\d{4})\)")


def resolution_number(vote: Vote) -> tuple[str, str]:
    """A resolution's number and year ("2699", "2023") for a narrow column."""
    match = _NUMBER.search(vote.resolution)
    if match is None:
        return vote.resolution[:8], vote.date[:4]
    return match.group(1), match.group(2)


#: A member's name in the grid: at most this many cells, so that twelve resolutions fit in 80 columns.
NAME_CELLS = 14


def short_name(dossier: Dossier, code: str) -> str:
    """The member's name, or its longest alias that fits ("Russia", "UAE"), or the name cut."""
    try:
        country = dossier.country(code)
    except KeyError:  # not in the dossier's countries: its code
        return code
    name = country.name
    if len(name) <= NAME_CELLS:
        return name
    fitting = [a for a in country.aliases if len(a) <= NAME_CELLS]
    if fitting:
        return max(fitting, key=len)
    return name[: NAME_CELLS - 1] + "…"


class VoteGridTable(DataTable):
    """The grid. ``grid`` is what it shows; ``ballot_at`` and ``vote_at`` read the cursor."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "cursor_left", "Left", show=False),
        Binding("l", "cursor_right", "Right", show=False),
        Binding("s", "sort_here", "Sort", tooltip="Sort the members by the column under the cursor "
                "(again: reverse; a third time: the grid's own order; or click a header)"),
        Binding("S", "sort_reverse", "Reverse sort", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="cell", zebra_stripes=True)
        self.grid: VoteGrid | None = None
        #: What the rows are sorted by: None the grid's own order, "member", or a vote's id
        #: (an id, so that the sort stays on its resolution when the window of columns moves).
        self.sort_by: str | None = None
        self.sort_reverse = False
        self._dossier: Dossier | None = None
        self._own_order: VoteGrid | None = None  # the grid as the view made it, unsorted

    def show(self, dossier: Dossier, grid: VoteGrid, focus_ballot: str | None = None) -> None:
        """Lay out ``grid`` (sorted as chosen); the cursor on ``focus_ballot`` when it is there."""
        self._dossier, self._own_order = dossier, grid
        ids = [vote.id for vote in grid.votes]
        if self.sort_by is not None and self.sort_by != "member" and self.sort_by not in ids:
            self.sort_by = None  # its resolution is no longer in the window
        column = None if self.sort_by is None else -1 if self.sort_by == "member" else ids.index(self.sort_by)
        grid = sort_members(grid, column, lambda code: short_name(dossier, code), reverse=self.sort_reverse)
        self.grid = grid
        self.clear(columns=True)
        self.header_height = 2
        self.add_column(Text(f"Member{self._mark('member')}\n"), key="member")
        for vote in grid.votes:
            number, year = resolution_number(vote)
            self.add_column(Text(f"{number}{self._mark(vote.id)}\n{year}", justify="center"), key=vote.id)
        for code, row in zip(grid.members, grid.cells, strict=True):
            cells: list[Text] = [Text(short_name(dossier, code))]
            cells += [self._cell(ballot, grid) for ballot in row]
            self.add_row(*cells, key=code)
        if focus_ballot is not None:
            self.move_to(focus_ballot)

    def _mark(self, key: str) -> str:
        if key != self.sort_by:
            return ""
        return " ▼" if self.sort_reverse else " ▲"

    # -- sorting ----------------------------------------------------------------------

    def sort_on(self, key: str | None, reverse: bool = False) -> None:
        """Sort the rows by ``key`` ("member", a vote's id, or None: the grid's own
        order), the cursor staying on the ballot (or member) it was on."""
        if self.grid is None or self._dossier is None or self._own_order is None:
            return
        row, column = self.cursor_coordinate.row, self.cursor_coordinate.column
        ballot = self.ballot_at(row, column)
        member = self.grid.members[row] if 0 <= row < len(self.grid.members) else None
        self.sort_by, self.sort_reverse = key, reverse
        self.show(self._dossier, self._own_order, ballot.id if ballot is not None else None)
        if ballot is None and member is not None and member in self.grid.members:
            self.move_cursor(row=self.grid.members.index(member), column=column, animate=False)

    def _key_of(self, column: int) -> str | None:
        if self.grid is None:
            return None
        if column == 0:
            return "member"
        return self.grid.votes[column - 1].id if 1 <= column <= len(self.grid.votes) else None

    def _step(self, key: str | None) -> None:
        """Sort by ``key``: ascending; the same again, descending; a third time, the grid's own."""
        if key is None:
            return
        if key != self.sort_by:
            self.sort_on(key)
        elif not self.sort_reverse:
            self.sort_on(key, reverse=True)
        else:
            self.sort_on(None)

    def action_sort_here(self) -> None:
        self._step(self._key_of(self.cursor_coordinate.column))

    def action_sort_reverse(self) -> None:
        key = self.sort_by or self._key_of(self.cursor_coordinate.column)
        if key is not None:
            self.sort_on(key, reverse=not self.sort_reverse if key == self.sort_by else True)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self._step(self._key_of(event.column_index))

    @staticmethod
    def _cell(ballot: Ballot | None, grid: VoteGrid) -> Text:
        if ballot is None:
            return Text("·", style="dim", justify="center")
        mark = CHANGED if ballot.id in grid.changed else " "
        return Text(f"{LETTERS[ballot.vote]}{mark}", style=STYLES[ballot.vote], justify="center")

    def move_to(self, ballot_id: str) -> bool:
        """Put the cursor on a ballot's cell; False when the grid does not show it."""
        grid = self.grid
        if grid is None:
            return False
        for row, cells in enumerate(grid.cells):
            for column, ballot in enumerate(cells):
                if ballot is not None and ballot.id == ballot_id:
                    self.move_cursor(row=row, column=column + 1, animate=False)
                    return True
        return False

    def ballot_at(self, row: int, column: int) -> Ballot | None:
        grid = self.grid
        if grid is None or column < 1 or not 0 <= row < len(grid.cells):
            return None
        return grid.cells[row][column - 1]

    def vote_at(self, column: int) -> Vote | None:
        grid = self.grid
        if grid is None or not 1 <= column <= len(grid.votes):
            return None
        return grid.votes[column - 1]
