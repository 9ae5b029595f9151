"""Where the memory of a loaded dossier and its search index goes (issue #20, point 7).

    .venv/bin/python -m benchmarks.memory --size 1000 tracemalloc [--top 15]
    .venv/bin/python -m benchmarks.memory --size 1000 rss
    .venv/bin/python -m benchmarks.memory --size 1000 arenas
    .venv/bin/python -m benchmarks.memory --size 1000 axis [--top 8]
    .venv/bin/python -m benchmarks.memory --size 1000 app

``tracemalloc``: loads the dossier and builds the search index as the app does (each in
a thread of its own), then lists the source lines whose allocations are still alive,
biggest first (what holds the memory), and the traced total and peak.

``rss``: the same work in a fresh interpreter per variant, each printing its resident set
now and its high-water mark: as the app does it (load and index each in a thread), all on
the main thread, with ``MALLOC_ARENA_MAX=2`` and ``=1`` (glibc's malloc gives each thread
an arena of its own, up to 8 per core, and memory freed in one arena is not reused by
another thread), and with ``gc.freeze()`` after the load. Same run, same file: the
differences are what each hypothesis explains.

``arenas``: on the main thread, the resident set and the state of Python's own allocator
(pymalloc, from ``sys._debugmallocstats``) after the load and after the index, each then
after ``malloc_trim(0)``: how much of what the index adds is live Python blocks, how much
is pymalloc's free blocks and pools that stay resident (its 1 MiB arenas are given back
only when wholly free), and the rest (large blocks from glibc's malloc).

``axis``: what the Timeline's whole axis (``tui.views.timeline.whole_axis``, prepared
ahead by the app and held while its dossier lives) keeps, traced, with its top lines.

``app``: the app itself (headless, 120x40, started as the CLI starts it: the dossier
loaded in a thread after the first frame), settled (loaded, indexed, the Timeline's axis
prepared), then each view by its number key, then ``malloc_trim(0)``: at each step the
resident set split into pymalloc's arenas (live and free blocks), glibc malloc's blocks
in use and free (``mallinfo2``, every arena), and the rest (the interpreter, its shared
libraries, thread stacks). No tracemalloc: it would change what it measures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import ensure


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _in_thread(fn: Any) -> Any:
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(fn()))
    thread.start()
    thread.join()
    return box[0]


def _libc() -> Any:
    import ctypes

    return ctypes.CDLL("libc.so.6")


M_ARENA_MAX = -8  # glibc's malloc.h
_ROOT = str(Path(__file__).resolve().parent.parent) + "/"


def work(path: Path, threads: bool, freeze: bool) -> tuple[Any, Any]:
    """Load and index as the app does: the load in one thread, the index in another."""
    from models.loader import load_dossier
    from models.search import build_index

    run = _in_thread if threads else (lambda fn: fn())
    dossier = run(lambda: load_dossier(path))
    if freeze:
        gc.freeze()
    index = run(lambda: build_index(dossier))
    return dossier, index


def tracemalloc_top(path: Path, top: int) -> None:
    import tracemalloc

    tracemalloc.start(1)
    begin = time.perf_counter()
    held = work(path, threads=True, freeze=False)
    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"traced now {current / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB "
          f"({time.perf_counter() - begin:.1f} s under tracemalloc); RSS {_rss_mb():.0f} MB")
    snapshot = snapshot.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        where = frame.filename.split("site-packages/")[-1].removeprefix(_ROOT)
        print(f"{stat.size / 2**20:8.1f} MB {stat.count:>10,}  {where}:{frame.lineno}")
    del held


def rss_probe(path: Path, threads: bool, freeze: bool, mallopt: int, trim: bool) -> None:
    if mallopt:  # what an app could do at its start, before its threads exist (glibc only)
        _libc().mallopt(M_ARENA_MAX, mallopt)
    held = work(path, threads, freeze)
    gc.collect()
    if trim:  # give the free pages of every arena back to the system
        _libc().malloc_trim(0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rss_mb": round(_rss_mb(), 1), "peak_mb": round(peak, 1),
                      "threads": threading.active_count()}))
    del held


def axis_top(path: Path, top: int) -> None:
    import tracemalloc

    from models.loader import load_dossier
    from tui.views.timeline import whole_axis

    dossier = load_dossier(path)
    gc.collect()
    tracemalloc.start(1)
    events, plan = whole_axis(dossier)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
    tracemalloc.stop()
    print(f"the Timeline's whole axis: {len(plan):,} rows of {len(events):,} events; "
          f"traced {current / 2**20:.1f} MB kept, peak {peak / 2**20:.1f} MB while worked out")
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        where = frame.filename.split("site-packages/")[-1].removeprefix(_ROOT)
        print(f"{stat.size / 2**20:8.2f} MB {stat.count:>10,}  {where}:{frame.lineno}")


def _mallinfo() -> tuple[float, float]:
    """glibc malloc's bytes in use and free, over every arena, mapped blocks in use (MB)."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    libc = _libc()
    libc.mallinfo2.restype = MallInfo2
    info = libc.mallinfo2()
    return (info.uordblks + info.hblkhd) / 2**20, info.fordblks / 2**20


