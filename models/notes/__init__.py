"""The user's notes: a small TOML file that must never lose or mangle a note.

Notes are the user's own work, so this package is built around one rule: a note the
user wrote is never lost, silently changed or overwritten. By job:

* :mod:`~models.notes.model`: :class:`Note`, :class:`NoteTarget`, the errors, and the
  check of what a user typed (:func:`unsavable`);
* :mod:`~models.notes.file_format`: the file's TOML, written and read back
  (:func:`render_notes`, :func:`parse_notes`);
* :mod:`~models.notes.merge`: the three-way merge by note id when another copy wrote
  the file meanwhile (:func:`merge_notes`, :class:`SaveReport`);
* :mod:`~models.notes.store`: :class:`NotesStore`, the working copy, saved on every
  change under a lock; a file that is not valid notes is never written to;
* :mod:`~models.notes.disk`: the atomic replace, the ``.bak``, the permissions check;
* :mod:`~models.notes.export`: the notes as JSON and Markdown.

Import from here (``from models.notes import NotesStore``). Like all of models/, it
never imports Textual.
"""

from __future__ import annotations

from models.notes.export import notes_to_json, notes_to_markdown
from models.notes.file_format import FORMAT_VERSION, parse_notes, render_notes
from models.notes.merge import MergeResult, SaveReport, merge_notes
from models.notes.model import (
    CONFLICT_TAG,
    Note,
    NoteNotFoundError,
    NotesError,
    NotesFileError,
    NotesProtectedError,
    NotesReadOnlyError,
    NotesSaveError,
    NoteTarget,
    NoteTextError,
    format_time,
    new_note_id,
    unsavable,
)
from models.notes.store import NotesStore

__all__ = [
    "FORMAT_VERSION",
    "CONFLICT_TAG",
    "NoteTarget",
    "Note",
    "NotesError",
    "NotesFileError",
    "NotesSaveError",
    "NotesReadOnlyError",
    "NoteNotFoundError",
    "NoteTextError",
    "NotesProtectedError",
    "SaveReport",
    "NotesStore",
    "new_note_id",
    "merge_notes",
    "MergeResult",
    "format_time",
    "parse_notes",
    "unsavable",
    "render_notes",
    "notes_to_markdown",
    "notes_to_json",
]
