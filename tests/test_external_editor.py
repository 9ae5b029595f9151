"""Issue 17 point 19: a long note in $EDITOR (ctrl+e in the note editor), the text back
in the note; and each note's cited quote and source in the notes exports."""

from __future__ import annotations

import json
import stat
import tomllib
from pathlib import Path

import pytest
from textual.widgets import TextArea

from models.notes import NotesStore, NoteTarget
from models.schema import Dossier
from tests.robustness.drive import settle
from tests.test_cli import run
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.widgets.item_table import ItemTable


def editor_script(tmp_path: Path, body: str) -> Path:
    """A real editor for the tests: a shell script that edits the file it is given ($1)."""
    script = tmp_path / "editor.sh"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


async def open_editor_on_a_ballot(pilot) -> NoteEditor:
    await pilot.press("3")
    pilot.app.screen.query_one("#vote ItemTable", ItemTable).select_id("ballot-2699-chn")
    await pilot.press("a")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    editor.query_one(TextArea).insert("Typed first.")
    return editor


def messages(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_ctrl_e_brings_the_editors_text_into_the_note(dossier: Dossier, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    script = editor_script(tmp_path, 'printf "\\nA long second paragraph, [b]not markup[/b].\\n" >> "$1"')
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor_on_a_ballot(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert editor.query_one(TextArea).text == "Typed first.\nA long second paragraph, [b]not markup[/b]."
        assert "back from the editor" in messages(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    [saved] = tomllib.loads(path.read_text(encoding="utf-8"))["notes"]
    assert saved["text"] == "Typed first.\nA long second paragraph, [b]not markup[/b]."


@pytest.mark.parametrize(("body", "said"), [
    ('printf "ruined" > "$1"; exit 3', "exited with status 3"),
    (":", "not changed"),
])
async def test_a_failed_or_idle_editor_keeps_the_text(dossier: Dossier, tmp_path: Path, body: str, said: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("VISUAL", str(editor_script(tmp_path, body)))
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor_on_a_ballot(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert editor.query_one(TextArea).text == "Typed first."
        assert said in messages(app)
        assert app.screen is editor


async def test_no_editor_set_says_so(dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor_on_a_ballot(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert editor.query_one(TextArea).text == "Typed first."
        assert "No editor is set" in messages(app)


def test_notes_export_carries_the_cited_quote_and_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("Check this.", target=NoteTarget(item_id="stmt-ruto-overdue", kind="statement", label="Ruto"))
    store.add("Gone.", target=NoteTarget(item_id="no-such-item", kind="fact", label="Old"))
    code, out, err = run(capsys, "notes", "export", "--notes", str(path))
    assert code == 0, err
    assert "Cited:" in out
    assert ("- William Ruto, President of Kenya: “an overdue and critical instrument to define the multinational "
            "mission” — President Ruto welcomes UN Security Council approval") in out
    code, out, err = run(capsys, "notes", "export", "--format", "json", "--notes", str(path))
    assert code == 0, err
    notes = {n["target"]["item_id"]: n for n in json.loads(out)["notes"]}
    [cited] = notes["stmt-ruto-overdue"]["cited"]
    assert "“an overdue and critical instrument" in cited and "checked word for word" in cited
    assert "cited" not in notes["no-such-item"]  # not in the dossier: nothing made up
