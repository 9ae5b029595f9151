"""Note text that cannot be saved (a lone surrogate) is refused at the edit, with a
clear error; the store stays whole and every later save works."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from models.notes import NotesStore, NoteTextError
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.note_editor import NoteEditor

SURROGATE = "\udc80"  # what surrogateescape makes of the byte 0x80


@pytest.mark.parametrize("where", ["text", "tag", "label", "item_id", "update", "update-tag"])
def test_the_store_refuses_a_lone_surrogate_and_goes_on(tmp_path: Path, where: str) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    kept = store.add("kept", ["ok"])
    before = path.read_bytes()
    target = {"item_id": "stmt-ken", "kind": "statement", "label": "Ruto"}
    with pytest.raises(NoteTextError, match="lone surrogate, U\\+DC80"):
        if where == "text":
            store.add(f"bad {SURROGATE} text")
        elif where == "tag":
            store.add("text", ["fine", f"t{SURROGATE}"])
        elif where in ("label", "item_id"):
            store.add("text", target={**target, where: f"x{SURROGATE}"})
        elif where == "update":
            store.update(kept.id, text=f"x{SURROGATE}")
        else:
            store.update(kept.id, tags=[SURROGATE])
    assert path.read_bytes() == before and not store.dirty
    assert [n.text for n in store.notes] == ["kept"]
    store.add("later", target=target)  # every later save works
    assert [n.text for n in NotesStore.open(path).notes] == ["kept", "later"]


async def test_the_editor_refuses_it_and_stays_open(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        for text, tags in ((f"words {SURROGATE}", ""), ("words", f"tag{SURROGATE}")):
            await pilot.press("a")
            editor = app.screen
            assert isinstance(editor, NoteEditor)
            editor.query_one(TextArea).insert(text)
            editor.query_one(Input).value = tags
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is editor, "the draft must stay open"
            assert any("lone surrogate" in n.message for n in app._notifications)
            editor.dismiss(None)
            await settle(pilot)
        assert not path.exists() and not app.notes.dirty
