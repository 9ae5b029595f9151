"""The user's notes: a small TOML file that must never lose or mangle a note.

Notes are the user's own work, so this module is built around one rule: a note the
user wrote is never lost, silently changed or overwritten.

File format (``notes.toml``)::

    # MSS Explorer notes (format version 1). ...
    version = 1

    [[notes]]
    id = "note-1a2b3c4d5e6f"
    created = "2025-01-02T03:04:05.123456Z"
    updated = "2025-01-02T03:04:05.123456Z"
    target.item_id = "ballot-chn"
    target.kind = "ballot"
    target.label = "China voted in favour"
    tags = [
        "follow-up",
    ]
    text = \"\"\"
    several
    lines\"\"\"

* Notes are written sorted by ``(created, id)`` with keys in the fixed order above,
  so the file is easy to read and to diff. A note without a target has no
  ``target.*`` keys.
* Times are strings in UTC, always ``YYYY-MM-DDTHH:MM:SS.ffffffZ``.
* Text containing a newline is written as a TOML multi-line string, unless that would
  not read back exactly (``tomli_w`` turns ``"\\r\\n"`` into ``"\\n"`` in multi-line
  strings); such text is written as a one-line basic string with escapes instead.
  Every file is parsed back and compared with the notes in memory *before* it is
  written; a file that would not read back identically is never written.

Saving (:meth:`NotesStore.save`, also done by every change):

1. take an exclusive lock on the sibling ``.notes.toml.lock`` (``filelock.FileLock``:
   ``flock`` on POSIX, ``LockFileEx`` on Windows), waiting at most ``LOCK_TIMEOUT_S``;
2. re-read the file; if its bytes differ from what this store last read or wrote,
   merge three ways by note id (see :func:`merge_notes` for the policy). If the file
   on disk is no longer valid, nothing is written and :class:`NotesSaveError` is raised;
3. write a temporary file in the same directory, flush and ``fsync`` it; write the
   previous contents to ``notes.toml.bak`` the same way; ``os.replace`` the temporary
   file over ``notes.toml``; ``fsync`` the directory; release the lock.

A file that cannot be read as valid notes is never written to: the store opens
read-only with :attr:`NotesStore.error` set, and :meth:`NotesStore.start_new_file_beside`
switches to a fresh file next to it.

This module must not import textual.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
import threading
import tomllib
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

import tomli_w
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
)

from models.files import FileRefused, read_regular_file
from models.safe_text import code_span, for_json, for_terminal, md_inline, md_lines

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

FORMAT_VERSION = 1
#: Tag put on the copy of a note that lost an edit conflict (see :func:`merge_notes`).
CONFLICT_TAG = "conflict"
#: How long :meth:`NotesStore.save` waits for another copy's lock before giving up.
LOCK_TIMEOUT_S = 10.0
#: The largest notes file read (about 100,000 notes of a paragraph each).
MAX_NOTES_BYTES = 64 << 20

_HEADER = (
    "# MSS Explorer notes (format version 1). Written by mss-explorer; hand edits are\n"
    "# kept as long as the file stays valid. Times are UTC.\n"
)


# --------------------------------------------------------------------------- models


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def new_note_id() -> str:
    """A fresh note id: ``note-`` and 12 hex digits from a uuid4."""
    return f"note-{uuid.uuid4().hex[:12]}"


def _only_str_or_datetime(value: Any) -> Any:
    # Pydantic's lax mode would read an integer as a Unix timestamp; in a notes file
    # that is a mistake, not a time.
    if isinstance(value, (str, datetime)):
        return value
    raise ValueError("expected an ISO 8601 date-time string such as 2025-01-02T03:04:05Z")


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("date-time must include a time zone, e.g. a trailing 'Z' for UTC")
    return value.astimezone(timezone.utc)


def format_time(value: datetime) -> str:
    """The one way times are written: ``2025-01-02T03:04:05.123456Z``."""
    naive = _require_utc(value).replace(tzinfo=None)
    return naive.isoformat(timespec="microseconds") + "Z"


UtcDatetime = Annotated[
    datetime,
    BeforeValidator(_only_str_or_datetime),
    AfterValidator(_require_utc),
    PlainSerializer(format_time, return_type=str),
]


class NoteTarget(BaseModel):
    """The dossier item a note is attached to.

    ``label`` keeps the item's words from when the note was attached, so a note whose
    item has gone from the dossier can still be shown (as orphaned) instead of vanishing.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    item_id: str
    kind: str
    label: str


class Note(BaseModel):
    """One note. Immutable: the store replaces notes, it never edits them in place."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    target: NoteTarget | None = None
    text: str
    tags: list[str] = Field(default_factory=list)
    created: UtcDatetime
    updated: UtcDatetime

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return (self.created, self.id)


class _NotesDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    notes: list[Note] = Field(default_factory=list)


# --------------------------------------------------------------------------- errors


class NotesError(Exception):
    """Base class of the errors of this module."""


class NotesFileError(NotesError):
    """The notes file cannot be read as valid notes.

    ``str(error)`` names the file and, where known, the line/column (TOML syntax) or
    the note number, id and field (invalid values).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        line: int | None = None,
        column: int | None = None,
        note_index: int | None = None,
        note_id: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        self.note_index = note_index  # 0-based position in the file
        self.note_id = note_id
        self.field = field


