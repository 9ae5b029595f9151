"""A note draft saved when the app ends unexpectedly (an exception, a panic).

The draft goes into a plain text file beside the notes file
(``<stem>.draft-YYYYmmdd-HHMMSS.txt``), else in the system's temporary folder when
that folder cannot be written. It is never merged into the notes file: the reader
finds it named in the message the app prints as it exits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["save_draft"]


def _text(text: str) -> bytes:
    # A lone surrogate cannot be written as UTF-8: keep every other character exactly.
    return text.encode("utf-8", errors="backslashreplace")


def save_draft(notes_path: Path, text: str, tags: Sequence[str], about: str | None) -> Path:
    """Write the draft to a new file (never over another) and return its path. Raises
    OSError when neither beside the notes file nor in the temporary folder works."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    body = (f"Note draft saved when MSS Explorer ended unexpectedly, {stamp} UTC.\n"
            f"On: {about or '(no target)'}\nTags: {', '.join(tags)}\n\n").encode() + _text(text)
    if not body.endswith(b"\n"):
        body += b"\n"
    error: OSError | None = None
    for folder in (notes_path.parent, Path(tempfile.gettempdir())):
        for counter in range(1, 100):
            name = f"{notes_path.stem}.draft-{stamp}{'' if counter == 1 else f'-{counter}'}.txt"
            path = folder / name
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                error = exc
                break
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            return path
    raise error or OSError("no free name for the draft")
