"""A cache of checked dossiers in the user's cache directory, so that the next start
does not parse and check the same file again (issue #20, target 2).

What it holds: the :class:`~models.schema.Dossier` exactly as :func:`models.loader.load_dossier`
returned it (validated, every check passed, its lookups filled) and its bundled texts, pickled,
in ``<user cache dir>/dossiers/<hash of the dossier's path>.pickle``: one file per dossier
path, overwritten when that dossier changes, so the cache never grows with edits.

When it is used: only when its key matches, the SHA-256 of the dossier file's bytes plus
the cache format, the Python and pydantic versions and a digest of the ``models`` package's
source (a change to the schema or the checks invalidates every entry, version bump or not),
and when every bundled text still resolves to the same file with the same bytes. Anything
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

``MSS_EXPLORER_CACHE=off`` disables it; ``MSS_EXPLORER_CACHE=DIR`` puts it in DIR (the
tests do: they never touch the real cache directory).
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
import os
import pickle
import stat
import sys
import tempfile
import time
import weakref
from collections import deque
from collections.abc import Callable
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO

import platformdirs
import pydantic

from models.files import read_regular_file

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
            with entry[0]:
                if signature is not None and entry[2] == signature and entry[1].startswith(f"{_code_version()}:"):
                    key = entry[1]  # the file is as it was when the entry was written
                else:
                    raw = read(path)  # raises as the loader does for a file it cannot read
                    key = _key(raw)
                cached = _read(entry, key, path) if entry[1] == key else None
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


def _open(target: Path) -> tuple[BinaryIO, str, Any, pickle.Unpickler, Path] | None:
    """The entry opened, its key and file signature read: (file, key, signature,
    unpickler, target); None when there is no entry of ours (a broken one is removed)."""
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
        return file, key, signature, unpickler, target
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - truncated, corrupt, from an old version: rebuilt
        if file is not None:
            file.close()
        _remove(target)
        return None


def _read(entry: tuple[BinaryIO, str, Any, pickle.Unpickler, Path], key: str, path: Path) -> Any:
    """The cached dossier of an entry under ``key`` (see :func:`_open`) if its texts are
    unchanged; else None (and a broken file is removed)."""
    try:
        dossier, texts = entry[3].load()
    except Exception:  # noqa: BLE001 - truncated, corrupt, from an old version: rebuilt
        _remove(entry[4])
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
    folders: dict[Path, Path] = {}
    for source_id, rel in named.items():
        text = texts[source_id]
        try:
            if _resolved(path.parent / rel, folders) != text.path:
                return False
            if read_regular_file(text.path, len(text.raw)) != text.raw:
                return False
        except (OSError, RuntimeError, ValueError):  # gone, grown, a loop: load it again
            return False
    return True


def _resolved(file: Path, folders: dict[Path, Path]) -> Path:
    """``file.resolve(strict=True)``, each folder resolved once (``folders``): a file that
    is not a symbolic link resolves to its name in its folder's resolution. At 1,000x
    the 2,000 texts are in a few folders, and resolving each path whole (every part of
    it looked at again) was 52 of the 75 ms the texts' check took; now about 20
    (benchmarks/README.md, "The load cache, in tables")."""
    name = file.name
    if os.name == "nt" or name in ("", ".", "..") or stat.S_ISLNK(os.lstat(file).st_mode):
        return file.resolve(strict=True)
    folder = folders.get(file.parent)
    if folder is None:
        folder = folders[file.parent] = file.parent.resolve(strict=True)
    return folder / name


_UNSET = object()
_LEAVES = frozenset({str, int, float, bool, type(None), bytes})


def _is_record(cls: type) -> bool:
    """A slotted dataclass: the dossier's records (pickled as rows of their class's table)."""
    return "__slots__" in cls.__dict__ and dataclasses.is_dataclass(cls)


_SLOTS: dict[type, tuple[tuple[str, ...], tuple[Any, ...]]] = {}


def _slots(cls: type) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The names of every slot of ``cls`` and its bases, and their setters: the class's
    own first, its bases' after (so the loader's slot, ``Derived._derived``, is last)."""
    found = _SLOTS.get(cls)
    if found is None:
        names, setters = [], []
        for klass in cls.__mro__:
            slots = klass.__dict__.get("__slots__", ())
            for name in (slots,) if isinstance(slots, str) else slots:
                if name not in ("__weakref__", "__dict__") and name not in names:
                    names.append(name)
                    setters.append(klass.__dict__[name].__set__)
        found = _SLOTS[cls] = (tuple(names), tuple(setters))
    return found


