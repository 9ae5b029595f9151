"""The measuring programs :mod:`benchmarks.run` starts, each in a fresh interpreter.

``python -m benchmarks.probe <what> ...``; each prints its figures as one line
``BENCH {json}`` written straight to file descriptor 1 (Textual captures
``sys.stdout`` while an app runs), and ``start``/``app`` also print ``READY {json}``
the moment the first frame has been painted and ``CONTENT {json}`` the moment the
dossier's content has first been painted, so the parent can time the process from its
start to each.

start     cold start as ``mss-explorer --data PATH`` does it (the app paints its frame,
          then loads the dossier in a thread): first paint (READY), first paint of the
          dossier's content (CONTENT), exit (``--bare``: a bare Textual app with a
          Header and a Footer instead, which has no content to wait for)
app       the same start, then, with Pilot: every view by its number key (twice),
          a country filter applied to every view and cleared, timing each step to
          its last paint and the longest time the event loop was blocked
load      load_dossier against json.loads of the same JSON file (and the TOML file)
data      load, build the search index (peak memory of both), then search latency
          per keystroke and the country filter (models only)
memory    load and build the index under tracemalloc: the peak of Python allocations
switch    the reference for a view switch: a bare Textual app switching DataTables of the
          same row counts as the explorer's views, timed the same way

Nothing here is imported at module level beyond the standard library, so the start
of a probe costs the same for the explorer and for the bare app.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # as early as possible: in-process times are measured from here

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

#: Terminal size of the headless app (a common full-screen terminal).
SIZE = (120, 40)

#: Queries typed one character at a time: every prefix is a keystroke. Words, a typo,
#: accents ("moise" finds "Moïse"), a quoted phrase, a number, a hyphenated name.
QUERIES = [
    "kenya police",
    "abstain",
    "armed gangs",
    "united states",
    "critical infrastructure",
    "moise",
    "humanitarian aid",
    "securty council",
    '"free and fair elections"',
    "gang suppression force",
    "port-au-prince",
    "resolution 2700",
]

#: Typed into the app's search dialog, a key at a time (then erased): words, and a
#: phrase of common words, the index's slowest kind of query.
TYPED = ["kenya police", '"the security council"']

#: Country filters applied (and cleared) by the benchmarks: one country, the host,
#: three permanent members at once, and one with few items.
FILTERS = [("KEN",), ("HTI",), ("USA", "CHN", "RUS"), ("FRA",), ("NZL",)]


def emit(tag: str, payload: dict[str, Any]) -> None:
    """One line on fd 1, bypassing sys.stdout (which Textual redirects while running)."""
    os.write(1, f"{tag} {json.dumps(payload)}\n".encode())


def since_start() -> float:
    return time.perf_counter() - T0


def maxrss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_now_mb() -> float:
    """Resident set size of this process now, in MiB (Linux: /proc/self/statm); None
    elsewhere. Unlike :func:`maxrss_mb`, memory given back to the system counts no more."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return None  # type: ignore[return-value]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# -- start -------------------------------------------------------------------------------


def _timed_app(app: Any, on_first_paint, on_content=None) -> Any:
    """Give ``app`` a Ready handler (Textual sends Ready once the first frame is painted)
    and, with ``on_content``, a handler of the explorer's ContentShown (posted once the
    dossier's content has first been painted).

    The app is made by the project's own factory; its class is swapped for a subclass
    that only adds the handlers (Textual calls the handlers of every class in the MRO,
    so the app's own are kept). Same name and module, so CSS type selectors match.
    """
    base = type(app)

    def on_ready(self) -> None:
        on_first_paint(self)

    def on_content_shown(self, event: Any) -> None:
        if on_content is not None:
            on_content(self)

    handlers: dict[str, Any] = {"on_ready": on_ready}
    shown = getattr(base, "ContentShown", None)
    if shown is not None:
        handlers[shown.handler_name] = on_content_shown
    timed = type(base.__name__, (base,), {**handlers, "__module__": base.__module__,
                                           "__qualname__": base.__qualname__})
    app.__class__ = timed
    return app