class NotesSaveError(NotesError):
    """Saving failed. The change is kept in memory and :attr:`NotesStore.dirty` is True.

    ``note`` is the note that :meth:`NotesStore.add` / :meth:`NotesStore.update` created
    or changed (in memory) before the save failed, so the caller can still show it.
    """

    def __init__(self, message: str, *, path: Path, note: Note | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.note = note


class NotesReadOnlyError(NotesSaveError):
    """The store is read-only (its file is not valid notes) so nothing was written.

    The change is kept in memory; :meth:`NotesStore.start_new_file_beside` then saves it
    to a new file.
    """


class NotesProtectedError(NotesError):
    """The notes file is read-only (its permissions): notes can be read, not changed.
    Raised before anything changes."""


class NoteTextError(NotesError, ValueError):
    """A note's text, tag or target holds what cannot be saved (a lone surrogate):
    refused before anything changes."""


class NoteNotFoundError(NotesError, KeyError):
    """No note has this id."""

    def __str__(self) -> str:  # KeyError would add quotes around the message
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------- TOML


_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def _toml_value(value: Any, *, multiline: bool = False) -> str:
    rendered = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    assert rendered.startswith("v = ") and rendered.endswith("\n")
    return rendered[4:-1]


def _toml_text(text: str) -> str:
    """``text`` as a TOML string: multi-line when that reads back exactly."""
    if "\n" in text:
        candidate = _toml_value(text, multiline=True)
        try:
            if tomllib.loads(f"v = {candidate}\n")["v"] == text:
                return candidate
        except tomllib.TOMLDecodeError:  # pragma: no cover - defensive
            pass
    return _toml_value(text)


def render_notes(notes: Iterable[Note]) -> str:
    """The notes file's text for ``notes`` (sorted by created time, then id)."""
    parts = [_HEADER, f"version = {FORMAT_VERSION}\n"]
    for note in sorted(notes, key=lambda n: n.sort_key):
        lines = [
            "",
            "[[notes]]",
            f"id = {_toml_value(note.id)}",
            f"created = {_toml_value(format_time(note.created))}",
            f"updated = {_toml_value(format_time(note.updated))}",
        ]
        if note.target is not None:
            lines += [
                f"target.item_id = {_toml_value(note.target.item_id)}",
                f"target.kind = {_toml_value(note.target.kind)}",
                f"target.label = {_toml_value(note.target.label)}",
            ]
        lines += [
            f"tags = {_toml_value(list(note.tags))}",
            f"text = {_toml_text(note.text)}",
        ]
        parts.append("\n".join(lines) + "\n")
    return "".join(parts)


def _describe_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) if loc else "(document)"


