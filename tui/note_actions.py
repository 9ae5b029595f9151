"""Adding, editing, deleting notes and recovering a damaged notes file, from the UI.

A note save goes: the screen or view (``a``, ``e``, ``d``, ``r``) → :class:`NoteActions`
(opens the editor or the confirmation, then calls the store) → ``NotesStore`` → back:
the search index is given the notes and the main screen refreshes its markers.
The app holds one :class:`NoteActions` (``ExplorerApp.note_actions``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tui.text import visible

if TYPE_CHECKING:
    from models.notes import Note, NotesStore, NoteTarget
    from models.search import SearchIndex
    from tui.app import ExplorerApp

__all__ = ["NoteActions"]


class NoteActions:
    """What ``a``, ``e``, ``d`` and ``r`` do with the reader's notes."""

    #: Up to this many documents in the search index, notes are re-indexed at once;
    #: above, in a thread.
    REINDEX_NOTES_AT_ONCE = 20_000

    def __init__(self, app: ExplorerApp) -> None:
        self.app = app
        self.state = app.state
        self._reindexing = threading.Lock()

    @property
    def store(self) -> NotesStore:
        notes = self.state.notes
        assert notes is not None, "the notes are loaded with the dossier"
        return notes

    def _notify(self, message: str, **kwargs) -> None:
        self.app.notify(visible(message), markup=False, **kwargs)

    def protected(self) -> bool:
        """True (and says so) when the notes file is read-only: no editor is opened."""
        notes = self.state.notes
        if notes is None or notes.protected is None:
            return False
        self._notify(notes.protected, title="Notes are read-only", severity="warning", timeout=8)
        return True

    def add(self, target: NoteTarget | None) -> None:
        """Open the editor for a new note on ``target`` (None: a note without a target)."""
        from tui.screens.note_editor import NoteDraft, NoteEditor

        store = self.store
        if self.protected():
            return

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._change(lambda: store.add(draft.text, draft.tags, target))

        self.app.push_screen(NoteEditor(target.label if target else None), saved)

    def edit(self, note_id: str) -> None:
        from tui.screens.note_editor import NoteDraft, NoteEditor

        store = self.store
        note = store.get(note_id)
        if note is None or self.protected():
            return

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._change(lambda: store.update(note_id, text=draft.text, tags=draft.tags))

        label = self.state.note_target_title(note) if note.target else None
        self.app.push_screen(NoteEditor(label, note.text, note.tags), saved)

    def delete(self, note_id: str) -> None:
        from tui.screens.confirm import ConfirmDialog

        store = self.store
        note = store.get(note_id)
        if note is None or self.protected():
            return
        first = note.text.strip().splitlines()[0] if note.text.strip() else ""

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda: store.delete(note_id))

        self.app.push_screen(ConfirmDialog(f"Delete this note?\n\n{first[:200]}", "Delete", "Keep"), answered)

    def recover(self) -> None:
        """Leave a damaged notes file untouched and go on beside it: in the file started
        the last time it was found damaged, if there is one, or in a new one."""
        from models.notes import NotesError, NotesFileError

        store = self.store
        if store.error is None:
            self.app.notify("The notes file is fine: nothing to recover.", timeout=3)
            return
        for earlier in store.recovered_files():
            try:
                store.continue_in(earlier)
            except NotesFileError:
                continue  # damaged too: try the one before, or start a new one
            except NotesError as exc:
                self._notify(str(exc), title="Not saved", severity="error", timeout=10)
            else:
                count = len(store.notes)
                self._notify(f"Going on in {earlier}, started when this notes file was found damaged "
                             f"before ({count} note{'s' if count != 1 else ''}). "
                             "The damaged file was left as it was.", title="Notes", timeout=8)
            self.changed()
            return
        try:
            path = store.start_new_file_beside()
        except NotesError as exc:
            self._notify(str(exc), title="Could not start a new notes file", severity="error")
            return
        self._notify(f"New notes file: {path}. The damaged file was left as it was.", title="Notes", timeout=8)
        self.changed()

    def _change(self, change: Callable[[], object]) -> None:
        from models.notes import NotesProtectedError, NotesReadOnlyError, NotesSaveError, NoteTextError

        try:
            change()
        except (NoteTextError, NotesProtectedError) as exc:  # refused before anything changed
            self._notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        except NotesReadOnlyError:
            self._notify(
                "The notes file is damaged, so nothing was written to it. Your change is kept in memory: "
                "open Notes (7) and press r to save it beside the damaged file.",
                title="Not saved", severity="error", timeout=10,
            )
        except NotesSaveError as exc:
            self._notify(f"{exc} Your change is kept in memory and saved with the next change.",
                         title="Not saved", severity="error", timeout=10)
        else:
            report = self.store.last_report
            if report is not None and report.describe():
                self._notify(report.describe().capitalize() + ".", title="Notes merged")
        self.changed()

    def changed(self) -> None:
        """The notes changed (or the store holds another file's): the search index and
        the views follow."""
        state = self.state
        notes = self.store
        state.notes_version += 1
        index = state.search_index
        if index is not None:
            if len(index) <= self.REINDEX_NOTES_AT_ONCE:
                index.set_notes(notes.notes)
            else:  # 30 ms and more at 1,000x the bundled dossier: not on the event loop
                self.app.run_worker(partial(self._reindex, index, list(notes.notes), state.notes_version),
                                    thread=True, group="notes-index", description="Indexing the notes")
        self.app.main.notes_changed()

    def _reindex(self, index: SearchIndex, notes: list[Note], version: int) -> None:
        with self._reindexing:  # one at a time; one overtaken by a later change is skipped
            if version == self.state.notes_version:
                index.set_notes(notes)
