"""Issue 17 point 18: export what you see (the view as filtered, or the search results)
to Markdown, JSON or CSV, from E and the palette, the file confirmed, written atomically."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from textual.widgets import Input, RadioButton, Static

from models.files import write_text_atomic
from models.safe_text import UNSAFE_OUTPUT
from models.schema import Dossier
from models.view_export import ExportRow, ViewExport, render
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.confirm import ConfirmDialog
from tui.screens.export_view import ExportDialog
from tui.screens.main import MainScreen
from tui.widgets.item_table import ItemTable

HOSTILE = ViewExport(
    "Statements \x1b]52;c;aGk=\x07 (view 4)", ("Speaker", "Words"),
    (ExportRow("s1", ("=HYPERLINK(\"http://x\")", "a | b \u202e *bold* \x9b31m"), "Statement",
               ("“words” — a source \x1b[2J",)),
     ExportRow("s2", ("-2+3", "-5 people"), "Statement")),
    scope="Filtered to: Kenya",
)


def test_no_control_character_goes_live_in_any_format() -> None:
    for fmt in ("markdown", "csv"):
        assert not UNSAFE_OUTPUT.search(render(HOSTILE, fmt)), fmt
    text = render(HOSTILE, "json")
    assert not UNSAFE_OUTPUT.search(text)
    data = json.loads(text)  # JSON keeps the data exactly, as escapes
    assert data["rows"][0]["cells"]["Words"] == HOSTILE.rows[0].cells[1]
    assert data["title"] == HOSTILE.title


def test_csv_reads_back_with_formulas_disarmed() -> None:
    rows = list(csv.reader(io.StringIO(render(HOSTILE, "csv"))))
    assert rows[0] == ["id", "kind", "Speaker", "Words", "citations"]
    assert rows[1][2].startswith("'=")  # a spreadsheet shows it, does not run it
    assert rows[2][2] == "'-2+3" and rows[2][3] == "'-5 people"
    assert "“words” — a source ␛[2J" == rows[1][4]


def test_markdown_table_cells_cannot_break_the_table() -> None:
    md = render(HOSTILE, "markdown")
    [row] = [line for line in md.splitlines() if line.startswith("| `s1`")]
    assert row.count(" | ") == 2  # the "|" in the words is escaped


def test_write_never_replaces_a_file_unless_told(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "mine"
    write_text_atomic(target, "new", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert write_text_atomic(tmp_path / "b.md", "é") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md", "out.md"]  # no temporary file left


async def open_export(pilot) -> ExportDialog:
    await pilot.press("E")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def test_E_exports_the_filtered_view_as_csv_and_asks_before_replacing(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, countries=["KEN"], notes_path=tmp_path / "notes.toml")
    out = tmp_path / "kenya.csv"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        shown = [i for i in app.screen.query_one("#statements ItemTable", ItemTable).ids if i]
        dialog = await open_export(pilot)
        dialog.query(RadioButton)[-1].value = True  # CSV
        await settle(pilot)
        assert dialog.query_one("#export-path", Input).value.endswith(".csv")
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
        assert [r["id"] for r in rows] == shown and len(shown) < len(dossier.statements)
        assert all("(KEN)" in r["Speaker"] for r in rows)
        assert all(r["citations"] for r in rows)  # each row carries its sources
        assert any("Exported" in str(n.title) and str(out) in str(n.message) for n in app._notifications)
        # The same file again: asked first, and "Keep it" leaves it as it was.
        before = out.read_bytes()
        dialog = await open_export(pilot)
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is dialog and out.read_bytes() == before
        assert "Not written" in str(dialog.query_one("#export-status", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert out.read_text(encoding="utf-8").startswith("# Statements (view 4)")  # Markdown now replaced it


async def test_search_results_export_from_the_palette(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    out = tmp_path / "abstain.json"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"abstain", "enter")
        await settle(pilot)
        assert app.screen.search_ids
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export: this view")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query(RadioButton)[1].value = True  # the search results
        dialog.query(RadioButton)[3].value = True  # JSON
        await settle(pilot)
        dialog.query_one("#export-path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        data = json.loads(out.read_text(encoding="utf-8"))
        assert data["title"] == "Search results for “abstain”"
        ids = [row["id"] for row in data["rows"]]
        assert ids == app.screen.search_ids
        assert {"ballot-2699-chn", "stmt-zhang-jun"} <= set(ids)
