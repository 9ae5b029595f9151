"""`mss-explorer serve` as a real process, for the tests: started on a free loopback port
(``--port 0``), always stopped (ctrl+c first, then the whole process group killed)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"served at (http://\S+)")
#: The announcement's last words: once printed, the server listens.
READY = "to stop."
#: How long the server may take to print its URL (a cold start on a loaded 2-core machine).
START_TIMEOUT_S = 60.0


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    notes: Path
    #: Every line the server printed (stdout and stderr), as it printed them.
    lines: list[str] = field(default_factory=list)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def interrupt(self, timeout: float = 30.0) -> int:
        """ctrl+c as a terminal sends it (to the whole process group); the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout)

    def group_alive(self) -> bool:
        """Whether any process of the server's group (the server, an explorer) is left."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True


def _pump(stream, lines: list[str], first_url: threading.Event) -> None:
    for line in stream:
        lines.append(line)
        if READY in line:
            first_url.set()
    first_url.set()  # closed: the server has ended


@contextmanager
def serve(*args: str, notes: Path, env: dict[str, str] | None = None) -> Iterator[Served]:
    """Run ``mss-explorer serve --port 0 --notes NOTES ARGS`` until the block ends.

    The server runs in a process group of its own, so that stopping it stops every
    explorer it started too, whatever happened in the block (a failed assertion
    included): ctrl+c first, then SIGKILL to the group if anything is left.
    """
    command = [sys.executable, "-m", "tui", "serve", "--port", "0", "--notes", str(notes), *args]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        text=True, start_new_session=True, env={**os.environ, **(env or {})},
    )
    lines: list[str] = []
    first_url = threading.Event()
    reader = threading.Thread(target=_pump, args=(process.stdout, lines, first_url), daemon=True)
    reader.start()
    try:
        first_url.wait(START_TIMEOUT_S)
        match = next((m for m in map(URL.search, lines) if m), None)
        if match is None:
            raise AssertionError(f"the server printed no URL: {''.join(lines)!r} (status {process.poll()})")
        yield Served(process, match.group(1), notes, lines)
    finally:
        _stop(process)
        reader.join(10)


def _stop(process: subprocess.Popen[str]) -> None:
    try:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                pass
    finally:
        try:  # whatever is left of the group, the server or an explorer it started
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if process.poll() is None:
            process.wait(10)
