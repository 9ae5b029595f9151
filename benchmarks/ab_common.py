"""What the A/B benchmarks share: a measurement in a fresh interpreter, and tables.

Each ``benchmarks/ab_*.py`` compares a hand-written part of the explorer with the library
that could replace it (issue #16, point 6). Every measurement runs in a new process
(``python -m benchmarks.ab_x probe ...``) that prints one ``AB {json}`` line, so no
measurement's memory or warm caches count in another's; the parent prints the tables.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.generate import OUT_DIR, ROOT
from benchmarks.probe import maxrss_mb, percentile

__all__ = ["OUT_DIR", "ROOT", "child_env", "emit", "fmt", "machine", "maxrss_mb", "percentile", "probe", "table", "write_json"]


def emit(payload: dict[str, Any]) -> None:
    """The result of a probe: one line on fd 1 (Textual redirects sys.stdout)."""
    os.write(1, f"AB {json.dumps(payload)}\n".encode())


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(OUT_DIR / "pycache")
    env["TEXTUAL_ANIMATIONS"] = "none"
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def probe(module: str, *args: str, timeout: float = 1800.0) -> dict[str, Any]:
    """Run ``python -m module probe ARGS`` in a fresh interpreter; its ``AB`` payload."""
    cmd = [sys.executable, "-m", module, "probe", *args]
    done = subprocess.run(cmd, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout)
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("AB "):
            return json.loads(line[3:])
    raise RuntimeError(f"{' '.join(cmd[2:])} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def fmt(value: Any, unit: str = "") -> str:
    """A figure as the benchmark tables print it (benchmarks/run.py's style, plus µs, %)."""
    from benchmarks.run import _fmt

    if value is None or isinstance(value, str) or unit in ("s", "ms", "MB", "x"):
        return _fmt(value, unit)
    if unit == "us":
        return f"{value:.1f} µs" if value < 100 else f"{value:,.0f} µs"
    if unit == "%":
        return f"{value:.0f}%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (what every benchmark prints)."""
    lines = [list(header), ["---"] * len(header), *[[str(c) for c in row] for row in rows]]
    return "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in lines)


def machine() -> str:
    """The machine, versions and commit, as benchmarks/run.py states them."""
    from benchmarks.run import machine_info, machine_line

    info = machine_info()
    load = info.get("load_average")
    extra = f"; load average {load[0]:.2f}" if load else ""
    return machine_line(info) + extra


def write_json(path: Path | None, results: Any) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"machine": machine(), "results": results}, indent=1), encoding="utf-8")
