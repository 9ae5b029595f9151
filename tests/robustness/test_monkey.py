"""A monkey at the keyboard: thousands of seeded random keys, and pasted hostile text,
across every view, dialog, search, filter and note editor.

Nothing may crash (Pilot re-raises any exception of the app when the test ends), no
raw control character may reach the screen, and afterwards the notes file must hold
exactly the notes the run saved.
"""

from __future__ import annotations

import os
import random
from collections import deque
from pathlib import Path

import pytest
from textual import events

from models.loader import load_dossier
from models.notes import Note, NotesStore, NoteTarget
from tests.conftest import small_dossier_data
from tests.robustness.corpus import HOSTILE, everywhere, hostile_article, write
from tests.robustness.drive import send_keys, settle
from tests.robustness.screen import assert_clean
from tui.app import ExplorerApp, create_app

#: Seeds to run (MONKEY_SEEDS="1,2,3" to try others) and keys per seed (MONKEY_KEYS).
SEEDS = [int(s) for s in os.environ.get("MONKEY_SEEDS", "8,21,1337").split(",")]
KEYS_PER_SEED = int(os.environ.get("MONKEY_KEYS", "2000"))
#: Keys sent between two full pauses. Each key is handled before the next is sent, but
#: nothing is drawn in between (a fast typist); when a key opens or closes a screen the
#: app settles before the next, as between a person's keystrokes. (Keys sent into a
#: screen Textual has not laid out yet can crash Textual's own widgets, e.g. pagedown
#: in the command palette: a race no person can win.)
BURST = 12

#: Every key the app binds somewhere (views, lists, dialogs, editor, palette), and the
#: keys that drive Textual's own widgets.
BOUND = [
    *"1234567", "slash", "n", "N", "f", "x", "a", "y", "question_mark", "q", "f1",  # main screen
    "e", "d", "r", "s", "c", "left_square_bracket", "right_square_bracket", "t",  # views
    "j", "k", "g", "G", "enter", "escape", "tab", "shift+tab", "space",  # lists, dialogs
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
    "ctrl+s", "ctrl+a", "ctrl+p", "ctrl+q", "ctrl+c", "backspace", "delete", "ctrl+z", "ctrl+y",
]
TYPED = [*"abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789", *"[]/$@\\\"'.,:;-_=+*#%&()<>{}|~`^!?",
         "é", "ü", "中", "文", "😀", "ß"]
#: Weighted toward what makes and saves notes, so a run writes some.
WEIGHTED = BOUND + ["a"] * 6 + ["ctrl+s"] * 6 + ["7"] * 3 + ["d", "y"] * 3 + TYPED * 1
PASTES = list(HOSTILE.values())[:5] + ["line one\nline two\r\nthree", "\t\ttabs", "", "x" * 500]


def hostile_dossier(directory: Path) -> Path:
    text = HOSTILE["markup"] + " " + HOSTILE["escapes"]
    data = small_dossier_data()
    everywhere(text)(data)
    return write(directory, data, article=hostile_article(text))


class Recorder:
    """Every note the app saves (adds, edits) or deletes through its store, by id."""

    def __init__(self, app: ExplorerApp) -> None:
        store = app.notes
        self.saved: dict[str, Note] = {note.id: note for note in store.notes}
        self.changes = {"add": 0, "update": 0, "delete": 0}
        add, update, delete = store.add, store.update, store.delete

        def record_add(*args, **kwargs):
            note = add(*args, **kwargs)
            self.saved[note.id] = note
            self.changes["add"] += 1
            return note

        def record_update(*args, **kwargs):
            note = update(*args, **kwargs)
            self.saved[note.id] = note
            self.changes["update"] += 1
            return note

        def record_delete(note_id, *args, **kwargs):
            note = delete(note_id, *args, **kwargs)
            self.saved.pop(note_id, None)
            self.changes["delete"] += 1
            return note

        store.add, store.update, store.delete = record_add, record_update, record_delete


@pytest.mark.parametrize("seed", SEEDS)
async def test_monkey_finds_no_crash_and_loses_no_note(seed: int, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a screenshot taken from the palette lands here
    dossier = load_dossier(hostile_dossier(tmp_path / "dossier"))
    notes_path = tmp_path / "notes" / "notes.toml"
    seeded = NotesStore.open(notes_path)
    seeded.add("A note from before", ["old"], NoteTarget(item_id="ev-vote", kind="event", label="The vote"))
    seeded.add("An orphan", [], NoteTarget(item_id="ev-gone", kind="event", label="Gone"))

    app = create_app(dossier, notes_path=notes_path)
    app.action_quit = lambda: None  # type: ignore[method-assign]  # q, ctrl+q and the palette's Quit stay put
    recorder = Recorder(app)
    rng = random.Random(seed)
    history: deque[str] = deque(maxlen=80)
    try:
        in_memory, dirty = await monkey(app, rng, history, seed)
    except BaseException as exc:
        exc.add_note(f"seed {seed}; the last keys: {' '.join(history)}")
        raise
    assert sum(recorder.changes.values()) > 0, "the monkey saved no note: weight the keys differently"
    on_disk = {note.id: note for note in NotesStore.open(notes_path).notes}
    assert not dirty
    assert on_disk == recorder.saved
    assert on_disk == in_memory


async def monkey(app: ExplorerApp, rng: random.Random, history: deque[str],
                 seed: int) -> tuple[dict[str, Note], bool]:
    """Run the keys; return the notes in memory at the end and whether any are unsaved."""
    failure: list[BaseException] = []
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            try:
                await press_randomly(pilot, rng, history, seed)
            except BaseException as exc:
                failure.append(exc)
                raise
            return {note.id: note for note in app.notes.notes}, app.notes.dirty
    except BaseException:
        if failure:  # the app, shut down by the failure, may raise something else instead
            raise failure[0] from None
        raise


async def press_randomly(pilot, rng: random.Random, history: deque[str], seed: int) -> None:
    app = pilot.app
    # Down to 1x1: every view and dialog must survive any size (pagedown in the command
    # palette at 10x3 ended the app).
    sizes = [(80, 24), (120, 40), (60, 16), (100, 30), (40, 12), (20, 5), (10, 3), (2, 50), (1, 1)]
    await settle(pilot)
    sent = 0
    while sent < KEYS_PER_SEED:
        roll = rng.random()
        if roll < 0.03:
            paste = rng.choice(PASTES)
            history.append(f"<paste {paste[:10]!r}>")
            app.post_message(events.Paste(paste))
        elif roll < 0.06:
            size = rng.choice(sizes)
            history.append(f"<resize {size}>")
            await pilot.resize_terminal(*size)
        for _ in range(BURST):
            key = rng.choice(WEIGHTED)
            history.append(key)
            screen = app.screen
            send_keys(app, [key])
            await pilot.pause(0)  # the key is handled, nothing drawn yet
            if app.screen is not screen:
                await pilot.pause()  # a screen opened or closed: let it be laid out
        sent += BURST
        history.append("|")
        await settle(pilot)
        assert app.is_running, f"the app stopped after {sent} keys"
        if rng.random() < 0.05:
            assert_clean(app, f"after {sent} keys (seed {seed})")
    # Leave every dialog (answering "discard" if asked), then check.
    for _ in range(6):
        send_keys(app, ["escape", "y"])
        await settle(pilot)
    assert_clean(app, "at the end")
