"""Validating a JSON dossier in pieces (models.dossier.pieces) gives exactly what validating it
whole gives, or gives up; it never gives a different dossier."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from models.dossier import pieces
from models.dossier.pieces import LISTS, validate_in_pieces
from models.loader import DossierError, _validate_json, load_dossier, read_data
from models.paths import bundled_dossier_path
from models.schema import Dossier


@pytest.fixture(scope="module")
def seed_data() -> dict[str, Any]:
    return read_data(bundled_dossier_path())


def dumps(data: dict[str, Any], indent: int | None = 1, separators: tuple[str, str] | None = None) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=separators).encode()


def outcome(raw: bytes) -> Dossier | str:
    try:
        return Dossier.model_validate_json(raw)
    except ValidationError:
        return "invalid"


def in_pieces(raw: bytes, piece_bytes: int) -> Dossier | str | None:
    """What validate_in_pieces gives: a dossier, "invalid", or None when it gave up
    (including a cut it got wrong, which only a parse error can show)."""
    try:
        return validate_in_pieces(raw, piece_bytes)
    except ValidationError as exc:
        if all(error["type"] == "json_invalid" for error in exc.errors()):
            return None
        return "invalid"


def test_the_bundled_dossier_in_pieces_is_the_dossier(seed_data: dict[str, Any]) -> None:
    raw = dumps(seed_data)
    whole = Dossier.model_validate_json(raw)
    spans = pieces._list_spans(raw)
    assert [name for name, _, _ in spans] == [name for name in seed_data if name in LISTS]
    for piece_bytes in (100, 1_000, 10_000):
        cut = [pieces._pieces(raw, start, end, piece_bytes) for _, start, end in spans]
        if piece_bytes < 5_000:
            assert all(len(p) > 1 for p in cut)  # every list was really cut
        got = validate_in_pieces(raw, piece_bytes)
        assert got == whole
        assert got.model_fields_set == whole.model_fields_set
        assert [s.id for s in got.statements] == [s.id for s in whole.statements]


def test_small_documents_are_validated_whole(seed_data: dict[str, Any]) -> None:
    raw = dumps(seed_data)
    assert validate_in_pieces(raw, len(raw)) is None


# Text that looks like the structure the cuts are looked for by, inside strings.
TRICKY = st.sampled_from([
    ', {"id": "stmt-x",', '"statements": [', '], "events": [', '\\"statements\\": [', '"}, {"id":',
    ']}', '\\', '\\\\"', '\\"', ',\n{\n"id"\n:', '"caveats":[{"id":"c"}]',
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    order=st.permutations(range(15)),
    indent=st.sampled_from([None, 0, 1, 3]),
    compact=st.booleans(),
    piece_bytes=st.integers(min_value=1, max_value=6_000),
    tricky=st.lists(st.tuples(st.integers(0, 200), TRICKY), max_size=6),
)
def test_any_layout_gives_the_whole_result_or_gives_up(seed_data, order, indent, compact, piece_bytes,
                                                        tricky) -> None:
    data = copy.deepcopy(seed_data)
    for where, text in tricky:  # into summaries, contexts and texts, which allow any text
        kind = ("events", "statements", "caveats", "facts")[where % 4]
        items = data.get(kind) or []
        if items:
            item = items[where % len(items)]
            field = {"events": "summary", "statements": "context", "caveats": "summary", "facts": "text"}[kind]
            if isinstance(item.get(field), str):
                item[field] += text
    keys = list(data)
    data = {keys[i]: data[keys[i]] for i in order if i < len(keys)}
    raw = dumps(data, indent, (",", ":") if compact else None)
    got = in_pieces(raw, piece_bytes)
    whole = outcome(raw)
    if got is not None:
        assert got == whole
    # What the loader does with it: the same as validating whole, always.
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setattr(pieces, "PIECE_BYTES", piece_bytes)
        assert (_validate_json(raw) or "invalid") == whole


@pytest.mark.parametrize("raw", [
    # A list's key twice: pieces give up (the whole validation keeps the last).
    b'{"statements": [{"id": "a"}], "statements": []}',
    # A key found inside an item, not the dossier's own.
    b'{"facts": [{"id": "f", "statements": [{"id": "x"}, {"id": "y"}]}]}',
    # Something other than the next key after the list.
    b'{"statements": [{"id": "a"}, {"id": "b"}], "title": "t"}',
    # Not even JSON.
    b'{"statements": [{"id": "a"}, {"id": "b"',
])
def test_documents_not_shaped_for_pieces_give_up_or_fail(raw: bytes) -> None:
    got = in_pieces(raw, 5)
    assert got is None or got == "invalid"
    assert outcome(raw) == "invalid"  # none of these is a dossier


def test_the_loader_validates_big_files_in_pieces(seed_data: dict[str, Any], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sources = bundled_dossier_path().parent / "sources"
    shutil.copytree(sources, tmp_path / "sources")  # in the folder: a link out of it is refused
    path = tmp_path / "dossier.json"
    path.write_bytes(dumps(seed_data))
    whole = load_dossier(path)
    calls: list[int] = []
    real = pieces._pieces

    def counted(*args: Any) -> list[tuple[int, int]]:
        found = real(*args)
        calls.append(len(found))
        return found

    monkeypatch.setattr(pieces, "PIECE_BYTES", 2_000)
    monkeypatch.setattr(pieces, "_pieces", counted)
    monkeypatch.setenv("MSS_EXPLORER_CACHE", "off")  # read again, not from the load cache
    assert load_dossier(path) == whole
    assert sum(calls) > len(calls)


def test_a_bad_item_in_a_piece_is_named(seed_data: dict[str, Any], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sources = bundled_dossier_path().parent / "sources"
    shutil.copytree(sources, tmp_path / "sources")  # in the folder: a link out of it is refused
    data = copy.deepcopy(seed_data)
    bad = data["events"][-1]
    bad["date"] = 2024
    path = tmp_path / "dossier.json"
    path.write_bytes(dumps(data))
    monkeypatch.setattr(pieces, "PIECE_BYTES", 2_000)
    with pytest.raises(DossierError) as info:
        load_dossier(path)
    assert [(p.item, p.field) for p in info.value.problems] == [(bad["id"], "date")]
