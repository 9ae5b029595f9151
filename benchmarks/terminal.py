"""Start and view switch end to end in a real terminal (tmux), beside a bare Textual app
measured the same way (issue #20, target 9).

    .venv/bin/python -m benchmarks.terminal [--sizes 1,1000] [--repeat 3]
    .venv/bin/python -m benchmarks.run --sizes 1,1000 --terminal     # the same rows in the table

What a user sees is what is timed: each app runs in a tmux pane of its own (120x40, on a
tmux server of this benchmark's own socket), and the pane's text is read with
``tmux capture-pane`` every few milliseconds; nothing inside the app is instrumented.

* **Start to first paint**: from spawning the pane to the first capture with text in it
  (for the bare app, its title: its tables are filled after its first paint, so that its
  start is a bare app's, as in ``benchmarks.run``).
* **Start to content**: to the first capture holding the Overview's heading (``THE
  MISSION``, shown once the dossier is loaded and its first view painted). For the bare
  app (a ``Header``, a ``ContentSwitcher`` of two ``DataTable`` and a ``Footer``) content
  is its first paint. The explorer is started with the load cache off (a first start) and
  then again with a warm cache (the next start).
* **View switch**: once the app is idle (its CPU time, read from /proc, grows by under
  5% of a second in a second: the explorer's search index and timeline are worked out in
  threads after the content shows) and the screen has been still for a second, a view's number key is
  sent (``send-keys``) and the pane read until it changes (first paint) and then until it
  has not changed for ``QUIET_S`` (the last change is the last paint; the quiet time is not
  counted). The explorer visits views 2 to 6 and back to 1, twice (first visits
  included); the bare app switches between its two tables as many times. Its tables hold
  as many rows as the explorer's Statements view, up to ``BARE_ROWS_MAX`` (a
  ``DataTable`` of 25,000 rows takes tens of seconds to mount: the issue's
  target 5 says so, and this reference is about a switch, not a mount).

Polling adds up to a poll (about 5-15 ms with the subprocess) to each figure, on both
sides alike; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import ROOT, ensure, parse_sizes

SIZE = (120, 40)
QUIET_S = 0.4
STILL_S = 1.0
IDLE_CPU = 0.05  #: CPU seconds per second below which the app counts as idle
TIMEOUT_S = 300.0
BARE_ROWS_MAX = 2000
CONTENT_MARKER = "THE MISSION"
EXPLORER_KEYS = ["2", "3", "4", "5", "6", "1"] * 2


class Tmux:
    """A tmux server on a socket of its own (killed at the end: only ours)."""

    def __init__(self) -> None:
        self.socket = f"mss-bench-{os.getpid()}"
        self.count = 0
        self._run("new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 100000")

    def _run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=False).stdout

    def start(self, command: list[str], env: dict[str, str]) -> tuple[str, float]:
        self.count += 1
        name = f"p{self.count}"
        line = "exec env " + " ".join(shlex.quote(f"{k}={v}") for k, v in env.items()) + " " + shlex.join(command)
        begin = time.perf_counter()
        self._run("new-session", "-d", "-s", name, "-x", str(SIZE[0]), "-y", str(SIZE[1]), line)
        return name, begin

    def screen(self, name: str) -> str:
        return self._run("capture-pane", "-p", "-t", name)

    def pane_pid(self, name: str) -> str:
        return self._run("display-message", "-p", "-t", name, "#{pane_pid}").strip()

    def keys(self, name: str, key: str) -> None:
        self._run("send-keys", "-t", name, key)

    def stop(self, name: str) -> None:
        self._run("kill-session", "-t", name)

    def close(self) -> None:
        self._run("kill-server")


def _wait(tmux: Tmux, name: str, test, timeout: float = TIMEOUT_S) -> tuple[float, str]:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        text = tmux.screen(name)
        if test(text):
            return time.perf_counter(), text
        time.sleep(0.003)
    raise TimeoutError(f"tmux pane {name}: not seen within {timeout:.0f} s:\n{tmux.screen(name)}")


def _still(tmux: Tmux, name: str, quiet: float, timeout: float = TIMEOUT_S) -> tuple[float, str]:
    """Poll until the pane has not changed for ``quiet`` s: (time of the last change, text)."""
    text = tmux.screen(name)
    changed = time.perf_counter()
    end = changed + timeout
    while time.perf_counter() < end:
        time.sleep(0.003)
        now = tmux.screen(name)
        if now != text:
            text, changed = now, time.perf_counter()
        elif time.perf_counter() - changed >= quiet:
            return changed, text
    return changed, text


def _cpu_s(pid: int) -> float | None:
    """CPU time (user + system) of process ``pid`` so far, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _idle(tmux: Tmux, name: str, timeout: float = TIMEOUT_S) -> None:
    """Wait until the pane's app uses under IDLE_CPU of a core over a second: the explorer
    builds its search index and prepares the timeline in threads after its content is
    shown (5-10 s at 1,000x), and a switch made meanwhile measures that work as well
    (seen from outside: the app's CPU time in /proc; not on systems without it)."""
    try:
        pid = int(tmux.pane_pid(name))
    except ValueError:
        return
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        before = _cpu_s(pid)
        time.sleep(1.0)
        after = _cpu_s(pid)
        if before is None or after is None or after - before < IDLE_CPU:
            return