def parse_notes(data: bytes, path: Path) -> list[Note]:
    """Read a notes file's bytes. Raises :class:`NotesFileError` naming what is wrong.

    A document without ``version`` (an empty one too) is not a notes file: refused.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NotesFileError(
            f"{path}: not valid UTF-8 at line {line}, column {column}",
            path=path, line=line, column=column,
        ) from exc
    try:
        raw = tomllib.loads(text)
    except RecursionError:
        raise NotesFileError(f"{path}: not valid notes: nested too deeply", path=path) from None
    except ValueError as exc:
        if isinstance(exc, tomllib.TOMLDecodeError):
            raise _toml_file_error(exc, text, path) from exc
        # An integer of more than 4,300 digits (Python will not convert it).
        raise NotesFileError(f"{path}: not valid notes: holds a number of more than 4,300 digits",
                             path=path) from None
    if not raw or "version" not in raw:
        # What MSS Explorer writes always holds "version = 1": anything else (an empty
        # file too) is someone else's file, and is never taken over.
        why = "it is empty" if not text.strip() else "field 'version' is missing"
        raise NotesFileError(
            f"{path}: not a notes file ({why}; "
            f"a notes file written by MSS Explorer holds version = {FORMAT_VERSION}). "
            "It is left as it is",
            path=path, field="version",
        )
    if "version" in raw and isinstance(raw["version"], int) and raw["version"] != FORMAT_VERSION:
        raise NotesFileError(
            f"{path}: notes file format version {raw['version']} is not supported "
            f"(this copy of MSS Explorer reads version {FORMAT_VERSION})",
            path=path, field="version",
        )
    try:
        document = _NotesDocument.model_validate(raw)
    except ValidationError as exc:
        raise _validation_file_error(exc, raw, path) from exc
    except RecursionError:
        raise NotesFileError(f"{path}: not valid notes: nested too deeply", path=path) from None

    seen: dict[str, int] = {}
    for index, note in enumerate(document.notes):
        if note.id in seen:
            raise NotesFileError(
                f"{path}: note {index + 1} (id {note.id!r}): field 'id': duplicate id, "
                f"also used by note {seen[note.id] + 1}",
                path=path, note_index=index, note_id=note.id, field="id",
            )
        seen[note.id] = index
    return document.notes


def _toml_file_error(exc: tomllib.TOMLDecodeError, text: str, path: Path) -> NotesFileError:
    message = str(exc)
    match = _TOML_POS.search(message)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        where = f"line {line}, column {column}"
        reason = message[: match.start()].rstrip()
    else:  # "(at end of document)"
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        column = None
        where = f"end of file (line {line})"
        reason = message.replace("(at end of document)", "").rstrip()
    return NotesFileError(
        f"{path}: not valid TOML at {where}: {reason}",
        path=path, line=line, column=column,
    )


def _validation_file_error(exc: ValidationError, raw: Mapping[str, Any], path: Path) -> NotesFileError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = tuple(first["loc"])
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    if len(loc) >= 2 and loc[0] == "notes" and isinstance(loc[1], int):
        index = loc[1]
        note_id = None
        notes_raw = raw.get("notes")
        if isinstance(notes_raw, list) and index < len(notes_raw) and isinstance(notes_raw[index], Mapping):
            candidate = notes_raw[index].get("id")
            note_id = candidate if isinstance(candidate, str) else None
        field = _describe_loc(loc[2:])
        ident = f" (id {note_id!r})" if note_id else ""
        return NotesFileError(
            f"{path}: note {index + 1}{ident}: field '{field}': {first['msg']}{more}",
            path=path, note_index=index, note_id=note_id, field=field,
        )
    field = _describe_loc(loc)
    return NotesFileError(
        f"{path}: field '{field}': {first['msg']}{more}", path=path, field=field
    )


# --------------------------------------------------------------------------- merge


@dataclass(frozen=True)
class SaveReport:
    """What :meth:`NotesStore.save` did.

    ``merged`` is True when the file had been changed by someone else (another copy of
    the app, a hand edit) since this store last read or wrote it, and the two were
    merged. The id tuples say which notes came from disk.
    """

    path: Path
    written: bool = False
    merged: bool = False
    #: notes another copy added, now in this store
    added_from_disk: tuple[str, ...] = ()
    #: notes another copy edited; the merged version is now in this store
    updated_from_disk: tuple[str, ...] = ()
    #: notes another copy deleted (unchanged here), now gone from this store
    deleted_on_disk: tuple[str, ...] = ()
    #: ids of the new notes holding the losing side of an edit conflict
    conflicts: tuple[str, ...] = ()
    #: notes deleted here but edited by another copy: kept, so the edit is not lost
    restored: tuple[str, ...] = ()

    @property
    def from_disk(self) -> tuple[str, ...]:
        """Ids of notes whose current content came from disk (added or edited there)."""
        return self.added_from_disk + self.updated_from_disk

    def describe(self) -> str:
        """A short sentence for the user, or ``""`` when there is nothing to say."""
        if not self.merged:
            return ""

        def n(count: int, what: str) -> str:
            return f"{count} note{'s' if count != 1 else ''} {what}"

        parts = []
        if self.added_from_disk:
            parts.append(n(len(self.added_from_disk), "added by another copy"))
        if self.updated_from_disk:
            parts.append(n(len(self.updated_from_disk), "edited by another copy"))
        if self.deleted_on_disk:
            parts.append(n(len(self.deleted_on_disk), "deleted by another copy"))
        if self.conflicts:
            parts.append(
                n(len(self.conflicts), f"edited in both copies (other version kept, tagged '{CONFLICT_TAG}')")
            )
        if self.restored:
            parts.append(n(len(self.restored), "deleted here but edited by another copy (kept)"))
        return "merged " + "; ".join(parts) if parts else "merged changes from disk (no note differed)"


@dataclass
class MergeResult:
    """The outcome of :func:`merge_notes`: the merged notes by id and what came from where."""

    notes: dict[str, Note]
    added_from_disk: list[str]
    updated_from_disk: list[str]
    deleted_on_disk: list[str]
    conflicts: list[str]
    restored: list[str]


def _pick(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """Three-way pick of one value: (value, conflict?)."""
    if ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return None, True


def _dedupe(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _merge_one(base: Note | None, ours: Note, theirs: Note) -> tuple[Note, Note | None]:
    """Merge two versions of one note, field by field. Returns (note, conflict copy)."""
    ours_wins = ours.updated >= theirs.updated
    winner, loser = (ours, theirs) if ours_wins else (theirs, ours)

    text, text_conflict = _pick(base.text if base else None, ours.text, theirs.text)
    if text_conflict:
        text = winner.text

    target, target_conflict = _pick(base.target if base else None, ours.target, theirs.target)
    if target_conflict:
        target = winner.target

    tags, tags_conflict = _pick(base.tags if base else None, ours.tags, theirs.tags)
    if tags_conflict:
        # Tags added on either side are kept; tags removed on either side are removed.
        base_tags = set(base.tags) if base else set()
        removed = (base_tags - set(ours.tags)) | (base_tags - set(theirs.tags))
        tags = [t for t in _dedupe([*winner.tags, *loser.tags]) if t not in removed]

    created, created_conflict = _pick(base.created if base else None, ours.created, theirs.created)
    if created_conflict:
        created = min(ours.created, theirs.created)

    merged = Note(
        id=ours.id,
        target=target,
        text=text,
        tags=tags,
        created=created,
        updated=max(ours.updated, theirs.updated),
    )
    copy = None
    if text_conflict:
        copy = Note(
            id=new_note_id(),
            target=loser.target,
            text=loser.text,
            tags=_dedupe([*loser.tags, CONFLICT_TAG]),
            created=loser.created,
            updated=loser.updated,
        )
    return merged, copy


def merge_notes(
    base: Mapping[str, Note], ours: Mapping[str, Note], theirs: Mapping[str, Note]
) -> MergeResult:
    """Three-way merge by note id. ``base`` is the file as this store last read/wrote it,
    ``ours`` is memory, ``theirs`` is the file now on disk.

    Policy (nothing a user typed is ever dropped):

    * added on one side only: kept;
    * deleted on disk, unchanged here: dropped. Deleted on disk but edited here: kept;
    * deleted here, unchanged on disk: stays deleted. Deleted here but edited on disk:
      kept (and reported in ``restored``) - the other copy's edit would otherwise be lost;
    * changed on both sides: merged field by field. A field changed on one side only
      takes that side's value. Tags changed on both sides are merged as sets (additions
      from either side kept, removals from either side applied). When the *text* was
      changed differently on both sides, the version with the later ``updated`` wins
      (ties: this store's) and the other version is kept as a **new note** with the same
      target, its own text and tags plus the tag ``"conflict"``, and the same
      ``created``/``updated`` times (so it sorts next to the original).
    """
    result: dict[str, Note] = {}
    added: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    conflicts: list[str] = []
    restored: list[str] = []

    for note_id in _dedupe([*base, *ours, *theirs]):
        b, o, t = base.get(note_id), ours.get(note_id), theirs.get(note_id)
        if o is not None and t is not None:
            if o == t or t == b:
                result[note_id] = o
            elif o == b:
                result[note_id] = t
                updated.append(note_id)
            else:
                merged, copy = _merge_one(b, o, t)
                result[note_id] = merged
                if merged != o:
                    updated.append(note_id)
                if copy is not None:
                    result[copy.id] = copy
                    conflicts.append(copy.id)
        elif o is not None:  # absent on disk
            if b is None or b != o:
                result[note_id] = o  # added here, or edited here and deleted there: keep
            else:
                deleted.append(note_id)
        elif t is not None:  # absent here
            if b is None:
                result[note_id] = t
                added.append(note_id)
            elif t != b:
                result[note_id] = t
                restored.append(note_id)
            # else: deleted here, unchanged on disk: stays deleted
        # else: deleted on both sides
    return MergeResult(result, added, updated, deleted, conflicts, restored)


# --------------------------------------------------------------------------- store


def _sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _fsync_dir(directory: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(directory, flags)
    except OSError:  # pragma: no cover - e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse; the data is fsynced
        pass
    finally:
        os.close(fd)


def _write_temp(directory: Path, prefix: str, data: bytes, mode: int) -> Path:
    """Write ``data`` to a new temporary file in ``directory``, fsynced. Returns its path."""
    fd, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


class NotesStore:
    """The notes of one file, kept in memory and saved on every change.

    Not a cache of the file but the user's working copy: if a save fails the change
    stays here (``dirty`` is True) and a later :meth:`save` retries. Thread-safe.
    """

    def __init__(self, path: Path) -> None:
        self._path = Path(path)
        self._notes: dict[str, Note] = {}
        self._by_item: dict[str, set[str]] = {}
        self._base: dict[str, Note] = {}
        self._base_hash: str | None = None  # hash of the file as last read/written
        self._dirty = False
        self.error: NotesFileError | None = None
        #: Why the file may not be changed (it is read-only), or None: its notes are
        #: shown, and every change is refused before it is made.
        self.protected: str | None = None
        #: the corrupt file this store moved away from, after start_new_file_beside()
        self.recovered_from: Path | None = None
        #: the report of the last save (also of the save done by add/update/delete)
        self.last_report: SaveReport | None = None
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> NotesStore:
        """Open the notes at ``path``. Never raises for a bad file: see :attr:`error`.

        A missing file is an empty store (the file is created by the first save). A file
        that cannot be read as valid notes gives a read-only store whose ``error`` says
        why; it is never written to.
        """
        store = cls(Path(path))
        try:
            data = read_regular_file(store._path, MAX_NOTES_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            # No file there (and nothing to protect): the first save creates it, or
            # reports clearly why it cannot.
            return store
        except FileRefused as exc:  # a FIFO, a device, a directory, too large
            store.error = NotesFileError(f"{store._path}: not a notes file: it {exc}", path=store._path)
            return store
        except OSError as exc:
            store.error = NotesFileError(
                f"{store._path}: cannot read the notes file: {exc.strerror or exc}", path=store._path
            )
            return store
        store.protected = _write_protected(store._path)
        try:
            notes = parse_notes(data, store._path)
        except NotesFileError as exc:
            store.error = exc
            return store
        store._base = {note.id: note for note in notes}
        store._base_hash = _sha256(data)
        store._set_notes({note.id: note.model_copy(deep=True) for note in notes})
        return store

    # ---------------------------------------------------------------- reading

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        """True when the file could not be read as notes: this store will not write it."""
        return self.error is not None

    @property
    def dirty(self) -> bool:
        """True when memory holds changes that are not saved yet."""
        return self._dirty

    @property
    def notes(self) -> list[Note]:
        """All notes, sorted by created time then id."""
        with self._lock:
            return sorted(self._notes.values(), key=lambda n: n.sort_key)

    def __len__(self) -> int:
        return len(self._notes)

    def __iter__(self) -> Iterator[Note]:
        return iter(self.notes)

    def get(self, note_id: str) -> Note | None:
        return self._notes.get(note_id)

    def for_item(self, item_id: str) -> list[Note]:
        """The notes attached to ``item_id``, sorted by created time then id."""
        with self._lock:
            ids = self._by_item.get(item_id, ())
            return sorted((self._notes[i] for i in ids), key=lambda n: n.sort_key)

    def has_notes(self, item_id: str) -> bool:
        return bool(self._by_item.get(item_id))

    def item_ids(self) -> set[str]:
        """Ids of all items that have at least one note."""
        with self._lock:
            return {item for item, ids in self._by_item.items() if ids}

    # ---------------------------------------------------------------- changing

    def add(
        self,
        text: str,
        tags: Iterable[str] = (),
        target: NoteTarget | Mapping[str, str] | None = None,
    ) -> Note:
        """Add a note and save. Returns the note.

        On a failed save raises :class:`NotesSaveError` (``.note`` is the new note, kept
        in memory).
        """
        now = _utc_now()
        with self._lock:
            self._require_writable()
            note_id = new_note_id()
            while note_id in self._notes:  # pragma: no cover - 48 random bits
                note_id = new_note_id()
            note = Note(
                id=note_id,
                target=_check_target(NoteTarget.model_validate(target)) if target is not None else None,
                text=_check_text(text),
                tags=_check_tags(tags),
                created=now,
                updated=now,
            )
            self._put(note)
            self._save_after_change(note)
            return note

    def update(self, note_id: str, *, text: str | None = None, tags: Iterable[str] | None = None) -> Note:
        """Change a note's text and/or tags and save. Returns the new version.

        Nothing changes (and nothing is saved) when the values are the same as before.
        Raises :class:`NoteNotFoundError` for an unknown id, :class:`NotesSaveError` when
        saving fails (``.note`` is the changed note, kept in memory).
        """
        with self._lock:
            self._require_writable()
            old = self._require(note_id)
            changes: dict[str, Any] = {}
            if text is not None and _check_text(text) != old.text:
                changes["text"] = text
            if tags is not None:
                new_tags = _check_tags(tags)
                if new_tags != old.tags:
                    changes["tags"] = new_tags
            if not changes:
                return old
            # Never move backwards in time, even if the clock did: "later wins" merges
            # compare these.
            changes["updated"] = max(_utc_now(), old.updated)
            note = Note.model_validate({**old.model_dump(), **changes})
            self._put(note)
            self._save_after_change(note)
            return note

    def delete(self, note_id: str) -> Note:
        """Delete a note and save. Returns the deleted note.

        Raises :class:`NoteNotFoundError` for an unknown id, :class:`NotesSaveError` when
        saving fails (the deletion is kept in memory).
        """
        with self._lock:
            self._require_writable()
            note = self._require(note_id)
            self._remove(note_id)
            self._save_after_change(note)
            return note

    # ---------------------------------------------------------------- saving

    def save(self) -> SaveReport:
        """Merge with the file on disk if it changed, then write it atomically.

        Raises :class:`NotesReadOnlyError` for a read-only store and
        :class:`NotesSaveError` when the file cannot be written or has become invalid on
        disk; in both cases memory is unchanged and ``dirty`` stays True.
        """
        with self._lock:
            if self.read_only:
                assert self.error is not None
                raise NotesReadOnlyError(
                    f"{self._path} is not valid notes, so it is not written to "
                    f"(choose to start a new notes file beside it). Problem: {self.error}",
                    path=self._path,
                )
            try:
                report = self._save_locked()
            except NotesSaveError:
                raise
            except OSError as exc:
                raise NotesSaveError(
                    f"Could not save notes to {self._path}: {exc.strerror or exc}"
                    f"{f' ({exc.filename})' if exc.filename else ''}. "
                    "Your changes are kept in memory; saving will be retried.",
                    path=self._path,
                ) from exc
            self.last_report = report
            return report

    def start_new_file_beside(self) -> Path:
        """For a read-only store: switch to a new file next to the bad one.

        The new name is ``<stem>.recovered-YYYYmmdd-HHMMSS.toml`` (with ``-2``, ``-3`` ...
        if taken). The bad file is left exactly as it is. Notes held in memory (changes
        made while read-only) are saved to the new file right away; if that save fails
        :class:`NotesSaveError` is raised but the store has already switched.
        Returns the new path.
        """
        with self._lock:
            old = self._path
            stamp = _utc_now().strftime("%Y%m%d-%H%M%S")
            suffix = old.suffix or ".toml"
            candidate = old.with_name(f"{old.stem}.recovered-{stamp}{suffix}")
            counter = 2
            while candidate.exists() or candidate.is_symlink():
                candidate = old.with_name(f"{old.stem}.recovered-{stamp}-{counter}{suffix}")
                counter += 1
            self.recovered_from = old
            self._path = candidate
            self.error = None
            self._base = {}
            self._base_hash = None
            if self._notes:
                self._dirty = True
                self.save()
            return candidate

    def recovered_files(self) -> list[Path]:
        """For a read-only store: the files :meth:`start_new_file_beside` started beside
        this one before (``<stem>.recovered-*``), the most recently written first."""
        with self._lock:
            old = self._path
            suffix = old.suffix or ".toml"
            pattern = re.compile(re.escape(f"{old.stem}.recovered-") + r"\d{8}-\d{6}(?:-\d+)?" + re.escape(suffix))
            found: list[tuple[float, str, Path]] = []
            try:
                for candidate in old.parent.iterdir():
                    if pattern.fullmatch(candidate.name) and candidate.is_file():
                        found.append((candidate.stat().st_mtime, candidate.name, candidate))
            except OSError:
                pass  # a file gone meanwhile, an unreadable directory: what was found
            return [candidate for _, _, candidate in sorted(found, reverse=True)]

    def continue_in(self, path: str | os.PathLike[str]) -> SaveReport:
        """For a read-only store: go on in ``path``, a notes file started beside the bad
        one before (see :meth:`recovered_files`). Its notes and the ones held in memory
        are merged and saved there; the bad file is left exactly as it is.

        Raises :class:`NotesFileError` (the store unchanged) when ``path`` cannot be read
        as notes, and :class:`NotesSaveError` when the merged notes cannot be saved (the
        store has switched; they are kept in memory).
        """
        with self._lock:
            target = Path(path)
            try:
                parse_notes(target.read_bytes(), target)
            except OSError as exc:
                raise NotesFileError(f"{target}: cannot read the notes file: {exc.strerror or exc}",
                                     path=target) from None
            old = self._path
            self.recovered_from = old
            self._path = target
            self.error = None
            self._base = {}
            self._base_hash = None  # so the save reads the file and merges its notes in
            return self.save()

    # ---------------------------------------------------------------- internals

    def _require_writable(self) -> None:
        if self.protected is not None:
            raise NotesProtectedError(self.protected)

    def _require(self, note_id: str) -> Note:
        note = self._notes.get(note_id)
        if note is None:
            raise NoteNotFoundError(f"no note with id {note_id!r}")
        return note

    def _put(self, note: Note) -> None:
        old = self._notes.get(note.id)
        if old is not None and old.target is not None:
            self._by_item.get(old.target.item_id, set()).discard(note.id)
        self._notes[note.id] = note
        if note.target is not None:
            self._by_item.setdefault(note.target.item_id, set()).add(note.id)
        self._dirty = True

    def _remove(self, note_id: str) -> None:
        old = self._notes.pop(note_id)
        if old.target is not None:
            ids = self._by_item.get(old.target.item_id)
            if ids is not None:
                ids.discard(note_id)
                if not ids:
                    del self._by_item[old.target.item_id]
        self._dirty = True

    def _set_notes(self, notes: dict[str, Note]) -> None:
        self._notes = notes
        self._by_item = {}
        for note in notes.values():
            if note.target is not None:
                self._by_item.setdefault(note.target.item_id, set()).add(note.id)

    def _save_after_change(self, note: Note) -> None:
        try:
            self.save()
        except NotesSaveError as exc:
            exc.note = note
            raise

    @property
    def _real_path(self) -> Path:
        # Saving replaces the file, so a symlinked notes file (e.g. into a dotfiles
        # repository) is written where it points, not replaced by a plain file. The lock,
        # backup and temporary files sit next to the real file, so two copies that reach
        # it by different names still share one lock.
        return Path(os.path.realpath(self._path))

    @property
    def backup_path(self) -> Path:
        """Where the previous version of the file is kept (replaced on every save)."""
        real = self._real_path
        return real.with_name(f"{real.name}.bak")

    @contextmanager
    def _file_lock(self, real: Path) -> Iterator[None]:
        # Imported here, at the first save, not at start: it adds 13-16 ms of import
        # (benchmarks/README.md, "The notes file's lock").
        from filelock import FileLock, Timeout

        lock_path = real.with_name(f".{real.name}.lock")
        # One lock object per save: two stores in one process (or two threads) then
        # exclude each other as two processes do. A 1 ms poll, not the default 50 ms:
        # under contention the longest wait drops from about 1 s to under 0.1 s.
        lock = FileLock(lock_path, timeout=LOCK_TIMEOUT_S, mode=0o600, poll_interval=0.001)
        try:
            lock.acquire()
        except Timeout:
            raise NotesSaveError(
                f"Could not save notes to {self._path}: another copy of MSS "
                f"Explorer has held {lock_path.name} for over "
                f"{LOCK_TIMEOUT_S:.0f} s. Your changes are kept in memory.",
                path=self._path,
            ) from None
        try:
            yield
        finally:
            lock.release()

    @staticmethod
    def _remove_stale_temps(real: Path) -> None:
        # Only called with the lock held: any temp file now is left over from a copy
        # that was killed mid-save.
        for leftover in real.parent.glob(f".{_glob_escape(real.name)}.*.tmp"):
            try:
                if leftover.is_file() and not leftover.is_symlink():
                    leftover.unlink()
            except OSError:  # pragma: no cover - harmless litter
                pass

    def _save_locked(self) -> SaveReport:
        real = self._real_path
        directory = real.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._file_lock(real):
            self._remove_stale_temps(real)
            try:
                current = read_regular_file(real, MAX_NOTES_BYTES)
            except FileNotFoundError:
                current = None
            except FileRefused as exc:
                raise NotesSaveError(f"Not saving: {self._path} is no longer a notes file (it {exc}), so it is "
                                     "left untouched. Your changes are kept in memory.", path=self._path) from exc
            if current is not None and (protected := _write_protected(real)) is not None:
                raise NotesSaveError(f"Not saving: {protected} Your changes are kept in memory.", path=self._path)
            current_hash = _sha256(current)

            merged_report: dict[str, Any] = {}
            new_notes = self._notes
            if current is not None and current_hash != self._base_hash:
                try:
                    theirs_list = parse_notes(current, self._path)
                except NotesFileError as exc:
                    raise NotesSaveError(
                        f"Not saving: {self._path} was changed by something else and is no "
                        f"longer valid notes, so it is left untouched. Your changes are kept "
                        f"in memory. Problem: {exc}",
                        path=self._path,
                    ) from exc
                theirs = {note.id: note for note in theirs_list}
                result = merge_notes(self._base, self._notes, theirs)
                new_notes = result.notes
                merged_report = dict(
                    merged=True,
                    added_from_disk=tuple(result.added_from_disk),
                    updated_from_disk=tuple(result.updated_from_disk),
                    deleted_on_disk=tuple(result.deleted_on_disk),
                    conflicts=tuple(result.conflicts),
                    restored=tuple(result.restored),
                )
            # (If the file vanished since we read it, we simply write what we hold: a
            # missing file is never taken to mean "delete every note".)

            data = render_notes(new_notes.values()).encode("utf-8")
            self._verify(data, new_notes)

            written = False
            if data != current:
                if current is None:
                    mode = 0o600
                else:
                    mode = stat.S_IMODE(os.stat(real).st_mode)
                tmp = _write_temp(directory, f".{real.name}.", data, mode)
                try:
                    if current is not None:
                        bak_tmp = _write_temp(directory, f".{real.name}.bak.", current, 0o600)
                        try:
                            os.replace(bak_tmp, real.with_name(f"{real.name}.bak"))
                        except BaseException:
                            bak_tmp.unlink(missing_ok=True)
                            raise
                    os.replace(tmp, real)
                except BaseException:
                    tmp.unlink(missing_ok=True)
                    raise
                _fsync_dir(directory)
                written = True

            # The base is a deep copy: a caller mutating a returned note's tags list in
            # place must not also change what we believe is on disk.
            self._base = {note_id: note.model_copy(deep=True) for note_id, note in new_notes.items()}
            self._base_hash = _sha256(data)
            if new_notes is not self._notes:
                self._set_notes(dict(new_notes))
            self._dirty = False
            return SaveReport(path=self._path, written=written, **merged_report)

    def _verify(self, data: bytes, notes: Mapping[str, Note]) -> None:
        """Refuse to write a file that would not read back as exactly these notes."""
        try:
            back = parse_notes(data, self._path)
        except NotesFileError as exc:  # pragma: no cover - would be a bug in render_notes
            raise NotesSaveError(
                f"Not saving {self._path}: internal error, the new file would not read back ({exc}). "
                "Your changes are kept in memory.",
                path=self._path,
            ) from exc
        if {note.id: note for note in back} != dict(notes):  # pragma: no cover - ditto
            raise NotesSaveError(
                f"Not saving {self._path}: internal error, the new file would not read back "
                "identically. Your changes are kept in memory.",
                path=self._path,
            )


def _write_protected(path: Path) -> str | None:
    """Why ``path`` (a file that exists) must not be replaced, or None. Saving renames a
    new file over it, which its own permissions would not stop: a file without write
    permission for its owner (chmod 444), or one this process may not write, is left
    alone. (Root may write anything: the permission bits decide.)"""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        return (f"{path} is read-only (its permissions say so), so notes are shown but not changed. "
                "Make it writable (chmod u+w) and open the app again to change them.")
    return None


def _glob_escape(name: str) -> str:
    """Escape glob metacharacters in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)


