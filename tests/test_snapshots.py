"""How each view looks, at 80x24 and 120x40 (pytest-textual-snapshot).

Review a changed snapshot in the HTML report pytest writes before running
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.schema import Dossier
from tui.app import create_app

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def app(dossier: Dossier, tmp_path: Path):
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", ["1", "2", "3", "4", "6"])
def test_view(snap_compare, app, view: str, size: str) -> None:
    assert snap_compare(app, press=[view, "_"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_evidence_in_sources(snap_compare, app, size: str) -> None:
    """Enter on Ruto's statement: his sentence highlighted in the article."""

    async def select_ruto(pilot) -> None:
        await pilot.press("4")
        pilot.app.screen.views["statements"].select("stmt-ruto-colonialism")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, run_before=select_ruto, terminal_size=SIZES[size])


def test_help(snap_compare, app) -> None:
    assert snap_compare(app, press=["question_mark", "_"], terminal_size=(80, 24))


def test_too_small(snap_compare, app) -> None:
    assert snap_compare(app, press=["_"], terminal_size=(50, 12))
