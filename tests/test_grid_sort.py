"""The Vote grid sorts too (issue 17 point 16: every table): members by name or by
their ballots on a resolution, by key and by a click on the header."""

from __future__ import annotations

from pathlib import Path

from models.schema import Dossier
from models.vote_grid import BALLOT_ORDER, sort_members, vote_grid, votes_in_order
from tests.robustness.drive import settle
from tui.app import create_app
from tui.widgets.vote_grid import VoteGridTable, short_name


def _ballots(grid, column: int) -> list[str | None]:
    return [None if row[column] is None else row[column].vote for row in grid.cells]


def test_members_sort_by_their_ballots_not_sitting_last(dossier: Dossier) -> None:
    grid = vote_grid(dossier, votes_in_order(dossier), None)
    column = next(i for i, vote in enumerate(grid.votes) if "2699" in vote.resolution)
    for reverse in (False, True):
        ranked = sort_members(grid, column, lambda code: code, reverse=reverse)
        votes = _ballots(ranked, column)
        sat = [v for v in votes if v is not None]
        assert votes[:len(sat)] == sat, "members that did not sit come last either way"
        assert [BALLOT_ORDER[v] for v in sat] == sorted((BALLOT_ORDER[v] for v in sat), reverse=reverse)
        assert sorted(ranked.members) == sorted(grid.members)
        for code, row in zip(ranked.members, ranked.cells, strict=True):  # each row stays its member's
            assert row == grid.cells[grid.members.index(code)]
    assert sort_members(grid, None, str) is grid


async def test_s_and_a_header_click_sort_the_grid(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "m")
        await settle(pilot)
        table = app.screen.query_one(VoteGridTable)
        assert table.has_focus and table.grid is not None
        own = list(table.grid.members)
        await pilot.press("home")  # the Member column
        table.move_cursor(row=3, column=0)
        await settle(pilot)
        member = table.grid.members[3]
        await pilot.press("s")
        await settle(pilot)
        names = [short_name(dossier, code) for code in table.grid.members]
        assert names == sorted(names, key=str.casefold)
        assert "▲" in str(table.columns["member"].label)
        assert table.grid.members[table.cursor_coordinate.row] == member, "the cursor stays on its member"
        await pilot.press("s")
        await settle(pilot)
        assert [short_name(dossier, c) for c in table.grid.members] == sorted(names, key=str.casefold, reverse=True)
        await pilot.press("s")
        await settle(pilot)
        assert list(table.grid.members) == own, "a third time: the grid's own order"
        # A click on a resolution's header sorts by the ballots on it, the cursor's ballot kept.
        table.move_cursor(row=0, column=2)
        await settle(pilot)
        ballot = table.ballot_at(0, 2)
        vote_id = table.grid.votes[1].id
        await pilot.click(VoteGridTable, offset=(table.columns["member"].get_render_width(table) + 8, 0))
        await settle(pilot)
        assert table.sort_by == vote_id and not table.sort_reverse
        sat = [v for v in _ballots(table.grid, 1) if v is not None]
        assert [BALLOT_ORDER[v] for v in sat] == sorted(BALLOT_ORDER[v] for v in sat)
        if ballot is not None:
            coordinate = table.cursor_coordinate
            assert table.ballot_at(coordinate.row, coordinate.column) == ballot