def cmd_start(args: argparse.Namespace) -> None:
    stamps: dict[str, float] = {}
    if args.bare:
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header

        stamps["imports"] = since_start()

        class BareApp(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Footer()

        app: Any = BareApp()
        stamps["created"] = since_start()
    else:
        # As `mss-explorer --data PATH --notes PATH` does it (tui.cli): the app paints its
        # frame first, then loads the dossier in a thread.
        from tui.cli import build_parser, make_app

        argv = ["--data", args.data] + (["--notes", args.notes] if args.notes else [])
        cli_args = build_parser().parse_args(argv)
        stamps["imports_cli"] = since_start()
        app = make_app(cli_args)
        stamps["imports"] = stamps["created"] = since_start()

    def first_paint(app: Any) -> None:
        stamps["first_paint"] = since_start()
        stamps["maxrss_mb"] = maxrss_mb()
        emit("READY", stamps)
        if not args.interact and args.bare:
            app.exit()

    def content(app: Any) -> None:
        stamps["content"] = since_start()
        stamps["maxrss_mb"] = maxrss_mb()
        emit("CONTENT", stamps)
        if not args.interact:
            app.exit()

    _timed_app(app, first_paint, content)
    if args.interact:
        results = _interact(app, args)
    else:
        app.run(headless=True, size=SIZE)
        results = {}
        if getattr(app, "load_error", None):
            raise SystemExit(f"the app could not load the dossier: {app.load_error}")
    stamps["exited"] = since_start()
    emit("BENCH", {"stamps": stamps, **results})


# -- app: views and filter, driven by Pilot ----------------------------------------------


class _Watch:
    """Times paints and event-loop stalls while the app runs (same event loop)."""

    PERIOD = 0.002

    def __init__(self, app: Any) -> None:
        self.paints: list[float] = []
        self.gaps: list[tuple[float, float]] = []  # (when the tick came, how late it was)
        display = app._display  # called once per compositor refresh of the top screen

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.paints.append(time.perf_counter())

        app._display = timed_display
        self._task: Any = None

    async def _tick(self) -> None:
        import asyncio

        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.PERIOD)
            now = time.perf_counter()
            self.gaps.append((now, max(0.0, now - last - self.PERIOD)))
            last = now

    def start(self) -> None:
        import asyncio

        self._task = asyncio.get_running_loop().create_task(self._tick())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def last_paint(self, after: float) -> float | None:
        later = [t for t in self.paints if t >= after]
        return later[-1] if later else None

    def max_stall(self, start: float, end: float) -> float:
        return max((gap for when, gap in self.gaps if start <= when <= end + self.PERIOD * 4), default=0.0)

    def longest_block(self, start: float, end: float) -> tuple[float, float]:
        """(start, end) of the longest block in the window: from the tick before it to the
        late tick (so the time it covers includes one PERIOD of sleeping)."""
        when, gap = max(((w, g) for w, g in self.gaps if start <= w <= end + self.PERIOD * 4),
                        key=lambda tick: tick[1], default=(start, 0.0))
        return when - gap - self.PERIOD, when