def _switches(tmux: Tmux, name: str, keys: list[str]) -> list[dict[str, Any]]:
    steps = []
    _idle(tmux, name)
    _still(tmux, name, STILL_S)
    for key in keys:
        before = tmux.screen(name)
        sent = time.perf_counter()
        tmux.keys(name, key)
        first, _ = _wait(tmux, name, lambda text: text != before, timeout=60)
        last, _ = _still(tmux, name, QUIET_S)
        steps.append({"key": key, "first_paint_s": first - sent, "last_paint_s": max(first, last) - sent})
        _still(tmux, name, STILL_S)
    return steps


def _explorer(tmux: Tmux, data: Path, env: dict[str, str], switch: bool) -> dict[str, Any]:
    command = [str(Path(sys.executable).parent / "mss-explorer"), "--data", str(data),
               "--notes", env["HOME"] + "/notes.toml"]
    name, begin = tmux.start(command, env)
    try:
        first, _ = _wait(tmux, name, lambda text: text.strip() != "")
        content, _ = _wait(tmux, name, lambda text: CONTENT_MARKER in text)
        out: dict[str, Any] = {"first_paint_s": first - begin, "content_s": content - begin}
        if switch:
            out["switches"] = _switches(tmux, name, EXPLORER_KEYS)
        return out
    finally:
        tmux.stop(name)


