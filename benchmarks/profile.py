"""Profile the slow paths with pyinstrument, and measure what-if fixes without editing the app.

    .venv/bin/python -m benchmarks.profile [--size 1000] [--what load,index,search,filter,start,views]
                                           [--whatif] [--out benchmarks/out/profiles]

For each part it writes ``<out>/x<size>-<part>.txt`` (the call tree) and ``.html`` (open
it in a browser), and prints the functions with the most time *of their own* (self
time, summed over every call site) — the hot spots.

``--whatif`` times candidate fixes by patching them in *this process only* (the app's
files are never touched): the loader with the cyclic garbage collector paused, EDTF
parsing memoised, and both; the timeline with memoised EDTF parsing; the index build
with the collector paused. The numbers say what each change would buy.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from benchmarks.generate import OUT_DIR, ensure
from benchmarks.probe import FILTERS, QUERIES, SIZE

PARTS = ("load", "load_toml", "index", "search", "filter", "memory", "start", "views")


def _hot_spots(session: Any, top: int) -> list[tuple[float, str]]:
    """(self seconds, function and place) of the functions with the most self time,
    summed over every place they are called from."""
    totals: dict[str, float] = defaultdict(float)

    def walk(frame: Any) -> None:
        if frame is None:
            return
        if not frame.is_synthetic:  # "[self]" frames repeat their parent's self time
            name = f"{frame.function}  {frame.file_path_short or ''}:{frame.line_no or ''}"
            totals[name] += frame.total_self_time
        for child in frame.children:
            walk(child)

    walk(session.root_frame())
    return sorted(((t, n) for n, t in totals.items()), reverse=True)[:top]


class Profiles:
    def __init__(self, out: Path, scale: int, top: int) -> None:
        self.out = out
        self.scale = scale
        self.top = top
        out.mkdir(parents=True, exist_ok=True)

    @contextmanager
    def profile(self, part: str, interval: float = 0.001) -> Iterator[None]:
        from pyinstrument import Profiler

        profiler = Profiler(interval=interval, async_mode="disabled")
        begin = time.perf_counter()
        profiler.start()
        try:
            yield
        finally:
            profiler.stop()
            wall = time.perf_counter() - begin
            self.report(part, profiler, wall)

    def report(self, part: str, profiler: Any, wall: float) -> None:
        stem = self.out / f"x{self.scale}-{part}"
        stem.with_suffix(".txt").write_text(profiler.output_text(show_all=False), encoding="utf-8")
        stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
        session = profiler.last_session
        print(f"\n== {part} at {self.scale}x: {wall:.3f} s under the profiler "
              f"(call tree: {stem.with_suffix('.txt')})")
        print("   self time  function")
        for seconds, name in _hot_spots(session, self.top):
            share = seconds / session.duration * 100 if session.duration else 0
            print(f"   {seconds:8.3f} s  {share:4.1f}%  {name}")


def _timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        begin = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - begin)
    return best, result


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _edtf_memoised() -> Iterator[None]:
    """Patch every module-level name ``parse_edtf`` in models.* with a memoised one
    (EdtfInterval is a frozen dataclass, so sharing one per distinct text is safe)."""
    import models.edtf

    original = models.edtf.parse_edtf
    cached = functools.lru_cache(maxsize=None)(original)
    patched = []
    for name, module in list(sys.modules.items()):
        if (name == "models" or name.startswith("models.") or name.startswith("tui.")) and \
                getattr(module, "parse_edtf", None) is original:
            module.parse_edtf = cached  # type: ignore[attr-defined]
            patched.append(module)
    try:
        yield
    finally:
        for module in patched:
            module.parse_edtf = original  # type: ignore[attr-defined]


def whatif(path: Path, scale: int) -> None:
    import models.schema  # noqa: F401  (so its parse_edtf is patched too)
    from models.loader import load_dossier
    from models.query import CountryFilter, timeline

    repeat = 1 if scale >= 1000 else 3
    print(f"\n== what-if at {scale}x (best of {repeat}; patched in this process only)")
    base, dossier = _timed(lambda: load_dossier(path), repeat)
    print(f"   load_dossier as it is                       {base:8.3f} s")
    with _gc_paused():
        t, _ = _timed(lambda: load_dossier(path), repeat)
    print(f"   ... with gc paused during the load          {t:8.3f} s  ({base / t:.2f}x faster)")
    with _edtf_memoised():
        t, _ = _timed(lambda: load_dossier(path), repeat)
    print(f"   ... with parse_edtf memoised                {t:8.3f} s  ({base / t:.2f}x faster)")
    with _gc_paused(), _edtf_memoised():
        t, _ = _timed(lambda: load_dossier(path), repeat)
    print(f"   ... with both                               {t:8.3f} s  ({base / t:.2f}x faster)")

    for codes in [FILTERS[0], ()]:
        country_filter = CountryFilter.of(codes, dossier)
        label = ",".join(codes) or "cleared"
        base, _ = _timed(lambda: timeline(dossier, country_filter), 5)
        with _edtf_memoised():
            timeline(dossier, country_filter)  # fill the cache, as the load would have
            t, _ = _timed(lambda: timeline(dossier, country_filter), 5)
        print(f"   timeline ({label:7}) as it is / memoised EDTF {base * 1e3:8.1f} ms / {t * 1e3:6.1f} ms")
        kinds = [dossier.facts, dossier.participants, dossier.votes, dossier.statements, dossier.events,
                 dossier.figures, dossier.caveats,
                 [p for part in dossier.participants for p in part.pledges],
                 [b for vote in dossier.votes for b in vote.ballots]]
        t, _ = _timed(lambda: [country_filter.apply(items) for items in kinds], 5)
        print(f"   CountryFilter.apply, every kind ({label:7})   {t * 1e3:8.1f} ms")
        # The same with each item's codes computed once (at load) as a frozenset ...
        codes_of = {id(item): frozenset(item.country_codes()) for items in kinds for item in items}
        wanted = frozenset(codes)

        def precomputed() -> list[list[Any]]:
            if not wanted:
                return [list(items) for items in kinds]
            return [[i for i in items if not codes_of[id(i)].isdisjoint(wanted)] for items in kinds]

        t2, _ = _timed(precomputed, 5)
        # ... or an inverted index, country -> item positions per kind, built once.
        inverted: list[dict[str, list[int]]] = []
        for items in kinds:
            by_code: dict[str, list[int]] = defaultdict(list)
            for n, item in enumerate(items):
                for code in codes_of[id(item)]:
                    by_code[code].append(n)
            inverted.append(by_code)

        def lookup() -> list[list[Any]]:
            if not wanted:
                return [list(items) for items in kinds]
            out = []
            for items, by_code in zip(kinds, inverted):
                positions = sorted({n for code in wanted for n in by_code.get(code, ())})
                out.append([items[n] for n in positions])
            return out

        t3, _ = _timed(lookup, 5)
        print(f"     ... codes precomputed per item / inverted index by country {t2 * 1e3:6.1f} ms / {t3 * 1e3:6.1f} ms")

    try:
        from models.search import build_index
    except ImportError:
        return
    base, _ = _timed(lambda: build_index(dossier))
    print(f"   build_index as it is                        {base:8.3f} s")
    with _gc_paused():
        t, _ = _timed(lambda: build_index(dossier))
    print(f"   ... with gc paused                          {t:8.3f} s  ({base / t:.2f}x faster)")


def memory_breakdown(path: Path, top: int) -> None:
    """What the memory holds after the load and after the index: objects by type
    (shallow sizes, summed), and the resident set at each step."""
    import resource

    from models.loader import load_dossier

    def rss() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20

    def by_type() -> dict[str, tuple[int, int]]:
        gc.collect()
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for obj in gc.get_objects():
            entry = counts[type(obj).__name__]
            entry[0] += 1
            entry[1] += sys.getsizeof(obj)
        # Strings, ints and floats are not tracked by the collector: count those held by
        # the containers it tracks, once each.
        seen: set[int] = set()
        for obj in gc.get_objects():
            if obj is seen:
                continue
            try:
                values = list(obj.values()) if isinstance(obj, dict) else \
                    list(obj) if isinstance(obj, (list, tuple, set, frozenset)) else ()
            except RuntimeError:
                continue
            for value in values:
                if type(value) in (str, int, float, bytes) and id(value) not in seen:
                    seen.add(id(value))
                    entry = counts[type(value).__name__]
                    entry[0] += 1
                    entry[1] += sys.getsizeof(value)
        return {name: (c, size) for name, (c, size) in counts.items()}

    def show(title: str, now: dict[str, tuple[int, int]], before: dict[str, tuple[int, int]] | None) -> None:
        before = before or {}
        rows = sorted(((size - before.get(name, (0, 0))[1], count - before.get(name, (0, 0))[0], name)
                       for name, (count, size) in now.items()), reverse=True)[:top]
        print(f"   {title}")
        for size, count, name in rows:
            print(f"   {size / 2**20:9.1f} MB  {count:>10,}  {name}")

    print(f"\n== memory at {path.parent.name} (shallow sizes by type; RSS = resident now)")
    base = by_type()
    print(f"   RSS after imports {rss():.0f} MB")
    dossier = load_dossier(path)
    loaded = by_type()
    print(f"   RSS after load {rss():.0f} MB")
    show("held by the loaded dossier (minus what was there before)", loaded, base)
    try:
        from models.search import build_index
    except ImportError:
        return
    index = build_index(dossier)
    indexed = by_type()
    print(f"   RSS after the index {rss():.0f} MB")
    show("held by the search index", indexed, loaded)
    del index


def run_app(path: Path, profiles: Profiles, parts: set[str], notes: Path) -> None:
    """Start the app headless under the profiler (to its first paint), as
    ``mss-explorer --data PATH`` does (frame first, the dossier loaded in a thread
    after it); then, once it has settled, switch views."""
    from pyinstrument import Profiler

    from benchmarks.probe import _apply_filter, _press, _settle, _timed_app, _Watch
    from tui.app import create_app

    profiler = Profiler(interval=0.001, async_mode="disabled")
    app = create_app(path, notes_path=notes)
    begin = time.perf_counter()
    started = {"wall": 0.0}

    def first_paint(app: Any) -> None:
        if profiler.is_running:
            profiler.stop()
            started["wall"] = time.perf_counter() - begin
            if "start" in parts:
                profiles.report("start", profiler, started["wall"])

    _timed_app(app, first_paint)

    async def script(pilot: Any) -> None:
        watch = _Watch(app)
        watch.start()
        try:
            await _settle(app, watch)
            while hasattr(app, "search_index") and getattr(app, "search_index", None) is None:
                await asyncio.sleep(0.05)
            await _settle(app, watch)
            if "views" not in parts:
                return
            from tui.views import VIEW_CLASSES

            views = Profiler(interval=0.001, async_mode="disabled")
            begin_views = time.perf_counter()
            views.start()
            for cls in sorted(VIEW_CLASSES, key=lambda c: c.key)[1:] + sorted(VIEW_CLASSES, key=lambda c: c.key)[:1]:
                _press(app, cls.key)
                await _settle(app, watch)
            _apply_filter(app, FILTERS[0])
            await _settle(app, watch)
            _apply_filter(app, ())
            await _settle(app, watch)
            views.stop()
            profiles.report("views", views, time.perf_counter() - begin_views)
        finally:
            watch.stop()
            app.exit()

    profiler.start()
    app.run(headless=True, size=SIZE, auto_pilot=script)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--what", default="load,index,search,filter",
                        help=f"comma-separated parts: {','.join(PARTS)} (start and views run the app)")
    parser.add_argument("--whatif", action="store_true", help="time candidate fixes (patched in this process)")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "profiles")
    parser.add_argument("--top", type=int, default=15, help="hot spots to list per part")
    args = parser.parse_args(argv)
    parts = {p for p in args.what.split(",") if p}
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    generated = ensure(args.size)
    profiles = Profiles(args.out, args.size, args.top)
    if "memory" in parts:  # first, before anything else is loaded
        memory_breakdown(generated.json_path, args.top)
    from models.loader import load_dossier

    if "load" in parts:
        with profiles.profile("load"):
            dossier = load_dossier(generated.json_path)
    else:
        dossier = load_dossier(generated.json_path)
    if "load_toml" in parts:
        with profiles.profile("load_toml"):
            load_dossier(generated.toml_path)
    index = None
    if parts & {"index", "search"}:
        from models.search import build_index

        if "index" in parts:
            with profiles.profile("index"):
                index = build_index(dossier)
        else:
            index = build_index(dossier)
    if "search" in parts and index is not None:
        from benchmarks.probe import _search_keystrokes

        with profiles.profile("search", interval=0.0002):
            result = _search_keystrokes(index, QUERIES, 1)
        print(f"   p95 {result['p95_s'] * 1e3:.1f} ms over {result['keystrokes']} keystrokes; "
              f"worst prefix {result['worst_prefix']!r} ({result['max_s'] * 1e3:.1f} ms)")
        per_query = sorted(result["per_query_p95_s"].items(), key=lambda kv: -kv[1])
        for query, p95 in per_query[:5]:
            print(f"   p95 {p95 * 1e3:7.1f} ms  {query!r}")
    if "filter" in parts:
        from benchmarks.probe import _filter_benchmark

        with profiles.profile("filter", interval=0.0002):
            result = _filter_benchmark(dossier, FILTERS, 3)
        for row in result["rows"]:
            print(f"   {row['filter']:<14} apply {row['apply_s'] * 1e3:7.1f} ms  timeline {row['timeline_s'] * 1e3:7.1f} ms"
                  f"  sources {row['sources_s'] * 1e3:7.1f} ms  ({row['items_kept']:,} items kept)")
    if parts & {"start", "views"}:
        import tempfile

        with tempfile.TemporaryDirectory() as home:
            run_app(generated.json_path, profiles, parts, Path(home) / "notes.toml")
    if args.whatif:
        whatif(generated.json_path, args.size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
