"""Notes files in awkward places: odd path names, and a directory that cannot be written.

A note is never lost: when saving fails the app says so clearly, keeps every change in
memory (shown in the Notes view), and writes them all once saving works again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import TextArea

from models.loader import load_dossier
from models.notes import NotesProtectedError, NotesSaveError, NotesStore
from models.text import visible
from tests.conftest import WriteDossier
from tests.robustness.drive import press
from tests.robustness.screen import assert_clean, static_text
from tui.app import ExplorerApp, create_app
from tui.cli import main
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.widgets.item_table import ItemTable


async def write_note(pilot, text: str) -> None:
    """Open the editor on the selected item (or in Notes: a note without a target), save."""
    await press(pilot, "a")
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    editor.query_one(TextArea).insert(text)
    await press(pilot, "ctrl+s")
    assert isinstance(pilot.app.screen, MainScreen)


def header(app: ExplorerApp) -> str:
    return static_text(app.screen.query("#notes-file"))


def file_notes(path: Path) -> dict[str, str]:
    return {note.id: note.text for note in NotesStore.open(path).notes}


ODD_DIRECTORY = "my notes [b]x[/b] \x1b[31m red ‮ evil"


async def test_notes_at_a_path_with_spaces_non_ascii_and_controls(
    write_dossier: WriteDossier, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ODD_DIRECTORY / "注释 ü.toml"
    dossier = load_dossier(write_dossier())
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "4")
        await write_note(pilot, "Über den Präsidenten: 注释")
        await press(pilot, "7")
        assert visible(str(path)) in header(app)
        assert_clean(app, "Notes view of an oddly named file")
    assert path.is_file()
    assert list(file_notes(path).values()) == ["Über den Präsidenten: 注释"]
    # … and it is there at the next launch, and for the command line
    again = create_app(dossier, notes_path=path)
    async with again.run_test(size=(80, 24)) as pilot:
        await press(pilot, "7")
        assert again.screen.query_one("#notes ItemTable", ItemTable).row_count == 1
    assert main(["--notes", str(path), "notes", "list"]) == 0
    out = capsys.readouterr().out
    assert "Über den Präsidenten: 注释" in out and "stmt-ken" in out


def _parent_is_a_file(tmp_path: Path) -> tuple[Path, Callable[[], None]]:
    blocker = tmp_path / "notes-dir"
    blocker.write_text("a file where the notes directory should be", encoding="utf-8")
    return blocker / "notes.toml", blocker.unlink


def _read_only_directory(tmp_path: Path) -> tuple[Path, Callable[[], None]]:
    directory = tmp_path / "notes-dir"
    directory.mkdir()
    directory.chmod(0o500)
    return directory / "notes.toml", lambda: directory.chmod(0o700)


OBSTACLES = [
    pytest.param(_parent_is_a_file, id="parent-is-a-file"),
    pytest.param(_read_only_directory, id="read-only-directory", marks=pytest.mark.skipif(
        os.name != "posix" or os.geteuid() == 0,
        reason="root ignores directory permissions (the parent-is-a-file case covers this)")),
]


@pytest.mark.parametrize("obstacle", OBSTACLES)
async def test_notes_that_cannot_be_saved_are_kept_until_they_can(
    obstacle, write_dossier: WriteDossier, tmp_path: Path
) -> None:
    path, remove_obstacle = obstacle(tmp_path)
    dossier = load_dossier(write_dossier())
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "4")
        await write_note(pilot, "first, while the folder is blocked")
        # A clear message, naming the file
        [toast] = [n for n in app._notifications if n.title == "Not saved"]
        assert str(path) in toast.message and "kept in memory" in toast.message
        assert toast.severity == "error"
        # Kept in memory, shown, and marked as not saved
        assert app.notes.dirty
        await press(pilot, "7")
        assert "not saved yet" in header(app)
        assert app.screen.query_one("#notes ItemTable", ItemTable).row_count == 1
        await write_note(pilot, "second, still blocked")
        assert len(app.notes.notes) == 2 and app.notes.dirty
        assert not path.exists()
        # Quitting now asks first (nothing is dropped silently)
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert isinstance(app.screen, MainScreen)
        assert_clean(app, "Notes view with unsaved notes")

        remove_obstacle()
        await write_note(pilot, "third, once it can be written")
        assert not app.notes.dirty
        assert "not saved yet" not in header(app)
        texts = sorted(file_notes(path).values())
        assert texts == ["first, while the folder is blocked", "second, still blocked",
                         "third, once it can be written"]
        assert file_notes(path) == {note.id: note.text for note in app.notes.notes}


# --------------------------------------------------------------------------- read-only and foreign files


def _seeded(path: Path) -> bytes:
    NotesStore.open(path).add("written while it was writable")
    return path.read_bytes()


async def test_a_read_only_notes_file_is_never_replaced(write_dossier: WriteDossier, tmp_path: Path) -> None:
    """chmod 444 in a writable folder: saving renames a new file over it, which its own
    permissions do not stop; it was silently replaced."""
    path = tmp_path / "notes.toml"
    before = _seeded(path)
    path.chmod(0o444)
    store = NotesStore.open(path)
    assert store.protected is not None and "read-only" in store.protected
    with pytest.raises(NotesProtectedError):
        store.add("refused")
    with pytest.raises(NotesProtectedError):
        store.delete(store.notes[0].id)
    assert [n.text for n in store.notes] == ["written while it was writable"] and not store.dirty

    dossier = load_dossier(write_dossier())
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "4")
        await press(pilot, "a")
        assert isinstance(app.screen, MainScreen), "no editor on a read-only file"
        assert any(n.title == "Notes are read-only" for n in app._notifications)
        await press(pilot, "7")
        await pilot.pause(0.2)
        assert "Read-only:" in header(app) and "chmod u+w" in header(app), header(app)
        assert app.screen.query_one("#notes ItemTable", ItemTable).row_count == 1
        await press(pilot, "e", "d")
        assert isinstance(app.screen, MainScreen)
        assert_clean(app, "Notes view of a read-only file")
        await press(pilot, "q")
    assert app.return_code == 0
    assert path.read_bytes() == before and not path.with_name("notes.toml.bak").exists()


def test_a_file_made_read_only_after_opening_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    before = _seeded(path)
    store = NotesStore.open(path)
    path.chmod(0o444)
    with pytest.raises(NotesSaveError, match="read-only"):
        store.add("later")
    assert path.read_bytes() == before and store.dirty


FOREIGN = [
    pytest.param(b"", id="empty"),
    pytest.param(b"\n\n# just a comment\n", id="blank-toml"),
    pytest.param(b'title = "my dotfile"\n', id="other-toml"),
]


@pytest.mark.parametrize("content", FOREIGN)
@pytest.mark.parametrize("linked", [False, True], ids=["file", "symlink"])
async def test_a_file_that_is_not_a_notes_file_is_refused_and_left_alone(
    content: bytes, linked: bool, write_dossier: WriteDossier, tmp_path: Path
) -> None:
    """A notes path that is (or links to) someone else's file, empty or not: it was taken
    as an empty store and overwritten by the first note."""
    other = tmp_path / "elsewhere" / "config.toml"
    other.parent.mkdir()
    other.write_bytes(content)
    path = tmp_path / "notes.toml"
    if linked:
        path.symlink_to(other)
    else:
        path = other
    dossier = load_dossier(write_dossier())
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await press(pilot, "7")
        assert "not a notes file" in header(app)
        await press(pilot, "4")
        await write_note(pilot, "kept in memory, never written over it")
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmDialog)  # unsaved notes: it asks
    assert other.read_bytes() == content


@pytest.mark.parametrize("content", [
    pytest.param("version = " + "9" * 5000 + "\n", id="version-of-5000-digits"),
    pytest.param("version = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", id="nested-5000-deep"),
])
def test_notes_files_beyond_python_limits_are_refused_clearly(
    content: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(content, encoding="utf-8")
    store = NotesStore.open(path)
    assert store.read_only and str(path) in str(store.error)
    with pytest.raises(SystemExit) as exit_:
        main(["--notes", str(path), "notes", "list"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_notes_path_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    os.mkfifo(path)
    store = NotesStore.open(path)  # reading a FIFO blocked for ever
    assert store.read_only and "named pipe" in str(store.error)
