"""The load cache's records as tables (models/load_cache.py, issue #20): an entry is
unpickled without a Python call per record, gives back every record with every slot it
had (the loader's too), and the bundled texts' check resolves each folder once.

Real files throughout (the cache directory is the test's own, set by tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import io
import os
import pickle
import sys
from pathlib import Path

import pytest

from models import load_cache, pickled_records
from models.files import FolderResolver
from models.load_cache import cache_file
from models.loader import load_dossier
from models.paths import bundled_dossier_path


def _records(dossier) -> list:
    tables = pickled_records._Tables()
    tables.walk((dossier, dict(dossier.texts)))
    return [record for records in tables.records.values() for record in records]


def test_an_entry_is_unpickled_without_a_python_call_per_record() -> None:
    load_dossier(bundled_dossier_path())  # writes the entry
    cached = load_dossier(bundled_dossier_path())
    records = len(list(cached.iter_items())) + len(list(cached.iter_citations()))
    assert records > 1000
    calls: list[str] = []
    with open(cache_file(bundled_dossier_path()), "rb") as file:
        unpickler = pickle.Unpickler(file)
        unpickler.load()  # the key
        sys.setprofile(lambda frame, event, _: calls.append(frame.f_code.co_name) if event == "call" else None)
        try:
            dossier, _texts = unpickler.load()
        finally:
            sys.setprofile(None)
    assert dossier == cached
    # One call per table (a class), a few for the Dossier and the texts' paths: not one per record.
    assert len(calls) < records / 10, (len(calls), records)


def test_every_record_comes_back_with_every_slot_it_had(monkeypatch: pytest.MonkeyPatch) -> None:
    load_dossier(bundled_dossier_path())
    cached = load_dossier(bundled_dossier_path())
    assert load_cache.entry_of(cached) is not None
    monkeypatch.setenv("MSS_EXPLORER_CACHE", "off")
    fresh = load_dossier(bundled_dossier_path())
    old, new = _records(fresh), _records(cached)
    assert [type(r) for r in old] == [type(r) for r in new]
    for before, after in zip(old, new, strict=True):
        for name in pickled_records._slots(type(before))[0]:
            assert hasattr(after, name) == hasattr(before, name), (type(before).__name__, name)
            assert getattr(after, name, None) == getattr(before, name, None), (type(before).__name__, name)
    # The quotes' spans (the loader's slot), the stated tallies' citations among them.
    spans = [(owner, c.span) for owner, c in fresh.iter_citations()]
    assert [(owner, c.span) for owner, c in cached.iter_citations()] == spans
    assert any(span is not None for _, span in spans)


@dataclasses.dataclass(frozen=True, slots=True)
class _Leaf:
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class _Branch:
    leaves: list
    by_name: dict
    pair: tuple


@dataclasses.dataclass(frozen=True, slots=True)
class _Node:
    next: object


def _round_trip(what: object) -> object:
    buffer = io.BytesIO()
    pickled_records.dump_tabled(buffer, "key", what)
    buffer.seek(0)
    unpickler = pickle.Unpickler(buffer)
    assert unpickler.load() == "key"
    return unpickler.load()


def test_records_in_lists_dicts_and_tuples_come_back_shared_as_they_were() -> None:
    a, b = _Leaf("a"), _Leaf("b")
    branch = _Branch(leaves=[a, b], by_name={"a": a, b: "b"}, pair=(b, 1))
    back = _round_trip({"branch": branch, "also": [a]})
    assert back["branch"] == branch
    again = back["branch"]
    # One record each, however many places hold it.
    assert again.leaves[0] is again.by_name["a"] is back["also"][0]
    assert again.pair[0] is again.leaves[1]


def test_records_that_hold_their_own_kind_write_no_entry(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="hold their own kind"):
        _round_trip(_Node(next=_Node(next=None)))


def test_the_texts_check_resolves_each_folder_once(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dossier()
    first = load_dossier(path)
    texts = {source.id: source.text_file for source in first.sources if source.text_file}
    # More texts in the same folder than the fixture has: the dossier's own text, many times over.
    rel = next(iter(texts.values()))
    many = {f"t{at}": rel for at in range(20)}
    resolved: list[Path] = []
    original = Path.resolve

    def counting(self: Path, strict: bool = False) -> Path:
        resolved.append(self)
        return original(self, strict=strict)

    monkeypatch.setattr(Path, "resolve", counting)
    resolver = FolderResolver()  # as the texts' check uses it (models/load_cache.py)
    for name in many:
        assert resolver.resolve(path.parent / many[name]) == first.text(next(iter(texts))).path
    assert len(resolved) == 1
    assert os.path.samefile(resolved[0], path.parent / Path(rel).parent)
