"""Keys typed ahead (issue 17 point 11): acted on in order, where they were meant to go.

Pilot's ``press`` waits until the app is idle after each key; a fast typist (or a
browser tab, which sends keys in bursts) does not. :func:`burst` puts keys in the app's
queue at once, as the terminal driver does. Each race is run many rounds.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import ContentSwitcher

from models.paths import bundled_dossier_path
from models.schema import Dossier
from tests.robustness.drive import settle, until
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor

CHARACTERS = {"tab": "\t", "enter": "\r", "space": " ", "slash": "/"}


def burst(app, *keys: str) -> None:
    """Keys typed faster than the app takes them (all in its queue at once)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)))


async def test_a_note_typed_fast_keeps_its_text_and_tags_apart(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        for round_ in range(12):
            text, tags = f"pledge {round_} checked", f"t{round_}, kenya"
            burst(app, "a", *text, "tab", *tags, "ctrl+s", "j")
            await until(pilot, lambda: len(app.notes.notes) == round_ + 1 and isinstance(app.screen, MainScreen))
            note = app.notes.notes[-1]
            assert (note.text, note.tags) == (text, [f"t{round_}", "kenya"])


async def test_keys_after_tab_go_to_the_tags_once_the_editor_is_open(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        for round_ in range(12):
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, NoteEditor) and app.screen.focused is not None)
            editor = app.screen
            burst(app, *"words", "tab", *"tag", "shift+tab", *"!")
            await until(pilot, lambda: editor.draft.text.endswith("!"))
            assert editor.draft == type(editor.draft)("words!", ["tag"])
            burst(app, "ctrl+s")
            # The note is stored by the editor's callback, after the editor is off the stack.
            await until(pilot, lambda: isinstance(app.screen, MainScreen) and len(app.notes.notes) == round_ + 1)
        assert len(app.notes.notes) == 12


async def test_a_search_typed_while_the_dossier_loads_opens_its_first_result(tmp_path: Path) -> None:
    for round_ in range(6):
        app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
        async with app.run_test(size=(120, 40) if round_ % 2 else (80, 24)) as pilot:
            main = app.screen
            assert isinstance(main, MainScreen)
            loading = not main.ready
            burst(app, "slash", *"kenya", "enter")
            await until(pilot, lambda: main.search_query == "kenya" and app.screen is main)
            assert round_ or loading, "the keys were typed before the dossier was loaded"
            wanted = main.search_ids[0]
            assert main.search_position == 0
            await until(pilot, lambda: main.current_view.current_id == wanted)


async def test_a_view_key_and_moves_typed_while_loading_are_acted_on_in_order(tmp_path: Path) -> None:
    for _ in range(4):
        app = create_app(bundled_dossier_path(), notes_path=tmp_path / "notes.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            main = app.screen
            burst(app, "4", "j", "j", "j")
            await until(pilot, lambda: main.ready and main.current_view.current_id is not None)
            await settle(pilot)  # no key kept or being acted on (``held`` empties before the last is acted on)
            view = main.views["statements"]
            assert main.query_one(ContentSwitcher).current == "statements"
            assert view.listing.cursor == 3 or view.current_id == view.listing.ids[3], view.listing.cursor
