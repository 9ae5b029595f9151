"""A country filter repaints what changes, not the whole screen (issue #20, target 4: at
1x a filter's step was mostly Textual drawing every widget on the screen again, because
the app's ``country_filter`` and Textual's ``sub_title`` repainted the whole screen);
and a table asks Textual for its styles once per drawing, not once per line."""

from __future__ import annotations

from pathlib import Path

from models.query import CountryFilter
from tests.test_start_and_big_lists import until, view_ready
from tui.app import create_app
from tui.widgets.item_table import ItemTable


async def test_a_filter_and_its_clearing_repaint_no_whole_screen(tmp_path: Path) -> None:
    from models.paths import bundled_dossier_path

    app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.ready)
        await pilot.press("2")
        await until(pilot, view_ready(app, "participants"))
        await pilot.pause()
        updates: list[str] = []
        display = app._display

        def recorded(screen, renderable) -> None:
            if renderable is not None:
                updates.append(type(renderable).__name__)
            display(screen, renderable)

        app._display = recorded
        for codes in (["KEN"], []):
            app.screen.apply_filter(CountryFilter.of(codes, app.dossier))
            await until(pilot, view_ready(app, "participants"))
            await pilot.pause()
            await pilot.pause()
        app._display = display
        assert updates, "nothing was painted"
        assert "LayoutUpdate" not in updates  # Textual's update of the whole screen
        header = app.screen.query_one("HeaderTitle")
        assert "Filter" not in str(header.render())  # the header was updated, back to the title
        app.screen.apply_filter(CountryFilter.of(["KEN"], app.dossier))
        await until(pilot, view_ready(app, "participants"))
        await pilot.pause()
        assert "Filter: Kenya" in str(app.screen.query_one("HeaderTitle").render())


async def test_a_table_asks_for_its_own_style_once_per_drawing(tmp_path: Path, dossier) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        await pilot.pause()
        table = app.screen.views["statements"].query_one(ItemTable)
        asked = 0
        cls = type(table)
        original = ItemTable.rich_style

        class Counting(cls):  # type: ignore[misc, valid-type]
            @property
            def rich_style(self):
                nonlocal asked
                asked += 1
                return original.fget(self)

        table.__class__ = Counting
        try:
            table.clear_line_cache()  # every line drawn anew
            lines = [table.render_line(y) for y in range(table.size.height)]
        finally:
            table.__class__ = cls
        assert len(lines) > 10
        assert asked <= 2, asked  # once for the lines (and the blank line's own), not once per line
