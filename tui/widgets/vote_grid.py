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
from models.vote_grid import VoteGrid

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
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="cell", zebra_stripes=True)
        self.grid: VoteGrid | None = None

    def show(self, dossier: Dossier, grid: VoteGrid, focus_ballot: str | None = None) -> None:
        """Lay out ``grid``; the cursor on ``focus_ballot`` when it is there."""
        self.grid = grid
        self.clear(columns=True)
        self.header_height = 2
        self.add_column(Text("Member\n"), key="member")
        for vote in grid.votes:
            number, year = resolution_number(vote)
            self.add_column(Text(f"{number}\n{year}", justify="center"), key=vote.id)
        for code, row in zip(grid.members, grid.cells, strict=True):
            cells: list[Text] = [Text(short_name(dossier, code))]
            cells += [self._cell(ballot, grid) for ballot in row]
            self.add_row(*cells, key=code)
        if focus_ballot is not None:
            self.move_to(focus_ballot)

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
