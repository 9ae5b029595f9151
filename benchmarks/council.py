"""Benchmarks of the official Council record (issue #19), printed as a table.

    .venv/bin/python -m benchmarks.council [--sizes 1,10] [--quick] [--json PATH]

For each size a synthetic voting data file is generated in the Library's exact format
(:mod:`benchmarks.council_generate`: 41,000 rows at 1x, 410,000 at 10x) and measured,
each measurement in a fresh interpreter (so imports are cold and memory is the probe's
own):

* **import**: ``import_csv`` (read, check, build the SQLite record, rename), median.
* **view on screen**: the explorer started as ``mss-explorer`` starts it (bundled
  dossier, the record found), ``8`` pressed at once; time from the probe's start
  (after Python's own start-up) to the first paint of the view's rows.
* **member filter**: the rows of the view for one member (its ballot on each
  resolution it voted on): what the view works out (in a thread) when the country
  filter changes; median over several members.
* **search per keystroke**: the same work for each prefix of a few queries typed a
  key at a time ("haiti", "peacekeeping mandate", "year:1990-2000 israel",
  "subject:sanctions outcome:against"); p50 and p95.
* **memory**: resident memory of the app after the record view has been shown, a
  member filtered and searched, minus the same app before view 8 was first shown.

The smoke test (``tests/test_benchmarks.py``) runs ``--sizes 1 --quick``; it never
asserts a duration.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

from benchmarks.council_generate import generate_council  # noqa: E402
from benchmarks.generate import OUT_DIR, ROOT, parse_sizes  # noqa: E402

QUERIES = ("haiti", "peacekeeping mandate", "year:1990-2000 israel", "subject:sanctions outcome:against")
MEMBERS = ("USA", "FRA", "GHA", "SUN", "JPN")

#: (id, label, unit, target (size, limit) or None, target text)
METRICS = [
    ("rows", "Rows / resolutions in the file", "", None, ""),
    ("file_mb", "File size", "MB", None, ""),
    ("import_s", "Import: read, check, write SQLite (median)", "s", (1, 2.0), "<= 2 s at 1x"),
    ("record_mb", "Record on disk (SQLite, indexes, FTS5)", "MB", None, ""),
    ("content_s", "The app's own start to content (Overview; median)", "s", None, ""),
    ("view_s", "View 8's rows on screen from start, 8 pressed at once (median)", "s", None, ""),
    ("view_more_s", "  View 8 beyond the app's own start to content", "s", (1, 0.300), "<= 300 ms at 1x"),
    ("filter_ms", "Member filter: rows worked out (median)", "ms", (1, 50.0), "<= 50 ms at 1x"),
    ("filter_max_ms", "Member filter: slowest", "ms", None, ""),
    ("search_p50_ms", "Search per keystroke p50", "ms", None, ""),
    ("search_p95_ms", "Search per keystroke p95", "ms", (1, 16.0), "<= 16 ms at 1x"),
    ("search_ids_p95_ms", "  of which the SQLite query (p95)", "ms", None, ""),
    ("memory_mb", "Memory: RSS above the app's own", "MB", (1, 150.0), "<= 150 MB at 1x"),
]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- probes (each runs in its own interpreter) ----------------------------------------------


def probe_import(csv_path: Path, work: Path) -> dict[str, Any]:
    from models.council import import_csv

    started = time.perf_counter()
    parsed, edition = import_csv(csv_path, work / "record.sqlite")
    seconds = time.perf_counter() - started
    return {"import_s": seconds, "rows": parsed.rows, "resolutions": len(parsed.resolutions),
            "record_mb": (work / "record.sqlite").stat().st_size / 1e6}


async def _until_filled(pilot, view, limit: float = 60.0) -> None:
    deadline = time.perf_counter() + limit
    while view.busy or not view.is_mounted:
        if time.perf_counter() > deadline:
            raise TimeoutError("the record view was not filled")
        await asyncio.sleep(0.001)
    await pilot.pause()


def probe_view(record: Path, work: Path, press: str) -> dict[str, Any]:
    """Start as mss-explorer does, press 8 at once, time the first paint of its rows
    (``press`` "8"); or, for comparison, the app's own time to content (the Overview)."""
    from tui.app import create_app

    app = create_app(None, notes_path=work / "notes.toml", votes_path=record)
    result: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            if press != "8":
                while not app.content_shown:
                    await asyncio.sleep(0.001)
                await pilot.pause()
                result["content_s"] = time.perf_counter() - STARTED
                return
            await pilot.press("8")
            while not app.screen.query("#council"):
                await asyncio.sleep(0.001)
            view = app.screen.query_one("#council")
            await _until_filled(pilot, view)
            result["view_s"] = time.perf_counter() - STARTED
            result["view_rows"] = len(view.table._ids)

    asyncio.run(run())
    return result


