"""An exported dossier that reopens: the file, and the bundled source texts it names
written beside it in the same folders (``sources/…``), since the loader reads a text
only in its dossier's folder or below.

``text_file`` is rewritten to the text's plain path below the dossier's folder (no
``..``, no symbolic link), so the export names exactly the files written with it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from models.schema import Dossier

__all__ = ["BundleError", "bundled_texts", "write_export"]


class BundleError(Exception):
    """The export cannot be written as asked; the message names the file."""


def bundled_texts(dossier: Dossier, data: dict[str, Any]) -> list[tuple[str, Path]]:
    """(path below the dossier's folder, the file it is read from) for each bundled text
    the exported ``data`` names; ``data``'s ``text_file`` values become those paths."""
    if dossier.path is None:
        return []
    folder = Path(dossier.path).parent.resolve()
    texts: list[tuple[str, Path]] = []
    for source in data.get("sources", []):
        if source.get("text_file") is None:
            continue
        original = (folder / source["text_file"]).resolve()
        relative = original.relative_to(folder).as_posix()  # the loader made sure it is below
        source["text_file"] = relative
        texts.append((relative, original))
    return texts


def write_export(out: Path, content: str, texts: list[tuple[str, Path]], read_from: Path | None) -> list[str]:
    """Write ``content`` to ``out`` and each text beside it; the texts' relative paths.

    A text already there with the same bytes is kept; one with other bytes is not
    overwritten (BundleError), nor is the dossier being exported."""
    if read_from is not None and out.resolve() == Path(read_from).resolve():
        raise BundleError(f"{out}: this is the dossier being exported; choose another file")
    if out.is_dir():
        raise BundleError(f"{out}: is a directory; give the file to write (say {out / 'dossier.json'})")
    folder = out.parent
    plans: list[tuple[Path, bytes]] = []
    for relative, original in texts:
        target = folder / relative
        data = original.read_bytes()
        if target.exists() or target.is_symlink():
            if target.is_file() and not target.is_symlink() and target.read_bytes() == data:
                continue
            raise BundleError(f"{target}: already exists with other contents; not overwritten "
                              "(export into an empty folder)")
        plans.append((target, data))
    try:
        for target, data in plans:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(target, data)
        _write_atomically(out, content.encode("utf-8"))
    except OSError as exc:
        raise BundleError(f"{exc.filename or out}: cannot write: {exc.strerror}") from None
    return [relative for relative, _ in texts]


def _write_atomically(path: Path, data: bytes) -> None:
    """All of ``data`` at ``path`` or nothing (a temporary file, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