class _GcTimes:
    """Each garbage collection of the run, timed with ``gc.callbacks``: (start, end,
    generation, objects freed, on the event loop's thread, CPU seconds of its thread).
    A collection on any thread blocks the event loop (it holds the interpreter's lock),
    so all are kept. The CPU time tells a busy machine's waits from the work."""

    def __init__(self) -> None:
        import threading

        self.done: list[tuple[float, float, int, int, bool, float]] = []
        self._began: dict[int, tuple[float, float]] = {}
        self._main = threading.get_ident()
        self._ident = threading.get_ident

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        ident = self._ident()
        if phase == "start":
            self._began[ident] = (now, cpu)
        elif ident in self._began:
            began, cpu_began = self._began.pop(ident)
            self.done.append((began, now, info["generation"], info["collected"], ident == self._main,
                              cpu - cpu_began))

    def start(self) -> None:
        gc.callbacks.append(self)

    def stop(self) -> None:
        if self in gc.callbacks:
            gc.callbacks.remove(self)

    def within(self, start: float, end: float) -> dict[str, Any]:
        """The collections that overlap [start, end]: per generation how many and how long
        (seconds inside the window), and the longest."""
        out: dict[str, Any] = {"count": [0, 0, 0], "s": [0.0, 0.0, 0.0], "cpu_s": [0.0, 0.0, 0.0],
                               "max_s": 0.0, "freed": [0, 0, 0]}
        for began, ended, generation, freed, _main, cpu in self.done:
            inside = min(ended, end) - max(began, start)
            if inside > 0:
                out["count"][generation] += 1
                out["s"][generation] += inside
                out["cpu_s"][generation] += cpu
                out["max_s"] = max(out["max_s"], ended - began)
                out["freed"][generation] += freed
        return out

    def totals(self) -> dict[str, Any]:
        out = self.within(float("-inf"), float("inf"))
        out["off_main_thread"] = sum(1 for *_, main, _cpu in self.done if not main)
        out["gen2_s_each"] = [round(e - b, 4) for b, e, g, *_ in self.done if g == 2]
        out["gen2_cpu_s_each"] = [round(cpu, 4) for _b, _e, g, *_, cpu in self.done if g == 2]
        return out


async def _drain(app: Any, timeout: float) -> None:
    """Wait until the app and its screen have handled what was queued for them (not
    every widget: posting to hundreds of widgets would itself cost time)."""
    import asyncio

    events = []
    for node in (app, app.screen):
        done = asyncio.Event()
        if node.call_later(done.set):
            events.append(done)
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in events)), timeout)


#: How long the app must stay quiet (no paint, under 10% CPU) to count as idle: long
#: enough to see work a widget defers with a short timer or call_after_refresh.
QUIET_S = 0.05


async def _settle(app: Any, watch: _Watch, timeout: float = 900.0) -> float:
    """Wait until the app is idle: its queue drained, then no paint and (almost) no CPU
    for QUIET_S. Returns when the work ended."""
    import asyncio

    deadline = time.perf_counter() + timeout
    await _drain(app, timeout)
    while True:
        paints = len(watch.paints)
        cpu = time.process_time()
        quiet_from = time.perf_counter()
        await asyncio.sleep(QUIET_S)
        if len(watch.paints) == paints and time.process_time() - cpu < QUIET_S / 10:
            return quiet_from
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not become idle")


#: Set while ``start --interact`` runs: every collection, for the steps' attribution.
_GC: _GcTimes | None = None


def _gc_of_block(watch: _Watch, start: float, end: float) -> dict[str, Any] | None:
    """The collections during the step's longest block (what of the freeze they were)."""
    return _GC.within(*watch.longest_block(start, end)) if _GC is not None else None


async def _step(app: Any, watch: _Watch, action, label: str) -> dict[str, Any]:
    start = time.perf_counter()
    cpu = time.process_time()
    action()
    idle = await _settle(app, watch)
    painted = watch.last_paint(start)
    return {
        "step": label,
        "cpu_s": time.process_time() - cpu,
        "paints": sum(1 for t in watch.paints if t >= start),
        "to_paint_s": (painted - start) if painted is not None else None,
        "to_idle_s": idle - start,
        "max_stall_s": watch.max_stall(start, idle),
        "max_stall_gc": _gc_of_block(watch, start, idle),
    }


def _press(app: Any, key: str) -> None:
    from textual import events

    event = events.Key(key, key if len(key) == 1 else None)
    app.post_message(event)


def _main_screen(app: Any) -> Any:
    return app.screen_stack[0] if app.screen_stack else app.screen


def _apply_filter(app: Any, codes: tuple[str, ...]) -> str:
    """Apply a country filter the way the app does it (the picker and x call
    ``MainScreen.apply_filter``, which sets the app's filter the views watch);
    returns the path used."""
    from models.query import CountryFilter

    _main_screen(app).apply_filter(CountryFilter.of(codes, app.dossier))
    return "MainScreen.apply_filter"