_SURROGATE = re.compile("[\ud800-\udfff]")


def unsavable(text: str, what: str = "the note's text") -> str | None:
    """Why ``text`` cannot be saved as UTF-8 (a lone surrogate, as a bad paste or a
    program may hand over), or None when it can."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (f"{what} has a character that is not text (a lone surrogate, U+{ord(found.group()):04X}, "
            f"at character {found.start() + 1}); remove it and save again")


def _check_text(text: Any, what: str = "the note's text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"note text must be a str, not {type(text).__name__}")
    problem = unsavable(text, what)
    if problem is not None:
        raise NoteTextError(problem[0].upper() + problem[1:] + ".")
    return text


def _check_tags(tags: Iterable[str]) -> list[str]:
    if isinstance(tags, str):
        raise TypeError("tags must be a list of str, not a single str")
    result = list(tags)
    for tag in result:
        if not isinstance(tag, str):
            raise TypeError(f"each tag must be a str, not {type(tag).__name__}")
        _check_text(tag, f"the tag {tag.encode('utf-8', 'backslashreplace').decode()!r}")
    return result


def _check_target(target: NoteTarget) -> NoteTarget:
    for field in ("item_id", "kind", "label"):
        _check_text(getattr(target, field), f"the note's target ({field})")
    return target


# --------------------------------------------------------------------------- export


def notes_to_json(notes: Iterable[Note], cited: Mapping[str, list[str]] | None = None) -> str:
    """All notes as JSON: ``{"version": 1, "notes": [...]}``, sorted, times as UTC strings.
    With ``cited`` (target id → its citations, see :mod:`models.note_citations`) each
    note whose target is in it carries them as ``"cited"``."""
    ordered = sorted(notes, key=lambda n: n.sort_key)
    dumped = []
    for note in ordered:
        data = note.model_dump(mode="json")
        if cited is not None and note.target is not None and note.target.item_id in cited:
            data["cited"] = cited[note.target.item_id]
        dumped.append(data)
    payload = {"version": FORMAT_VERSION, "notes": dumped}
    return for_json(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def notes_to_markdown(notes: Iterable[Note], dossier_labels: Mapping[str, str] | None = None,
                      cited: Mapping[str, list[str]] | None = None) -> str:
    """All notes as Markdown, grouped by the item they are attached to.

    ``dossier_labels`` maps the current dossier's item ids to their labels; when given,
    a note whose item is not in it is marked as orphaned (its saved label is shown).
    Note text keeps its words and lines, but none can become Markdown structure (see
    :func:`models.safe_text.md_lines`); ids and tags are code spans.
    """
    ordered = sorted(notes, key=lambda n: n.sort_key)
    groups: dict[str | None, list[Note]] = {}
    for note in ordered:
        groups.setdefault(note.target.item_id if note.target else None, []).append(note)

    out = ["# MSS Explorer notes", ""]
    if not ordered:
        out += ["_No notes._", ""]
    for item_id, group in groups.items():
        if item_id is None:
            out.append("## Notes not attached to an item")
        else:
            target = group[0].target
            assert target is not None
            label = target.label
            orphan = ""
            if dossier_labels is not None:
                if item_id in dossier_labels:
                    label = dossier_labels[item_id]
                else:
                    orphan = " — _orphaned: no longer in the dossier_"
            out.append(f"## {md_inline(label)} ({md_inline(target.kind)} {code_span(item_id)}){orphan}")
            if cited and cited.get(item_id):
                out += ["", "Cited:", *(f"- {md_inline(line)}" for line in cited[item_id])]
        out.append("")
        for note in group:
            stamp = f"created {format_time(note.created)}"
            if note.updated != note.created:
                stamp += f", updated {format_time(note.updated)}"
            out.append(f"### {code_span(note.id)} · {stamp}")
            if note.tags:
                out.append("Tags: " + ", ".join(code_span(tag) for tag in note.tags))
            out.append("")
            out.append(md_lines(note.text))
            out.append("")
    return for_terminal("\n".join(out).rstrip("\n") + "\n")
