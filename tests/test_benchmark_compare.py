"""benchmarks.compare: the README's table of targets over two runs never hides a miss."""

from __future__ import annotations

import json

from benchmarks.compare import main, targets_table


def _run(value_a: float, value_b: float) -> dict:
    return {"targets": [
        {"metric": "load_ratio", "label": "Load: load_dossier / json.loads", "size": 0, "limit": 1.2,
         "unit": "x", "value": value_a, "met": value_a <= 1.2, "by": value_a / 1.2},
        {"metric": "freeze_ms", "label": "App: longest freeze", "size": 1000, "limit": 50.0,
         "unit": "ms", "value": value_b, "met": value_b <= 50, "by": value_b / 50},
    ]}


def test_a_target_met_on_both_runs_says_so() -> None:
    table = targets_table([_run(1.0, 20.0), _run(1.1, 30.0)], {})
    assert "| Load: load_dossier / json.loads: ≤ 1.2x at every size | 1.00x | 1.10x | yes, both |  |" in table
    assert "App: longest freeze: ≤ 50 ms at 1,000x | 20 ms | 30 ms | yes, both |" in table


def test_a_miss_without_a_reason_is_never_left_blank() -> None:
    table = targets_table([_run(1.0, 20.0), _run(2.4, 30.0)], {})
    row = next(line for line in table.splitlines() if "json.loads" in line)
    assert "1 of 2" in row and row.endswith("| not explained |")


def test_a_miss_shows_its_reason_and_how_far(tmp_path) -> None:
    runs = []
    for n, values in enumerate([(3.0, 20.0), (2.4, 30.0)]):
        path = tmp_path / f"run{n}.json"
        path.write_text(json.dumps(_run(*values)), encoding="utf-8")
        runs.append(str(path))
    why = tmp_path / "why.toml"
    why.write_text('"load_ratio@0" = "Every quote is checked."\n', encoding="utf-8")
    table = targets_table([json.loads(open(p).read()) for p in runs], {"load_ratio@0": "Every quote is checked."})
    assert "**no** (2.5x the limit at worst) | Every quote is checked. |" in table
    assert main([*runs, "--why", str(why)]) == 0


def test_an_unreadable_run_is_a_message_and_status_2(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "missing.json" in capsys.readouterr().err