def _rows_shown(screen: Any) -> int:
    """How many rows the shown view lists (its tables' rows and its lists' options): what
    the bare reference's DataTables are filled with."""
    from textual.widgets import ContentSwitcher

    switcher = screen.query_one(ContentSwitcher)
    view = switcher.get_child_by_id(switcher.current) if switcher.current else None
    if view is None:
        return 0
    total = 0
    for widget in view.query("*"):
        count = getattr(widget, "row_count", None)
        if count is None:
            count = getattr(widget, "option_count", None)
        if isinstance(count, int):
            total += count
    return total


def _interact(app: Any, args: argparse.Namespace) -> dict[str, Any]:
    """After the first paint: wait for the app to settle (and for the search index it
    builds in a thread), then switch views by number key, apply and clear filters."""
    import asyncio

    global _GC
    out: dict[str, Any] = {"views": [], "filters": [], "search": []}
    _GC = _GcTimes()
    _GC.start()

    async def pilot_script(pilot: Any) -> None:
        watch = _Watch(app)
        watch.start()
        try:
            began = time.perf_counter()
            await _settle(app, watch, timeout=args.timeout)
            out["settled_after_start_s"] = since_start()
            if hasattr(app, "search_index"):
                while getattr(app, "search_index", None) is None:
                    await asyncio.sleep(0.01)
                out["search_index_ready_s"] = since_start()
                await _settle(app, watch, timeout=args.timeout)
            out["rss_settled_mb"] = rss_now_mb()  # loaded, indexed, idle: before the walk
            out["startup_max_stall_s"] = watch.max_stall(began, time.perf_counter())
            out["startup_max_stall_gc"] = _gc_of_block(watch, began, time.perf_counter())
            out["gc_startup"] = _GC.totals()
            from tui.views import VIEW_CLASSES

            keys = [(cls.key, cls.name) for cls in sorted(VIEW_CLASSES, key=lambda c: c.key)]
            order = keys[1:] + keys[:1]  # the Overview is shown first: end on it

            async def round_(label: str) -> None:
                for key, name in order:
                    result = await _step(app, watch, lambda key=key: _press(app, key), f"view {key} {name}")
                    result["round"] = label
                    result["shown"] = _main_screen(app).query_one("ContentSwitcher").current
                    result["rows"] = _rows_shown(_main_screen(app))
                    out["views"].append(result)

            await round_("first visit")
            await round_("again")
            # Typing in the search dialog, a key at a time: each keystroke is a step.
            await _step(app, watch, lambda: app.simulate_key("slash"), "search: open")
            for query in TYPED:
                for end in range(1, len(query) + 1):
                    result = await _step(app, watch, lambda ch=query[end - 1]: app.simulate_key(ch),
                                         f"search: {query[:end]}")
                    out["search"].append(result)
                for _ in query:
                    out["search"].append(await _step(app, watch, lambda: app.simulate_key("backspace"),
                                                     "search: backspace"))
            await _step(app, watch, lambda: app.simulate_key("escape"), "search: close")
            for codes in args.filters:
                path: list[str] = []
                result = await _step(app, watch, lambda codes=codes: path.append(_apply_filter(app, codes)),
                                     f"filter {','.join(codes)}")
                result["path"] = path[-1] if path else None
                out["filters"].append(result)
                if args.filtered_rounds:
                    await round_(f"filtered {','.join(codes)}")
                result = await _step(app, watch, lambda: path.append(_apply_filter(app, ())), "clear filter")
                out["filters"].append(result)
                if args.filtered_rounds:
                    await round_("after clearing")
        finally:
            watch.stop()
            _GC.stop()
            out["gc"] = _GC.totals()  # the whole run, start included
            out["maxrss_mb"] = maxrss_mb()
            out["rss_end_mb"] = rss_now_mb()  # after every step (each waited for idle)
            app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=pilot_script)
    return out


