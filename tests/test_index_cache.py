"""The search index cache (models/index_cache.py): a warm entry gives the same index;
a corrupt, truncated, foreign or stale entry is never served and never an error; the
app reads a warm entry and writes a cold one after search is usable.

Real files throughout: the dossier, its bundled text and the cache files on disk (the
cache directory is the test's own, set by tests/conftest.py)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import ARTICLE

import models.index_cache
import models.load_cache
from models.index_cache import cache_index, cached_index, index_file
from models.load_cache import CACHE_ENV_VAR, cache_file
from models.loader import load_dossier
from models.notes import NotesStore
from models.schema import Dossier
from models.search import SearchIndex, build_index
from tui.app import create_app

QUERIES = ["abstain", "kenya police", '"china and russia"', "ken", "russia", "pledged 1000", "abstian", "us"]


def _results(index: SearchIndex) -> list[tuple[int, list[tuple[str, int, list]]]]:
    out = []
    for query in QUERIES:
        found = index.search(query)
        out.append((found.total, [(hit.doc.id, hit.score, list(hit.spans)) for hit in found.hits]))
    return out


def _cached(path: Path) -> tuple[Dossier, SearchIndex]:
    """Load the dossier, build its index and cache it: (dossier, index)."""
    dossier = load_dossier(path)
    index = build_index(dossier)
    assert cached_index(dossier) is None  # cold
    cache_index(dossier, index)
    return dossier, index


def _entry(dossier: Dossier) -> Path:
    target = index_file(dossier)
    assert target is not None
    return target


def test_a_warm_entry_gives_the_same_index(write_dossier) -> None:
    path = write_dossier()
    dossier, built = _cached(path)
    entry = _entry(dossier)
    assert entry.is_file() and oct(entry.stat().st_mode & 0o777) == "0o600"
    assert entry.parent == cache_file(path).parent  # beside the dossier's entry
    again = load_dossier(path)  # a new start: the dossier from its cache, then the index
    warm = cached_index(again)
    assert isinstance(warm, SearchIndex) and warm is not built
    assert _results(warm) == _results(built)
    assert [doc.text for doc in warm.docs] == [doc.text for doc in built.docs]
    assert any(r[0] for r in _results(warm))
    # The bundled text is the dossier's own, not a copy kept in the entry.
    sentence = next(doc for doc in warm.docs if doc.kind == "sentence")
    assert sentence.title in ARTICLE
    assert warm._base_docs.texts[0][1] is again.text("art")
    # ... and so are the ids: the dossier's own strings, not equal copies.
    ids = warm._base_docs.ids
    assert ids and all(doc_id is again.items_by_id[doc_id].id for doc_id in ids)
    assert all(warm.doc(doc_id).id == doc_id for doc_id in ids)


def test_the_entry_holds_no_notes_and_notes_can_be_set_after(write_dossier) -> None:
    path = write_dossier()
    dossier = load_dossier(path)
    index = build_index(dossier)
    index.set_notes([("note-1", "Zanzibar memo", ("tag",), "pledge-ken")])
    assert index.search("zanzibar").total == 1
    cache_index(dossier, index)
    warm = cached_index(load_dossier(path))
    assert warm is not None
    assert warm.search("zanzibar").total == 0
    warm.set_notes([("note-2", "Zanzibar again", (), None)])
    assert [hit.doc.id for hit in warm.search("zanzibar").hits] == ["note-2"]


@pytest.mark.parametrize("damage", [
    b"",  # empty
    b"not a pickle at all",
    b"\x80\x05\x95",  # a pickle cut short
    "truncate",  # the real entry cut in half
    "truncate-after-key",  # the key whole, the index cut short
    "flip",  # one byte of the real entry changed
])
def test_a_corrupt_or_truncated_entry_is_rebuilt_silently(write_dossier, damage) -> None:
    path = write_dossier()
    dossier, built = _cached(path)
    entry = _entry(dossier)
    good = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "truncate-after-key":
        with open(entry, "rb") as file:
            pickle.load(file)
            entry.write_bytes(good[: file.tell() + 40])
    elif damage == "flip":
        at = len(good) * 2 // 3
        entry.write_bytes(good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1:])
    else:
        entry.write_bytes(damage)
    again = load_dossier(path)
    found = cached_index(again)
    # A flipped byte inside a string or an array may still unpickle; else nothing is served.
    if found is not None:
        assert damage == "flip"
    else:
        assert not entry.exists()  # removed: the next start does not read it again
        cache_index(again, build_index(again))
        warm = cached_index(load_dossier(path))
        assert warm is not None and _results(warm) == _results(built)


def test_an_entry_for_another_dossier_is_not_served(write_dossier, tmp_path: Path) -> None:
    """A well-formed entry written for another dossier (as if copied over)."""
    path = write_dossier()
    dossier, _ = _cached(path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "article.txt").write_text(ARTICLE, encoding="utf-8")
    other_path = other / "dossier.toml"
    other_path.write_text(path.read_text(encoding="utf-8").replace("Test mission", "Zanzibar mission"), encoding="utf-8")
    other_dossier, _ = _cached(other_path)
    assert _entry(other_dossier) != _entry(dossier)
    _entry(dossier).write_bytes(_entry(other_dossier).read_bytes())
    assert cached_index(load_dossier(path)) is None


def test_a_changed_dossier_is_not_served_the_old_index(write_dossier) -> None:
    path = write_dossier()
    dossier, _ = _cached(path)
    old = _entry(dossier).read_bytes()
    path.write_text(path.read_text(encoding="utf-8").replace("Test mission", "Zanzibar mission"), encoding="utf-8")
    changed = load_dossier(path)
    assert _entry(changed) == _entry(dossier)  # one entry per dossier path
    assert cached_index(changed) is None
    assert _entry(changed).read_bytes() == old  # not removed: it is whole, only stale
    cache_index(changed, build_index(changed))
    warm = cached_index(load_dossier(path))
    assert warm is not None and warm.search("zanzibar").total >= 1


def test_a_changed_text_is_not_served_the_old_index(write_dossier) -> None:
    """The same dossier bytes, a bundled text with a sentence more (every quote still
    in it): the dossier loads again, and its index must hold the new sentence."""
    path = write_dossier()
    _cached(path)
    (path.parent / "article.txt").write_text(ARTICLE + "Zanzibar was not mentioned.\n", encoding="utf-8")
    changed = load_dossier(path)
    assert cached_index(changed) is None
    cache_index(changed, build_index(changed))
    warm = cached_index(load_dossier(path))
    assert warm is not None and warm.search("zanzibar").total == 1


def test_changed_code_is_not_served_the_old_index(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dossier()
    _cached(path)
    assert cached_index(load_dossier(path)) is not None  # the control
    with monkeypatch.context() as patch:
        patch.setattr(models.index_cache, "INDEX_FORMAT", models.index_cache.INDEX_FORMAT + 1)
        assert cached_index(load_dossier(path)) is None
    assert cached_index(load_dossier(path)) is not None
    # The models package's source (models/search included) is part of the dossier's key.
    monkeypatch.setattr(models.load_cache, "_code_digest", "another version of the code")
    assert cached_index(load_dossier(path)) is None


def test_the_code_digest_covers_the_search_package() -> None:
    models.load_cache._code_version()
    hashed = sorted(models.load_cache._MODELS_DIR.rglob("*.py"))
    assert models.load_cache._MODELS_DIR / "search" / "index.py" in hashed
    assert models.load_cache._MODELS_DIR / "search" / "postings.py" in hashed


def test_an_entry_others_can_write_is_not_read(write_dossier) -> None:
    path = write_dossier()
    dossier, _ = _cached(path)
    entry = _entry(dossier)
    assert cached_index(load_dossier(path)) is not None  # the control
    entry.chmod(0o666)
    assert cached_index(load_dossier(path)) is None


def test_a_pipe_in_place_of_the_entry_is_not_waited_on(write_dossier) -> None:
    path = write_dossier()
    dossier = load_dossier(path)
    os.mkfifo(_entry(dossier))
    assert cached_index(dossier) is None  # would block for ever if it read the pipe


def test_a_dossier_not_from_the_cache_has_no_entry(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dossier()
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    dossier = load_dossier(path)
    assert index_file(dossier) is None
    assert cached_index(dossier) is None
    cache_index(dossier, build_index(dossier))
    assert not any(Path(os.environ["HOME"]).rglob("*.index.pickle"))


def test_an_unwritable_cache_dir_is_no_error(write_dossier, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))  # under a file: cannot be made
    path = write_dossier()
    dossier = load_dossier(path)
    assert index_file(dossier) is not None
    cache_index(dossier, build_index(dossier))
    assert cached_index(dossier) is None


def test_a_text_not_the_dossiers_is_never_written(write_dossier) -> None:
    """An index of another load of the dossier holds other text objects: nothing is
    kept rather than a copy of them."""
    path = write_dossier()
    dossier = load_dossier(path)
    foreign = build_index(load_dossier(path))
    cache_index(dossier, foreign)
    assert not _entry(dossier).exists()
    assert not list(_entry(dossier).parent.glob(".*.tmp"))


# -- in the app -----------------------------------------------------------------------------


async def _start(path: Path, notes: Path) -> tuple[SearchIndex, list[str]]:
    app = create_app(path, notes_path=notes)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.search_index is None:
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        index = app.search_index
        return index, [hit.doc.id for hit in index.search("zanzibar").hits]


async def test_the_app_writes_a_cold_entry_and_reads_a_warm_one(write_dossier, tmp_path: Path) -> None:
    path = write_dossier()
    notes = tmp_path / "notes.toml"
    note = NotesStore.open(notes).add("Zanzibar memo")
    cold, found = await _start(path, notes)
    assert found == [note.id]
    entry = cache_file(path).with_name(f"{cache_file(path).stem}.index.pickle")
    assert entry.is_file()  # written by the cold start
    written = entry.stat().st_ino, entry.stat().st_mtime_ns
    for _ in range(3):
        warm, found = await _start(path, notes)
        assert found == [note.id]  # the notes, set after the index is read
        assert (entry.stat().st_ino, entry.stat().st_mtime_ns) == written  # read, not built and written again
        assert _results(warm) == _results(cold)
    entry.write_bytes(b"corrupt")
    rebuilt, _ = await _start(path, notes)
    assert _results(rebuilt) == _results(cold)
    assert entry.stat().st_size > 100  # written again
