"""The targets of two (or more) benchmark runs side by side, as README's "Speed" shows them.

    python -m benchmarks.compare benchmarks/out/run1.json benchmarks/out/run2.json \
        --why benchmarks/why_missed.toml

Each row is one target at its size (issue #20 asks for every target met on two runs, or
by how much it is missed and why): the value of each run, whether it was met on every run,
and, for a target missed on any run, the reason written in the ``--why`` file. That file
is TOML, one key per target as ``"<metric id>@<size>"`` (size 0: every size), e.g.::

    "load_ratio@0" = "The first load of a file checks every quote; ..."

A missed target with no reason written says so in its row ("not explained"), so a table
can never quietly leave one out.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from benchmarks.run import EVERY_SIZE, METRICS, TERMINAL_METRICS, _fmt, evaluate

__all__ = ["main", "targets_table"]


def _key(verdict: dict[str, Any]) -> str:
    return f"{verdict['metric']}@{verdict['size']}"


def _target_label(verdict: dict[str, Any], parent: str = "") -> str:
    limit = verdict["limit"]
    unit = verdict["unit"]
    if unit == "s":
        limit_text = f"{limit:.3f} s"
    elif unit == "x":
        limit_text = f"{limit:g}x"
    else:
        limit_text = f"{limit:g} {unit}"
    where = "at every size" if verdict["size"] == EVERY_SIZE else f"at {verdict['size']:,}x"
    label = verdict["label"]
    if label.startswith(" ") and ": " in parent:  # a row under another: its "App:", "Terminal:"
        label = f"{parent.split(': ', 1)[0]}: {label.strip()}"
    return f"{label.strip()}: ≤ {limit_text} {where}"


def _met(verdicts: list[dict[str, Any] | None]) -> str:
    measured = [v for v in verdicts if v is not None and v.get("met") is not None]
    if not measured:
        return "not measured"
    met = sum(1 for v in measured if v["met"])
    if met == len(measured):
        if len(measured) == 1 and len(verdicts) > 1:
            return "yes (the one run that measured it)"
        return "yes, both" if len(measured) == 2 else f"yes, all {len(measured)}"
    if met == 0:
        worst = max(v["by"] for v in measured)
        return f"**no** ({worst:.1f}x the limit at worst)"
    return f"{met} of {len(measured)}"


def targets_table(runs: list[dict[str, Any]], why: dict[str, str]) -> str:
    """A Markdown table: one row per target, a column per run."""
    order: list[str] = []
    by_run: list[dict[str, dict[str, Any]]] = []
    parents: dict[str, str] = {}
    parent = ""
    for metric in METRICS + TERMINAL_METRICS:
        if not metric.label.startswith(" "):
            parent = metric.label
        parents[metric.id] = parent
    for results in runs:
        # The targets as they are now (a run's own JSON holds them as they were then).
        verdicts = {_key(v): v for v in evaluate(results)}
        by_run.append(verdicts)
        order += [k for k in verdicts if k not in order]
    header = ["Target (issue #20)", *[f"Run {n}" for n in range(1, len(runs) + 1)], "Met", "Why not"]
    rows = [header, ["---"] * len(header)]
    for key in order:
        verdicts = [run.get(key) for run in by_run]
        first = next(v for v in verdicts if v is not None)
        met = _met(verdicts)
        reason = ""
        if not met.startswith("yes") and met != "not measured":
            reason = why.get(key, "not explained")
        values = [_fmt(v["value"], v["unit"]) if v is not None else "–" for v in verdicts]
        rows.append([_target_label(first, parents.get(first["metric"], "")), *values, met, reason])
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", type=Path, help="results JSON written by benchmarks.run --json")
    parser.add_argument("--why", type=Path, help="TOML: why each missed target is missed")
    args = parser.parse_args(argv)
    try:
        runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.runs]
        why = tomllib.loads(args.why.read_text(encoding="utf-8")) if args.why else {}
    except (OSError, ValueError) as error:
        print(f"benchmarks.compare: {error}", file=sys.stderr)
        return 2
    print(targets_table(runs, {str(k): str(v) for k, v in why.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