def probe_work(record: Path, work: Path, quick: bool) -> dict[str, Any]:
    """Memory above the app's own; the member filter's and each keystroke's work."""
    import gc

    from models.council.record import parse_filters
    from models.query import CountryFilter
    from tui.app import create_app

    app = create_app(None, notes_path=work / "notes.toml", votes_path=record)
    result: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while not app.content_shown or app.search_index is None:
                await asyncio.sleep(0.01)
            await pilot.press("3", "5", "1")  # the app's own views, as a reader would have them
            await pilot.pause(0.2)
            gc.collect()
            before = _rss_mb()
            await pilot.press("8")
            view = app.screen.query_one("#council")
            await _until_filled(pilot, view)
            members = MEMBERS[:2] if quick else MEMBERS
            filter_ms = []
            for code in members:
                # The app's filter, set without telling the views (no refill): compute() alone is timed.
                app.set_reactive(type(app).country_filter, CountryFilter.of([code]))
                started = time.perf_counter()
                rows = view.compute()
                filter_ms.append((time.perf_counter() - started) * 1000)
                view.show_rows(rows)
                await pilot.pause()
            app.set_reactive(type(app).country_filter, CountryFilter())
            keystrokes, queries = [], []
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    view.filters = parse_filters(query[:end])[0]
                    started = time.perf_counter()
                    ids = view.record.ids(view.filters)
                    queries.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    rows = view.compute()
                    keystrokes.append((time.perf_counter() - started) * 1000)
                    del ids
                view.show_rows(rows)
                await pilot.pause()
            gc.collect()
            after = _rss_mb()
            result.update(
                memory_mb=after - before, app_rss_mb=before,
                filter_ms=statistics.median(filter_ms), filter_max_ms=max(filter_ms),
                search_p50_ms=statistics.median(keystrokes), search_p95_ms=_p95(keystrokes),
                search_ids_p95_ms=_p95(queries), keystrokes=len(keystrokes))

    asyncio.run(run())
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- the runner ---------------------------------------------------------------------------


def _child(what: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.council", "--probe", what, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"probe {what} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(scale: int, quick: bool) -> dict[str, Any]:
    csv_path = generate_council(scale)
    out: dict[str, Any] = {"file_mb": csv_path.stat().st_size / 1e6}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs = [_child("import", str(csv_path), str(work)) for _ in range(1 if quick else 3)]
        out.update(runs[-1])
        out["import_s"] = statistics.median(r["import_s"] for r in runs)
        record = str(work / "record.sqlite")
        views, contents = [], []
        for _ in range(1 if quick else 5):  # alternated: the machine's load falls on both alike
            views.append(_child("view", record, str(work), "8")["view_s"])
            contents.append(_child("view", record, str(work), "1")["content_s"])
        out["view_s"], out["content_s"] = statistics.median(views), statistics.median(contents)
        out["view_more_s"] = out["view_s"] - out["content_s"]
        out.update(_child("work", record, str(work), *(["--quick"] if quick else [])))
    return out


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return str(value)


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = sorted(results)
    lines = ["| Metric | " + " | ".join(f"{s}x" for s in sizes) + " | Target | Met |",
             "| --- | " + " | ".join("---" for _ in sizes) + " | --- | --- |"]
    for metric, label, unit, target, text in METRICS:
        if metric == "rows":
            cells = [f"{results[s]['rows']:,} / {results[s]['resolutions']:,}" for s in sizes]
        else:
            cells = [_fmt(results[s].get(metric), unit) for s in sizes]
        met = ""
        if target is not None and target[0] in results:
            value = results[target[0]].get(metric)
            met = "yes" if value is not None and value <= target[1] else f"no ({_fmt(value, unit)})"
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {text} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.council", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 10])
    parser.add_argument("--quick", action="store_true", help="one run of each (the smoke test)")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "council-results.json")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.probe:
        quick = "--quick" in rest
        rest = [r for r in rest if r != "--quick"]
        probes = {"import": lambda: probe_import(Path(rest[0]), Path(rest[1])),
                  "view": lambda: probe_view(Path(rest[0]), Path(rest[1]), rest[2]),
                  "work": lambda: probe_work(Path(rest[0]), Path(rest[1]), quick)}
        print(json.dumps(probes[args.probe]()))
        return 0
    results = {}
    for scale in args.sizes:
        print(f"Measuring {scale}x…", file=sys.stderr)
        results[scale] = measure(scale, args.quick)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({str(k): v for k, v in results.items()}, indent=2), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
