"""Tests of models.notes and models.paths, on real files in tmp_path (no filesystem mocks)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
import tomllib
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # pragma: no cover - when pytest is not run from the repo root
    sys.path.insert(0, str(REPO))

from models import paths  # noqa: E402
from models.notes import (  # noqa: E402
    CONFLICT_TAG,
    Note,
    NoteNotFoundError,
    NotesFileError,
    NotesReadOnlyError,
    NotesSaveError,
    NotesStore,
    NoteTarget,
    merge_notes,
    notes_to_json,
    notes_to_markdown,
    parse_notes,
    render_notes,
)

WORKER = Path(__file__).with_name("notes_worker.py")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _chmod_stops_writes() -> bool:
    """Whether a 0o500 directory really refuses new files for this process.

    Root (more exactly: CAP_DAC_OVERRIDE) ignores directory permissions, so the
    read-only-directory test can only run where this is True.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        probe_dir = Path(scratch) / "ro"
        probe_dir.mkdir()
        os.chmod(probe_dir, 0o500)
        try:
            (probe_dir / "probe").write_bytes(b"")
        except PermissionError:
            return True
        finally:
            os.chmod(probe_dir, 0o700)
        return False


CHMOD_STOPS_WRITES = _chmod_stops_writes()

BALLOT = NoteTarget(item_id="ballot-chn", kind="ballot", label="China: in favour")
STATEMENT = NoteTarget(item_id="stmt-ruto-overdue", kind="statement", label="Ruto: deployment overdue")


def reopen(path: Path) -> NotesStore:
    store = NotesStore.open(path)
    assert store.error is None, store.error
    return store


def dir_snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.iterdir() if p.is_file()}


# ----------------------------------------------------------------- round trips


ROUND_TRIP_TEXTS = [
    "one line",
    "",
    "several\nlines\nof text\n",
    "\nstarts with a newline",
    "ends with newlines\n\n",
    "windows\r\nline\r\nendings\r\n",
    "mixed\r\nendings\nand a lone\rcarriage return",
    "lone\rcarriage",
    'double "quotes" and """triple""" and a trailing quote"',
    "'single' and '''triple single'''",
    "back\\slash \\n not a newline \\u0041 \\",
    "trailing backslash\\\nnext line\\",
    "emoji 🇭🇹🇰🇪 👍🏽 family 👨‍👩‍👧",
    "Arabic: الأمم المتحدة\nHebrew: האומות המאוחדות",
    "markup [b]bold[/b] [/] [red]x[/red] [link=https://x]y[/link]",
    "\x1b[31mred\x1b[0m and a bell \x07",
    "NUL \x00 inside\nand DEL \x7f",
    "tab\tseparated\nvalues\t",
    "unicode separators \u2028 line \u2029 paragraph \u0085 next-line",
    "BOM \ufeff in the middle, zero width \u200b joiner \u200d",
    "   leading and trailing spaces   \n   ",
    "toml-looking\n[[notes]]\nid = \"fake\"\nversion = 2\n",
    'ends with three quotes"""',
    "x" * 20_000,
]


@pytest.mark.parametrize("text", ROUND_TRIP_TEXTS, ids=range(len(ROUND_TRIP_TEXTS)))
def test_text_round_trips_exactly(tmp_path: Path, text: str) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    note = store.add(text, tags=["t", text[:20]], target=BALLOT.model_copy(update={"label": text}))
    again = reopen(path)
    [back] = again.notes
    assert back == note
    assert back.text == text
    assert back.target is not None and back.target.label == text
    # The file is plain TOML that any reader gets the same text from.
    raw = tomllib.loads(path.read_text("utf-8"))
    assert raw["notes"][0]["text"] == text


def test_multiline_text_is_written_as_multiline_string(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    NotesStore.open(path).add("first line\nsecond line")
    assert 'text = """\nfirst line\nsecond line"""' in path.read_text("utf-8")


def test_crlf_text_falls_back_to_basic_string(tmp_path: Path) -> None:
    # tomli_w's multi-line strings turn "\r\n" into "\n"; such text is written escaped.
    path = tmp_path / "notes.toml"
    NotesStore.open(path).add("a\r\nb")
    assert 'text = "a\\r\\nb"' in path.read_text("utf-8")
    assert reopen(path).notes[0].text == "a\r\nb"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(),
    tags=st.lists(st.text(), max_size=5),
    label=st.text(),
    item_id=st.text(min_size=1),
)
def test_any_text_and_tags_round_trip(tmp_path: Path, text: str, tags: list[str], label: str, item_id: str) -> None:
    path = tmp_path / uuid.uuid4().hex / "notes.toml"
    store = NotesStore.open(path)
    target = NoteTarget(item_id=item_id, kind="source-sentence", label=label)
    first = store.add(text, tags=tags, target=target)
    second = store.add(text, tags=tags)
    again = reopen(path)
    assert again.get(first.id) == first
    assert again.get(second.id) == second
    assert again.get(first.id).text == text  # type: ignore[union-attr]
    assert again.get(first.id).tags == tags  # type: ignore[union-attr]
    assert again.for_item(item_id) == [first]


