"""A/B: our Line-API table (tui/widgets/lazy_rows.py + item_table.py) against Textual's
``DataTable`` (issue #16, point 6).

``python -m benchmarks.ab_table [--rows 10000,100000]`` prints one table per row count.

The same rows for both: five columns (id, country, date, kind, a summary of 40 to 110
characters with some accents, curly quotes and dashes), made from a seeded generator.
``DataTable`` is given every row's cells as ``rich.text.Text`` (``cursor_type="row"``);
``ItemTable`` is given the row ids and a function that makes a row's cells on demand,
as the explorer's views do, with the column widths measured in a thread first
(``measure_widths``, as ``tui.views.base.ItemsView`` does above 500 rows).

Each widget runs in a fresh process: an ``App`` headless at 120x40 (``run_test``), the
table mounted into an empty screen after it has settled. Each step is timed from its
start to the last paint before the app is idle again, and a 2 ms timer task on the same
event loop records the longest time the loop could not run (``benchmarks.probe._Watch``,
as the app benchmark measures freezes):

* mount and first paint: mount the table, give it its rows;
* a page down, then to the last row (``ctrl+end``: both widgets move the cursor there);
* a filter: every row replaced by 1 row in 20 (``set_rows`` / ``clear`` + ``add_rows``),
  then the filter cleared (every row again);
* memory: the process's resident set after the rows are shown, minus before, and its
  peak.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.ab_common import emit, fmt, machine, maxrss_mb, probe, table, write_json

WIDGETS = ("ours", "datatable")
LABELS = {"ours": "ItemTable (ours)", "datatable": "DataTable"}
COLUMNS = ("Id", "Country", "Date", "Kind", "Summary")
WORDS = ("Kenya", "police", "Haiti", "Moïse", "Port-au-Prince", "“security”", "council", "gangs", "—",
         "resolution", "deployment", "pledged", "officers", "humanitarian", "Conille", "Ruto", "mission",
         "support", "élections", "funding", "the", "of", "and", "in", "to")
COUNTRIES = ("Kenya", "Haiti", "United States", "Jamaica", "Bahamas", "Belize", "Guatemala", "El Salvador",
             "Chad", "Bangladesh", "Benin", "Barbados", "Canada", "China", "France", "Russian Federation")
KINDS = ("statement", "ballot", "pledge", "event")


def rows(count: int) -> list[tuple[str, str, str, str, str]]:
    """The same ``count`` rows every time (seeded)."""
    rng = random.Random(16)
    out = []
    for n in range(count):
        words = []
        while sum(len(w) + 1 for w in words) < rng.randint(40, 110):
            words.append(rng.choice(WORDS))
        out.append((f"item-{n:06d}", rng.choice(COUNTRIES), f"20{rng.randint(23, 26)}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}", rng.choice(KINDS), " ".join(words)))
    return out


def _rss_now_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return float("nan")
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def cmd_probe(args: argparse.Namespace) -> None:
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.containers import Vertical

    from benchmarks.probe import _settle, _Watch

    data = rows(args.rows)
    by_id = {row[0]: row for row in data}
    all_ids = [row[0] for row in data]
    filtered_ids = all_ids[::20]

    def cells(item_id: str) -> list[Text]:
        return [Text(value, no_wrap=True, overflow="ellipsis") for value in by_id[item_id]]

    class Bench(App):
        def compose(self) -> ComposeResult:
            yield Vertical(id="host")

    app = Bench()
    out: dict[str, Any] = {"rows": args.rows, "widget": args.widget, "steps": {}}

    async def step(watch: Any, label: str, action) -> None:
        start = time.perf_counter()
        cpu = time.process_time()
        await action()
        idle = await _settle(app, watch)
        painted = watch.last_paint(start)
        out["steps"][label] = {
            "to_paint_s": (painted - start) if painted is not None else None,
            "to_idle_s": idle - start,
            "cpu_s": time.process_time() - cpu,
            "max_stall_s": watch.max_stall(start, idle),
        }

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            watch = _Watch(app)
            watch.start()
            await _settle(app, watch)
            host = app.query_one("#host")
            out["rss_before_mb"] = _rss_now_mb()
            if args.widget == "ours":
                from tui.widgets.item_table import ItemTable, measure_widths

                widget = ItemTable()

                async def fill(ids: list[str]) -> None:
                    widths = await asyncio.to_thread(measure_widths, ids, cells, len(COLUMNS))
                    widget.set_rows(ids, cells, widths)

                async def mount() -> None:
                    await host.mount(widget)
                    for label in COLUMNS:
                        widget.add_column(label, key=label.lower())
                    await fill(all_ids)
                    widget.focus()
            else:
                from textual.widgets import DataTable

                widget = DataTable(cursor_type="row")

                async def fill(ids: list[str]) -> None:
                    widget.clear()
                    widget.add_rows([cells(i) for i in ids])

                async def mount() -> None:
                    await host.mount(widget)
                    widget.add_columns(*COLUMNS)
                    widget.add_rows([cells(i) for i in all_ids])
                    widget.focus()

            def key(name: str):
                async def press() -> None:
                    await pilot.press(name)

                return press

            await step(watch, "mount", mount)
            out["rows_after_mount"] = widget.row_count
            out["rss_after_mount_mb"] = _rss_now_mb()
            out["peak_rss_mb"] = maxrss_mb()
            await step(watch, "page_down", key("pagedown"))
            await step(watch, "to_end", key("ctrl+end"))
            out["cursor_after_end"] = widget.cursor_row
            await step(watch, "filter", lambda: fill(filtered_ids))
            if not args.quick:
                await step(watch, "clear", lambda: fill(all_ids))
            out["peak_rss_end_mb"] = maxrss_mb()
            out["row_count"] = widget.row_count
            watch.stop()

    asyncio.run(run())
    emit(out)


STEPS = (
    ("mount", "Mount and first paint"),
    ("page_down", "Page down"),
    ("to_end", "To the last row (ctrl+end)"),
    ("filter", "Filter: every row replaced by 1 in 20"),
    ("clear", "Clear the filter: every row again"),
)


def size_table(results: dict[str, dict[str, Any]]) -> str:
    rows_out: list[list[str]] = []
    for key, label in STEPS:
        for what, unit_key in (("to last paint", "to_paint_s"), ("longest event-loop block", "max_stall_s")):
            rows_out.append([f"{label}: {what}",
                             *[fmt(_get(results[w], key, unit_key), "ms") for w in WIDGETS]])
    rows_out.append(["Memory: RSS after mount − before",
                     *[fmt(results[w]["rss_after_mount_mb"] - results[w]["rss_before_mb"], "MB") for w in WIDGETS]])
    rows_out.append(["Memory: peak RSS of the process", *[fmt(results[w]["peak_rss_end_mb"], "MB") for w in WIDGETS]])
    return table(["Metric", *[LABELS[w] for w in WIDGETS]], rows_out)


def _get(result: dict[str, Any], step: str, key: str) -> float | None:
    value = result["steps"].get(step, {}).get(key)  # a step not run: "–"
    return value * 1e3 if value is not None else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd")
    p = sub.add_parser("probe")
    p.add_argument("what", choices=["run"])
    p.add_argument("--widget", choices=WIDGETS, required=True)
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--quick", action="store_true", help="no clearing of the filter (the smoke test)")
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if args.cmd == "probe":
        cmd_probe(args)
        return 0
    print(f"Table A/B: ItemTable vs DataTable, headless 120x40. {machine()}", flush=True)
    every: dict[str, Any] = {}
    for count in (int(s) for s in args.rows.split(",") if s):
        begin = time.perf_counter()
        results = {w: probe("benchmarks.ab_table", "run", "--widget", w, "--rows", str(count)) for w in WIDGETS}
        every[str(count)] = results
        write_json(args.json, every)
        print(f"\n### {count:,} rows (measured in {time.perf_counter() - begin:.0f} s)\n", flush=True)
        print(size_table(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
