"""The notes store's save lock (``filelock``), measured (issue #16, point 6).

``python -m benchmarks.ab_lock`` prints the latency table and the checks.

The A/B that chose ``filelock`` compared it with the store's former hand-written
``fcntl.flock`` polling; that code is gone (its figures stay in benchmarks/README.md).
What is compared now:

* **store**: ``NotesStore._file_lock`` (models/notes/store.py) as the app takes it:
  ``FileLock(path, timeout=LOCK_TIMEOUT_S, mode=0o600, poll_interval=0.001)``,
  ``filelock.Timeout`` turned into ``NotesSaveError``.
* **filelock**: ``FileLock(path, timeout=10, mode=0o600)`` with its default poll
  interval (50 ms), the reason the store asks for 1 ms.

Latency: acquire + release uncontended (one process, one lock object, 3,000 times), then
2, 3 and 4 processes contending for a few seconds: each takes the lock, reads a counter
file, holds the lock 2 ms (about what a save holds it: read, merge, write, fsync), writes
the counter plus one, releases, and waits 1 ms before trying again. The wait for the lock
is timed; the counter must end equal to the number of times the lock was taken (no two
holders at once). The checks are what tests/test_notes.py demands of the lock, tried on
each: the lock file's mode, the lock file kept, a SIGKILLed holder's lock freed, two lock
objects in two threads of one process, and the timeout. The import cost of ``filelock``
is measured in a fresh interpreter (the store imports it at the first save). Windows is a
fact from filelock's own documentation, not measured.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Callable

from benchmarks.ab_common import ROOT, child_env, emit, fmt, machine, percentile, table, write_json

IMPLS = ("store", "filelock")
LABELS = {"store": "the store's lock (filelock, poll 1 ms)", "filelock": "filelock (poll 50 ms, default)"}
HOLD_S = 0.002
GAP_S = 0.001


def make_lock(impl: str, notes: Path, timeout: float = 10.0) -> Callable[[], AbstractContextManager[Any]]:
    """A factory of context managers that hold the notes file's lock."""
    if impl == "store":
        import models.notes.store as notes_module
        from models.notes import NotesStore

        notes_module.LOCK_TIMEOUT_S = timeout
        store = NotesStore.open(notes)
        real = Path(os.path.realpath(notes))
        return lambda: store._file_lock(real)
    from filelock import FileLock

    lock = FileLock(notes.with_name(f".{notes.name}.lock"), timeout=timeout, mode=0o600, poll_interval=0.05)
    return lambda: lock


# -- probes --------------------------------------------------------------------------------


def cmd_uncontended(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="ab-lock-") as directory:
        lock = make_lock(args.impl, Path(directory) / "notes.toml")
        times = []
        for _ in range(args.count):
            begin = time.perf_counter()
            with lock():
                pass
            times.append(time.perf_counter() - begin)
    emit({"p50_us": percentile(times, 50) * 1e6, "p99_us": percentile(times, 99) * 1e6,
          "mean_us": sum(times) / len(times) * 1e6})


def cmd_worker(args: argparse.Namespace) -> None:
    notes = Path(args.notes)
    counter = notes.with_name("counter")
    lock = make_lock(args.impl, notes)
    waits: list[float] = []
    while time.time() < args.start:
        time.sleep(0.001)
    end = args.start + args.seconds
    while time.time() < end:
        begin = time.perf_counter()
        with lock():
            waits.append(time.perf_counter() - begin)
            value = int(counter.read_text() or 0)
            time.sleep(HOLD_S)
            counter.write_text(str(value + 1))
        time.sleep(GAP_S)
    emit({"taken": len(waits), "waits": waits})


def _holder(args: argparse.Namespace) -> None:
    """Take the lock, say so, and hold it until killed."""
    lock = make_lock(args.impl, Path(args.notes))
    with lock():
        os.write(1, b"held\n")
        time.sleep(3600)


