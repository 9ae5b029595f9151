"""The search index cache (models/index_cache.py, issue #20 target 3), measured two ways.

``python -m benchmarks.index_cache ab [--sizes 1 100 1000] [--repeat 5]``
    In one process per size: the dossier loaded through the load cache (a temporary
    directory), then building the index and reading it from its warm entry, alternately,
    ``--repeat`` times each; the medians, the first write of the entry and its size.

``python -m benchmarks.index_cache ready [--sizes ...] [--repeat 3]``
    The app started as ``mss-explorer --data PATH`` does it, in a fresh process each time,
    timed from the process's start to the search index being set in the app: once with
    the cache off, once to warm it (written), then ``--repeat`` times warm; beside
    load_dossier of the same file without the cache (median of ``--repeat``). This is what
    benchmarks/run.py's row "search ready from a warm index cache / load_dossier" runs
    (:func:`warm_ready`).
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # in-process times of the ``child`` command are measured from here

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

__all__ = ["warm_ready"]


def _emit(payload: dict[str, Any]) -> None:
    os.write(1, f"INDEX {json.dumps(payload)}\n".encode())  # fd 1: Textual redirects sys.stdout


# -- the child: one start of the app ------------------------------------------------------------


def cmd_child(args: argparse.Namespace) -> None:
    """Start the app as the CLI does; when the search index is set, print the times
    since this process started, then quit (the exit waits for the entry's write)."""
    from tui.cli import build_parser, make_app

    app = make_app(build_parser().parse_args(["--data", args.data, "--notes", args.notes]))
    stamps: dict[str, float] = {"longest_gap_s": 0.0}
    last = [0.0]

    def poll() -> None:
        now = time.perf_counter()
        if "content" not in stamps and app.content_shown:
            stamps["content"] = now - T0
        elif "content" in stamps:  # the event loop's longest gap between two polls, content to search
            stamps["longest_gap_s"] = max(stamps["longest_gap_s"], now - last[0])
        last[0] = now
        if app.search_index is not None:
            stamps["search_ready"] = now - T0
            app.exit()

    app.call_later(lambda: app.set_interval(0.005, poll))
    app.run(headless=True, size=(120, 40))
    if app.load_error:
        raise SystemExit(app.load_error)
    _emit(stamps)


def _child(data: str, env: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="mss-bench-notes-") as folder:
        cmd = [sys.executable, "-m", "benchmarks.index_cache", "child", "--data", data,
               "--notes", str(Path(folder) / "notes.toml")]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1800)
    for line in done.stdout.splitlines():
        if line.startswith("INDEX "):
            return json.loads(line[6:])
    raise RuntimeError(f"{' '.join(cmd[2:])} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def _load_s(data: str, env: dict[str, str], repeat: int) -> float:
    """Median load_dossier of ``data`` without the cache, in a fresh process."""
    code = ("import gc, json, os, sys, time\nfrom models.loader import load_dossier\nout = []\n"
            f"for _ in range({repeat}):\n    gc.collect(); t = time.perf_counter(); load_dossier(sys.argv[1])\n"
            "    out.append(time.perf_counter() - t)\nos.write(1, json.dumps(out).encode())\n")
    done = subprocess.run([sys.executable, "-c", code, data], env={**env, "MSS_EXPLORER_CACHE": "off"},
                          capture_output=True, text=True, timeout=1800, check=True)
    return statistics.median(json.loads(done.stdout))


def warm_ready(data: str, env: dict[str, str], repeat: int = 3, *, compare: bool = True) -> dict[str, Any]:
    """The app's start to search ready: cold (writing both entries) and warm (median of
    ``repeat``); with ``compare``, also with the cache off and load_dossier's median
    without it (benchmarks/run.py measures both already)."""
    with tempfile.TemporaryDirectory(prefix="mss-bench-cache-") as folder:
        cached_env = {**env, "MSS_EXPLORER_CACHE": folder}
        off = _child(data, {**env, "MSS_EXPLORER_CACHE": "off"}) if compare else {}
        cold = _child(data, cached_env)
        warm = [_child(data, cached_env) for _ in range(repeat)]
    ready = statistics.median(w["search_ready"] for w in warm)
    load = _load_s(data, env, repeat) if compare else None
    return {
        "off_ready_s": off.get("search_ready"),
        "cold_ready_s": cold["search_ready"],
        "ready_s": ready,
        "ready_samples_s": [w["search_ready"] for w in warm],
        "content_s": statistics.median(w["content"] for w in warm if "content" in w),
        "longest_gap_s": max(w["longest_gap_s"] for w in warm),
        "cold_longest_gap_s": cold["longest_gap_s"],
        "load_s": load,
        "ratio": ready / load if load else None,
    }


# -- A/B in one process: build against read -------------------------------------------------------


def ab(scale: int, repeat: int) -> dict[str, Any]:
    from benchmarks.generate import ensure
    from models.index_cache import cache_index, cached_index, index_file
    from models.loader import load_dossier
    from models.search import build_index

    path = ensure(scale).json_path
    with tempfile.TemporaryDirectory(prefix="mss-bench-cache-") as folder:
        os.environ["MSS_EXPLORER_CACHE"] = folder
        dossier = load_dossier(path)
        index = build_index(dossier)
        begin = time.perf_counter()
        cache_index(dossier, index)
        write_s = time.perf_counter() - begin
        entry = index_file(dossier)
        assert entry is not None and entry.is_file()
        del index
        builds: list[float] = []
        reads: list[float] = []
        for _ in range(repeat):
            for kind, out in (("build", builds), ("read", reads)):
                gc.collect()
                gc.disable()  # as the app does both (tui/loading.py, kept_for_good)
                begin = time.perf_counter()
                made = build_index(dossier) if kind == "build" else cached_index(dossier)
                out.append(time.perf_counter() - begin)
                gc.enable()
                assert made is not None
                del made
        gaps = {"read": 0.0, "write": 0.0}
        index = cached_index(dossier)
        for _ in range(repeat):
            for kind in gaps:
                gaps[kind] = max(gaps[kind], _longest_gap(lambda: cached_index(dossier) if kind == "read"
                                                          else cache_index(dossier, index)))
        build_gap = _longest_gap(lambda: build_index(dossier))  # the reference: the build the read replaces
        gc.unfreeze()
        return {"build_gap_s": build_gap, "scale": scale, "build_s": statistics.median(builds), "read_s": statistics.median(reads),
                "write_s": write_s, "entry_mb": entry.stat().st_size / 1e6,
                "builds_s": builds, "reads_s": reads, "read_gap_s": gaps["read"], "write_gap_s": gaps["write"]}


def _longest_gap(work: Callable[[], object]) -> float:
    """The longest this thread waits between 1 ms sleeps while another thread does
    ``work`` as the app's worker does it (the collector paused, then what was made frozen:
    tui/loading.py, kept_for_good): how long reading or writing the entry could hold the
    event loop up."""
    done = threading.Event()

    def run() -> None:
        gc.disable()
        try:
            work()
        finally:
            gc.freeze()
            gc.enable()
            done.set()

    thread = threading.Thread(target=run)
    longest, last = 0.0, time.perf_counter()
    thread.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    thread.join()
    return longest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.index_cache")
    sub = parser.add_subparsers(dest="command", required=True)
    child = sub.add_parser("child")
    child.add_argument("--data", required=True)
    child.add_argument("--notes", required=True)
    for name in ("ab", "ready"):
        each = sub.add_parser(name)
        each.add_argument("--sizes", type=int, nargs="+", default=[1, 100, 1000])
        each.add_argument("--repeat", type=int, default=5 if name == "ab" else 3)
    args = parser.parse_args(argv)
    if args.command == "child":
        cmd_child(args)
        return 0
    from benchmarks.ab_common import machine, table

    print(machine())
    if args.command == "ab":
        rows = []
        for scale in args.sizes:
            r = ab(scale, args.repeat)
            rows.append([f"{scale}x", f"{r['build_s']:.3f} s", f"{r['read_s']:.3f} s",
                         f"{r['build_s'] / r['read_s']:.0f}x", f"{r['write_s']:.3f} s", f"{r['entry_mb']:.1f} MB",
                         f"{r['read_gap_s'] * 1e3:.0f} / {r['write_gap_s'] * 1e3:.0f} / "
                         f"{r['build_gap_s'] * 1e3:.0f} ms"])
            print(f"  {scale}x: builds {r['builds_s']}, reads {r['reads_s']}", file=sys.stderr)
        print(table(["size", "build (median)", "read from the cache (median)", "build / read",
                     "first write", "entry", "longest wait of another thread: read / write / build"], rows))
    else:
        from benchmarks.ab_common import child_env
        from benchmarks.generate import ensure

        rows = []
        _child(str(ensure(1).json_path), child_env())  # compiles the bytecode: no size pays for it
        for scale in args.sizes:
            r = warm_ready(str(ensure(scale).json_path), child_env(), args.repeat)
            rows.append([f"{scale}x", f"{r['off_ready_s']:.2f} s", f"{r['cold_ready_s']:.2f} s",
                         f"{r['ready_s']:.2f} s", f"{r['content_s']:.2f} s", f"{r['load_s']:.2f} s",
                         f"{r['ratio']:.2f}x", f"{r['longest_gap_s'] * 1e3:.0f} ms"])
            print(f"  {scale}x: {r}", file=sys.stderr)
        print(table(["size", "search ready, cache off", "cold (writes)", "warm (median)", "warm: content",
                     "load_dossier (no cache)", "warm ready / load",
                     "warm: longest gap between 5 ms ticks, content to search"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
