"""`mss-explorer serve`: the explorer in a web browser's tab, through textual-serve.

Every browser tab that opens the page gets its own copy of the explorer, started as
the plain command with the same options (``python -m tui --data … --notes …``), so it
is the same app, built by the same ``create_app``, writing the same notes file with
the same locking as a session in a terminal.

Safe by default: the server listens on 127.0.0.1 only. Another address is used only
when ``--host`` names it, and then a warning says that whoever reaches it can read
the dossier and read and write the notes (there is no password and no encryption).
Whatever the address, the page's WebSocket accepts only connections whose ``Origin``
is the page itself, so another web site open in the same browser cannot drive the
explorer (a WebSocket, unlike a fetch, is not held back by the browser's same-origin
rule).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the modules below are imported only when `serve` runs (the CLI starts fast)
    import socket

    from aiohttp import web

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "add_serve_parser", "cmd_serve", "explorer_command", "exposure_warning"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Longest wait for open sessions when the server stops (ctrl+c) before they are cut.
SHUTDOWN_TIMEOUT_S = 5.0
#: What a Host header may hold before it is put into the page (a name or address, a port).
_HOST_HEADER = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$")
#: textual-serve's page asks a web-font service for its font: a request to a third party
#: from every reader's browser. The page uses the copy of the font served with it instead.
_WEB_FONT_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/?>')
_LOCAL_FONT = (
    '<link rel="preload" href="{static}fonts/RobotoMono-VariableFont_wght.ttf" as="font" crossorigin>'
    '<style>@font-face {{ font-family: "Roboto Mono"; font-weight: 100 700; '
    'src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }}</style>'
)
#: The terminal gets the keyboard as soon as the page has loaded (else the first keys a
#: reader types go nowhere until they click into the page).
_FOCUS_TERMINAL = (
    '<script>addEventListener("load", () => '
    'document.querySelector(".xterm-helper-textarea")?.focus());</script>'
)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number (0-65535): {port}")
    return port


def add_serve_parser(sub: Any) -> None:
    """The ``serve`` subcommand, on the CLI's subparsers. Its ``--data``, ``--notes`` and
    ``--country`` are those of the plain command, also accepted after ``serve``."""
    serve = sub.add_parser(
        "serve",
        help="serve the explorer to a web browser (this machine only, unless --host)",
        description="Serve the explorer to a web browser. Each tab runs its own explorer, "
        "writing the same notes file as the terminal does.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help="address to listen on (default 127.0.0.1: this machine only; another address "
                       "lets anyone who reaches it read the dossier and write notes)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT,
                       help=f"port to listen on (default {DEFAULT_PORT}; 0: any free port)")
    # SUPPRESS: given before `serve`, they are not reset by the subcommand's defaults.
    serve.add_argument("--data", metavar="PATH", default=argparse.SUPPRESS,
                       help="serve this dossier (TOML or JSON) instead of the bundled one")
    serve.add_argument("--notes", metavar="PATH", default=argparse.SUPPRESS,
                       help="the notes file (else $MSS_EXPLORER_NOTES, else the user data dir)")
    serve.add_argument("--country", metavar="LIST", action="append", default=argparse.SUPPRESS,
                       help="start filtered to these countries (KEN,China,US)")


def explorer_command(data: Path, notes: Path, codes: list[str]) -> str:
    """The shell command that runs the explorer for one browser tab: the plain command
    with the same options, every path absolute, the notes path given explicitly."""
    import shlex

    argv = [sys.executable, "-m", "tui", "--data", str(data), "--notes", str(notes)]
    if codes:
        argv += ["--country", ",".join(codes)]
    return shlex.join(argv)


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address


def _is_loopback(address: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_wildcard(address: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address.split("%")[0]).is_unspecified
    except ValueError:
        return False


def exposure_warning(where: str) -> str:
    return (
        f"WARNING: serving on {where}, which other machines may reach. Anyone who reaches it can read "
        "the dossier, read your notes and write notes into your notes file: there is no password and no "
        "encryption. Use this only on a network you trust; without --host only this machine can connect."
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (OSError when that cannot be had)."""
    import socket

    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(128)
        sock.setblocking(False)
    except BaseException:
        sock.close()
        raise
    return sock