def _slot_values(obj: Any, cls: type) -> tuple[Any, ...]:
    """The values of ``obj``'s slots in :func:`_slots`' order, without the unset ones at
    the end (the loader's slot, last, is unset on most records). Every other slot is a
    field and always set: one unset before a set one raises, and no entry is written."""
    values = [getattr(obj, name, _UNSET) for name in _slots(cls)[0]]
    while values and values[-1] is _UNSET:
        values.pop()
    if _UNSET in values:
        raise ValueError(f"a {cls.__name__} with a slot unset before a set one")
    return tuple(values)


# -- The records as tables ----------------------------------------------------------------
#
# A frozen record refuses the unpickler's own way of setting slots (its ``__setattr__``
# raises), so pickled one by one each record needs a Python call to be rebuilt: at 1,000x
# that was half of the 0.68 s the entry took to unpickle (338,000 records, 2.7 million
# slots). So the entry holds the records as tables, one per class and depth: a table is
# its class, its row count and one column of values per slot. Loading a table makes its
# records and fills each slot with ``map`` over the column, loops that run in C without a
# Python call per record or per value. A record held by another (a citation in an item's
# list) is pickled as ``operator.getitem(built, i)``, its place in the list of records
# built so far, also a C call; a table holds only records of tables before it (the
# deeper first), so each is there when it is asked for. (benchmarks/README.md, "The load
# cache, in tables".)


class _Tables:
    """The records reachable from what is pickled, one table per class, each with its
    columns (one per slot), and which classes' records each class's records hold."""

    def __init__(self) -> None:
        self.records: dict[type, list[Any]] = {}
        self.columns: dict[type, list[tuple[list[int] | None, list[Any]]]] = {}
        self.holds: dict[type, set[type]] = {}
        #: ids of the records and other objects found (all alive while this lives).
        self._seen: set[int] = set()
        self._done: dict[type, int] = {}  # how many of a class's records have columns

    def walk(self, value: Any) -> None:
        """Find every record reachable from ``value``, and make the tables' columns."""
        self._find(value, set())
        while True:
            waiting = [cls for cls, records in self.records.items() if len(records) > self._done.get(cls, 0)]
            if not waiting:
                return
            for cls in waiting:
                self._add_columns(cls)

    def _find(self, value: Any, into: set[type]) -> None:
        """Put the records in ``value`` in their tables (their classes added to ``into``)."""
        kind = type(value)
        if kind in _LEAVES:
            return
        if kind is list or kind is tuple or kind is set or kind is frozenset:
            for part in value:
                if type(part) not in _LEAVES:
                    self._find(part, into)
            return
        if kind is dict:
            self._find(list(value), into)
            self._find(list(value.values()), into)
            return
        if id(value) in self._seen:
            if _is_record(kind):
                into.add(kind)
            return
        self._seen.add(id(value))
        if _is_record(kind):
            into.add(kind)
            self.records.setdefault(kind, []).append(value)
            return
        # Any other object (the Dossier, a bundled text's sentences): its attributes and slots.
        self._find(getattr(value, "__dict__", None), into)
        for klass in kind.__mro__:
            slots = klass.__dict__.get("__slots__", ())
            for name in (slots,) if isinstance(slots, str) else slots:
                if name not in ("__weakref__", "__dict__"):
                    self._find(getattr(value, name, None), into)

    def _add_columns(self, cls: type) -> None:
        """The columns of the records of ``cls`` found since the last call: a field's
        every value (``attrgetter``: a field never set raises, and no entry is written),
        another slot's (the loader's, ``Derived._derived``) the rows that set it and their
        values; the records those values hold found in turn."""
        records = self.records[cls]
        done = self._done.get(cls, 0)
        batch = records[done:]
        self._done[cls] = len(records)
        fields = {field.name for field in dataclasses.fields(cls)}
        holds = self.holds.setdefault(cls, set())
        columns = self.columns.setdefault(cls, [])
        for at, name in enumerate(_slots(cls)[0]):
            if name in fields:
                column: tuple[list[int] | None, list[Any]] = (None, list(map(operator.attrgetter(name), batch)))
            else:
                values = [getattr(record, name, _UNSET) for record in batch]
                where = [done + row for row, value in enumerate(values) if value is not _UNSET]
                column = (where, [value for value in values if value is not _UNSET])
            self._find(column[1], holds)
            if at == len(columns):
                columns.append(column)
            else:  # records of this class found again, in a later round
                old_where, old_values = columns[at]
                if old_where is None and column[0] is not None:
                    old_where = list(range(done))
                elif old_where is not None and column[0] is None:
                    column = (list(range(done, done + len(batch))), column[1])
                columns[at] = (None if old_where is None else old_where + column[0], old_values + column[1])

    def ordered(self) -> list[type]:
        """The classes, each after the classes of the records it holds."""
        order: list[type] = []
        state: dict[type, bool] = {}  # False while its holdings are placed, True once placed

        def place(cls: type) -> None:
            if state.get(cls) is False:
                raise ValueError(f"{cls.__name__} records that hold their own kind")  # no entry
            if cls not in state:
                state[cls] = False
                for held in sorted(self.holds.get(cls, ()), key=lambda c: c.__qualname__):
                    place(held)
                state[cls] = True
                order.append(cls)

        for cls in sorted(self.records, key=lambda c: c.__qualname__):
            place(cls)
        return order


