"""The file operations a save is made of, below the store: nothing here knows notes.

A file is replaced atomically: the new bytes go to a temporary file in the same
directory, flushed and ``fsync``-ed; the previous bytes go to ``<name>.bak`` the same
way; the temporary file is renamed over the file (``os.replace``), and the directory is
``fsync``-ed. A crash at any point leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

__all__ = ["backup_of", "remove_stale_temps", "replace_atomically", "sha256", "write_protected"]


def sha256(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def backup_of(real: Path) -> Path:
    """Where the previous version of the file ``real`` is kept (replaced on every save)."""
    return real.with_name(f"{real.name}.bak")


def write_protected(path: Path) -> str | None:
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


def remove_stale_temps(real: Path) -> None:
    """Remove the temporary files a copy killed mid-save left beside ``real``. Only
    called with the lock held: any temporary file then is such a leftover."""
    for leftover in real.parent.glob(f".{_glob_escape(real.name)}.*.tmp"):
        try:
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
        except OSError:  # pragma: no cover - harmless litter
            pass


def replace_atomically(real: Path, data: bytes, current: bytes | None) -> None:
    """Write ``data`` over the file ``real`` (whose bytes are ``current``, None when it
    does not exist), keeping ``current`` as its backup. The new file keeps the old one's
    permissions; a new file is private to its owner (0o600)."""
    directory = real.parent
    mode = 0o600 if current is None else stat.S_IMODE(os.stat(real).st_mode)
    tmp = _write_temp(directory, f".{real.name}.", data, mode)
    try:
        if current is not None:
            bak_tmp = _write_temp(directory, f".{real.name}.bak.", current, 0o600)
            try:
                os.replace(bak_tmp, backup_of(real))
            except BaseException:
                bak_tmp.unlink(missing_ok=True)
                raise
        os.replace(tmp, real)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(directory)


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


def _glob_escape(name: str) -> str:
    """Escape glob metacharacters in a file name."""
    return re.sub(r"([*?\[])", r"[\1]", name)
