"""Smoke test of the benchmark suite (issue #7): it runs at 1x and reports every metric.

Not a timed test: no duration is ever asserted, only that the suite runs, prints its
table and writes every figure. Everything goes to a temporary directory
($MSS_BENCH_OUT), never to benchmarks/out.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_generator_is_deterministic_and_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.generate import PER_UNIT, generate
    from models.loader import load_dossier

    first = generate(2, tmp_path / "a", check=True, quiet=True)
    second = generate(2, tmp_path / "b", check=False, quiet=True)
    assert first.json_path.read_bytes() == second.json_path.read_bytes()
    texts_a = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (first.directory / "sources").iterdir())
    texts_b = sorted((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in (second.directory / "sources").iterdir())
    assert texts_a == texts_b

    counts = first.manifest["counts"]
    assert counts["core_items"] == 2 * 100
    assert counts["ballots"] == 15 * counts["votes"] == 15 * 2 * PER_UNIT["votes"]
    import pycountry

    assert counts["countries"] == len(pycountry.countries)

    # The TOML holds the same dossier, and the quote-checking path really ran.
    from_json, from_toml = load_dossier(first.json_path), load_dossier(first.toml_path)
    assert from_json.model_dump() == from_toml.model_dump()
    checked = [c for item in from_json.iter_items() for c in item.citations if c.checkable]
    external = [c for item in from_json.iter_items() for c in item.citations if not c.checkable]
    assert checked and external
    assert any(text.repairs for text in (from_json.text(s.id) for s in from_json.sources) if text)
    for vote in from_json.votes:
        assert len(vote.ballots) == 15


def test_generator_at_1x_is_the_bundled_dossier(tmp_path: Path) -> None:
    from benchmarks.generate import generate
    from models.loader import load_dossier
    from models.paths import bundled_dossier_path

    made = generate(1, tmp_path, quiet=True)
    assert made.toml_path.read_bytes() == bundled_dossier_path().read_bytes()
    assert load_dossier(made.json_path).model_dump() == load_dossier(bundled_dossier_path()).model_dump()


def test_quick_run_at_1x_reports_every_metric(tmp_path: Path) -> None:
    from benchmarks.run import METRIC_IDS, METRICS

    out = tmp_path / "bench"
    results_path = tmp_path / "results.json"
    env = {**os.environ, "MSS_BENCH_OUT": str(out)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "1", "--quick", "--council", "--json", str(results_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    # The table: a header with the size, one row per metric, the targets.
    assert "| Metric | 1x | Target | Met |" in done.stdout
    for metric in METRICS:
        assert f"| {metric.label} |" in done.stdout, metric.label
    assert "target Start: explorer / bare app" in done.stdout
    assert "<= 300 ms at 1000x" in done.stdout  # issue 20: the slowest view switch

    results = json.loads(results_path.read_text(encoding="utf-8"))
    assert results["sizes"]["1"]["errors"] == []
    assert set(results["metrics"]) == set(METRIC_IDS)
    for metric_id in METRIC_IDS:
        value = results["metrics"][metric_id]["values"]["1"]
        assert value is not None, f"{metric_id} was not measured"
    assert {t["metric"] for t in results["targets"]} >= {"start_ratio", "load_s", "search_p95_ms",
                                                          "filter_apply_ms", "peak_rss_mb", "view_switch_ratio",
                                                          "app_rss_mb", "cached_toml_ratio", "content_ratio"}
    machine = results["machine"]
    assert machine["cores"] and machine["python"]
    assert (out / "x1" / "dossier.json").is_file()


def test_the_search_probe_measures_every_query_cold(dossier) -> None:
    """Each query of the keystroke probe starts with every cache of the index empty, the
    phrase cache too (it was kept: a phrase searched before was measured warm)."""
    from benchmarks.probe import _search_keystrokes
    from models.search import build_index

    index = build_index(dossier)
    index.search('"gang suppression"')
    assert index._phrases, "the phrase query did not fill the phrase cache"
    _search_keystrokes(index, ["kenya"], 1)
    assert not index._phrases
