"""Bytes from the terminal that are not UTF-8, through the real driver in a real pty,
and an unexpected end of the app while a note is being written."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from models.notes import NotesStore
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.note_editor import NoteEditor

#: Invalid UTF-8: a lone continuation byte, 8-bit meta (Alt+a as 0xE1), a Latin-1 "é"
#: before ASCII, a truncated 4-byte sequence, bytes never valid in UTF-8.
BAD_BYTES = [b"\x80", b"\xe1", b"caf\xe9 ", b"\xf0\x9f\x98", b"\xff\xfe", b"\xc0\xaf"]


class PtyApp:
    """The real `mss-explorer` in a pseudo-terminal of 100x30."""

    def __init__(self, notes: Path) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="30")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--notes", str(notes)],
            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def screen_text(self) -> bytes:
        """What was drawn, without the escape sequences between the characters."""
        return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", self.output)

    def wait_for(self, text: bytes, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while text not in self.screen_text():
            assert time.monotonic() < end, f"never showed {text!r}: {self.output[-2000:]!r}"
            assert self.process.poll() is None, f"ended ({self.process.returncode}): {self.output[-3000:]!r}"
            self.read(0.1)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)
        self.read(0.3)

    def close(self) -> int:
        try:
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.read(0.2)
            os.close(self.master)
        return self.process.returncode


def test_bad_bytes_from_the_terminal_go_into_the_note_as_replacements(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    app = PtyApp(notes)
    try:
        app.wait_for(b"Multinational Security Support")  # the dossier is loaded (after the first frame)
        app.read(0.5)
        app.send(b"2")
        app.read(1.0)
        app.send(b"a")
        app.wait_for(b"ctrl+s save")
        app.send(b"before ")
        for bad in BAD_BYTES:
            app.send(bad)
        app.send(b" after")
        app.send(b"\x13")  # ctrl+s
        app.read(0.5)
        assert app.process.poll() is None, app.output[-3000:]
        app.send(b"q")
    finally:
        status = app.close()
    assert b"Traceback" not in app.output and b"UnicodeDecodeError" not in app.output
    assert status == 0
    [note] = NotesStore.open(notes).notes
    assert note.text.startswith("before ") and note.text.endswith(" after")
    assert "\ufffd" in note.text and "caf\ufffd" in note.text


async def test_an_unexpected_error_saves_the_open_draft_and_exits_non_zero(
    dossier: Dossier, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.toml"
    app = create_app(dossier, notes_path=notes)

    def boom() -> None:
        raise RuntimeError("something unexpected")

    with pytest.raises(RuntimeError, match="something unexpected"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("a")
            await settle(pilot)
            assert isinstance(app.screen, NoteEditor)
            app.screen.query_one(TextArea).insert("words worth keeping\n\x1b[2J")
            app.call_later(boom)
            await settle(pilot)
    assert app.return_code == 1
    [draft] = tmp_path.glob("notes.draft-*.txt")
    assert draft.read_text(encoding="utf-8").endswith("words worth keeping\n\x1b[2J\n")
    assert str(draft) in capsys.readouterr().err.replace("\n", "")
    assert not notes.exists()


async def test_a_panic_saves_the_open_draft_and_exits_non_zero(dossier: Dossier, tmp_path: Path) -> None:
    """What the driver's input thread does when it fails: panic (status 0 before)."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"draft")
        app.call_later(app.panic, "the input thread failed")  # as the driver's thread does
    assert app.return_code == 1
    [draft] = tmp_path.glob("notes.draft-*.txt")
    assert draft.read_text(encoding="utf-8").endswith("draft\n")
