"""benchmarks.compare: the README's table of targets over two runs never hides a miss."""

from __future__ import annotations

import json

from benchmarks.compare import main, targets_table


def _run(load_ratio: float, freeze_ms: float) -> dict:
    """A run's figures as benchmarks.run writes them (two sizes)."""
    return {"sizes": {
        "1": {"load": {"ratio": load_ratio}, "app": {"max_stall_s": freeze_ms / 1e3}},
        "1000": {"load": {"ratio": 1.0}, "app": {"max_stall_s": 0.010}},
    }}


def _row(table: str, text: str) -> str:
    return next(line for line in table.splitlines() if text in line)


def test_a_target_met_on_both_runs_says_so() -> None:
    table = targets_table([_run(1.0, 20.0), _run(1.1, 30.0)], {})
    assert _row(table, "load_dossier / json.loads") == (
        "| Load: load_dossier / json.loads: ≤ 1.2x at every size | 1.00x | 1.10x | yes, both |  |")
    assert "| 20 ms | 30 ms | yes, both |" in _row(table, "longest event-loop freeze")


def test_a_miss_without_a_reason_is_never_left_blank() -> None:
    table = targets_table([_run(1.0, 20.0), _run(2.4, 30.0)], {})
    row = _row(table, "json.loads")
    assert "1 of 2" in row and row.endswith("| not explained |")


def test_a_sub_row_is_named_with_its_parent_s_prefix() -> None:
    table = targets_table([_run(1.0, 20.0)], {})
    assert "| Terminal:" not in table  # no terminal figures in these runs
    assert all(not line.startswith("|  ") for line in table.splitlines())


def test_a_miss_shows_its_reason_and_how_far(tmp_path) -> None:
    runs = []
    for n, values in enumerate([(3.0, 20.0), (2.4, 30.0)]):
        path = tmp_path / f"run{n}.json"
        path.write_text(json.dumps(_run(*values)), encoding="utf-8")
        runs.append(str(path))
    why = tmp_path / "why.toml"
    why.write_text('"load_ratio@0" = "Every quote is checked."\n', encoding="utf-8")
    table = targets_table([_run(3.0, 20.0), _run(2.4, 30.0)], {"load_ratio@0": "Every quote is checked."})
    assert "**no** (2.5x the limit at worst) | Every quote is checked. |" in table
    assert main([*runs, "--why", str(why)]) == 0


def test_an_unreadable_run_is_a_message_and_status_2(tmp_path, capsys) -> None:
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "missing.json" in capsys.readouterr().err
