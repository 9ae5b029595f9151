"""Strings that many records repeat are one object per value (issue #20, memory): a
citation's source id, where an external quote was read, a speaker's office, dates and
country codes (``SHARED`` in models/dossier/fields.py). Values are unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from models.dossier.dossier import Dossier
from models.loader import load_dossier
from models.paths import bundled_dossier_path


def _all_citations(dossier: Dossier) -> Iterator[Any]:
    for items in (dossier.facts, dossier.statements, dossier.events, dossier.participants, dossier.votes):
        for item in items:
            yield from item.citations


def _one_object_per_value(values: list[str]) -> None:
    assert len(values) > len(set(values)), "the data must repeat values for the test to mean anything"
    first: dict[str, str] = {}
    for value in values:
        assert value is first.setdefault(value, value), value


def _check(dossier: Dossier) -> None:
    citations = list(_all_citations(dossier))
    _one_object_per_value([c.source for c in citations])
    _one_object_per_value([c.read_at for c in citations if c.read_at is not None])
    _one_object_per_value([s.speaker.country for s in dossier.statements]
                          + [b.country for v in dossier.votes for b in v.ballots]
                          + [code for e in dossier.events for code in e.countries])
    _one_object_per_value([s.date for s in dossier.statements] + [e.date for e in dossier.events])
    offices = [s.speaker.office for s in dossier.statements if s.speaker.office]
    if len(offices) > len(set(offices)):
        _one_object_per_value(offices)


def test_the_bundled_dossier_shares_repeated_strings(dossier: Dossier) -> None:
    _check(dossier)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_a_loaded_file_shares_them_json_and_toml(tmp_path: Path, fmt: str) -> None:
    """JSON (validated straight from the bytes) and TOML (validated from dicts)."""
    source = bundled_dossier_path()
    if fmt == "json":
        import shutil
        import tomllib

        target = tmp_path / "dossier.json"
        target.write_text(json.dumps(tomllib.loads(source.read_text(encoding="utf-8"))), encoding="utf-8")
        shutil.copytree(source.parent / "sources", tmp_path / "sources")
    else:
        target = source
    _check(load_dossier(target))
