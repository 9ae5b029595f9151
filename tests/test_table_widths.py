"""A big table's column widths, measured from the texts its columns show, are exactly
the widths of the cells it draws (issue #20, target 5).

Statements, Participants and Sources measure their columns without making every row's
cells (``TableView.measure``, several times faster at 1,000x): this checks the numbers
against the generic measurement of every row's drawn cells (``measure_widths``), over
the bundled dossier, a generated one and the hostile corpus (wide characters, controls,
emoji, 10,000-character text), with notes on some items (the "✎ " mark widens the first
column), under country filters and sorted by each column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate import generate
from models.loader import load_dossier
from models.notes import NoteTarget
from models.query import CountryFilter
from models.schema import Deployment, Pledge
from tests.robustness.corpus import SHOWN
from tests.test_start_and_big_lists import until, view_ready
from tui.app import create_app
from tui.views.table_view import TableView
from tui.widgets.item_table import measure_widths, text_width

VIEWS = ("participants", "statements", "sources", "vote", "notes")


def generic(view: TableView, ids) -> list[int]:
    """Every row's cells made and measured (what the views did before)."""
    table = view.table
    return measure_widths(ids, view.cells, len(table.columns), table.flex_index())


async def note_the_widest_row(app, view: TableView) -> None:
    """A note on the item whose row's first cell is widest (in Participants, on the
    participant of that row: its pledges' rows are marked too), so the mark widens the
    column."""
    dossier, ids = app.dossier, view.row_ids()
    if not ids:
        return
    widest = dossier.item(max(ids, key=lambda item_id: text_width(view.cells(item_id)[0])))
    if isinstance(widest, (Pledge, Deployment)):
        widest = dossier.participant(widest.country)
    app.state.notes.add("a note", target=NoteTarget(item_id=widest.id, kind=widest.kind, label=widest.id))
    app.screen.notes_changed()  # as the app does after a note is saved


async def check_every_view(dossier, notes_path: Path) -> None:
    app = create_app(dossier, notes_path=notes_path)
    async with app.run_test(size=(120, 40)) as pilot:
        filters = [CountryFilter(), CountryFilter.of(["HTI"], dossier), CountryFilter.of(["USA", "CHN", "RUS"], dossier)]
        for name in VIEWS:
            await pilot.press(app.screen.views[name].key)
            await until(pilot, view_ready(app, name))
            view = app.screen.views[name]
            assert isinstance(view, TableView)
            for country_filter in filters:
                app.country_filter = country_filter
                await until(pilot, view_ready(app, name))
                for noted in (False, True):
                    if noted and name != "notes":
                        await note_the_widest_row(app, view)
                        await until(pilot, view_ready(app, name))
                    ids = view.row_ids()
                    assert view.measure(ids) == generic(view, ids), (name, country_filter.codes, noted)
                    # What the table was given is what it would measure over its rows.
                    assert view.table._widths == generic(view, view.table.ids), (name, country_filter.codes, noted)
            for column in view.table.columns:  # sorted: same rows, another order
                view.table.set_sort(column.key)
                await until(pilot, view_ready(app, name))
                assert view.table._widths == generic(view, view.table.ids), (name, column.key)
            view.table.set_sort(None)
            app.country_filter = CountryFilter()
            await until(pilot, view_ready(app, name))


async def test_widths_of_the_bundled_dossier(dossier, tmp_path: Path) -> None:
    await check_every_view(dossier, tmp_path / "notes.toml")


async def test_widths_of_a_generated_dossier(tmp_path: Path) -> None:
    generated = generate(3, tmp_path / "gen", quiet=True)  # 750 statements: measured in a thread
    await check_every_view(load_dossier(generated.json_path), tmp_path / "notes.toml")


@pytest.mark.parametrize("case", [case for case in SHOWN if case.name != "empty-article"], ids=str)
async def test_widths_of_hostile_text(case, tmp_path: Path) -> None:
    await check_every_view(load_dossier(case.build(tmp_path / "d")), tmp_path / "notes.toml")

