"""Back and forward (issue 17 point 15): the pure history, then the keys in the app."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import ContentSwitcher

from models.history import History
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.widgets.footer import FooterEntry


def test_back_and_forward_like_a_browser() -> None:
    history: History[str] = History()
    assert history.back("a") is None
    history.leave("a")
    history.leave("b")
    assert history.back("c") == "b"
    assert history.back("b") == "a"
    assert history.back("a") is None
    assert history.forward("a") == "b"
    assert history.forward("b") == "c"
    assert history.forward("c") is None
    history.back("c")
    history.leave("b")  # somewhere new from b: c is forgotten
    assert not history.can_go_forward
    assert history.back("d") == "b"


def test_where_the_reader_moved_since_arriving_is_kept() -> None:
    history: History[str] = History()
    history.leave("a")
    assert history.back("b") == "a"
    assert history.forward("a2") == "b"  # moved within a before going forward
    assert history.back("b") == "a2"


def test_capped_oldest_first() -> None:
    history: History[int] = History(cap=3)
    for place in range(10):
        history.leave(place)
    assert list(history.places) == [7, 8, 9]
    assert history.back(10) == 9
    assert list(history.places) == [8, 9, 10]


@given(st.lists(st.tuples(st.sampled_from(["leave", "back", "forward"]), st.integers(0, 5)), max_size=60),
       st.integers(1, 8))
def test_never_more_than_the_cap_and_the_position_in_range(steps: list[tuple[str, int]], cap: int) -> None:
    history: History[int] = History(cap)
    for op, place in steps:
        getattr(history, op)(place)
        assert len(history.places) <= cap
        assert 0 <= history.position <= len(history.places)


def current(app) -> tuple[str, str | None]:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    name = screen.query_one(ContentSwitcher).current
    return name, screen.views[name].current_id


async def test_enter_on_evidence_then_back_returns_to_the_row_and_scroll(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    for size in [(120, 40), (80, 24)]:
        async with app.run_test(size=size) as pilot:
            await pilot.press("4")
            await settle(pilot)
            for _ in range(12):
                await pilot.press("j")
            await settle(pilot)
            screen = app.screen
            listing = screen.views["statements"].listing
            where, scroll = current(app), listing.scroll_y
            assert scroll > 0 or size == (120, 40)
            await pilot.press("enter")
            await settle(pilot)
            assert current(app)[0] == "sources"
            assert screen.views["sources"].evidence_for is not None
            evidence = screen.views["sources"].evidence_for.id
            await pilot.press("alt+left")
            await settle(pilot)
            await settle(pilot)
            assert current(app) == where
            assert listing.scroll_y == scroll
            assert screen.focused is listing
            await pilot.press("greater_than_sign")  # forward: the evidence again
            await settle(pilot)
            assert current(app)[0] == "sources"
            assert screen.views["sources"].evidence_for.id == evidence
            await pilot.press("less_than_sign")
            await settle(pilot)
            assert current(app) == where
        app = create_app(dossier, notes_path=tmp_path / "notes.toml")


async def test_view_switches_and_search_results_are_steps_back(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("2", "j", "j")
        await settle(pilot)
        participants = current(app)
        await pilot.press("5")
        await settle(pilot)
        timeline = current(app)
        await pilot.press("slash", *"nebenzia")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) == ("statements", "stmt-nebenzia")
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert current(app) == timeline
        await pilot.press("alt+left")
        await settle(pilot)
        assert current(app) == participants
        await pilot.press("alt+left")  # the start: nothing further back
        await settle(pilot)
        assert current(app)[0] == "overview"
        await pilot.press("alt+right", "alt+right", "alt+right")
        await settle(pilot)
        assert current(app) == ("statements", "stmt-nebenzia")
        await pilot.press("alt+right")  # nothing ahead: stays
        await settle(pilot)
        assert current(app) == ("statements", "stmt-nebenzia")


async def test_back_and_forward_are_in_the_footer_only_when_they_go_somewhere(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        active = lambda: {b.binding.action for b in app.screen.active_bindings.values()  # noqa: E731
                          if app.screen.check_action(b.binding.action, ()) }
        assert "back" not in active() and "forward" not in active()
        await pilot.press("3")
        await settle(pilot)
        assert "back" in active() and "forward" not in active()
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert "forward" in active() and "back" not in active()
        footer = " ".join(entry.description for entry in app.screen.query(FooterEntry))
        assert "Forward" not in footer  # at 80 columns q Quit would no longer fit
        await pilot.press("greater_than_sign")
        await settle(pilot)
        await settle(pilot)
        footer = " ".join(entry.description for entry in app.screen.query(FooterEntry))
        assert "Back" in footer and "Quit" in footer