def _allowed_origins(address: str, host: str, port: int) -> set[str]:
    origins = {f"http://{_url_host(host)}:{port}", f"http://{_url_host(address)}:{port}"}
    if _is_loopback(address):
        origins |= {f"http://localhost:{port}", f"http://127.0.0.1:{port}", f"http://[::1]:{port}"}
    return {origin.lower() for origin in origins}


def make_server(command: str, sock: socket.socket, host: str) -> Any:
    """The textual-serve server for ``command`` on ``sock`` (imported here: aiohttp and
    jinja2 are slow to import, and only ``serve`` needs them)."""
    import asyncio
    import signal

    from aiohttp import web
    from textual_serve.server import Server

    address, port = sock.getsockname()[:2]
    wildcard = _is_wildcard(address)
    # On every address (0.0.0.0, ::), this machine's own loopback address is the one URL
    # sure to work here; others use this machine's name or address on their network.
    local = "::1" if ":" in address else "127.0.0.1"
    url = f"http://{_url_host(local if wildcard else host)}:{port}"

    class ExplorerServer(Server):
        """textual-serve's server on a socket we opened, checking where each WebSocket
        comes from, announcing itself once it listens, stopping open sessions on exit."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title="MSS Explorer", public_url=url)
            self.url = url
            self.origins = _allowed_origins(address, host, port)
            self.sessions: set[asyncio.Task[Any]] = set()

        def origin_allowed(self, request: web.Request) -> bool:
            origin = (request.headers.get("Origin") or "").lower()
            if wildcard:  # the page's own address, whatever name it was reached by
                return origin == f"http://{request.host}".lower() and bool(_HOST_HEADER.match(request.host))
            return origin in self.origins

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if wildcard:
                if not _HOST_HEADER.match(request.host):
                    raise web.HTTPBadRequest(text="bad Host header")
                # The page connects back to the address it was reached by (no await
                # between this and the page's rendering: no other request sees it).
                self.public_url = f"http://{request.host}"
            response = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text:
                static = f"{self.public_url}/static/"
                page = _WEB_FONT_LINK.sub(_LOCAL_FONT.format(static=static), response.text, count=1)
                response.text = page.replace("</body>", _FOCUS_TERMINAL + "</body>", 1)
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not self.origin_allowed(request):
                raise web.HTTPForbidden(text="this explorer only answers its own page")
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_startup(self, app: web.Application) -> None:
            """(textual-serve prints a logo and the command here; we announce in `run`.)"""

        async def on_shutdown(self, app: web.Application) -> None:
            # Each open tab's handler stops its explorer when cancelled (the explorer
            # gets "quit"; every note is already saved: notes are saved at each change).
            for task in list(self.sessions):
                task.cancel()
            if self.sessions:
                await asyncio.wait(list(self.sessions), timeout=SHUTDOWN_TIMEOUT_S)

        def run(self, announce: Any) -> None:
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, self.request_exit)
            web.run_app(
                self._make_app(),
                sock=sock,
                handle_signals=False,
                loop=loop,
                print=lambda *_: announce(),
                access_log=None,
                shutdown_timeout=SHUTDOWN_TIMEOUT_S,
            )

    return ExplorerServer()


def cmd_serve(args: argparse.Namespace) -> int:
    from models.paths import bundled_dossier_path, notes_path
    from tui.cli import fail, load, resolve_countries

    # Everything is checked before the server starts: what the page would fail on, the
    # command line says now, with status 2.
    data = Path(args.data).expanduser().absolute() if getattr(args, "data", None) else bundled_dossier_path()
    dossier = load(str(data))
    codes = resolve_countries(dossier, getattr(args, "country", None))
    notes = notes_path(getattr(args, "notes", None))
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        import errno
        import socket

        hint = ""
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            hint = " (--host must name an address of this machine)"
        elif exc.errno == errno.EADDRINUSE:
            hint = " (try another --port)"
        fail(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}{hint}")
    address, port = sock.getsockname()[:2]
    server = make_server(explorer_command(data, notes, codes), sock, args.host)

    def announce() -> None:
        if not _is_loopback(address):
            where = f"every address of this machine, port {port}" if _is_wildcard(address) else server.url
            print(exposure_warning(where), file=sys.stderr, flush=True)
        print(f"MSS Explorer is served at {server.url}\n"
              f"Open it in a web browser. Notes go to {notes}. Press ctrl+c to stop.", flush=True)

    server.run(announce)
    print("Stopped.", flush=True)
    return 0