# -- switch: the bare reference for a view switch -------------------------------------


def cmd_switch(args: argparse.Namespace) -> None:
    """A bare Textual app: a Header, a ContentSwitcher of one DataTable per view filled
    with the same number of rows as the explorer's view (filled before timing starts),
    and a Footer. Number keys switch, timed from the key to the last paint as the
    explorer's view switch is, twice round (the first visit shows a table for the first
    time, as the explorer's first visit does)."""
    from textual.app import App, ComposeResult
    from textual.widgets import ContentSwitcher, DataTable, Footer, Header

    counts: list[int] = args.rows
    columns = ("Date", "Who", "Words", "Source")

    class SwitchApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            with ContentSwitcher(initial="v1"):
                for n, _ in enumerate(counts, 1):
                    yield DataTable(id=f"v{n}")
            yield Footer()

        def on_mount(self) -> None:
            for n, count in enumerate(counts, 1):
                table = self.query_one(f"#v{n}", DataTable)
                table.add_columns(*columns)
                table.add_rows((f"2024-{i % 12 + 1:02d}-01", f"Speaker {i}", f"words of row {i} " * 3, f"S{i}")
                               for i in range(count))

        def on_key(self, event: Any) -> None:
            if event.key.isdigit() and 1 <= int(event.key) <= len(counts):
                self.query_one(ContentSwitcher).current = f"v{event.key}"

    app = SwitchApp()
    out: dict[str, Any] = {"views": []}

    async def pilot_script(pilot: Any) -> None:
        watch = _Watch(app)
        watch.start()
        try:
            await _settle(app, watch, timeout=args.timeout)
            order = list(range(2, len(counts) + 1)) + [1]
            for label in ("first visit", "again"):
                for n in order:
                    result = await _step(app, watch, lambda n=n: _press(app, str(n)), f"view {n}")
                    result["round"] = label
                    result["rows"] = counts[n - 1]
                    out["views"].append(result)
        finally:
            watch.stop()
            out["maxrss_mb"] = maxrss_mb()
            app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=pilot_script)
    emit("BENCH", out)


# -- load ------------------------------------------------------------------------------


def cmd_load(args: argparse.Namespace) -> None:
    from models.loader import load_dossier

    out: dict[str, Any] = {}
    begin = time.perf_counter()
    load_dossier(args.data)
    out["cold_load_s"] = time.perf_counter() - begin
    loads: list[float] = []
    parses: list[float] = []
    for _ in range(args.repeat):
        gc.collect()
        begin = time.perf_counter()
        json.loads(Path(args.data).read_text(encoding="utf-8"))
        parses.append(time.perf_counter() - begin)
        gc.collect()
        begin = time.perf_counter()
        load_dossier(args.data)
        loads.append(time.perf_counter() - begin)
    out["load_s"] = loads
    out["json_loads_s"] = parses
    if args.toml:
        import tomllib

        gc.collect()
        begin = time.perf_counter()
        load_dossier(args.toml)
        out["load_toml_s"] = time.perf_counter() - begin
        gc.collect()
        begin = time.perf_counter()
        tomllib.loads(Path(args.toml).read_text(encoding="utf-8"))
        out["tomllib_loads_s"] = time.perf_counter() - begin
    out.update(_cached_loads(args))
    emit("BENCH", out)


def _cached_loads(args: argparse.Namespace) -> dict[str, Any]:
    """The same loads through the load cache (models/load_cache.py; the probes run with it
    off): the first load of each file writes its entry, the next ones read it (warm)."""
    import tempfile

    from models.load_cache import CACHE_ENV_VAR
    from models.loader import load_dossier

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mss-bench-cache-") as folder:
        os.environ[CACHE_ENV_VAR] = folder
        try:
            for key, path in (("json", args.data), ("toml", args.toml)):
                if not path:
                    continue
                gc.collect()
                begin = time.perf_counter()
                load_dossier(path)
                out[f"cache_write_{key}_s"] = time.perf_counter() - begin
                warm = []
                for _ in range(max(1, args.repeat)):
                    gc.collect()
                    begin = time.perf_counter()
                    load_dossier(path)
                    warm.append(time.perf_counter() - begin)
                out[f"cached_{key}_s"] = warm
        finally:
            os.environ[CACHE_ENV_VAR] = "off"
    return out


