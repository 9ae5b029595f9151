"""The search dialog's keystrokes alone: ``benchmarks.probe app``'s search step, without the
start's view walk and filters (issue #20, target 6).

``python -m benchmarks.search_keys --data benchmarks/out/x1000/dossier.json [--rounds 3]``

Starts the app as the probe does (``tui.cli.make_app``, headless, 120x40), waits for the
search index, opens the dialog with ``/`` and types :data:`benchmarks.probe.TYPED` a key
at a time, then erases it, timing each keystroke to its last paint with the probe's own
``_Watch`` and ``_step`` (so the figures are the probe's ``app_search`` figures). With
``--rounds N`` the typing is done N times (the dialog closed and opened between rounds);
with ``--toggle module:Class.ATTR=VALUE`` the odd rounds set that class attribute (the
"before" of an A/B in one process), the even rounds leave it as the code has it;
prints one ``BENCH {json}`` line: per round the median and slowest keystroke, the paints
and the event loop's CPU per keystroke, and every keystroke.

Run it with the load cache on (the default here, in a throwaway home unless ``--home``)
and the second start reads the index from its cache: a minute saved per run at 1,000x;
the keystrokes are the same work either way.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from typing import Any


def _toggle(spec: str) -> tuple[Any, str, Any, Any]:
    """``module:Class.attr=value``: (the class, the attribute, value, the value it has)."""
    import ast
    import importlib

    where, value = spec.split("=", 1)
    module, path = where.split(":")
    owner_path, name = path.rsplit(".", 1)
    owner: Any = importlib.import_module(module)
    for part in owner_path.split("."):
        owner = getattr(owner, part)
    return owner, name, ast.literal_eval(value), getattr(owner, name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_keys")
    parser.add_argument("--data", required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--home", help="the home (and so the caches) to use; a new one by default")
    parser.add_argument("--toggle", action="append", default=[], metavar="MODULE:CLASS.ATTR=VALUE",
                        help="A/B in one process: odd rounds with this setting (the 'before'), even rounds "
                             "without (the class attribute as the code has it); may be repeated")
    parser.add_argument("--profile", help="write a pyinstrument HTML profile of the typing here")
    args = parser.parse_args(argv)
    home = args.home or tempfile.mkdtemp(prefix="search-keys-")
    os.environ.update(HOME=home, XDG_DATA_HOME=f"{home}/data", XDG_CONFIG_HOME=f"{home}/config",
                      XDG_CACHE_HOME=f"{home}/cache", TEXTUAL_ANIMATIONS="none")
    for name in ("MSS_EXPLORER_NOTES", "MSS_EXPLORER_PREFERENCES"):
        os.environ.pop(name, None)

    from benchmarks import probe
    from tui.cli import build_parser, make_app

    toggles = [_toggle(spec) for spec in args.toggle]
    app = make_app(build_parser().parse_args(["--data", args.data]))
    out: dict[str, Any] = {"rounds": []}

    async def script(pilot: Any) -> None:
        import asyncio

        watch = probe._Watch(app)

        async def _key(action: Any, label: str) -> dict[str, Any]:
            start = time.perf_counter()
            result = await probe._step(app, watch, action, label)
            result["paints_ms"] = [round((t - start) * 1e3, 1) for t in watch.paints if t >= start]
            return result
        watch.start()
        profiler = None
        try:
            await probe._settle(app, watch)
            while getattr(app, "search_index", None) is None:
                await asyncio.sleep(0.01)
            await probe._settle(app, watch)
            out["ready_s"] = probe.since_start()
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005, async_mode="disabled")
                profiler.start()
            for number in range(args.rounds):
                before = bool(toggles) and number % 2 == 0
                for owner, name, off, on in toggles:
                    setattr(owner, name, off if before else on)
                keys: list[dict[str, Any]] = []
                app.search_index.clear_caches()  # each round's queries cold, as the probe's one round
                await probe._step(app, watch, lambda: app.simulate_key("slash"), "search: open")
                for query in probe.TYPED:
                    for end in range(1, len(query) + 1):
                        keys.append(await _key(lambda ch=query[end - 1]: app.simulate_key(ch),
                                               f"search: {query[:end]}"))
                    for _ in query:
                        keys.append(await _key(lambda: app.simulate_key("backspace"), "search: backspace"))
                await probe._step(app, watch, lambda: app.simulate_key("escape"), "search: close")
                to_paint = [k["to_paint_s"] for k in keys if k["to_paint_s"] is not None]
                slowest = max(keys, key=lambda k: k["to_paint_s"] or 0.0)
                out["rounds"].append({
                    "variant": ("before" if before else "after") if toggles else "",
                    "median_ms": statistics.median(to_paint) * 1e3,
                    "max_ms": max(to_paint) * 1e3,
                    "slowest": slowest["step"],
                    "paints_median": statistics.median(k["paints"] for k in keys),
                    "cpu_median_ms": statistics.median(k["cpu_s"] for k in keys) * 1e3,
                    "keys": keys,
                })
        finally:
            if profiler is not None:
                profiler.stop()
                with open(args.profile, "w") as f:
                    f.write(profiler.output_html())
                profiler.last_session.save(f"{args.profile}.pyisession")
                print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
            watch.stop()
            app.exit()

    app.run(headless=True, size=probe.SIZE, auto_pilot=script)
    probe.emit("BENCH", out)
    for i, r in enumerate(out["rounds"], 1):
        print(f"round {i} {r['variant']}: median {r['median_ms']:.1f} ms, slowest {r['max_ms']:.1f} ms ({r['slowest']}), "
              f"paints {r['paints_median']}, cpu {r['cpu_median_ms']:.1f} ms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
