"""Notes in the explorer: add, edit, delete, orphaned notes, a damaged notes file."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import ContentSwitcher, Input, Static, TextArea

from models.notes import NotesStore, NoteTarget
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor, parse_tags
from tui.widgets.item_table import ItemTable
from tui.widgets.source_reader import SourceReader


def file_notes(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("notes", [])


async def type_note(pilot, text: str, tags: str = "") -> None:
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    editor.query_one(TextArea).insert(text)
    if tags:
        editor.query_one(Input).value = tags
    await pilot.press("ctrl+s")
    await settle(pilot)


def test_parse_tags() -> None:
    assert parse_tags(" a, b ,, a,c ") == ["a", "b", "c"]


async def test_add_note_on_a_ballot_is_saved_and_marked(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        app.screen.query_one("#vote ItemTable", ItemTable).select_id("ballot-2699-chn")
        await pilot.press("a")
        await settle(pilot)
        await type_note(pilot, "Check China's\nexplanation [b]not bold[/b]", "china, follow-up")
        assert isinstance(app.screen, MainScreen)
        [saved] = file_notes(path)
        assert saved["text"] == "Check China's\nexplanation [b]not bold[/b]"
        assert saved["tags"] == ["china", "follow-up"]
        assert saved["target"]["item_id"] == "ballot-2699-chn"
        table = app.screen.query_one("#vote ItemTable", ItemTable)
        assert table.get_row("ballot-2699-chn")[0].plain.startswith("✎ ")
        details = "\n".join(str(w.render()) for w in app.screen.query("#vote DetailPanel Static").results(Static))
        assert "[b]not bold[/b]" in details
    # and it is there at the next launch
    again = create_app(dossier, notes_path=path)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        assert again.screen.query_one("#notes ItemTable", ItemTable).row_count == 1


async def test_escape_with_changes_asks_first(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one(TextArea).insert("draft")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert not path.exists()


async def test_note_on_a_sentence_of_the_article(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("tab")  # to the text
        reader = app.screen.query_one(SourceReader)
        assert reader.has_focus
        await pilot.press("j", "j")
        await pilot.press("a")
        await settle(pilot)
        await type_note(pilot, "Who drafted it?")
        [saved] = file_notes(path)
        assert saved["target"]["item_id"] == "article:s2"
        assert saved["target"]["kind"] == "sentence"
        assert "drafted by the United States and Ecuador" in saved["target"]["label"]


async def test_notes_view_edit_delete_and_jump(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("On Kenya's pledge", ["kenya"], NoteTarget(item_id="pledge-ken-1000-police", kind="pledge",
                                                          label="Kenya pledge"))
    store.add("Free-standing thought")
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        table = app.screen.query_one("#notes ItemTable", ItemTable)
        assert table.row_count == 2
        header = str(app.screen.query_one("#notes-file", Static).render())
        assert str(path) in header
        # edit the first
        await pilot.press("g", "e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one(TextArea).text = "On Kenya's pledge: police, not troops"
        await pilot.press("ctrl+s")
        await settle(pilot)
        texts = sorted(n["text"] for n in file_notes(path))
        assert texts == ["Free-standing thought", "On Kenya's pledge: police, not troops"]
        # enter jumps to its item
        await pilot.press("g", "enter")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "participants"
        assert app.screen.views["participants"].current_id == "pledge-ken-1000-police"
        # delete the second, after confirming
        await pilot.press("7", "G", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert [n["text"] for n in file_notes(path)] == ["On Kenya's pledge: police, not troops"]


async def test_orphaned_note_is_shown_not_lost(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("About something since removed", [], NoteTarget(item_id="ev-gone", kind="event",
                                                                label="An event that was removed"))
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")
        await settle(pilot)
        table = app.screen.query_one("#notes ItemTable", ItemTable)
        assert table.row_count == 1
        assert "(orphaned) An event that was removed" in table.get_row_at(0)[2].plain
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "notes"
    assert "ev-gone" in path.read_text(encoding="utf-8")


async def test_damaged_notes_file_is_reported_and_left_alone(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    damaged = b'version = 1\n[[notes]]\nid = "note-1"\ntext = "unterminated\n'
    path.write_bytes(damaged)
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("not readable" in n.title for n in app._notifications)
        await pilot.press("7")
        await settle(pilot)
        header = str(app.screen.query_one("#notes-file", Static).render())
        assert "line 4" in header and "press r" in header.lower()
        # a note added now is kept in memory, not written over the damaged file
        await pilot.press("a")
        await settle(pilot)
        await type_note(pilot, "kept safe")
        assert path.read_bytes() == damaged
        assert any(n.title == "Not saved" for n in app._notifications)
        # r starts a new file beside it, with the note
        await pilot.press("r")
        await settle(pilot)
        assert path.read_bytes() == damaged
        recovered = [p for p in tmp_path.iterdir() if p.name.startswith("notes.recovered")]
        assert len(recovered) == 1 and "kept safe" in recovered[0].read_text(encoding="utf-8")


async def test_quitting_with_unsaved_notes_asks_first(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    damaged = b"version = [\n"
    path.write_bytes(damaged)
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await type_note(pilot, "not to be lost quietly")
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("7", "r")  # save them in a new file beside the damaged one
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0
    assert path.read_bytes() == damaged
    [recovered] = [p for p in tmp_path.iterdir() if p.name.startswith("notes.recovered")]
    assert "not to be lost quietly" in recovered.read_text(encoding="utf-8")


async def test_notes_are_indexed_in_a_thread_for_a_big_index(dossier: Dossier, tmp_path: Path,
                                                             monkeypatch) -> None:
    from tui.note_actions import NoteActions

    monkeypatch.setattr(NoteActions, "REINDEX_NOTES_AT_ONCE", 0)  # the bundled index as if it were big
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()  # the search index
        for word in ("zanzibar", "quetzal", "xylograph"):
            await pilot.press("a")
            await settle(pilot)
            await type_note(pilot, f"A note on {word}")
        await app.workers.wait_for_complete()
        assert app.search_index is not None
        for word in ("zanzibar", "quetzal", "xylograph"):
            hits = app.search_index.search(word).hits
            assert [hit.doc.kind for hit in hits] == ["note"], word


async def test_r_goes_on_in_the_file_started_the_last_time(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    damaged = b"version = [\n"
    path.write_bytes(damaged)
    first = NotesStore.open(path)
    earlier = first.start_new_file_beside()
    first.add("Written after the first recovery", target=NoteTarget(item_id="ballot-2699-chn", kind="ballot",
                                                                    label="China"))
    app = create_app(dossier, notes_path=path)  # the next start: the damaged file again
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.press("7")
        await settle(pilot)
        header = str(app.screen.query_one("#notes-file", Static).render())
        assert f"Press r to go on in {earlier.name}" in header
        await pilot.press("r")
        await settle(pilot)
        assert app.notes.path == earlier
        table = app.screen.query_one("#notes ItemTable", ItemTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[1].plain.startswith("Written after the first recovery")
        assert [hit.doc.kind for hit in app.search_index.search("first recovery").hits] == ["note"]
        assert any(n.title == "Notes" and "Going on in" in n.message for n in app._notifications)
    assert path.read_bytes() == damaged
    assert [p for p in tmp_path.iterdir() if p.name.startswith("notes.recovered")] == [earlier]


async def test_a_burst_of_keys_with_ctrl_s_saves_every_letter_and_passes_on_the_rest(
        dossier: Dossier, tmp_path: Path) -> None:
    """A quick typist (or a browser tab, which sends keys in bursts): the note, ctrl+s,
    then j and a, all queued at once. ctrl+s acts as it arrives, before the text box has
    the last letters: they were lost so. Many rounds: the order in which the queues run
    is the race."""
    from tests.robustness.drive import send_keys

    path = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=path)
    texts = [f"burst note {i} ends here" for i in range(12)]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3", "g", "a")
        await settle(pilot)
        for i, text in enumerate(texts):
            assert isinstance(app.screen, NoteEditor), i
            send_keys(app, [*text, "ctrl+s", *(["j", "a"] if i + 1 < len(texts) else [])])
            for _ in range(50):  # until the next editor is open (or the last one closed)
                await settle(pilot)
                boxes = list(app.screen.query(TextArea)) if isinstance(app.screen, NoteEditor) else []
                if (boxes and not boxes[0].text) or (
                        i + 1 == len(texts) and isinstance(app.screen, MainScreen)):
                    break
    notes = file_notes(path)
    assert [note["text"] for note in notes] == texts
    assert len({note["target"]["item_id"] for note in notes}) == len(texts)  # one ballot after another