# -- data: memory, search, filter ---------------------------------------------------------


def _search_keystrokes(index: Any, queries: list[str], repeat: int) -> dict[str, Any]:
    """Every prefix of every query is a keystroke; the index's caches (terms, phrases,
    country filters) are emptied before each query (a new search) and kept between its
    keystrokes (as typing does)."""
    total: list[float] = []
    search_only: list[float] = []
    worst: tuple[float, str] = (0.0, "")
    per_query: dict[str, list[float]] = {}
    hits_shown = 0
    for _ in range(repeat):
        for query in queries:
            index.clear_caches()  # every cache of the index, the phrase cache too
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                begin = time.perf_counter()
                results = index.search(prefix)
                middle = time.perf_counter()
                for hit in results.hits:  # highlight spans of every hit returned, as shown
                    hit.spans  # noqa: B018
                finish = time.perf_counter()
                hits_shown = max(hits_shown, len(results.hits))
                total.append(finish - begin)
                search_only.append(middle - begin)
                per_query.setdefault(query, []).append(finish - begin)
                if finish - begin > worst[0]:
                    worst = (finish - begin, prefix)
    return {
        "keystrokes": len(total),
        "p50_s": percentile(total, 50),
        "p95_s": percentile(total, 95),
        "p99_s": percentile(total, 99),
        "max_s": max(total),
        "search_only_p95_s": percentile(search_only, 95),
        "worst_prefix": worst[1],
        "per_query_p95_s": {q: percentile(v, 95) for q, v in per_query.items()},
        "max_hits": hits_shown,
    }


def _filter_benchmark(dossier: Any, filters: list[tuple[str, ...]], repeat: int) -> dict[str, Any]:
    """CountryFilter.apply over every kind of item, and the timeline, for each filter and
    for the empty filter (clearing); the sources a filter leaves, separately."""
    from models.query import CountryFilter, timeline

    kinds = {
        "facts": dossier.facts,
        "participants": dossier.participants,
        "pledges": [p for participant in dossier.participants for p in participant.pledges],
        "votes": dossier.votes,
        "ballots": [b for vote in dossier.votes for b in vote.ballots],
        "statements": dossier.statements,
        "events": dossier.events,
        "figures": dossier.figures,
        "caveats": dossier.caveats,
    }

    def apply(codes: tuple[str, ...]) -> tuple[float, float, float, int]:
        begin = time.perf_counter()
        # Making the filter is part of applying it: it looks the countries up in the
        # dossier's index (built once, with the load: timed below as such).
        country_filter = CountryFilter.of(codes, dossier)
        kept = sum(len(country_filter.apply(items)) for items in kinds.values())
        middle = time.perf_counter()
        timeline(dossier, country_filter)
        after_timeline = time.perf_counter()
        country_filter.sources(dossier)
        end = time.perf_counter()
        return middle - begin, after_timeline - middle, end - after_timeline, kept

    begin = time.perf_counter()
    dossier.ids_involving(())
    index_s = time.perf_counter() - begin
    rows: list[dict[str, Any]] = []
    for codes in [*filters, ()]:
        runs = [apply(codes) for _ in range(repeat)]
        rows.append({
            "filter": ",".join(codes) or "(cleared)",
            "apply_s": statistics.median(r[0] for r in runs),
            "timeline_s": statistics.median(r[1] for r in runs),
            "apply_and_timeline_s": statistics.median(r[0] + r[1] for r in runs),
            "sources_s": statistics.median(r[2] for r in runs),
            "items_kept": runs[0][3],
        })
    applied = [r for r in rows if r["filter"] != "(cleared)"]
    cleared = [r for r in rows if r["filter"] == "(cleared)"]
    return {
        "rows": rows,
        "country_index_s": index_s,
        "apply_max_s": max(r["apply_and_timeline_s"] for r in applied),
        "apply_median_s": statistics.median(r["apply_and_timeline_s"] for r in applied),
        "clear_s": cleared[0]["apply_and_timeline_s"],
        "sources_max_s": max(r["sources_s"] for r in rows),
    }


