"""The served explorer in a real headless Chromium: keys, views, search, a note, copy.

Select with ``-m browser``. Set MSS_EXPLORER_SCREENSHOTS to a folder to get the page's
screenshot there too (the README's screenshots/serve-browser.png comes from it).
"""

from __future__ import annotations

import os
import shutil
import threading
import tomllib
from pathlib import Path

import pytest

from models.notes import NotesStore
from tests.browser.terminal import TerminalPage
from tests.served import Served

pytestmark = pytest.mark.browser

NOTE = "Checked in a browser tab: China abstained, see Zhang Jun"


def _notes_on_disk(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("notes", [])


def test_views_search_and_a_note_in_the_page(terminal: TerminalPage, served: Served, tmp_path: Path) -> None:
    terminal.press("3")
    screen = terminal.wait_for("S/RES/2699 (2023)", "Abstain 2", "Member", "Ballot")
    assert "Russian Federation" in screen

    terminal.press("/")
    terminal.wait_for("Search everything")
    terminal.type("abstain")
    screen = terminal.wait_for("China — Abstain on S/RES/2699", "Statement (")
    terminal.screenshot(tmp_path / "search.png")
    terminal.press("Escape")
    terminal.wait_gone("Search everything")

    terminal.press("a")  # on the selected ballot: China's
    terminal.wait_for("ctrl+s save", "On: China")
    terminal.type(NOTE)
    terminal.press("Control+s")  # at once, as a quick typist does
    screen = terminal.wait_for("Your notes (1)", NOTE)
    assert "ctrl+s save" not in screen

    shot = tmp_path / "serve-browser.png"
    terminal.screenshot(shot)
    assert shot.stat().st_size > 10_000
    if folder := os.environ.get("MSS_EXPLORER_SCREENSHOTS"):
        shutil.copyfile(shot, Path(folder) / "serve-browser.png")

    [note] = _notes_on_disk(served.notes)
    assert note["text"] == NOTE
    assert note["target"]["item_id"] == "ballot-2699-chn"
    # Nothing the page asked for left the server it came from.
    assert terminal.requests and all(url.startswith(served.url) for url in terminal.requests), terminal.requests


def test_keys_a_browser_might_keep_for_itself_reach_the_app(terminal: TerminalPage) -> None:
    terminal.press("3")
    terminal.wait_for("Abstain 2", "e Explain")
    # tab: focus moves from the table to the details (their footer has scroll keys)
    # instead of leaving the terminal for the browser's next control.
    terminal.press("Tab")
    terminal.wait_for("j Scroll down")
    terminal.press("Shift+Tab")
    terminal.wait_gone("j Scroll down")
    # ctrl+p (the browser's Print) opens the command palette.
    terminal.press("Control+p")
    terminal.wait_for("Search for commands")
    terminal.type("Timeline")
    terminal.wait_gone("View 1: Overview")  # the list is filtered: its first entry is the view
    terminal.press("Enter")
    terminal.wait_gone("Search for commands")
    terminal.wait_for("├─▶ open-ended")  # the Timeline's legend
    # `?` and escape: the help and back.
    terminal.press("?")
    terminal.wait_for("Help — escape closes")
    terminal.press("Escape")
    terminal.wait_gone("Help — escape closes")


def test_copy_puts_the_quote_and_its_citation_on_the_clipboard(terminal: TerminalPage) -> None:
    terminal.press("3")
    terminal.wait_for("Abstain 2")
    terminal.press("y")
    terminal.wait_for("Copied: ")
    copied = terminal.page.evaluate("() => navigator.clipboard.readText()")
    # China's ballot on 2699 is derived from the tally: the copy says so, as the dossier's summary.
    assert "Summary (the dossier's words, not the source's)" in copied and "China abstained" in copied
    assert "SC/15432" in copied or "sc15432" in copied


def test_a_terminal_and_a_browser_writing_notes_at_once_lose_nothing(terminal: TerminalPage, served: Served) -> None:
    """The terminal side (a NotesStore, as the explorer in a terminal uses it) saves a note
    every few milliseconds while the browser tab saves notes through its editor: every
    note of both ends up in the file, each once, word for word."""
    terminal.press("3")
    terminal.wait_for("Abstain 2")
    stop = threading.Event()
    written: list[str] = []
    failures: list[BaseException] = []

    def terminal_side() -> None:
        try:
            store = NotesStore.open(served.notes)
            while not stop.is_set():
                written.append(store.add(f"terminal note {len(written)}", tags=["terminal"]).text)
                stop.wait(0.005)
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    writer = threading.Thread(target=terminal_side)
    writer.start()
    # The first ballots of the Vote view, in order, and a note on each, typed as a quick
    # typist does: the text, ctrl+s, then j and a for the next one, all in one burst.
    # Every letter must be in its note (the last ones were lost so, before the editor
    # waited for them) and the keys after ctrl+s must reach the view below.
    members = ["China", "France", "Russian Federation", "United Kingdom", "United States", "Albania"]
    browser_notes = [f"browser note {i} on {member}, saved at once" for i, member in enumerate(members)]
    try:
        terminal.press("g", "a")
        for i, text in enumerate(browser_notes):
            terminal.wait_for(f"On: {members[i]} —", "ctrl+s save")
            terminal.type(text)
            terminal.press("Control+s", *(("j", "a") if i + 1 < len(members) else ()))
        terminal.wait_gone("ctrl+s save")
    finally:
        stop.set()
        writer.join(30)
    assert not failures, failures
    texts = [note["text"] for note in _notes_on_disk(served.notes)]

    def wait_for_browser_notes() -> list[str]:
        # The last save of the tab may still be on its way to the disk.
        for _ in range(100):
            found = [note["text"] for note in _notes_on_disk(served.notes)]
            if all(text in found for text in browser_notes):
                return found
            threading.Event().wait(0.1)
        return found

    texts = wait_for_browser_notes()
    assert sorted(texts) == sorted(written + browser_notes)
    assert len(written) > 20  # the two really wrote at the same time