# ----------------------------------------------------------------- model and store basics


def test_note_fields_ids_and_times(tmp_path: Path) -> None:
    store = NotesStore.open(tmp_path / "notes.toml")
    note = store.add("hello", tags=["a"], target=BALLOT)
    assert note.id.startswith("note-") and len(note.id) == len("note-") + 12
    int(note.id[5:], 16)
    assert note.created.tzinfo is not None and note.created.utcoffset() == timedelta(0)
    assert note.updated == note.created
    text = (tmp_path / "notes.toml").read_text("utf-8")
    assert f'created = "{note.created.strftime("%Y-%m-%dT%H:%M:%S.%f")}Z"' in text
    with pytest.raises(Exception):
        Note.model_validate({**note.model_dump(), "colour": "red"})  # extra="forbid"
    with pytest.raises(Exception):
        NoteTarget(item_id="x", kind="ballot", label="y", extra="z")  # type: ignore[call-arg]


def test_file_layout_is_stable_and_sorted(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    b = store.add("second", target=BALLOT)
    a = store.add("first, no target", tags=["x", "y"])
    text = path.read_text("utf-8")
    raw = tomllib.loads(text)
    assert raw["version"] == 1
    assert [n["id"] for n in raw["notes"]] == [b.id, a.id]  # by created time
    assert list(raw["notes"][0]) == ["id", "created", "updated", "target", "tags", "text"]
    assert list(raw["notes"][0]["target"]) == ["item_id", "kind", "label"]
    assert list(raw["notes"][1]) == ["id", "created", "updated", "tags", "text"]
    # Saving again with nothing changed does not rewrite the file.
    before = os.stat(path).st_mtime_ns
    report = store.save()
    assert not report.written and not report.merged
    assert os.stat(path).st_mtime_ns == before
    # Rendering is deterministic and independent of input order.
    assert render_notes([a, b]) == render_notes([b, a]) == text


def test_query_api(tmp_path: Path) -> None:
    store = NotesStore.open(tmp_path / "notes.toml")
    n1 = store.add("on ballot", target=BALLOT)
    n2 = store.add("free note")
    n3 = store.add("also on ballot", target=BALLOT)
    n4 = store.add("on statement", target=STATEMENT)
    assert store.notes == [n1, n2, n3, n4]
    assert store.for_item("ballot-chn") == [n1, n3]
    assert store.has_notes("ballot-chn") and store.has_notes("stmt-ruto-overdue")
    assert not store.has_notes("event-x")
    assert store.for_item("event-x") == []
    assert store.get(n2.id) == n2 and store.get("note-nope") is None
    store.delete(n4.id)
    assert not store.has_notes("stmt-ruto-overdue")
    assert store.item_ids() == {"ballot-chn"}


def test_update_and_delete_save_immediately(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    note = store.add("draft", tags=["a"])
    time.sleep(0.002)
    changed = store.update(note.id, text="final", tags=["a", "b"])
    assert changed.text == "final" and changed.tags == ["a", "b"]
    assert changed.created == note.created and changed.updated > note.updated
    assert reopen(path).get(note.id) == changed
    assert store.update(note.id, text="final") is changed  # no change, no new version
    deleted = store.delete(note.id)
    assert deleted == changed
    assert reopen(path).notes == []
    assert not store.dirty
    with pytest.raises(NoteNotFoundError):
        store.update("note-000000000000", text="x")
    with pytest.raises(NoteNotFoundError):
        store.delete("note-000000000000")
    with pytest.raises(TypeError):
        store.add("x", tags="not-a-list")  # type: ignore[arg-type]


def test_missing_file_is_empty_and_created_on_first_save(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "notes.toml"
    store = NotesStore.open(path)
    assert store.error is None and not store.read_only and store.notes == []
    assert not path.parent.exists()  # nothing created until there is something to save
    store.add("first")
    assert path.exists()


def test_new_file_backup_and_lock_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("one")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first_version = path.read_bytes()
    store.add("two")
    backup = tmp_path / "notes.toml.bak"
    assert backup.read_bytes() == first_version
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / ".notes.toml.lock").stat().st_mode) == 0o600
    # An existing file's mode (chosen by the user) is kept.
    os.chmod(path, 0o640)
    store.add("three")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_leftover_temp_files_are_cleaned_up(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("one")
    leftover = tmp_path / ".notes.toml.abc123.tmp"
    leftover.write_text("half a file")
    unrelated = tmp_path / "other.tmp"
    unrelated.write_text("not ours")
    store.add("two")
    assert not leftover.exists()
    assert unrelated.exists()


def test_symlinked_notes_file_stays_a_symlink(tmp_path: Path) -> None:
    real_dir = tmp_path / "dotfiles"
    real_dir.mkdir()
    real = real_dir / "notes.toml"
    NotesStore.open(real).add("one")
    link = tmp_path / "notes.toml"
    link.symlink_to(real)
    store = reopen(link)
    store.add("two")
    assert link.is_symlink()
    assert [n.text for n in reopen(real).notes] == ["one", "two"]
    assert (real_dir / "notes.toml.bak").exists() and (real_dir / ".notes.toml.lock").exists()
    assert not (tmp_path / "notes.toml.bak").exists()


def test_odd_file_names(tmp_path: Path) -> None:
    path = tmp_path / "my notes [draft]*?.toml"
    store = NotesStore.open(path)
    store.add("one")
    leftover = tmp_path / ".my notes [draft]*?.toml.x1.tmp"
    leftover.write_text("junk")
    store.add("two")
    assert not leftover.exists()
    assert [n.text for n in reopen(path).notes] == ["one", "two"]


def test_times_must_be_timezone_aware(tmp_path: Path) -> None:
    with pytest.raises(Exception):
        Note(id="n", text="x", created=datetime(2025, 1, 1), updated=datetime(2025, 1, 1))
    plus_two = timezone(timedelta(hours=2))
    note = Note(id="n", text="x", created=datetime(2025, 1, 1, 12, tzinfo=plus_two),
                updated=datetime(2025, 1, 1, 12, tzinfo=plus_two))
    assert note.created == datetime(2025, 1, 1, 10, tzinfo=timezone.utc)
    assert note.created.tzinfo == timezone.utc


# ----------------------------------------------------------------- corrupt files


def _check_refuses_to_write(path: Path, store: NotesStore) -> None:
    before = path.read_bytes()
    listing = dir_snapshot(path.parent)
    assert store.read_only
    with pytest.raises(NotesReadOnlyError) as info:
        store.add("typed while the file was bad", target=BALLOT)
    assert str(path) in str(info.value)
    pending = info.value.note
    assert pending is not None and store.get(pending.id) == pending  # kept in memory
    assert store.dirty
    with pytest.raises(NotesReadOnlyError):
        store.save()
    assert path.read_bytes() == before
    assert dir_snapshot(path.parent) == listing  # no backup, lock or temp file either

    new_path = store.start_new_file_beside()
    assert new_path.parent == path.parent and new_path != path
    assert new_path.name.startswith("notes.recovered-") and new_path.suffix == ".toml"
    assert store.path == new_path and not store.read_only and store.error is None
    assert store.recovered_from == path
    assert not store.dirty  # the note typed while read-only was saved to the new file
    later = store.add("after recovery")
    recovered = reopen(new_path)
    assert recovered.notes == [pending, later]
    assert stat.S_IMODE(new_path.stat().st_mode) == 0o600
    assert path.read_bytes() == before  # the bad file is untouched, byte for byte
    # A second recovery in the same second gets a different name.
    other = NotesStore.open(path)
    assert other.start_new_file_beside() != new_path


def test_going_on_in_the_file_started_last_time(tmp_path: Path) -> None:
    """A damaged file found again at the next start: r goes on in the file started the
    first time (its notes come back), not in yet another empty one."""
    path = tmp_path / "notes.toml"
    damaged = b"version = [\n"
    path.write_bytes(damaged)
    first = NotesStore.open(path)
    assert first.recovered_files() == []
    first.start_new_file_beside()
    kept = first.add("written after the first recovery", target=BALLOT)
    (tmp_path / "notes.recovered-notes.toml").write_text("not one of ours", encoding="utf-8")
    (tmp_path / "other.recovered-20250101-000000.toml").write_text("nor this", encoding="utf-8")

    again = NotesStore.open(path)  # the next start: the damaged file again
    assert again.read_only
    assert again.recovered_files() == [first.path]
    with pytest.raises(NotesReadOnlyError) as info:
        again.add("typed before pressing r")
    typed = info.value.note
    report = again.continue_in(first.path)
    assert again.path == first.path and not again.read_only and again.recovered_from == path
    assert {note.id for note in again.notes} == {kept.id, typed.id}
    assert report.added_from_disk == (kept.id,)
    assert {note.id for note in reopen(first.path).notes} == {kept.id, typed.id}
    assert path.read_bytes() == damaged


def test_a_damaged_recovered_file_is_not_gone_on_in(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(b"version = [\n")
    earlier = tmp_path / "notes.recovered-20250101-000000.toml"
    earlier.write_bytes(b"version = [\n")
    store = NotesStore.open(path)
    assert store.recovered_files() == [earlier]
    with pytest.raises(NotesFileError):
        store.continue_in(earlier)
    assert store.read_only and store.path == path  # unchanged
    newer = tmp_path / "notes.recovered-20250102-000000-2.toml"
    newer.write_bytes(b"")
    os.utime(earlier, (1, 1))
    assert store.recovered_files() == [newer, earlier]  # the most recently written first


def test_invalid_toml_opens_read_only_with_line_number(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(b'version = 1\n\n[[notes]]\nid = "note-1"\ntext = "unterminated\n')
    store = NotesStore.open(path)
    assert isinstance(store.error, NotesFileError)
    assert store.error.line == 5
    assert "line 5" in str(store.error) and str(path) in str(store.error)
    assert store.notes == []
    _check_refuses_to_write(path, store)


def test_truncated_toml_reports_end_of_file_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(b'version = 1\n\n[[notes]]\nid = "note-1"\ntext = """never closed\nmore')
    store = NotesStore.open(path)
    assert store.read_only and store.error is not None
    assert "line 6" in str(store.error)


def test_not_utf8_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(b'version = 1\n# caf\xe9\n')
    store = NotesStore.open(path)
    assert store.read_only and "line 2" in str(store.error)
    _check_refuses_to_write(path, store)


VALID_NOTE = (
    'id = "note-aaaaaaaaaaaa"\ncreated = "2025-01-01T00:00:00Z"\n'
    'updated = "2025-01-01T00:00:00Z"\ntags = []\n'
)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (VALID_NOTE + "text = 5\n", "'text'"),
        (VALID_NOTE.replace("tags = []", 'tags = "not a list"') + 'text = "x"\n', "'tags'"),
        (VALID_NOTE.replace("tags = []", "tags = [1]") + 'text = "x"\n', "'tags.0'"),
        (VALID_NOTE.replace('"2025-01-01T00:00:00Z"\nupdated', '"yesterday"\nupdated') + 'text = "x"\n', "'created'"),
        (VALID_NOTE.replace('"2025-01-01T00:00:00Z"\nupdated', '1700000000\nupdated') + 'text = "x"\n', "'created'"),
        (VALID_NOTE + 'text = "x"\ncolour = "red"\n', "'colour'"),
        (VALID_NOTE + 'text = "x"\ntarget.item_id = "ballot-chn"\ntarget.kind = 3\ntarget.label = "l"\n', "'target.kind'"),
        (VALID_NOTE.replace('"2025-01-01T00:00:00Z"\nupdated', '"2025-01-01T00:00:00"\nupdated') + 'text = "x"\n', "'created'"),
    ],
    ids=["text-int", "tags-str", "tag-int", "created-word", "created-int", "extra-key", "target-kind", "naive-time"],
)
def test_wrong_field_types_open_read_only_naming_the_field(tmp_path: Path, body: str, field: str) -> None:
    path = tmp_path / "notes.toml"
    good = VALID_NOTE.replace("aaaa", "bbbb") + 'text = "fine"\n'
    path.write_text(f"version = 1\n\n[[notes]]\n{good}\n[[notes]]\n{body}", "utf-8")
    store = NotesStore.open(path)
    assert store.error is not None
    message = str(store.error)
    assert field in message, message
    assert "note 2" in message and "note-aaaaaaaaaaaa" in message
    assert store.error.note_index == 1 and store.error.note_id == "note-aaaaaaaaaaaa"
    _check_refuses_to_write(path, store)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("version = 2\n", "version 2"),
        ('notes = []\n', "'version'"),
        ('version = 1\nextra = true\n', "'extra'"),
        (f'version = 1\n[[notes]]\n{VALID_NOTE}text = "a"\n[[notes]]\n{VALID_NOTE}text = "b"\n', "duplicate id"),
    ],
    ids=["newer-version", "no-version", "unknown-key", "duplicate-id"],
)
def test_other_invalid_documents(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(content, "utf-8")
    store = NotesStore.open(path)
    assert store.read_only and expected in str(store.error), store.error
    _check_refuses_to_write(path, store)


def test_an_empty_file_is_not_a_notes_file(tmp_path: Path) -> None:
    """MSS Explorer always writes "version = 1": an empty file is someone else's (issue
    18: one reached through a symbolic link was taken as an empty store and replaced)."""
    path = tmp_path / "notes.toml"
    path.write_bytes(b"")
    store = NotesStore.open(path)
    assert store.read_only and "not a notes file (it is empty" in str(store.error)
    _check_refuses_to_write(path, store)


def test_hand_written_file_with_native_datetimes_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_bytes(
        "\ufeffversion = 1\n[[notes]]\nid = \"mine\"\ncreated = 2025-01-01T00:00:00+02:00\n"
        "updated = 2025-01-01T00:00:00Z\ntext = '''literal \\ string'''\n".encode("utf-8")
    )
    store = reopen(path)
    [note] = store.notes
    assert note.text == "literal \\ string" and note.tags == []
    assert note.created == datetime(2024, 12, 31, 22, tzinfo=timezone.utc)


def test_file_turned_corrupt_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    kept = store.add("before")
    garbage = b"version = 1\n[[notes]\nthis is not toml\n"
    path.write_bytes(garbage)
    with pytest.raises(NotesSaveError) as info:
        store.add("after")
    assert "line 2" in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == garbage
    assert store.dirty and not store.read_only
    assert [n.text for n in store.notes] == ["before", "after"]
    # Once the file is valid again a retry merges and saves everything.
    path.write_text(render_notes([kept]), "utf-8")
    store.save()
    assert [n.text for n in reopen(path).notes] == ["before", "after"]
    assert not store.dirty


# ----------------------------------------------------------------- save failures


def test_save_failure_parent_is_a_file_keeps_note_and_retries(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("I am a file")
    path = blocker / "notes.toml"
    store = NotesStore.open(path)
    assert store.error is None
    with pytest.raises(NotesSaveError) as info:
        store.add("precious", target=BALLOT)
    assert str(path) in str(info.value) and "kept in memory" in str(info.value)
    note = info.value.note
    assert note is not None and store.get(note.id) == note
    assert store.dirty and store.for_item("ballot-chn") == [note]
    with pytest.raises(NotesSaveError):
        store.save()
    assert blocker.read_text() == "I am a file"
    # Fix the problem; the next save writes the note kept in memory.
    blocker.unlink()
    blocker.mkdir()
    report = store.save()
    assert report.written and not store.dirty
    assert reopen(path).notes == [note]


@pytest.mark.skipif(
    not CHMOD_STOPS_WRITES,
    reason=f"{'running as root: ' if IS_ROOT else ''}directory permissions are not enforced for this "
    "process, so chmod 0o500 cannot make saving fail (the parent-is-a-file test covers save failure)",
)
def test_save_failure_read_only_directory(tmp_path: Path) -> None:
    directory = tmp_path / "ro"
    directory.mkdir()
    path = directory / "notes.toml"
    store = NotesStore.open(path)
    first = store.add("saved before the directory became read-only")
    before = path.read_bytes()
    os.chmod(directory, 0o500)
    try:
        with pytest.raises(NotesSaveError) as info:
            store.add("precious")
        assert info.value.note is not None and store.get(info.value.note.id) is not None
        assert store.dirty
        assert path.read_bytes() == before
    finally:
        os.chmod(directory, 0o700)
    store.save()
    assert {n.text for n in reopen(path).notes} == {first.text, "precious"}


def test_path_that_is_a_directory_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.mkdir()
    store = NotesStore.open(path)
    assert store.read_only and str(path) in str(store.error)


# ----------------------------------------------------------------- merging


def _note(note_id: str, text: str, minute: int, tags: list[str] | None = None, target: NoteTarget | None = None) -> Note:
    created = datetime(2025, 1, 1, tzinfo=timezone.utc)
    return Note(id=note_id, text=text, tags=tags or [], target=target, created=created,
                updated=created + timedelta(minutes=minute))


def test_merge_notes_policy_table() -> None:
    base = {
        "same": _note("same", "s", 0),
        "disk-del": _note("disk-del", "d", 0),
        "disk-del-we-edit": _note("disk-del-we-edit", "e", 0),
        "we-del": _note("we-del", "w", 0),
        "we-del-disk-edit": _note("we-del-disk-edit", "x", 0),
        "both-del": _note("both-del", "b", 0),
        "both-edit": _note("both-edit", "base", 0, ["keep", "drop-ours", "drop-theirs"]),
        "text-vs-tags": _note("text-vs-tags", "t", 0, ["a"]),
    }
    ours = {
        "same": base["same"],
        "disk-del": base["disk-del"],
        "disk-del-we-edit": _note("disk-del-we-edit", "edited here", 1),
        "we-del-disk-edit": None,
        "both-edit": _note("both-edit", "ours", 2, ["keep", "drop-theirs", "new-ours"]),
        "text-vs-tags": _note("text-vs-tags", "t2", 1, ["a"]),
        "ours-new": _note("ours-new", "n", 3),
    }
    ours = {k: v for k, v in ours.items() if v is not None}
    theirs = {
        "same": base["same"],
        "disk-del-we-edit": None,
        "we-del": base["we-del"],
        "we-del-disk-edit": _note("we-del-disk-edit", "edited there", 1),
        "both-edit": _note("both-edit", "theirs", 5, ["keep", "drop-ours", "new-theirs"]),
        "text-vs-tags": _note("text-vs-tags", "t", 2, ["a", "b"]),
        "theirs-new": _note("theirs-new", "m", 4),
    }
    theirs = {k: v for k, v in theirs.items() if v is not None}

    result = merge_notes(base, ours, theirs)
    notes = result.notes
    assert notes["same"] == base["same"]
    assert "disk-del" not in notes and result.deleted_on_disk == ["disk-del"]
    assert notes["disk-del-we-edit"].text == "edited here"
    assert "we-del" not in notes
    assert notes["we-del-disk-edit"].text == "edited there" and result.restored == ["we-del-disk-edit"]
    assert "both-del" not in notes
    assert notes["ours-new"] == ours["ours-new"]
    assert notes["theirs-new"] == theirs["theirs-new"] and result.added_from_disk == ["theirs-new"]
    # Text changed on one side, tags on the other: both changes kept, no conflict.
    assert notes["text-vs-tags"].text == "t2" and notes["text-vs-tags"].tags == ["a", "b"]
    # Text changed on both: the later edit (theirs) wins; ours is kept as a conflict copy.
    assert notes["both-edit"].text == "theirs"
    assert notes["both-edit"].tags == ["keep", "new-theirs", "new-ours"]
    [copy_id] = result.conflicts
    copy = notes[copy_id]
    assert copy.text == "ours" and CONFLICT_TAG in copy.tags and copy.created == base["both-edit"].created
    assert sorted(result.updated_from_disk) == ["both-edit", "text-vs-tags"]


def test_two_stores_in_one_process_add_concurrently(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    a = NotesStore.open(path)
    b = NotesStore.open(path)
    a1 = a.add("from a")
    b1 = b.add("from b")
    assert b.last_report is not None and b.last_report.merged
    assert b.last_report.added_from_disk == (a1.id,)
    assert "merged 1 note added by another copy" in b.last_report.describe()
    a2 = a.add("from a again")
    assert a.last_report is not None and a.last_report.from_disk == (b1.id,)
    assert {n.id for n in reopen(path).notes} == {a1.id, b1.id, a2.id}
    assert {n.id for n in a.notes} == {a1.id, b1.id, a2.id}


def test_two_stores_in_threads_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    stores = [NotesStore.open(path) for _ in range(3)]
    added: list[list[str]] = [[] for _ in stores]
    merges = [0 for _ in stores]

    def work(i: int) -> None:
        for n in range(15):
            added[i].append(stores[i].add(f"thread {i} note {n}").id)
            merges[i] += bool(stores[i].last_report and stores[i].last_report.merged)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    on_disk = {n.id for n in reopen(path).notes}
    assert on_disk == {i for ids in added for i in ids}
    assert sum(merges) > 0


def test_deleted_on_disk_is_dropped_unless_edited_here(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    a = NotesStore.open(path)
    keep = a.add("keep")
    gone = a.add("deleted elsewhere")
    edited = a.add("deleted elsewhere but edited here")
    b = reopen(path)
    b.delete(gone.id)
    b.delete(edited.id)
    a.update(edited.id, text="my edit")
    report = a.last_report
    assert report is not None and report.merged and report.deleted_on_disk == (gone.id,)
    assert "1 note deleted by another copy" in report.describe()
    assert {n.text for n in reopen(path).notes} == {"keep", "my edit"}
    assert a.get(gone.id) is None and a.get(keep.id) == keep


def test_we_delete_stays_deleted_unless_edited_there(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    a = NotesStore.open(path)
    plain = a.add("plain")
    contested = a.add("contested")
    b = reopen(path)
    b.update(contested.id, text="edited in the other copy")
    a.delete(contested.id)
    report = a.last_report
    assert report is not None and report.merged and report.restored == (contested.id,)
    assert "deleted here but edited by another copy (kept)" in report.describe()
    assert a.get(contested.id) is not None and a.get(contested.id).text == "edited in the other copy"  # type: ignore[union-attr]
    a.delete(plain.id)
    texts = [n.text for n in reopen(path).notes]
    assert texts == ["edited in the other copy"]
    # The other copy then sees the deletion of the note it did not touch.
    b.add("later")
    assert b.get(plain.id) is None and b.last_report is not None
    assert plain.id in b.last_report.deleted_on_disk


def test_edit_on_both_sides_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    a = NotesStore.open(path)
    note = a.add("original", tags=["t"], target=BALLOT)
    b = reopen(path)
    a.update(note.id, text="version A")
    time.sleep(0.002)
    b.update(note.id, text="version B")  # later: wins
    report = b.last_report
    assert report is not None and report.merged and len(report.conflicts) == 1
    final = reopen(path)
    assert final.get(note.id).text == "version B"  # type: ignore[union-attr]
    copy = final.get(report.conflicts[0])
    assert copy is not None and copy.text == "version A"
    assert copy.tags == ["t", CONFLICT_TAG] and copy.target == BALLOT
    assert final.for_item("ballot-chn") == sorted([final.get(note.id), copy], key=lambda n: n.sort_key)
    # The first copy converges without creating another conflict.
    a.save()
    assert a.last_report is not None and not a.last_report.conflicts
    assert {n.text for n in a.notes} == {"version A", "version B"}
    assert reopen(path).notes == a.notes


def test_hand_edit_while_open_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    mine = store.add("mine")
    hand = path.read_text("utf-8") + (
        '\n[[notes]]\nid = "hand-1"\ncreated = "2030-01-01T00:00:00Z"\n'
        'updated = "2030-01-01T00:00:00Z"\ntags = []\ntext = "typed in an editor"\n'
    )
    path.write_text(hand, "utf-8")
    report = store.save()
    assert report.merged and report.added_from_disk == ("hand-1",) and report.written
    assert [n.id for n in store.notes] == [mine.id, "hand-1"]


def test_file_removed_behind_our_back_is_rewritten_not_emptied(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("one")
    path.unlink()
    store.add("two")
    assert [n.text for n in reopen(path).notes] == ["one", "two"]


# ----------------------------------------------------------------- subprocesses


def _worker(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env,
    )


def _ask(proc: subprocess.Popen[str], request: dict) -> dict:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(request) + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def test_lock_held_by_another_process_times_out_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.notes import store as notes_module

    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    first = store.add("saved before")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
         "print('held', flush=True); time.sleep(600)", str(tmp_path / ".notes.toml.lock")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(notes_module, "LOCK_TIMEOUT_S", 0.2)
        with pytest.raises(NotesSaveError) as caught:
            store.add("waits for the lock")
        message = str(caught.value)
        assert str(path) in message and "another copy of MSS Explorer has held .notes.toml.lock" in message
        assert "kept in memory" in message
        assert [n.text for n in reopen(path).notes] == ["saved before"]  # nothing written while held
        assert [n.text for n in store.notes] == ["saved before", "waits for the lock"]
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # The holder was killed: its lock is free, and the next save writes what was kept.
    store.save()
    assert {n.text for n in reopen(path).notes} == {first.text, "waits for the lock"}


def test_two_processes_interleaved_merge_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    a, b = _worker("serve", str(path)), _worker("serve", str(path))
    try:
        for proc in (a, b):  # both have read the (missing) file before either saves
            assert proc.stdout is not None and json.loads(proc.stdout.readline()) == {"ready": True}
        a1 = _ask(a, {"op": "add", "text": "a1"})
        b1 = _ask(b, {"op": "add", "text": "b1"})
        assert b1["report"]["merged"] and b1["report"]["added_from_disk"] == [a1["id"]]
        a2 = _ask(a, {"op": "add", "text": "a2"})
        assert a2["report"]["merged"] and a2["report"]["added_from_disk"] == [b1["id"]]
        b2 = _ask(b, {"op": "delete", "id": a1["id"]})
        assert b2["report"]["added_from_disk"] == [a2["id"]]
        a3 = _ask(a, {"op": "ids"})
        assert a1["id"] in a3["ids"]  # not yet re-read
        a4 = _ask(a, {"op": "add", "text": "a3"})
        assert a4["report"]["deleted_on_disk"] == [a1["id"]]
        for proc in (a, b):
            _ask(proc, {"op": "ids"})
    finally:
        for proc in (a, b):
            assert proc.stdin is not None
            proc.stdin.write(json.dumps({"op": "quit"}) + "\n")
            proc.stdin.close()
            proc.wait(timeout=10)
    assert sorted(n.text for n in reopen(path).notes) == ["a2", "a3", "b1"]


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    procs = [_worker("add-many", str(path), f"p{i}", "25") for i in range(2)]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in procs:  # both opened the store before either saves
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [json.loads(proc.stdout.readline()) for proc in procs]  # type: ignore[union-attr]
    finally:
        for proc in procs:
            proc.wait(timeout=20)
    expected = {i for result in results for i in result["ids"]}
    assert len(expected) == 50
    assert {n.id for n in reopen(path).notes} == expected
    merges = sum(report["merged"] for result in results for report in result["reports"])
    assert merges >= 1  # whoever saved second had to merge the other's first note


def _check_complete_file(path: Path, seen_ids: set[str]) -> int:
    """The file is absent or a complete, valid notes file whose every note is intact."""
    if not path.exists():
        assert not seen_ids, "the notes file vanished"
        return 0
    data = path.read_bytes()
    notes = parse_notes(data, path)  # raises on any partial or invalid file
    ids = {n.id for n in notes}
    assert seen_ids <= ids, "a note that was saved has disappeared"
    for note in notes:
        sha = [t for t in note.tags if t.startswith("sha:")]
        assert sha == ["sha:" + hashlib.sha256(note.text.encode("utf-8")).hexdigest()[:16]]
    seen_ids |= ids
    return len(notes)


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "SIGKILL"), reason="needs fork and SIGKILL")
def test_sigkill_while_saving_never_leaves_a_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    rng = random.Random(1234)
    seen: set[str] = set()

    # A few kills of a freshly started interpreter ...
    for _ in range(4):
        proc = _worker("loop", str(path))
        assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        _check_complete_file(path, seen)

    # ... then many fast ones: a warm worker forks savers that are killed at random moments.
    zygote = _worker("zygote", str(path))
    assert zygote.stdin is not None and zygote.stdout is not None
    kills = 0
    leftovers = 0
    try:
        for i in range(80):
            zygote.stdin.write("spawn\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline().split()[1])
            if i % 10 == 0:
                # Now and then let the saver get at least one save in, so the file keeps
                # changing even on a slow machine where most savers die while starting.
                before = path.read_bytes() if path.exists() else None
                deadline = time.monotonic() + 3
                while time.monotonic() < deadline:
                    if (path.read_bytes() if path.exists() else None) != before:
                        break
                    time.sleep(0.001)
                time.sleep(rng.uniform(0.0, 0.01))
            else:
                time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            zygote.stdin.write(f"reap {pid}\n")
            zygote.stdin.flush()
            reaped = zygote.stdout.readline().split()
            assert reaped[:2] == ["reaped", str(pid)]
            kills += 1
            leftovers += any(tmp_path.glob(".notes.toml.*.tmp"))
            _check_complete_file(path, seen)
            backup = tmp_path / "notes.toml.bak"
            if backup.exists():
                parse_notes(backup.read_bytes(), backup)
    finally:
        zygote.stdin.write("quit\n")
        zygote.stdin.close()
        zygote.wait(timeout=10)
    assert kills == 80
    assert len(seen) >= 8, "the savers hardly managed to save anything"
    # The next save cleans up after the killed savers.
    store = reopen(path)
    store.add("after the storm", tags=["sha:" + hashlib.sha256(b"after the storm").hexdigest()[:16]])
    assert not list(tmp_path.glob(".notes.toml.*.tmp"))
    _check_complete_file(path, seen)
    print(f"{kills + 4} kills, {leftovers} left a temporary file behind, {len(seen)} notes saved")


# ----------------------------------------------------------------- export


def test_exports(tmp_path: Path) -> None:
    store = NotesStore.open(tmp_path / "notes.toml")
    n1 = store.add("Check the vote\nsecond line", tags=["vote"], target=BALLOT)
    n2 = store.add("free thought")
    n3 = store.add("about a removed item", target=NoteTarget(item_id="gone", kind="event", label="Old event"))
    md = notes_to_markdown(store.notes, {"ballot-chn": "China voted yes", "stmt-ruto-overdue": "x"})
    assert "## China voted yes (ballot `ballot-chn`)" in md
    assert "Check the vote\\\nsecond line" in md and "Tags: `vote`" in md  # its lines kept (a hard break)
    assert "## Old event (event `gone`) — _orphaned" in md
    assert "## Notes not attached to an item" in md and "free thought" in md
    assert n1.id in md and n2.id in md and n3.id in md
    plain = notes_to_markdown(store.notes)
    assert "orphaned" not in plain and "China: in favour" in plain
    assert notes_to_markdown([]).startswith("# MSS Explorer notes")

    data = json.loads(notes_to_json(store.notes))
    assert data["version"] == 1
    assert [n["id"] for n in data["notes"]] == [n1.id, n2.id, n3.id]
    assert data["notes"][0]["target"] == BALLOT.model_dump()
    assert data["notes"][1]["target"] is None
    assert data["notes"][0]["created"].endswith("Z")
    assert [Note.model_validate(n) for n in data["notes"]] == store.notes


# ----------------------------------------------------------------- paths


def test_notes_path_precedence(tmp_path: Path) -> None:
    cli = tmp_path / "cli" / "notes.toml"
    env_file = tmp_path / "env" / "notes.toml"
    env = {"MSS_EXPLORER_NOTES": str(env_file)}
    assert paths.notes_path(cli, env) == cli
    assert paths.notes_path(str(cli), env) == cli
    assert paths.notes_path(None, env) == env_file
    default = platformdirs.user_data_path("mss-explorer") / "notes.toml"
    assert paths.notes_path(None, {}) == default
    assert paths.notes_path(None, {"MSS_EXPLORER_NOTES": ""}) == default
    assert paths.notes_path("", env) == env_file
    assert paths.notes_path("~/n.toml", {}) == Path.home() / "n.toml"
    assert paths.notes_path("rel.toml", {}) == Path.cwd() / "rel.toml"
    assert not cli.parent.exists() and not env_file.parent.exists()  # resolved, not created


def test_notes_path_reads_os_environ_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSS_EXPLORER_NOTES", str(tmp_path / "from-env.toml"))
    assert paths.notes_path() == tmp_path / "from-env.toml"
    monkeypatch.delenv("MSS_EXPLORER_NOTES")
    assert paths.notes_path() == platformdirs.user_data_path("mss-explorer") / "notes.toml"


def test_bundled_dossier_paths() -> None:
    seeds = paths.bundled_seeds_dir()
    package = Path(paths.__file__).resolve().parent
    if (package / "_seeds").is_dir():
        assert seeds == package / "_seeds"
    else:
        assert seeds == REPO / "seeds"
    assert paths.bundled_dossier_path() == seeds / "haiti-mss.toml"


def test_models_do_not_import_textual() -> None:
    code = "import sys, models.notes, models.paths; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