def cmd_data(args: argparse.Namespace) -> None:
    from models.loader import load_dossier

    out: dict[str, Any] = {"baseline_rss_mb": maxrss_mb()}
    begin = time.perf_counter()
    dossier = load_dossier(args.data)
    out["load_s"] = time.perf_counter() - begin
    out["rss_after_load_mb"] = maxrss_mb()
    out["items"] = sum(1 for _ in dossier.iter_items())
    try:
        from models.search import build_index
    except ImportError as exc:  # the search index is being written
        out["search"] = {"skipped": f"models.search.build_index not available: {exc}"}
        index = None
    else:
        begin = time.perf_counter()
        index = build_index(dossier)
        out["index_build_s"] = time.perf_counter() - begin
        out["index_docs"] = len(index)
    out["peak_rss_mb"] = maxrss_mb()  # the high-water mark of loading and indexing
    if index is not None:
        out["search"] = _search_keystrokes(index, args.queries, args.search_repeat)
    out["filter"] = _filter_benchmark(dossier, args.filters, args.filter_repeat)
    emit("BENCH", out)


def cmd_memory(args: argparse.Namespace) -> None:
    import tracemalloc

    tracemalloc.start()
    from models.loader import load_dossier

    imported = tracemalloc.get_traced_memory()[0]
    dossier = load_dossier(args.data)
    after_load, load_peak = tracemalloc.get_traced_memory()
    out: dict[str, Any] = {
        "imports_mb": imported / 2**20,
        "load_peak_mb": load_peak / 2**20,
        "after_load_mb": after_load / 2**20,
    }
    try:
        from models.search import build_index
    except ImportError:
        pass
    else:
        index = build_index(dossier)
        current, peak = tracemalloc.get_traced_memory()
        out["with_index_mb"] = current / 2**20
        out["index_mb"] = (current - after_load) / 2**20
        del index
    out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    out["maxrss_mb"] = maxrss_mb()
    emit("BENCH", out)


def _codes(text: str) -> list[tuple[str, ...]]:
    return [tuple(part.split("+")) for part in text.split(",") if part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    sub = parser.add_subparsers(dest="what", required=True)
    start = sub.add_parser("start")
    start.add_argument("--data")
    start.add_argument("--bare", action="store_true")
    start.add_argument("--notes")
    start.add_argument("--interact", action="store_true")
    start.add_argument("--filters", type=_codes, default=FILTERS[:2])
    start.add_argument("--timeout", type=float, default=900.0)
    start.add_argument("--filtered-rounds", action="store_true",
                       help="switch through every view after applying and after clearing each filter")
    load = sub.add_parser("load")
    load.add_argument("--data", required=True)
    load.add_argument("--toml")
    load.add_argument("--repeat", type=int, default=3)
    data = sub.add_parser("data")
    data.add_argument("--data", required=True)
    data.add_argument("--queries", type=lambda t: json.loads(t), default=QUERIES)
    data.add_argument("--search-repeat", type=int, default=3)
    data.add_argument("--filters", type=_codes, default=FILTERS)
    data.add_argument("--filter-repeat", type=int, default=5)
    memory = sub.add_parser("memory")
    memory.add_argument("--data", required=True)
    switch = sub.add_parser("switch")
    switch.add_argument("--rows", type=lambda t: [int(n) for n in t.split(",")], required=True)
    switch.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    if args.what == "start":
        if not args.bare and not args.data:
            parser.error("start needs --data (or --bare)")
        cmd_start(args)
    else:
        {"load": cmd_load, "data": cmd_data, "memory": cmd_memory, "switch": cmd_switch}[args.what](args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
