"""The load's faster forms agree with the plain ones they replaced (issue #20, target 2).

Never timed: the figures are in benchmarks/README.md. Each test compares the fast form
with the straightforward one it replaced, written out here as the reference.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import models.loader as loader
from models.dossier.checks import _QUOTED, quoted_words
from models.dossier.pieces import validate_in_pieces
from models.dossier.reading import _object, parse_json_strictly
from models.schema import to_data

# Quotation marks of every kind the pattern knows, apostrophes, letters and spaces: the
# alphabet where the pattern's alternatives and look-arounds decide.
_ALPHABET = st.sampled_from(list('“”"‘’\'ab é\n.'))


def _quoted_words_reference(text: str) -> list[str]:
    """quoted_words as it was: every match of the pattern, its group that matched."""
    return [next(g for g in match.groups() if g is not None) for match in _QUOTED.finditer(text)]


@settings(max_examples=2000)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40))
def test_quoted_words_agrees_with_the_pattern(text: str) -> None:
    assert quoted_words(text) == _quoted_words_reference(text)


def test_quoted_words_fast_path_is_only_for_texts_without_an_opening_mark() -> None:
    assert quoted_words("no marks, not even an apostrophe’s") == []
    assert quoted_words('he said "yes" and “no” and ‘maybe’') == ["yes", "no", "maybe"]
    assert isinstance(_QUOTED, re.Pattern)


# -- the JSON parse: jiter in place of json.loads plus a duplicate-key hook -----------------

def _old_parse(raw: bytes) -> Any:
    """What the old way accepts: json.loads refusing duplicate keys."""
    return json.loads(raw, object_pairs_hook=_object)


def _agree(raw: bytes) -> None:
    """Whatever jiter accepts, json.loads with the duplicate check accepts as the same data."""
    try:
        fast = parse_json_strictly(raw)
    except ValueError:
        return  # refused: the loader reads the file the old way, which says why
    assert repr(_old_parse(raw)) == repr(fast)  # repr: NaN equals NaN, 1 differs from 1.0


_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=3), inner, max_size=4), max_leaves=20)


@settings(max_examples=500)
@given(_VALUES, st.data())
def test_jiter_accepts_only_what_json_loads_accepts(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, ensure_ascii=data.draw(st.booleans()))
    # Mutate it: a key given twice, a control character, a cut, a stray byte…
    at = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.sampled_from(['', '"a": 1, "a": 2, ', '{"k": 1, "k": 1}', '\x01', '\n', '\ud800',
                                        '\\ud800', ',', ']', '}', 'NaN', '1' * 4301, '\ufeff', '"']))
    raw = (text[:at] + insert + text[at:]).encode("utf-8", "surrogatepass")
    _agree(raw)
    _agree(text.encode())


@pytest.mark.parametrize("raw", [
    b'{"a": {"b": 1, "b": 2}}', b'[{"id": "x", "id": "x"}]', b'{"a": "x\x01y"}', b'{"a": "x\xff"}',
    b'{"a": "\xed\xa0\x80"}', b'{"a": "\\ud800"}', b'{"a": ' + b"9" * 5000 + b"}", b"\xef\xbb\xbf{}",
    b"[" * 5000 + b"]" * 5000, b'{"a": 1,}', b'{"a": 01}', b'{"a": NaN, "b": -Infinity}',
    b'\xff\xfe{\x00}\x00', b'{"a": 1} x', b"",
])
def test_jiter_refuses_what_json_loads_refuses(raw: bytes) -> None:
    _agree(raw)


def _old_way(path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(loader, "_parse_and_validate", lambda raw: None)
    try:
        return loader.load_dossier(path)
    finally:
        monkeypatch.undo()


def _same(a: Any, b: Any) -> None:
    assert a == b
    assert [to_data(i) for i in a.iter_items()] == [to_data(i) for i in b.iter_items()]
    assert [c.span for _, c in a.iter_citations()] == [c.span for _, c in b.iter_citations()]


def test_new_way_loads_the_same_dossier(write_dossier: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_dossier(name="dossier.json")
    assert loader._parse_and_validate(path.read_bytes()) is not None  # the new way is taken
    _same(loader.load_dossier(path), _old_way(path, monkeypatch))


def test_new_way_in_pieces_loads_the_same_dossier(write_dossier: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def many(data: dict[str, Any]) -> None:
        event = data["events"][0]
        data["events"] = [dict(event, id=f"ev-{n}") for n in range(300)]
    path = write_dossier(many, name="dossier.json")
    raw = path.read_bytes()
    assert validate_in_pieces(raw, piece_bytes=2_000, parse=parse_json_strictly) is not None
    monkeypatch.setattr("models.dossier.pieces.PIECE_BYTES", 2_000)
    new = loader.load_dossier(path)
    _same(new, _old_way(path, monkeypatch))
    assert [e.id for e in new.events] == [f"ev-{n}" for n in range(300)]


@pytest.mark.parametrize("edit", [
    lambda raw: raw.replace(b'"id": "ev-vote",', b'"id": "ev-vote", "id": "ev-vote",'),
    lambda raw: raw.replace(b'"amount": 1000', b'"amount": ' + b"1" * 5000),
    lambda raw: raw.replace(b'"title": "Article"', b'"title": "Art\\ud800icle"'),
    lambda raw: b"\xef\xbb\xbf" + raw,
])
def test_refused_by_the_new_way_the_old_way_decides(write_dossier: Any, monkeypatch: pytest.MonkeyPatch,
                                                     edit: Any) -> None:
    """The new way gives up (None); what the loader then says is the old way's, word for word."""
    path = write_dossier(name="dossier.json")
    path.write_bytes(edit(path.read_bytes()))
    assert loader._parse_and_validate(path.read_bytes()) is None
    outcomes = []
    for old in (False, True):
        try:
            outcomes.append(("loaded", to_data((_old_way(path, monkeypatch) if old else loader.load_dossier(path)).mission)))
        except loader.DossierError as exc:
            outcomes.append(("refused", str(exc)))
    assert outcomes[0] == outcomes[1]
