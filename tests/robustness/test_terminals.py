"""Odd terminals: tiny to huge, resized while a dialog is open, NO_COLOR, a light theme.

Every size is driven with a dossier of wide characters, emoji and escapes; at each
step nothing may crash and nothing raw may reach the screen.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from models.loader import load_dossier
from models.notes import NotesStore
from tests.conftest import small_dossier_data
from tests.robustness.corpus import HOSTILE, everywhere, hostile_article, write
from tests.robustness.drive import press, settle
from tests.robustness.screen import assert_clean, colours
from tui.app import ExplorerApp, create_app
from tui.screens.confirm import ConfirmDialog
from tui.screens.country_picker import CountryPicker
from tui.screens.help import HelpScreen
from tui.screens.main import MIN_HEIGHT, MIN_WIDTH, MainScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.search import SearchScreen

SIZES = [(20, 5), (40, 12), (60, 16), (80, 24), (120, 40), (300, 100)]
#: Where the other dialogs (country picker, help, confirmation) are resized too.
EXTREMES = {(20, 5), (300, 100)}
TEXT = HOSTILE["wide"] + " " + HOSTILE["escapes"]
#: The keys that scroll and move in every list, pressed in each view.
MOVES = ["pagedown", "G", "pageup", "g", "j", "tab"]


def make_app(tmp_path: Path) -> ExplorerApp:
    data = small_dossier_data()
    everywhere(TEXT)(data)
    dossier = load_dossier(write(tmp_path / "dossier", data, article=hostile_article(TEXT)))
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


async def open_dialog(pilot, key: str, kind: type) -> None:
    await press(pilot, key)
    assert isinstance(pilot.app.screen, kind), f"{key} opened {pilot.app.screen!r}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_view_and_dialog_at_any_size(size: tuple[int, int], tmp_path: Path) -> None:
    other = (300, 100) if size != (300, 100) else (20, 5)
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_clean(app, f"{size} at start")
        notice = app.screen.query_one("#too-small", Static)
        assert notice.display == (size[0] < MIN_WIDTH or size[1] < MIN_HEIGHT)
        if notice.display:  # it says why, with the size it needs and the size it has
            assert f"{MIN_WIDTH}×{MIN_HEIGHT}" in str(notice.render()) and f"{size[0]}×{size[1]}" in str(notice.render())
        for key in "1234567":
            await press(pilot, key, *MOVES)
            assert_clean(app, f"{size} view {key}")

        # Resized while a dialog is open, and back; it still works afterwards.
        await open_dialog(pilot, "slash", SearchScreen)
        await press(pilot, *"wide", "down", "pagedown")
        await pilot.resize_terminal(*other)
        await settle(pilot)
        assert_clean(app, f"search resized to {other}")
        await pilot.resize_terminal(*size)
        await press(pilot, "pageup")
        assert_clean(app, f"search resized back to {size}")
        await press(pilot, "escape")

        await open_dialog(pilot, "1", MainScreen)
        await open_dialog(pilot, "a", NoteEditor)
        editor = app.screen
        editor.query_one(TextArea).insert(f"sized {size} {TEXT}")
        await pilot.resize_terminal(*other)
        editor.query_one(Input).value = "a, b"
        await press(pilot, *" typed")
        await pilot.resize_terminal(*size)
        await settle(pilot)
        assert_clean(app, f"note editor resized ({size} → {other} → {size})")
        draft = editor.draft
        assert draft.text.startswith(f"sized {size} ") and draft.text.endswith(" typed")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MainScreen)
        [saved] = NotesStore.open(tmp_path / "notes.toml").notes
        assert (saved.text, saved.tags) == (draft.text, ["a", "b"])

        if size not in EXTREMES:
            return
        await open_dialog(pilot, "f", CountryPicker)
        await press(pilot, "down", "pagedown", "space")
        await pilot.resize_terminal(*other)
        await pilot.resize_terminal(*size)
        await press(pilot, "escape")

        await open_dialog(pilot, "question_mark", HelpScreen)
        await pilot.resize_terminal(*other)
        await press(pilot, "pagedown", "j")
        await pilot.resize_terminal(*size)
        await press(pilot, "escape")

        await press(pilot, "7", "g")
        await open_dialog(pilot, "d", ConfirmDialog)
        await pilot.resize_terminal(*other)
        await pilot.resize_terminal(*size)
        await settle(pilot)
        assert_clean(app, f"confirmation resized at {size}")
        await press(pilot, "n")
        assert isinstance(app.screen, MainScreen)
        assert len(app.notes.notes) == 1


async def visit_all(pilot) -> Counter[tuple[str, tuple[int, int, int]]]:
    """Every view and the dialogs, the screen clean; the colours they showed, in cells."""
    seen: Counter[tuple[str, tuple[int, int, int]]] = Counter()
    for key in [*"1234567", "slash", "escape", "f", "escape", "question_mark", "escape", "a"]:
        await press(pilot, key)
        assert_clean(pilot.app, f"after {key}")
        seen.update(colours(pilot.app))
    await press(pilot, "escape")
    return seen


async def test_no_color(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")  # read when the app is built
    app = make_app(tmp_path)
    assert app.no_color
    async with app.run_test(size=(120, 40)) as pilot:
        seen = await visit_all(pilot)
        await press(pilot, "3")
        screen = assert_clean(app, "vote view")
    hues = {rgb for _, rgb in seen if len(set(rgb)) > 1}
    assert seen and not hues, f"colours under NO_COLOR: {sorted(hues)[:5]}"
    # What colour tells is told in words and glyphs too: the tally.
    assert "█ Yes 2" in screen and "░ Abstain 2" in screen


async def test_light_theme(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await settle(pilot)
        assert not app.current_theme.dark
        seen = await visit_all(pilot)
    backgrounds = Counter({rgb: cells for (kind, rgb), cells in seen.items() if kind == "bg"})
    (r, g, b), _ = backgrounds.most_common(1)[0]
    assert (0.299 * r + 0.587 * g + 0.114 * b) / 255 > 0.6, f"the commonest background is dark: {(r, g, b)}"


TINY = [(1, 1), (2, 50), (10, 3), (40, 1), (1, 40), (20, 2)]
PAGE_KEYS = ["pagedown", "pageup", "down", "end", "home", "pagedown", "up", "tab", "pagedown"]
#: Every dialog, by the keys that open it (from the Participants view, an item selected).
DIALOGS = [
    ("command palette", ["ctrl+p"]),
    ("command palette, typed in", ["ctrl+p", *"vi"]),
    ("search", ["slash", *"ke"]),
    ("country picker", ["f"]),
    ("help", ["question_mark"]),
    ("note editor", ["a"]),
    ("discard the note?", ["a", "x", "escape"]),
]


@pytest.mark.parametrize("size", TINY, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_dialog_at_tiny_sizes(size: tuple[int, int], tmp_path: Path) -> None:
    """Page keys in each dialog at sizes down to 1x1, resized up and back: pagedown in
    the command palette ended the app (KeyError: 0 in OptionList._move_page)."""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        for name, keys in DIALOGS:
            await press(pilot, "2")
            await press(pilot, *keys)
            await pilot.pause(0.2)  # the palette's results come in a worker
            assert not isinstance(app.screen, MainScreen), f"{name} did not open at {size}"
            await press(pilot, *PAGE_KEYS)
            await pilot.resize_terminal(80, 24)
            await press(pilot, "pagedown")
            await pilot.resize_terminal(*size)
            await press(pilot, *PAGE_KEYS)
            assert_clean(app, f"{name} at {size}")
            for _ in range(3):
                if isinstance(app.screen, MainScreen):
                    break
                await press(pilot, "escape")
                if isinstance(app.screen, ConfirmDialog):
                    await press(pilot, "y")  # discard
            assert isinstance(app.screen, MainScreen), f"{name} did not close at {size}"
    assert app.return_code in (None, 0)
