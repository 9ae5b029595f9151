"""Reading a file the reader named: a regular file only, never more than a limit.

A FIFO would block the read for ever, ``/dev/zero`` would be read without end, a
directory or a socket cannot be read at all: each is refused with a message that says
what it is. The file is opened without blocking and checked on the open descriptor
(no window between the check and the read), and never read past its limit.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["FileRefused", "read_regular_file", "describe_size", "write_text_atomic"]


class FileRefused(OSError):
    """Not a regular file, or too large: ``str()`` says which (without the path)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def describe_size(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):,.0f} MB"
    return f"{size:,} bytes"


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (symbolic links followed), or :class:`FileRefused` when it
    is not a regular file or holds more than ``limit`` bytes. Other failures raise
    OSError as usual (a symbolic link loop: ELOOP)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise FileRefused(f"is {kind}, not a regular file" if kind.startswith("a ") else "is not a regular file")
        if info.st_size > limit:
            raise FileRefused(f"is too large ({describe_size(info.st_size)}; the limit is {describe_size(limit)})")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 24, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise FileRefused(f"is too large (more than {describe_size(limit)}, the limit)")
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_link_loop(exc: OSError) -> bool:
    return exc.errno == errno.ELOOP


def write_text_atomic(path: Path, text: str, *, overwrite: bool = False) -> int:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all: into a temporary file
    beside it, flushed to disk, then put in place in one step. Without ``overwrite``
    an existing ``path`` is never replaced (FileExistsError, also when it appeared
    meanwhile). Returns the number of bytes written."""
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if path exists: no window to clobber a file
            except (FileExistsError, PermissionError):
                raise
            except OSError:  # a file system without hard links
                if path.exists() or path.is_symlink():
                    raise FileExistsError(errno.EEXIST, "File exists", str(path)) from None
                os.replace(tmp, path)
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return len(data)


class FolderResolver:
    """``Path.resolve(strict=True)``, each folder resolved once: the texts of a dossier
    sit in a few folders, and resolving walks every part of a path, one system call and
    some Python each. Used by the first load (1,000x, 2,000 texts in one folder: 41 ->
    about 15 ms) and by the load cache's check of the texts (52 -> about 20 ms of its
    75) (benchmarks/README.md, "The checks in bulk, and the bundled texts", "The load
    cache, in tables"). A name that is a symbolic link, or a path that fails, is
    resolved whole (a missing part raises, as ``Path.resolve(strict=True)`` does)."""

    def __init__(self) -> None:
        self.folders: dict[Path, Path] = {}

    def resolve(self, named: Path) -> Path:
        name = named.name
        if name not in ("", ".", ".."):
            try:
                folder = self.folders.get(named.parent)
                if folder is None:
                    folder = self.folders[named.parent] = named.parent.resolve(strict=True)
                # A name that is no symbolic link resolves to itself in its resolved folder.
                if not stat.S_ISLNK(os.lstat(folder / name).st_mode):
                    return folder / name
            except (OSError, RuntimeError):
                pass  # a link loop, a missing part...: resolving the whole path says which
        return named.resolve(strict=True)
