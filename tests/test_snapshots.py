"""How each view looks, at 80x24 and 120x40 (pytest-textual-snapshot).

Review a changed snapshot in the HTML report pytest writes before running
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def app(dossier: Dossier):
    # HOME is a fresh temporary directory in every test (conftest), shown as "~".
    return create_app(dossier, notes_path=Path.home() / "notes.toml")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", ["1", "2", "3", "4", "5", "6", "7"])
def test_view(snap_compare, app, view: str, size: str) -> None:
    assert snap_compare(app, press=[view, "_"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_evidence_in_sources(snap_compare, app, size: str) -> None:
    """Enter on Ruto's statement: his sentence highlighted in the article."""

    async def select_ruto(pilot) -> None:
        await pilot.press("4")
        pilot.app.screen.views["statements"].select("stmt-ruto-colonialism")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.3)  # let the text settle its layout, then its scroll

    assert snap_compare(app, run_before=select_ruto, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_vote_grid(snap_compare, app, size: str) -> None:
    """Members × resolutions: each member's ballots over time, changed ballots marked."""
    assert snap_compare(app, press=["3", "m", "_"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_pledged_against_sent(snap_compare, app, size: str) -> None:
    assert snap_compare(app, press=["2", "c", "_"], terminal_size=SIZES[size])


def test_help(snap_compare, app) -> None:
    assert snap_compare(app, press=["question_mark", "_"], terminal_size=(80, 24))


def test_too_small(snap_compare, app) -> None:
    assert snap_compare(app, press=["_"], terminal_size=(50, 12))


@pytest.mark.parametrize("size", SIZES)
def test_search_abstain(snap_compare, app, size: str) -> None:
    async def search(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("slash", *"abstain")
        await settle(pilot)

    assert snap_compare(app, run_before=search, terminal_size=SIZES[size])


def test_filtered_to_kenya_vote(snap_compare, dossier: Dossier) -> None:
    """The Vote view says why it is empty for Kenya."""
    app = create_app(dossier, notes_path=Path.home() / "notes.toml", countries=["KEN"])
    assert snap_compare(app, press=["3", "_"], terminal_size=(80, 24))


@pytest.mark.parametrize("size", SIZES)
def test_statements_details_hidden(snap_compare, app, size: str) -> None:
    """z: the details hidden, the statements' words and speakers' countries have the room."""
    assert snap_compare(app, press=["4", "z", "_"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_vote_empty_under_jamaica(snap_compare, dossier: Dossier, size: str) -> None:
    """A view the filter leaves empty says what is filtered and how to clear it, nothing else."""
    app = create_app(dossier, notes_path=Path.home() / "notes.toml", countries=["JAM"])
    assert snap_compare(app, press=["3", "_"], terminal_size=SIZES[size])


def test_note_editor(snap_compare, app) -> None:
    assert snap_compare(app, press=["3", "a", "_"], terminal_size=(80, 24))


def test_country_picker(snap_compare, app) -> None:
    assert snap_compare(app, press=["f", "r", "u", "_"], terminal_size=(80, 24))


@pytest.fixture
def council_app(dossier: Dossier):
    """The app with the hand-made fixture imported as the Council record."""
    from models.council import import_csv

    record = Path.home() / "record.sqlite"
    import_csv(Path(__file__).parent / "fixtures" / "council" / "sc_voting_fixture.csv", record)
    return create_app(dossier, notes_path=Path.home() / "notes.toml", votes_path=record, countries=["PAK"])


async def _council_ready(pilot) -> None:
    await pilot.press("8")
    view = pilot.app.screen.query_one("#council")
    for _ in range(200):
        await pilot.pause(0.02)
        if not view.busy:
            break
    await pilot.press("j", "j")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_council_record(snap_compare, council_app, size: str) -> None:
    """View 8 filtered to Pakistan: its ballot on each resolution it voted on."""
    assert snap_compare(council_app, run_before=_council_ready, terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_council_member_record(snap_compare, council_app, size: str) -> None:
    """Pakistan's record: ballots per year, agreement with the Russian Federation."""

    async def member(pilot) -> None:
        await _council_ready(pilot)
        await pilot.press("m", "c", *"russian", "enter")
        await settle(pilot)

    assert snap_compare(council_app, run_before=member, terminal_size=SIZES[size])


def test_council_without_record(snap_compare, app) -> None:
    assert snap_compare(app, press=["8", "_"], terminal_size=(80, 24))
