"""Smoke test of the Council record benchmarks (issue #19): the synthetic file is in
the exact format and imports cleanly, and the suite prints its table at 1x. Never
asserts a duration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_synthetic_file_is_deterministic_and_reads_cleanly(tmp_path: Path) -> None:
    from benchmarks.council_generate import council_csv
    from models.council import COLUMNS, read_council_csv

    text = council_csv(1)
    assert text == council_csv(1)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    path = tmp_path / "x1.csv"
    path.write_text(text, encoding="utf-8", newline="")
    parsed = read_council_csv(path)
    assert 41_000 <= parsed.rows < 41_020 and parsed.disagreements == []
    kinds = {r.modality for r in parsed.resolutions.values()}
    assert kinds == {"Vote", "Without Vote"}
    assert {len(r.ballots) for r in parsed.resolutions.values()} == {11, 15}
    assert any(code == "SUN" for r in parsed.resolutions.values() for code, *_ in r.ballots)


def test_quick_run_at_1x_prints_every_metric(tmp_path: Path) -> None:
    from benchmarks.council import METRICS

    results = tmp_path / "council.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.council", "--sizes", "1", "--quick", "--json", str(results)],
        cwd=ROOT, env={**os.environ, "MSS_BENCH_OUT": str(tmp_path / "out")}, capture_output=True, text=True,
        timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "| Metric | 1x | Target | Met |" in done.stdout
    for _, label, *_ in METRICS:
        assert f"| {label} |" in done.stdout
    figures = json.loads(results.read_text(encoding="utf-8"))["1"]
    for key in ("import_s", "view_s", "content_s", "filter_ms", "search_p95_ms", "memory_mb"):
        assert figures[key] is not None and figures[key] >= 0 or key == "memory_mb"
