"""A cache of checked dossiers in the user's cache directory, so that the next start
does not parse and check the same file again (issue #20, target 2).

What it holds: the :class:`~models.schema.Dossier` exactly as :func:`models.loader.load_dossier`
returned it (validated, every check passed, its lookups filled) and its bundled texts, pickled,
in ``<user cache dir>/dossiers/<hash of the dossier's path>.pickle``: one file per dossier
path, overwritten when that dossier changes, so the cache never grows with edits.

When it is used: only when its key matches, the SHA-256 of the dossier file's bytes plus
the cache format, the Python and pydantic versions and a digest of the ``models`` package's
source (a change to the schema or the checks invalidates every entry, version bump or not),
and when every bundled text still resolves to the same file with the same bytes. (A file
whose device, inode, size and times are those it had when the entry was written, and that
had not changed for 3 s before, is not read again to work out its key: :func:`_signature`.)
Anything
else (no file, another key, a text changed or gone, a file that does not unpickle, a file
not ours) and the dossier is loaded and checked as usual and the entry rewritten. Reading or
writing the cache never raises: a problem with the cache is never the reader's problem.
A dossier with problems is never cached (the loader raises first), so its problems are
reported on every start.

Why pickle is safe here: the file is written only by this module, into the user's own cache
directory (created 0700, files 0600), and read only when it is a regular file owned by the
user and writable by nobody else; someone able to write there could as well change the
user's shell start-up files. The key is checked before anything else is unpickled (it is
pickled on its own, in front).

Why pickle at all: unpickling the checked models takes about a third of a JSON load at
1,000x and a twentieth of a TOML load (``benchmarks/README.md``, "The load cache"); a JSON
copy would have to be validated by pydantic again, which is most of the JSON load's time.
The records are pickled as tables, one per class (:mod:`models.pickled_records`): no
Python call per record when unpickled.

``MSS_EXPLORER_CACHE=off`` disables it; ``MSS_EXPLORER_CACHE=DIR`` puts it in DIR (the
tests do: they never touch the real cache directory).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import platformdirs
import pydantic

from models.files import FolderResolver, read_regular_file
from models.pickled_records import _slots, dump_tabled  # noqa: F401 - tests use _slots

__all__ = ["CACHE_ENV_VAR", "cache_dir", "cache_file", "entry_of", "load_with_cache"]

CACHE_ENV_VAR = "MSS_EXPLORER_CACHE"
#: Bump when what is pickled changes shape in a way the source digest would not show.
CACHE_FORMAT = 6
#: The loader's own limit (``models.loader.MAX_DOSSIER_BYTES``): a bigger file goes
#: straight to the loader, which refuses it with its message.
_MODELS_DIR = Path(__file__).resolve().parent
_code_digest: str | None = None


def cache_dir() -> Path | None:
    """The directory of the cache, or None when it is switched off."""
    setting = os.environ.get(CACHE_ENV_VAR, "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    if setting:
        return Path(setting).expanduser()
    return platformdirs.user_cache_path("mss-explorer") / "dossiers"


def cache_file(dossier_path: Path) -> Path | None:
    """The cache file of the dossier at this path (None when the cache is off)."""
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256(os.fsencode(dossier_path.resolve())).hexdigest()[:32]
    return folder / f"{name}.pickle"


def _code_version() -> str:
    """A digest of the source of the ``models`` package, with the versions that shape
    what is pickled: a changed schema or check never reads an old entry."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256(f"{CACHE_FORMAT} {sys.version} {pydantic.VERSION}".encode())
        for source in sorted(_MODELS_DIR.rglob("*.py")):
            digest.update(source.relative_to(_MODELS_DIR).as_posix().encode())
            digest.update(source.read_bytes())
        _code_digest = digest.hexdigest()
    return _code_digest


def _key(raw: bytes) -> str:
    return f"{_code_version()}:{hashlib.sha256(raw).hexdigest()}"


def load_with_cache(path: Path, read: Callable[[Path], bytes],
                    load: Callable[[Path, list[bytes]], Any]) -> Any:
    """``load(path, [read(path)])``, or the same dossier from the cache when the file and
    its texts are unchanged since it was cached; a fresh load is cached for next time.

    The file is read once: the entry is keyed by the very bytes that were loaded (read
    twice, a file changed in between was cached under the other content's key). The
    bytes are handed over in a list that ``load`` empties, so that they are freed as
    soon as it has parsed them (66 MB at 1,000x), not kept here until it returns.

    A file that the entry's :func:`_signature` says is untouched since it was read is
    not read again nor hashed (0.07 s of CPU at 1,000x)."""
    target = cache_file(path) if _cacheable(path) else None
    signature = _signature(path) if target is not None else None
    raw = None
    if target is not None:
        entry = _open(target)
        if entry is not None:
            with entry.file:
                if signature is not None and entry.signature == signature and entry.key.startswith(f"{_code_version()}:"):
                    key = entry.key  # the file is as it was when the entry was written
                else:
                    raw = read(path)  # raises as the loader does for a file it cannot read
                    key = _key(raw)
                cached = _read(entry, key, path) if entry.key == key else None
            if cached is not None:
                _remember(cached, target, key)
                return cached
    if raw is None:
        raw = read(path)
    key = _key(raw) if target is not None else ""
    handed = [raw]
    del raw
    dossier = load(path, handed)  # raises on a bad dossier: nothing is cached
    if target is None:
        return dossier
    _write(target, key, dossier, signature)
    _remember(dossier, target, key)
    return dossier


