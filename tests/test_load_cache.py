"""The load cache (models/load_cache.py): a warm cache gives the same dossier; a corrupt,
foreign or stale entry is never served and never an error; a bad dossier is never cached.

Real files throughout: the dossier, its bundled text and the cache file on disk (the
cache directory is the test's own, set by tests/conftest.py)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from conftest import ARTICLE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.load_cache import CACHE_ENV_VAR, cache_dir, cache_file
from models.loader import DossierError, load_dossier
from models.paths import bundled_dossier_path


def _entry(path: Path) -> Path:
    target = cache_file(path)
    assert target is not None
    return target


def test_the_tests_never_use_the_real_cache_dir() -> None:
    folder = cache_dir()
    assert folder is not None
    assert Path(os.environ["HOME"]) in folder.parents


@pytest.mark.parametrize("name", ["dossier.toml", "dossier.json"])
def test_a_warm_cache_gives_the_same_dossier(write_dossier, name: str) -> None:
    path = write_dossier(name=name)
    first = load_dossier(path)
    assert _entry(path).is_file()
    assert oct(_entry(path).stat().st_mode & 0o777) == "0o600"
    again = load_dossier(path)
    assert again == first
    assert again.path == path
    assert again.text("art").raw == first.text("art").raw
    assert again.item("pledge-ken") == first.item("pledge-ken")
    # What the loader derived (not fields, so not in ==): each quote's span, each pledge's country...
    derived = [(getattr(i, "_derived", None), [c.span for c in i.citations]) for i in first.iter_items()]
    assert any(spans and spans[0] is not None for _, spans in derived)
    assert [(getattr(i, "_derived", None), [c.span for c in i.citations]) for i in again.iter_items()] == derived


def test_the_bundled_dossier_from_a_warm_cache_is_the_same() -> None:
    first = load_dossier(bundled_dossier_path())
    again = load_dossier(bundled_dossier_path())
    assert again == first
    assert [i.id for i in again.iter_items()] == [i.id for i in first.iter_items()]
    assert [c.span for _, c in again.iter_citations()] == [c.span for _, c in first.iter_citations()]
    assert [getattr(i, "_derived", None) for i in again.iter_items()] == \
        [getattr(i, "_derived", None) for i in first.iter_items()]


@pytest.mark.parametrize("damage", [
    b"",  # empty
    b"not a pickle at all",
    b"\x80\x05\x95",  # a pickle cut short
    "truncate",  # the real entry cut in half
    "flip",  # one byte of the real entry changed
])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(write_dossier, damage) -> None:
    path = write_dossier()
    expected = load_dossier(path)
    entry = _entry(path)
    good = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "flip":
        at = len(good) * 2 // 3
        entry.write_bytes(good[:at] + bytes([good[at] ^ 0xFF]) + good[at + 1:])
    else:
        entry.write_bytes(damage)
    assert load_dossier(path) == expected
    # ... and the entry is whole again: the next load reads it.
    with open(entry, "rb") as file:
        unpickler = pickle.Unpickler(file)
        unpickler.load()
        cached, _texts = unpickler.load()
    assert cached == expected


def test_an_entry_under_another_key_is_not_served(write_dossier, tmp_path: Path) -> None:
    """A well-formed entry written for other bytes (as if copied over): the file is loaded."""
    path = write_dossier()
    load_dossier(path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "article.txt").write_text(ARTICLE, encoding="utf-8")
    other_path = other / "dossier.toml"
    other_path.write_text(path.read_text(encoding="utf-8").replace("A small dossier", "Another"), encoding="utf-8")
    load_dossier(other_path)
    _entry(path).write_bytes(_entry(other_path).read_bytes())
    assert load_dossier(path).title == "A small dossier"


def test_an_entry_others_can_write_is_not_read(write_dossier) -> None:
    path = write_dossier()
    load_dossier(path)
    entry = _entry(path)
    with open(entry, "rb") as file:
        unpickler = pickle.Unpickler(file)
        key = unpickler.load()
        dossier, texts = unpickler.load()
    dossier.__dict__["title"] = "Planted"  # frozen model: as a forged file would hold it
    with open(entry, "wb") as file:
        pickler = pickle.Pickler(file)
        pickler.dump(key)
        pickler.dump((dossier, texts))
    assert load_dossier(path).title == "Planted"  # the control: mode 0600, our own file, same key
    load_dossier(path)
    with open(entry, "wb") as file:
        pickler = pickle.Pickler(file)
        pickler.dump(key)
        pickler.dump((dossier, texts))
    entry.chmod(0o666)
    assert load_dossier(path).title == "A small dossier"


def test_a_changed_text_is_checked_again(write_dossier) -> None:
    """The quotes were checked against the text: a text that no longer holds one is an
    error, not the old dossier from the cache."""
    path = write_dossier()
    load_dossier(path)
    (path.parent / "article.txt").write_text(ARTICLE.replace("China and Russia abstained.", "Nobody."),
                                             encoding="utf-8")
    with pytest.raises(DossierError, match="China and Russia abstained"):
        load_dossier(path)


def test_a_removed_text_is_an_error_not_a_cache_hit(write_dossier) -> None:
    path = write_dossier()
    load_dossier(path)
    (path.parent / "article.txt").unlink()
    with pytest.raises(DossierError, match="bundled text not found"):
        load_dossier(path)


def test_a_bad_dossier_is_never_cached(write_dossier) -> None:
    path = write_dossier(lambda d: d["participants"][0].update(country="XXX"))
    with pytest.raises(DossierError):
        load_dossier(path)
    assert not _entry(path).exists()
    with pytest.raises(DossierError):  # and it is reported on every load
        load_dossier(path)


def test_the_cache_can_be_switched_off(write_dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dossier()
    monkeypatch.setenv(CACHE_ENV_VAR, "off")
    assert cache_file(path) is None
    load_dossier(path)
    assert not any(Path(os.environ["HOME"]).rglob("*.pickle"))


def test_an_unwritable_cache_dir_is_no_error(write_dossier, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV_VAR, str(blocker / "cache"))  # under a file: cannot be made
    path = write_dossier()
    assert load_dossier(path).title == "A small dossier"
    assert load_dossier(path).title == "A small dossier"


_TITLE = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                 min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(_TITLE, min_size=2, max_size=4))
def test_a_changed_dossier_is_never_served_from_the_old_cache(write_dossier, titles: list[str]) -> None:
    """Each version of the file, loaded after the one before was cached, is what is
    loaded: never the cached one."""
    for title in titles:
        try:
            path = write_dossier(lambda d: d.update(title=title))
            expected = load_dossier(path)
        except DossierError:
            continue  # a title the schema refuses: nothing cached, nothing to compare
        assert expected.title == title
        assert load_dossier(path).title == title


def test_a_pipe_in_place_of_the_entry_is_not_waited_on(write_dossier) -> None:
    path = write_dossier()
    entry = _entry(path)
    entry.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(entry)
    assert load_dossier(path).title == "A small dossier"  # would block for ever if it read the pipe


def test_the_entry_is_keyed_by_the_very_bytes_that_were_loaded(write_dossier) -> None:
    """A file saved again while it is being loaded: the entry holds what was read, under
    its own key, never the other content under this one's (the file is read once)."""
    from models.dossier.reading import read_bytes
    from models.load_cache import load_with_cache
    from models.loader import _load

    def retitle(title: str):
        return lambda data: data.update(title=title)

    path = write_dossier(retitle("First"))
    first = path.read_bytes()
    write_dossier(retitle("Second"))
    second = path.read_bytes()
    path.write_bytes(first)

    def read_then_saved_again(p: Path) -> bytes:
        raw = read_bytes(p)
        p.write_bytes(second)  # an editor saves while the load goes on
        return raw

    assert load_with_cache(path, read_then_saved_again, _load).title == "First"
    assert path.read_bytes() == second
    path.write_bytes(first)  # and back, as an undo would
    # The entry holds what was loaded under its own key. (Read twice, the load above had
    # cached the second content under the first bytes' key, and this served "Second".)
    assert load_dossier(path).title == "First"
    path.write_bytes(second)
    assert load_dossier(path).title == "Second"
