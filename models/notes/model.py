"""A note, what it is attached to, and the errors of the notes package.

A :class:`Note` is immutable: the store replaces notes, it never edits them in place.
Times are UTC and written one way only (:func:`format_time`). What a user typed is
checked here before anything changes (:func:`unsavable`): a lone surrogate cannot be
saved as UTF-8, so it is refused with a message instead of lost at the next save.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

__all__ = [
    "CONFLICT_TAG",
    "Note",
    "NoteNotFoundError",
    "NoteTarget",
    "NoteTextError",
    "NotesError",
    "NotesFileError",
    "NotesProtectedError",
    "NotesReadOnlyError",
    "NotesSaveError",
    "format_time",
    "new_note_id",
    "unsavable",
]

#: Tag put on the copy of a note that lost an edit conflict (see :func:`models.notes.merge_notes`).
CONFLICT_TAG = "conflict"


def utc_now() -> datetime:
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


# --------------------------------------------------------------------------- errors


class NotesError(Exception):
    """Base class of the errors of the notes package."""


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


_SURROGATE = re.compile("[\ud800-\udfff]")


def unsavable(text: str, what: str = "the note's text") -> str | None:
    """Why ``text`` cannot be saved as UTF-8 (a lone surrogate, as a bad paste or a
    program may hand over), or None when it can."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (f"{what} has a character that is not text (a lone surrogate, U+{ord(found.group()):04X}, "
            f"at character {found.start() + 1}); remove it and save again")


def check_text(text: Any, what: str = "the note's text") -> str:
    if not isinstance(text, str):
        raise TypeError(f"note text must be a str, not {type(text).__name__}")
    problem = unsavable(text, what)
    if problem is not None:
        raise NoteTextError(problem[0].upper() + problem[1:] + ".")
    return text


def check_tags(tags: Iterable[str]) -> list[str]:
    if isinstance(tags, str):
        raise TypeError("tags must be a list of str, not a single str")
    result = list(tags)
    for tag in result:
        if not isinstance(tag, str):
            raise TypeError(f"each tag must be a str, not {type(tag).__name__}")
        check_text(tag, f"the tag {tag.encode('utf-8', 'backslashreplace').decode()!r}")
    return result


def check_target(target: NoteTarget) -> NoteTarget:
    for field in ("item_id", "kind", "label"):
        check_text(getattr(target, field), f"the note's target ({field})")
    return target