#: How long ago a file's last change (its ctime) must be before its :func:`_signature`
#: is trusted: a file changed twice within the clock's tick (a few ms on Linux, 2 s on
#: FAT) can keep the same times and size, so a file changed that recently is always read
#: and hashed. A change after the signature was taken is at least this much later than
#: the change it records, so it shows (the "racy clean" rule git applies to its index).
SETTLED_NS = 3_000_000_000


def _signature(path: Path) -> tuple[int, ...] | None:
    """The file's device, inode, size, and modification and change times in ns, taken
    before it is read; None when it changed too recently to tell (:data:`SETTLED_NS`)
    or cannot be looked at. Its change time (ctime) changes on every write, rename or
    change of mode, and cannot be set back by a program."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if time.time_ns() - info.st_ctime_ns < SETTLED_NS:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


#: id(dossier) -> (a weak reference to it, its entry, its key), for the dossiers this
#: module returned and that are still alive (a dossier is not hashable cheaply).
_entries: dict[int, tuple[weakref.ref, Path, str]] = {}


def _remember(dossier: Any, target: Path, key: str) -> None:
    ident = id(dossier)
    _entries[ident] = (weakref.ref(dossier, lambda _: _entries.pop(ident, None)), target, key)


def entry_of(dossier: Any) -> tuple[Path, str] | None:
    """The cache entry and key this dossier was loaded (or cached) under, or None when
    it did not come through the cache: what the search index's entry is kept beside
    and keyed by (models/index_cache.py)."""
    found = _entries.get(id(dossier))
    if found is None or found[0]() is not dossier:
        return None
    return found[1], found[2]


def _cacheable(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


class _Entry(NamedTuple):
    """An entry opened, its front (the key and the file's signature) read."""

    file: BinaryIO
    key: str
    signature: Any
    unpickler: pickle.Unpickler
    target: Path


def _open(target: Path) -> _Entry | None:
    """The entry, opened and its front read; None when there is no entry of ours (a
    broken one is removed)."""
    file = None
    try:
        # Not blocking on a pipe put in its place; then only a regular file of our own.
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        file = os.fdopen(fd, "rb")
        if not _ours(os.fstat(file.fileno())):
            file.close()
            return None
        unpickler = pickle.Unpickler(file)
        key, signature = unpickler.load()
        if not isinstance(key, str):
            raise ValueError("not an entry")
        return _Entry(file, key, signature, unpickler, target)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - truncated, corrupt, from an old version: rebuilt
        if file is not None:
            file.close()
        _remove(target)
        return None


def _read(entry: _Entry, key: str, path: Path) -> Any:
    """The cached dossier of an entry under ``key`` (see :func:`_open`) if its texts are
    unchanged; else None (and a broken file is removed)."""
    try:
        dossier, texts = entry.unpickler.load()
    except Exception:  # noqa: BLE001 - truncated, corrupt, from an old version: rebuilt
        _remove(entry.target)
        return None
    if not _texts_unchanged(path, dossier, texts):
        return None
    dossier.read_from(path, texts)
    return dossier


def _ours(info: os.stat_result) -> bool:
    """A regular file owned by this user and writable by no one else (where there are
    owners and modes: on Windows the per-user cache folder's permissions do that)."""
    if not stat.S_ISREG(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or (info.st_uid == getuid() and not info.st_mode & 0o022)


def _texts_unchanged(path: Path, dossier: Any, texts: dict[str, Any]) -> bool:
    """Whether every bundled text the dossier names still resolves to the file it was
    read from, holding the same bytes (the quotes were checked against them)."""
    named = {source.id: source.text_file for source in dossier.sources if source.text_file}
    if named.keys() != texts.keys():
        return False
    resolve = FolderResolver().resolve
    for source_id, rel in named.items():
        text = texts[source_id]
        try:
            if resolve(path.parent / rel) != text.path:
                return False
            if read_regular_file(text.path, len(text.raw)) != text.raw:
                return False
        except (OSError, RuntimeError, ValueError):  # gone, grown, a loop: load it again
            return False
    return True


def _write(target: Path, key: str, dossier: Any, signature: tuple[int, ...] | None = None) -> None:
    """Write the entry atomically (a temporary file renamed over it); never raises. In
    front, on its own: the key and the dossier file's signature when it was read."""

    def dump(file: BinaryIO) -> None:
        # The dossier's private attributes are pickled with it, the events' timeline order
        # among them (the loader sorts them): sorting them again after a warm load was
        # 0.15-0.24 s at 1,000x (each event's date text parsed again); read back, the
        # order is one reference per event.
        dump_tabled(file, (key, signature), (dossier, dict(dossier.texts)))

    write_entry(target, dump)


def write_entry(target: Path, dump: Callable[[BinaryIO], None]) -> None:
    """Write a cache entry with ``dump`` into a temporary file in its directory (mode
    0600), renamed over ``target`` once complete; never raises (a read-only or full
    disk: no entry, and the caller goes on with what it has)."""
    temp = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")  # mode 0600
        with os.fdopen(fd, "wb") as file:
            dump(file)
        os.replace(temp, target)
        temp = None
    except Exception:  # noqa: BLE001 - no cache, same result
        pass
    finally:
        if temp is not None:
            _remove(Path(temp))


def _remove(target: Path) -> None:
    try:
        target.unlink()
    except OSError:
        pass