def app_steps(path: Path) -> None:
    import asyncio
    import tempfile

    from tui.app import create_app
    from tui.views.registry import VIEWS

    print("| The app (headless, 120x40), then gc.collect | RSS | pymalloc arenas (live / free blocks) "
          "| malloc in use | malloc free | the rest |")
    print("| --- | --- | --- | --- | --- | --- |")

    def show(label: str) -> None:
        rss = _rss_mb()
        pools = _pymalloc()
        arenas_mb = pools.get("arenas allocated current", 0) * 1.0  # 1 MiB each (256 KiB before 3.10)
        used, free = _mallinfo()
        rest = rss - arenas_mb - used - free
        print(f"| {label} | {rss:.0f} MB | {arenas_mb:.0f} MB ({pools.get('bytes in allocated blocks')} / "
              f"{pools.get('bytes in available blocks')}) | {used:.0f} MB | {free:.0f} MB | {rest:.0f} MB |", flush=True)

    async def walk() -> None:
        app = create_app(path, notes_path=Path(tempfile.mkdtemp()) / "notes.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            while getattr(app, "search_index", None) is None:
                await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            await pilot.pause(1.0)
            show("settled: loaded, indexed, axis prepared")
            for info in VIEWS[1:] + VIEWS[:1]:
                await pilot.press(info.key)
                await app.workers.wait_for_complete()
                await pilot.pause(1.0)
                await app.workers.wait_for_complete()
                show(f"view {info.key} {info.title}, first visit")
            _libc().malloc_trim(0)
            show("then malloc_trim(0)")

    asyncio.run(walk())


_POOL_FIGURES = ("arenas allocated current", "bytes in allocated blocks", "bytes in available blocks",
                 "unused pools")


def _pymalloc() -> dict[str, float]:
    """pymalloc's figures (MB; arenas as a count): ``sys._debugmallocstats`` writes to the C
    level standard error, read back through a pipe."""
    import re

    gc.collect()
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode()
    out: dict[str, float] = {}
    for name in _POOL_FIGURES:
        found = re.search(rf"# {name}.*?=\s*([\d,]+)", text) or re.search(rf"{name}.*?=\s*([\d,]+)", text)
        if found is not None:
            value = int(found.group(1).replace(",", ""))
            out[name] = value if name.startswith("arenas") else round(value / 2**20, 1)
    return out


def arenas(path: Path) -> None:
    from models.loader import load_dossier
    from models.search import build_index

    def show(label: str) -> None:
        print(f"| {label} | {_rss_mb():.0f} MB | " + " | ".join(str(v) for v in _pymalloc().values()) + " |", flush=True)

    print("| Main thread, then gc.collect | RSS | " + " | ".join(_POOL_FIGURES) + " (MB) |")
    print("| --- | --- |" + " --- |" * len(_POOL_FIGURES))
    dossier = load_dossier(path)
    show("loaded")
    _libc().malloc_trim(0)
    show("loaded, malloc_trim(0)")
    index = build_index(dossier)
    show("indexed")
    _libc().malloc_trim(0)
    show("indexed, malloc_trim(0)")
    del index


VARIANTS = [
    ("as the app: load and index in threads", {}, ["--threads"]),
    ("all on the main thread", {}, []),
    ("threads, MALLOC_ARENA_MAX=2", {"MALLOC_ARENA_MAX": "2"}, ["--threads"]),
    ("threads, MALLOC_ARENA_MAX=1", {"MALLOC_ARENA_MAX": "1"}, ["--threads"]),
    ("threads, gc.freeze() after the load", {}, ["--threads", "--freeze"]),
    ("threads, mallopt(M_ARENA_MAX, 2) called at start (ctypes)", {}, ["--threads", "--mallopt", "2"]),
    ("threads, malloc_trim(0) after load and index (ctypes)", {}, ["--threads", "--trim"]),
    ("threads, the dossier from a warm load cache", {"MSS_EXPLORER_CACHE": "WARM"}, ["--threads"]),
]


def rss_table(size: int) -> None:
    import tempfile

    from models.loader import load_dossier

    print(f"| Variant ({size}x, load + index, then gc.collect) | RSS now | peak RSS |")
    print("| --- | --- | --- |")
    warm = tempfile.mkdtemp(prefix="mss-bench-cache-")
    os.environ["MSS_EXPLORER_CACHE"] = warm
    load_dossier(ensure(size).json_path)  # writes the entry the warm variant reads
    os.environ["MSS_EXPLORER_CACHE"] = "off"  # every other variant: a first start
    try:
        for title, env, flags in VARIANTS:
            env = {k: warm if v == "WARM" else v for k, v in env.items()}
            out = subprocess.run([sys.executable, "-m", "benchmarks.memory", "--size", str(size), "probe", *flags],
                                 env={**os.environ, **env}, capture_output=True, text=True, check=True).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            print(f"| {title} | {figures['rss_mb']:.0f} MB | {figures['peak_mb']:.0f} MB |", flush=True)
    finally:
        shutil.rmtree(warm, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("what", choices=["tracemalloc", "rss", "probe", "arenas", "axis", "app"])
    parser.add_argument("--threads", action="store_true")
    parser.add_argument("--freeze", action="store_true")
    parser.add_argument("--mallopt", type=int, default=0, help="M_ARENA_MAX set with mallopt at start")
    parser.add_argument("--trim", action="store_true", help="malloc_trim(0) after the work")
    args = parser.parse_args(argv)
    path = ensure(args.size).json_path
    # A first start, as the app's probes measure it (benchmarks/run.py): the load cache
    # off, unless the caller says otherwise (the warm-cache variant of ``rss`` does).
    os.environ.setdefault("MSS_EXPLORER_CACHE", "off")
    if args.what == "tracemalloc":
        tracemalloc_top(path, args.top)
    elif args.what == "rss":
        rss_table(args.size)
    elif args.what == "arenas":
        arenas(path)
    elif args.what == "axis":
        axis_top(path, args.top)
    elif args.what == "app":
        app_steps(path)
    else:
        rss_probe(path, args.threads, args.freeze, args.mallopt, args.trim)
    return 0


if __name__ == "__main__":
    sys.exit(main())