def cmd_checks(args: argparse.Namespace) -> None:
    out: dict[str, Any] = {}
    old_umask = os.umask(0o022)
    try:
        with tempfile.TemporaryDirectory(prefix="ab-lock-") as directory:
            notes = Path(directory) / "notes.toml"
            lock_file = notes.with_name(".notes.toml.lock")
            lock = make_lock(args.impl, notes, timeout=0.3)
            with lock():
                pass
            out["mode_0600"] = lock_file.exists() and (lock_file.stat().st_mode & 0o777) == 0o600
            out["lock_file_kept"] = lock_file.exists()

            # Two lock objects in two threads of one process exclude each other.
            other = make_lock(args.impl, notes, timeout=5)
            inside = [0]
            overlap = [False]

            def hammer(factory) -> None:
                for _ in range(args.rounds):
                    with factory():
                        inside[0] += 1
                        if inside[0] > 1:
                            overlap[0] = True
                        time.sleep(0.0001)
                        inside[0] -= 1

            threads = [threading.Thread(target=hammer, args=(f,)) for f in (lock, other)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            out["threads_exclude"] = not overlap[0]

            # The timeout: another process holds the lock.
            lock = make_lock(args.impl, notes, timeout=0.3)
            holder = subprocess.Popen([sys.executable, "-m", "benchmarks.ab_lock", "probe", "holder",
                                       "--impl", args.impl, "--notes", str(notes)],
                                      cwd=ROOT, env=child_env(), stdout=subprocess.PIPE)
            assert holder.stdout is not None
            holder.stdout.readline()
            begin = time.perf_counter()
            try:
                with lock():
                    out["timeout"] = "acquired while held!"
            except Exception as exc:  # noqa: BLE001 - which kind is the finding
                out["timeout"] = f"{type(exc).__name__} after {time.perf_counter() - begin:.2f} s (asked 0.30 s)"
            # SIGKILL the holder: the lock must be free at once.
            holder.send_signal(signal.SIGKILL)
            holder.wait()
            begin = time.perf_counter()
            with make_lock(args.impl, notes, timeout=5)():
                out["after_sigkill_ms"] = (time.perf_counter() - begin) * 1e3
    finally:
        os.umask(old_umask)
    emit(out)


def import_cost(module: str, after: str = "", runs: int = 5) -> float:
    """Median seconds to import ``module`` in a fresh interpreter, after ``after``."""
    code = (f"import time{', ' + after if after else ''}; t = time.perf_counter(); import {module}; "
            "print(time.perf_counter() - t)")
    times = [float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(), capture_output=True,
                                 text=True, check=True).stdout) for _ in range(runs)]
    return sorted(times)[len(times) // 2]


# -- the parent ----------------------------------------------------------------------------


def _probe(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.ab_lock", "probe", *args], cwd=ROOT, env=child_env(),
                          capture_output=True, text=True, timeout=600)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("AB "):
            return json.loads(line[3:])
    raise RuntimeError(done.stderr[-2000:])


def contend(impl: str, processes: int, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ab-lock-") as directory:
        notes = Path(directory) / "notes.toml"
        notes.with_name("counter").write_text("0")
        start = time.time() + 0.5 + 0.25 * processes  # every worker has started by then
        procs = [subprocess.Popen([sys.executable, "-m", "benchmarks.ab_lock", "probe", "worker", "--impl", impl,
                                   "--notes", str(notes), "--start", str(start), "--seconds", str(seconds)],
                                  cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, text=True) for _ in range(processes)]
        results = []
        for proc in procs:
            stdout, _ = proc.communicate(timeout=seconds + 60)
            results.append(json.loads(next(ln for ln in stdout.splitlines() if ln.startswith("AB "))[3:]))
        counted = int(notes.with_name("counter").read_text())
    waits = [w for r in results for w in r["waits"]]
    taken = [r["taken"] for r in results]
    return {"per_s": sum(taken) / seconds, "wait_p50_ms": percentile(waits, 50) * 1e3,
            "wait_p95_ms": percentile(waits, 95) * 1e3, "wait_max_ms": max(waits) * 1e3,
            "fair": min(taken) / max(taken) if max(taken) else None, "exclusive": counted == sum(taken),
            "taken": sum(taken)}


def measure(processes: list[int], seconds: float, count: int, import_runs: int = 5,
            rounds: int = 200) -> dict[str, Any]:
    out: dict[str, Any] = {"impls": {}}
    for impl in IMPLS:
        r = out["impls"][impl] = {"uncontended": _probe("uncontended", "--impl", impl, "--count", str(count))}
        for n in processes:
            r[f"p{n}"] = contend(impl, n, seconds)
        r["checks"] = _probe("checks", "--impl", impl, "--rounds", str(rounds))
    if not import_runs:
        return out
    out["import_s"] = import_cost("filelock", runs=import_runs)
    # What it adds to the app: after Textual's App and the notes store are imported
    # (models.notes imports filelock only when it takes the lock).
    out["import_after_app_s"] = import_cost("filelock", "textual.app, models.notes", import_runs)
    return out


def report(result: dict[str, Any], processes: list[int]) -> str:
    imp = result["impls"]
    rows: list[list[str]] = []

    def row(label: str, get, unit: str = "") -> None:
        cells = []
        for impl in IMPLS:
            try:
                value = get(imp[impl])
            except (KeyError, TypeError):
                value = None
            cells.append("yes" if value is True else "**no**" if value is False else fmt(value, unit))
        rows.append([label, *cells])

    row("Uncontended acquire + release p50", lambda r: r["uncontended"]["p50_us"], "us")
    row("Uncontended acquire + release p99", lambda r: r["uncontended"]["p99_us"], "us")
    for n in processes:
        row(f"{n} processes: locks taken per second", lambda r, n=n: f"{r[f'p{n}']['per_s']:,.0f}")
        row(f"{n} processes: wait p50", lambda r, n=n: r[f"p{n}"]["wait_p50_ms"], "ms")
        row(f"{n} processes: wait p95", lambda r, n=n: r[f"p{n}"]["wait_p95_ms"], "ms")
        row(f"{n} processes: wait max", lambda r, n=n: r[f"p{n}"]["wait_max_ms"], "ms")
        row(f"{n} processes: fairness (fewest / most locks of one process)",
            lambda r, n=n: f"{r[f'p{n}']['fair']:.2f}")
        row(f"{n} processes: never two holders (counter = locks taken)", lambda r, n=n: r[f"p{n}"]["exclusive"])
    row("Check: lock file mode 0600 (umask 022)", lambda r: r["checks"]["mode_0600"])
    row("Check: lock file kept after release (Linux)", lambda r: r["checks"]["lock_file_kept"])
    row("Check: two lock objects, two threads, one process: exclusive", lambda r: r["checks"]["threads_exclude"])
    row("Check: held by another process, timeout 0.3 s", lambda r: r["checks"]["timeout"])
    row("Check: holder SIGKILLed, lock taken after", lambda r: r["checks"]["after_sigkill_ms"], "ms")
    imports = result.get("import_s")
    if imports is None:
        return table(["Metric", *[LABELS[i] for i in IMPLS]], rows)
    # Both sides import the same package: one figure, in every column.
    rows.append(["Cold import of filelock (fresh interpreter, median of 5)",
                 *[fmt(imports * 1e3, "ms") for _ in IMPLS]])
    after_app = result["import_after_app_s"]
    rows.append(["Import of filelock after textual.app and models.notes (what the first save adds)",
                 *[fmt(after_app * 1e3, "ms") for _ in IMPLS]])
    return table(["Metric", *[LABELS[i] for i in IMPLS]], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd")
    p = sub.add_parser("probe")
    p.add_argument("what", choices=["uncontended", "worker", "holder", "checks"])
    p.add_argument("--impl", choices=IMPLS, required=True)
    p.add_argument("--notes")
    p.add_argument("--count", type=int, default=3000)
    p.add_argument("--rounds", type=int, default=200, help="checks: locks taken by each of two threads")
    p.add_argument("--start", type=float)
    p.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--processes", default="2,3,4")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if args.cmd == "probe":
        {"uncontended": cmd_uncontended, "worker": cmd_worker, "holder": _holder, "checks": cmd_checks}[args.what](args)
        return 0
    processes = [int(n) for n in args.processes.split(",") if n]
    print(f"Lock: the store's (filelock, poll 1 ms) vs filelock's default poll. {machine()}", flush=True)
    begin = time.perf_counter()
    result = measure(processes, args.seconds, args.count)
    write_json(args.json, result)
    print(f"\n(measured in {time.perf_counter() - begin:.0f} s)\n", flush=True)
    print(report(result, processes), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
