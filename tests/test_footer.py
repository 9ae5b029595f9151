"""The footer shows the keys that work where the focus is, updated in place: no key
widget outlives its place in the footer, and a click presses the key once."""

from __future__ import annotations

import gc
from pathlib import Path

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.widgets.footer import ExplorerFooter, FooterEntry


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def shown(app: ExplorerApp) -> list[str]:
    """The keys the footer shows (entries it keeps hidden for a view with more keys are
    not shown)."""
    footer = app.screen.query_one(ExplorerFooter)
    return [entry.description for entry in footer.query(FooterEntry) if entry.display]


def expected(app: ExplorerApp) -> list[str]:
    """What the footer should show: one key per action the screen has, shown ones only."""
    footer = app.screen.query_one(ExplorerFooter)
    keys, palette = footer.shown_keys()
    return [key.description for key in keys] + ([palette.description] if palette else [])


async def test_the_footer_follows_the_focus_and_keeps_its_widgets(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Search" in shown(app) and "Quit" in shown(app)
        await pilot.press("5")
        await settle(pilot)
        assert "As of" in shown(app)  # the timeline's own key
        assert shown(app) == expected(app)
        await pilot.press("1")
        await settle(pilot)
        assert "As of" not in shown(app)
        assert shown(app) == expected(app)
        for _ in range(3):
            for key in "1234567":
                await pilot.press(key)
                await settle(pilot)
                assert shown(app) == expected(app)
        gc.collect()
        alive = [o for o in gc.get_objects() if isinstance(o, FooterEntry)]
        assert len(alive) == len(app.screen.query_one(ExplorerFooter).children)


async def test_a_click_on_a_key_presses_it_once(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    pressed: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        simulate = app.simulate_key
        app.simulate_key = lambda key: (pressed.append(key), simulate(key))  # type: ignore[method-assign]
        footer = app.screen.query_one(ExplorerFooter)
        help_key = next(e for e in footer.query(FooterEntry) if e.description == "Help")
        await pilot.click(help_key)
        await settle(pilot)
        assert pressed == ["question_mark"]
        assert app.screen.id == "help" or type(app.screen).__name__ == "HelpScreen"


async def test_keys_that_do_not_fit_are_shown_compact(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(ExplorerFooter)
        assert not footer.compact  # the Overview's keys fit
        await pilot.press("7")  # Notes: nine keys
        await settle(pilot)
        assert footer.compact
        entries = list(footer.query(FooterEntry))
        palette = next(e for e in entries if e.has_class("-command-palette"))
        for entry in entries:
            if entry is not palette:
                assert entry.region.right <= palette.region.x, entry.description  # not under the palette's key
        await pilot.press("1")
        await settle(pilot)
        assert not footer.compact


def check_footer_fits(app: ExplorerApp) -> list[str]:
    """Every key shown lies inside the footer, left of the palette's key, which ends at
    the footer's right edge (no column after it where other keys show through); returns
    the descriptions shown."""
    footer = app.screen.query_one(ExplorerFooter)
    entries = list(footer.query(FooterEntry))
    palette = next(e for e in entries if e.has_class("-command-palette"))
    assert palette.region.right == footer.region.right, "a column after the palette's key"
    for entry in entries:
        if entry is not palette:
            assert footer.region.x <= entry.region.x and entry.region.right <= palette.region.x, entry.description
    return [entry.description for entry in entries]


async def test_the_screens_keys_stay_when_the_focused_panes_do_not_fit(dossier: Dossier, tmp_path: Path) -> None:
    """Issue 17 point 3: at 80×24, 3 then tab (the details pane brings its scroll keys)
    pushed a/y/?/q out of the footer and left a stray letter after "palette"."""
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        await settle(pilot)
        for size in [(80, 24), (90, 24), (60, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await settle(pilot)
            shown = check_footer_fits(app)
            for description in ("Note", "Copy", "Help", "Quit"):
                assert description in shown, (size, shown)
        await pilot.resize_terminal(170, 40)  # (at 120 the view's keys and "< Back" fill it)
        await settle(pilot)
        await settle(pilot)
        assert "Scroll down" in check_footer_fits(app)  # room again: the pane's own keys come back
