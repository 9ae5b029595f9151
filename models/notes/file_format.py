"""The notes file's format: notes to TOML text and back, nothing lost either way.

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
  written (by the store); a file that would not read back identically is never written.

A file that is not valid notes is refused with a :class:`NotesFileError` naming the
file and the line and column, or the note, its id and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from models.notes.model import Note, NotesFileError, format_time

__all__ = ["FORMAT_VERSION", "parse_notes", "render_notes"]

FORMAT_VERSION = 1

_HEADER = (
    "# MSS Explorer notes (format version 1). Written by mss-explorer; hand edits are\n"
    "# kept as long as the file stays valid. Times are UTC.\n"
)


class _NotesDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    notes: list[Note] = Field(default_factory=list)


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
