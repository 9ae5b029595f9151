"""The load cache's file signature (models/load_cache.py, issue #20): a dossier file
untouched since its entry was written is not read again nor hashed; one changed since,
or changed too recently to tell, is.

Real files throughout (the cache directory is the test's own, set by tests/conftest.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from models import load_cache
from models.dossier.reading import read_bytes
from models.load_cache import cache_file, load_with_cache
from models.loader import _load, load_dossier


class _Reader:
    """Reads as the loader does, counting the reads."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self, path: Path) -> bytes:
        self.reads += 1
        return read_bytes(path)


def _signature_in_entry(path: Path) -> object:
    with open(cache_file(path), "rb") as file:
        _key, signature = pickle.Unpickler(file).load()
    return signature


def test_a_settled_file_is_not_read_again(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_cache, "SETTLED_NS", 0)  # as if the file had been written long ago
    path = write_dossier()
    first = load_dossier(path)
    assert _signature_in_entry(path) is not None
    reader = _Reader()
    again = load_with_cache(path, reader, _load)
    assert reader.reads == 0
    assert again == first and again is not first
    # Its entry and key are the same as when the file is read and hashed (the search
    # index's entry is keyed by it).
    assert load_cache.entry_of(again) == load_cache.entry_of(first)


def test_a_file_changed_since_is_read(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_cache, "SETTLED_NS", 0)
    path = write_dossier()
    load_dossier(path)
    write_dossier(lambda data: data.update(title="Retitled"))
    reader = _Reader()
    assert load_with_cache(path, reader, _load).title == "Retitled"
    assert reader.reads == 1


def test_a_file_changed_too_recently_to_tell_is_read(write_dossier) -> None:
    """A file written within SETTLED_NS (every file in these tests): two writes within the
    clock's tick could leave the same times and size, so no signature is kept."""
    path = write_dossier()
    first = load_dossier(path)
    assert _signature_in_entry(path) is None
    reader = _Reader()
    assert load_with_cache(path, reader, _load) == first
    assert reader.reads == 1


def test_a_signature_from_another_version_of_the_code_is_not_trusted(write_dossier,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_cache, "SETTLED_NS", 0)
    path = write_dossier()
    load_dossier(path)
    monkeypatch.setattr(load_cache, "_code_digest", "another version of models/")
    reader = _Reader()
    assert load_with_cache(path, reader, _load).title == "A small dossier"
    assert reader.reads == 1