class _Table:
    """The records of one class, pickled as a call of :func:`_build_table`."""

    __slots__ = ("cls", "columns", "count")

    def __init__(self, cls: type, count: int, columns: list[tuple[list[int] | None, list[Any]]]) -> None:
        self.cls = cls
        self.count = count
        self.columns = columns


class _Pickler(pickle.Pickler):
    """Pickles a record as a reference to its row in the tables pickled before it
    (``operator.getitem(built, i)``), never field by field. (The standard way would
    also lose the slot the loader fills in, ``Derived._derived``: a citation's span.)"""

    def __init__(self, file: BinaryIO, built: list[Any], places: dict[int, int]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._built = built
        self._places = places

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is _Table:
            return _build_table, (self._built, obj.cls, obj.count, obj.columns)
        if _is_record(kind):
            return operator.getitem, (self._built, self._places[id(obj)])  # KeyError: no entry
        return NotImplemented


def _build_table(built: list[Any], cls: type, count: int, columns: list[tuple[list[int] | None, list[Any]]]) -> None:
    """Make a table's records and fill their slots column by column (``map``: no Python
    call per record or per value), adding them to ``built``."""
    records = list(map(object.__new__, repeat(cls, count)))
    for setter, (where, values) in zip(_slots(cls)[1], columns):
        rows = records if where is None else map(records.__getitem__, where)
        deque(map(setter, rows, values), maxlen=0)
    built += records


def _last(*parts: Any) -> Any:
    return parts[-1]


def _dump_tabled(file: BinaryIO, key: Any, what: Any) -> None:
    """``key``, then ``what`` with its records in tables: unpickled (``load()`` twice),
    the key and ``what``. The second is a call of :func:`_last` whose arguments are the
    tables, each a call of :func:`_build_table`, then ``what``: the unpickler makes each
    table's records before it reads the next, and ``what`` last."""
    tables = _Tables()
    tables.walk(what)
    parts: list[Any] = []
    places: dict[int, int] = {}
    for cls in tables.ordered():
        records = tables.records[cls]
        for record in records:
            places[id(record)] = len(places)
        parts.append(_Table(cls, len(records), tables.columns[cls]))
    built: list[Any] = []  # pickled empty, first: the references are into it
    pickler = _Pickler(file, built, places)
    pickler.dump(key)
    pickler.dump(_Call(_last, (built, *parts, what)))


class _Call:
    """A call made when unpickled (its arguments unpickled in order, first to last)."""

    __slots__ = ("args", "func")

    def __init__(self, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.func = func
        self.args = args

    def __reduce__(self) -> tuple[Any, ...]:
        return self.func, self.args


def _write(target: Path, key: str, dossier: Any, signature: tuple[int, ...] | None = None) -> None:
    """Write the entry atomically (a temporary file renamed over it); never raises. In
    front, on its own: the key and the dossier file's signature when it was read."""

    def dump(file: BinaryIO) -> None:
        # The dossier's private attributes are pickled with it, the events' timeline order
        # among them (the loader sorts them): sorting them again after a warm load was
        # 0.15-0.24 s at 1,000x (each event's date text parsed again); read back, the
        # order is one reference per event.
        _dump_tabled(file, (key, signature), (dossier, dict(dossier.texts)))

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
