"""`mss-explorer serve`: its arguments, the page, who may connect, and a clean ctrl+c.

The server runs for real (a process on a free loopback port); what the page does in a
browser is in tests/browser/.
"""

from __future__ import annotations

import asyncio
import shlex
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from models.paths import bundled_dossier_path
from tests.conftest import WriteDossier
from tests.served import serve
from tests.test_cli import run
from tui.cli import build_parser
from tui.serve import explorer_command, exposure_warning


def test_a_missing_dossier_is_refused_before_the_server_starts(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "serve", "--data", str(tmp_path / "nope.toml"), "--port", "0")
    assert code == 2
    assert "nope.toml: file not found" in err
    assert "Traceback" not in err and "served at" not in out


def test_a_broken_dossier_is_refused_naming_the_item_and_field(capsys, write_dossier: WriteDossier) -> None:
    def break_it(data):
        data["votes"][0]["ballots"][0]["vote"] = "maybe"

    path = write_dossier(break_it)
    code, out, err = run(capsys, "serve", "--data", str(path), "--port", "0")
    assert code == 2
    assert str(path) in err and "ballot-chn" in err and "vote" in err
    assert "served at" not in out


def test_an_unknown_country_is_refused(capsys) -> None:
    code, out, err = run(capsys, "serve", "--country", "Atlantis", "--port", "0")
    assert code == 2
    assert "unknown country 'Atlantis'" in err and "(in --country)" in err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_a_bad_port_is_refused(capsys, port: str) -> None:
    code, _, err = run(capsys, "serve", "--port", port)
    assert code == 2
    assert "--port" in err and "not a port number" in err


def test_a_port_in_use_is_refused_with_a_message(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run(capsys, "serve", "--port", str(port))
    assert code == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in err and "try another --port" in err
    assert "served at" not in out


def test_an_address_not_of_this_machine_is_refused(capsys) -> None:
    code, out, err = run(capsys, "serve", "--host", "192.0.2.1", "--port", "0")  # TEST-NET-1: binding fails here
    assert code == 2
    assert "cannot listen on 192.0.2.1" in err and "--host must name an address of this machine" in err
    assert "served at" not in out


def test_options_before_or_after_serve_are_the_same(tmp_path: Path) -> None:
    parser = build_parser()
    before = parser.parse_args(["--data", "d.toml", "--notes", "n.toml", "--country", "KEN", "serve"])
    after = parser.parse_args(["serve", "--data", "d.toml", "--notes", "n.toml", "--country", "KEN"])
    for args in (before, after):
        assert (args.data, args.notes, args.country, args.host, args.port) == (
            "d.toml", "n.toml", ["KEN"], "127.0.0.1", 8000)


def test_each_tab_runs_the_plain_command_with_the_notes_path_given(tmp_path: Path) -> None:
    notes = tmp_path / "my notes" / "notes.toml"  # a space: the command is quoted for a shell
    argv = shlex.split(explorer_command(bundled_dossier_path(), notes, ["KEN", "USA"]))
    assert argv[:3] == [sys.executable, "-m", "tui"]
    args = build_parser().parse_args(argv[3:])
    assert args.command is None  # the explorer itself, as in a terminal
    assert Path(args.data) == bundled_dossier_path() and Path(args.notes) == notes
    assert args.country == ["KEN,USA"]


def test_the_server_listens_on_loopback_by_default_and_says_where(tmp_path: Path) -> None:
    with serve(notes=tmp_path / "notes.toml") as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert "WARNING" not in served.output
        assert str(tmp_path / "notes.toml") in served.output and "ctrl+c" in served.output
        page = asyncio.run(_get(served.url + "/"))
        assert page.status == 200
        # The page asks nothing of a third party (the font is the one served with it)
        # and gives the terminal the keyboard when it loads.
        assert "googleapis" not in page.text and "/static/fonts/RobotoMono" in page.text
        assert ".xterm-helper-textarea" in page.text
        assert f'data-session-websocket-url="ws://127.0.0.1:{served.url.rsplit(":", 1)[1]}/ws"' in page.text


def test_another_address_is_used_only_when_asked_for_and_warned_about(tmp_path: Path) -> None:
    # Listening on every address is enough to show the warning; nothing is sent anywhere
    # but to 127.0.0.1.
    with serve("--host", "0.0.0.0", notes=tmp_path / "notes.toml") as served:
        port = served.url.rsplit(":", 1)[1]
        assert served.url == f"http://127.0.0.1:{port}"  # the one URL sure to work on this machine
        assert "WARNING" in served.output and f"every address of this machine, port {port}" in served.output
        assert "Anyone who reaches it can read the dossier" in served.output
        assert "write notes into your notes file" in served.output
        page = asyncio.run(_get(f"http://127.0.0.1:{port}/"))
        # The page connects back to the address it was reached by.
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page.text
        assert asyncio.run(_websocket_status(f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}")) == 101
        assert asyncio.run(_websocket_status(f"http://127.0.0.1:{port}", "http://evil.example")) == 403


def test_the_warning_names_the_risks() -> None:
    text = exposure_warning("http://192.0.2.1:8000")
    assert "http://192.0.2.1:8000" in text and "no password" in text and "encryption" in text


def test_only_the_page_itself_may_open_a_session(tmp_path: Path) -> None:
    """A WebSocket is not held back by the browser's same-origin rule: without this check,
    any web site open in the same browser could drive the explorer and read the notes."""
    with serve(notes=tmp_path / "notes.toml") as served:
        port = served.url.rsplit(":", 1)[1]
        for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            assert asyncio.run(_websocket_status(served.url, origin)) == 101, origin
        for origin in ("http://evil.example", f"http://127.0.0.1:{int(port) + 1}", f"https://127.0.0.1:{port}",
                       f"http://evil.example:{port}", "null", None):
            assert asyncio.run(_websocket_status(served.url, origin)) == 403, origin


def test_ctrl_c_stops_every_open_session_cleanly(tmp_path: Path) -> None:
    """ctrl+c goes to the server and to every explorer it started (one process group, as
    in a terminal): status 0, no traceback, nothing left running; twice, with sessions."""
    for sessions in (0, 3):
        with serve(notes=tmp_path / "notes.toml") as served:
            if sessions:
                asyncio.run(_hold_sessions(served.url, sessions, then=served.interrupt))
            else:
                assert served.interrupt() == 0
            assert served.process.returncode == 0, served.output
            assert "Traceback" not in served.output and "Error" not in served.output, served.output
            assert served.output.rstrip().endswith("Stopped.")
            assert not served.group_alive()


class _Page:
    def __init__(self, status: int, text: str) -> None:
        self.status, self.text = status, text


async def _get(url: str) -> _Page:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return _Page(response.status, await response.text())


async def _websocket_status(url: str, origin: str | None) -> int:
    headers = {"Origin": origin} if origin is not None else {}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url + "/ws?width=80&height=24", headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


async def _hold_sessions(url: str, count: int, then) -> None:
    """Open ``count`` sessions, wait until each explorer has drawn, then call ``then``
    (in a thread: it blocks) while they are still open."""
    async with aiohttp.ClientSession() as session:
        sockets = [await session.ws_connect(url + "/ws?width=80&height=24", headers={"Origin": url})
                   for _ in range(count)]
        for ws in sockets:
            drawn = 0
            while drawn < 2000:  # bytes of the first frame
                message = await asyncio.wait_for(ws.receive(), 60)
                assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
                if message.type == aiohttp.WSMsgType.BINARY:
                    drawn += len(message.data)
        status = await asyncio.to_thread(then)
        assert status == 0
        for ws in sockets:
            await ws.close()
