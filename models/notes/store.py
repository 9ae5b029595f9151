"""The notes of one file, kept in memory and saved, locked and atomically, on every change.

Notes are the user's own work: a note the user wrote is never lost, silently changed or
overwritten.
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

"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.files import FileRefused, read_regular_file
from models.notes.disk import backup_of, remove_stale_temps, replace_atomically, sha256, write_protected
from models.notes.file_format import parse_notes, render_notes
from models.notes.merge import SaveReport, merge_notes
from models.notes.model import (
    Note,
    NoteNotFoundError,
    NotesFileError,
    NotesProtectedError,
    NotesReadOnlyError,
    NotesSaveError,
    NoteTarget,
    check_tags,
    check_target,
    check_text,
    new_note_id,
    utc_now,
)

__all__ = ["LOCK_TIMEOUT_S", "MAX_NOTES_BYTES", "NotesStore"]

#: How long :meth:`NotesStore.save` waits for another copy's lock before giving up.
LOCK_TIMEOUT_S = 10.0
#: The largest notes file read (about 100,000 notes of a paragraph each).
MAX_NOTES_BYTES = 64 << 20


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
        store.protected = write_protected(store._path)
        try:
            notes = parse_notes(data, store._path)
        except NotesFileError as exc:
            store.error = exc
            return store
        store._base = {note.id: note for note in notes}
        store._base_hash = sha256(data)
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
        now = utc_now()
        with self._lock:
            self._require_writable()
            note_id = new_note_id()
            while note_id in self._notes:  # pragma: no cover - 48 random bits
                note_id = new_note_id()
            note = Note(
                id=note_id,
                target=check_target(NoteTarget.model_validate(target)) if target is not None else None,
                text=check_text(text),
                tags=check_tags(tags),
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
            if text is not None and check_text(text) != old.text:
                changes["text"] = text
            if tags is not None:
                new_tags = check_tags(tags)
                if new_tags != old.tags:
                    changes["tags"] = new_tags
            if not changes:
                return old
            # Never move backwards in time, even if the clock did: "later wins" merges
            # compare these.
            changes["updated"] = max(utc_now(), old.updated)
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
            stamp = utc_now().strftime("%Y%m%d-%H%M%S")
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
        return backup_of(self._real_path)

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

    def _save_locked(self) -> SaveReport:
        real = self._real_path
        real.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._file_lock(real):
            remove_stale_temps(real)
            try:
                current = read_regular_file(real, MAX_NOTES_BYTES)
            except FileNotFoundError:
                current = None
            except FileRefused as exc:
                raise NotesSaveError(f"Not saving: {self._path} is no longer a notes file (it {exc}), so it is "
                                     "left untouched. Your changes are kept in memory.", path=self._path) from exc
            if current is not None and (protected := write_protected(real)) is not None:
                raise NotesSaveError(f"Not saving: {protected} Your changes are kept in memory.", path=self._path)
            current_hash = sha256(current)

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

            written = data != current
            if written:
                replace_atomically(real, data, current)

            # The base is a deep copy: a caller mutating a returned note's tags list in
            # place must not also change what we believe is on disk.
            self._base = {note_id: note.model_copy(deep=True) for note_id, note in new_notes.items()}
            self._base_hash = sha256(data)
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
