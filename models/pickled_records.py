"""The dossier's records pickled as tables, for the load cache (models/load_cache.py).

A frozen record refuses the unpickler's own way of setting slots (its ``__setattr__``
raises), so pickled one by one each record needs a Python call to be rebuilt: at 1,000x
that was half of the 0.6 s a warm entry took to unpickle (338,000 records, 2.7 million
slots). So :func:`dump_tabled` pickles the records as tables, one per class: a table is
its class, its row count and one column of values per slot. Unpickling a table makes its
records and fills each slot with ``map`` over the column, loops that run in C without a
Python call per record or per value. A record held by another (a citation in an item's
list) is pickled as ``operator.getitem(built, i)``, its place in the list of records built
so far, also a C call; a table holds only records of tables before it, so each is there
when it is asked for. (benchmarks/README.md, "The load cache, in tables".)

What counts as a record: a slotted dataclass. Every slot is kept, not only the fields
(the standard way keeps the fields only, and would lose the slot the loader fills in,
``Derived._derived``: a citation's span, a pledge's country).
"""

from __future__ import annotations

import dataclasses
import operator
import pickle
from collections import deque
from collections.abc import Callable
from itertools import repeat
from typing import Any, BinaryIO

__all__ = ["dump_tabled"]

_UNSET = object()
_LEAVES = frozenset({str, int, float, bool, type(None), bytes})


_RECORD_KINDS: dict[type, bool] = {}


def _is_record(cls: type) -> bool:
    """A slotted dataclass: the dossier's records (pickled as rows of their class's table)."""
    found = _RECORD_KINDS.get(cls)
    if found is None:
        found = _RECORD_KINDS[cls] = "__slots__" in cls.__dict__ and dataclasses.is_dataclass(cls)
    return found


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
        record = _is_record(kind)
        if id(value) in self._seen:
            if record:
                into.add(kind)
            return
        self._seen.add(id(value))
        if record:
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
            if not _LEAVES.issuperset(map(type, column[1])):  # a column of strings: skipped in C
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


def dump_tabled(file: BinaryIO, key: Any, what: Any) -> None:
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
