"""The Council's votes side by side: each member's ballots over a run of resolutions.

``vote_grid`` lays out members (rows) against resolutions (columns, in date order),
each cell the member's ballot or nothing where it did not sit on the Council, and
marks a ballot that differs from the member's previous one in the run (a member
that abstained where it once voted yes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from models.edtf import parse_edtf
from models.schema import Ballot, Dossier, Vote
from models.sorting import sort_ids, text_key

__all__ = ["VoteGrid", "sort_members", "votes_in_order", "vote_grid"]


def votes_in_order(dossier: Dossier) -> list[Vote]:
    """The dossier's votes by date (then resolution)."""
    return sorted(dossier.votes, key=lambda v: (parse_edtf(v.date).sort_key, v.resolution))


@dataclass(frozen=True, slots=True)
class VoteGrid:
    """Members × resolutions."""

    votes: tuple[Vote, ...]
    """The columns, in date order."""
    members: tuple[str, ...]
    """The rows: country codes, permanent members first, then by name."""
    cells: tuple[tuple[Ballot | None, ...], ...]
    """``cells[row][column]``: the member's ballot, or None where it did not sit."""
    changed: frozenset[str]
    """Ids of the ballots that differ from the same member's previous ballot here."""

    def ballot(self, row: int, column: int) -> Ballot | None:
        return self.cells[row][column]

    def changes(self, code: str) -> list[tuple[Ballot, Ballot]]:
        """A member's changes of ballot along the run: (before, after) pairs."""
        row = self.members.index(code)
        found: list[tuple[Ballot, Ballot]] = []
        previous: Ballot | None = None
        for ballot in self.cells[row]:
            if ballot is None:
                continue
            if ballot.id in self.changed and previous is not None:
                found.append((previous, ballot))
            previous = ballot
        return found


def vote_grid(dossier: Dossier, votes: Sequence[Vote], codes: Iterable[str] | None = None) -> VoteGrid:
    """The grid of ``votes`` (put in date order); only the members in ``codes`` when given."""
    ordered = tuple(sorted(votes, key=lambda v: (parse_edtf(v.date).sort_key, v.resolution)))
    keep = frozenset(codes) if codes is not None else None
    by_member: dict[str, dict[int, Ballot]] = {}
    permanent: set[str] = set()
    for column, vote in enumerate(ordered):
        for ballot in vote.ballots:
            if keep is not None and ballot.country not in keep:
                continue
            by_member.setdefault(ballot.country, {})[column] = ballot
            if ballot.seat == "permanent":
                permanent.add(ballot.country)
    members = tuple(sorted(by_member, key=lambda c: (c not in permanent, dossier.country_name(c), c)))
    cells: list[tuple[Ballot | None, ...]] = []
    changed: set[str] = set()
    for code in members:
        row = tuple(by_member[code].get(column) for column in range(len(ordered)))
        previous: Ballot | None = None
        for ballot in row:
            if ballot is None:
                continue
            if previous is not None and ballot.vote != previous.vote:
                changed.add(ballot.id)
            previous = ballot
        cells.append(row)
    return VoteGrid(ordered, members, tuple(cells), frozenset(changed))


#: How ballots sort in the grid: yes, abstain, no, absent (a member that did not sit last).
BALLOT_ORDER = {"yes": 0, "abstain": 1, "no": 2, "absent": 3}


def sort_members(grid: VoteGrid, column: int | None, name: Callable[[str], str], *,
                 reverse: bool = False) -> VoteGrid:
    """The grid with its rows in another order: ``column`` None keeps the grid's own
    (permanent members first, then by name); -1 sorts by the member's ``name``; ``n`` by
    the ballots on ``votes[n]`` (yes, abstain, no, absent; where the member did not sit,
    last either way). Ties keep the grid's own order."""
    if column is None or not grid.members:
        return grid
    rows = {code: index for index, code in enumerate(grid.members)}

    def key(code: str) -> Any:
        if column < 0:
            return text_key(name(code))
        ballot = grid.cells[rows[code]][column]
        return None if ballot is None else BALLOT_ORDER.get(ballot.vote, len(BALLOT_ORDER))

    order = sort_ids(grid.members, key, reverse=reverse)
    return replace(grid, members=tuple(order), cells=tuple(grid.cells[rows[code]] for code in order))