def _bare(tmux: Tmux, rows: int, env: dict[str, str], switch: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.terminal", "bare", "--rows", str(rows)]
    name, begin = tmux.start(command, env)
    try:
        first, _ = _wait(tmux, name, lambda text: "BareSwitch" in text)
        out: dict[str, Any] = {"first_paint_s": first - begin}
        if switch:
            _wait(tmux, name, lambda text: "Row 0 of table one" in text)  # filled after the first paint
            out["switches"] = _switches(tmux, name, ["2", "1"] * (len(EXPLORER_KEYS) // 2))
        return out
    finally:
        tmux.stop(name)


def _env(home: Path, cache: str) -> dict[str, str]:
    return {
        "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"), "MSS_EXPLORER_CACHE": cache,
        "PYTHONPYCACHEPREFIX": str(ROOT / "benchmarks" / "out" / "pycache"), "PYTHONPATH": str(ROOT),
        "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
    }


def measure(scale: int, repeat: int = 3) -> dict[str, Any]:
    """The terminal figures of one size (medians over ``repeat`` starts; the switches of
    one run of each app)."""
    if shutil.which("tmux") is None:
        return {"error": "tmux not found"}
    generated = ensure(scale)
    statements = generated.manifest.get("counts", {}).get("statements", 0)
    rows = max(50, min(BARE_ROWS_MAX, statements or 25 * scale))
    home = Path(tempfile.mkdtemp(prefix="mss-bench-term-"))
    tmux = Tmux()
    try:
        cold, bare, warm = [], [], []
        warm_env = _env(home, str(home / "cache" / "dossiers"))
        _explorer(tmux, generated.json_path, warm_env, switch=False)  # writes the cache entry
        for run in range(repeat):  # alternately, so that the machine's load falls on all alike
            last = run == repeat - 1
            bare.append(_bare(tmux, rows, _env(home, "off"), switch=last))
            cold.append(_explorer(tmux, generated.json_path, _env(home, "off"), switch=last))
            warm.append(_explorer(tmux, generated.json_path, warm_env, switch=False))
    finally:
        tmux.close()
        shutil.rmtree(home, ignore_errors=True)

    def med(runs: list[dict[str, Any]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    app_switch = [s["last_paint_s"] for s in cold[-1]["switches"]]
    bare_switch = [s["last_paint_s"] for s in bare[-1]["switches"]]
    out = {
        "bare_rows": rows,
        "bare_first_paint_s": med(bare, "first_paint_s"),
        "app_first_paint_s": med(cold, "first_paint_s"),
        "app_content_s": med(cold, "content_s"),
        "app_content_warm_s": med(warm, "content_s"),
        "switch_median_s": statistics.median(app_switch),
        "switch_max_s": max(app_switch),
        "bare_switch_median_s": statistics.median(bare_switch),
        "bare_switch_max_s": max(bare_switch),
        "runs": {"bare": bare, "explorer": cold, "explorer_warm_cache": warm},
    }
    out["start_ratio"] = out["app_first_paint_s"] / out["bare_first_paint_s"]
    out["content_ratio"] = out["app_content_s"] / out["bare_first_paint_s"]
    out["content_warm_ratio"] = out["app_content_warm_s"] / out["bare_first_paint_s"]
    out["switch_ratio"] = out["switch_median_s"] / out["bare_switch_median_s"]
    return out


def bare_app(rows: int) -> None:
    """The reference: a Header, two DataTables in a ContentSwitcher (keys 1 and 2), a Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import ContentSwitcher, DataTable, Footer, Header

    class BareSwitch(App[None]):
        BINDINGS = [("1", "show('one')", "One"), ("2", "show('two')", "Two"), ("q", "quit", "Quit")]

        def compose(self) -> ComposeResult:
            yield Header()
            with ContentSwitcher(initial="one"):
                yield DataTable(id="one")
                yield DataTable(id="two")
            yield Footer()

        def on_ready(self) -> None:  # after the first paint: the start is the bare app's alone
            for table_id in ("one", "two"):
                table = self.query_one(f"#{table_id}", DataTable)
                table.add_columns("Date", "Who", "Kind", "Summary")
                table.add_rows([(f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", f"{table_id} speaker {i}",
                                 "statement", f"Row {i} of table {table_id}: a summary of some length")
                                for i in range(rows)])

        def action_show(self, which: str) -> None:
            self.query_one(ContentSwitcher).current = which

    BareSwitch().run()


ROWS = [
    ("bare_first_paint_s", "Terminal: bare app, start to first paint (median)", "s"),
    ("app_first_paint_s", "Terminal: explorer, start to first paint (median)", "s"),
    ("start_ratio", "  first paint: explorer / bare app", "x"),
    ("app_content_s", "Terminal: explorer, start to content (no cache; median)", "s"),
    ("content_ratio", "  content / bare app's first paint", "x"),
    ("app_content_warm_s", "Terminal: explorer, start to content (warm load cache)", "s"),
    ("content_warm_ratio", "  content (warm cache) / bare app's first paint", "x"),
    ("switch_median_s", "Terminal: explorer view switch, key to last change (median)", "s"),
    ("switch_max_s", "Terminal: explorer view switch, slowest (first visits included)", "s"),
    ("bare_switch_median_s", "Terminal: bare app switching two DataTables (median)", "s"),
    ("switch_ratio", "  view switch median: explorer / bare app", "x"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.terminal", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", default="measure", choices=["measure", "bare"])
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=50)
    args = parser.parse_args(argv)
    if args.what == "bare":
        bare_app(args.rows)
        return 0
    results = {scale: measure(scale, args.repeat) for scale in args.sizes}
    print("| Metric | " + " | ".join(f"{s:,}x" for s in args.sizes) + " |")
    print("| --- |" + " --- |" * len(args.sizes))
    for key, label, unit in ROWS:
        cells = []
        for scale in args.sizes:
            value = results[scale].get(key)
            cells.append("—" if value is None else f"{value:.2f}x" if unit == "x" else f"{value * 1e3:,.0f} ms")
        print(f"| {label} | " + " | ".join(cells) + " |")
    for scale in args.sizes:
        if "runs" in results[scale]:
            steps = results[scale]["runs"]["explorer"][-1]["switches"]
            print(f"{scale}x explorer switches (key: last paint ms): "
                  + ", ".join(f"{s['key']}: {s['last_paint_s'] * 1e3:.0f}" for s in steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
