"""The command line: validate, export, version, and bad input without tracebacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import WriteDossier
from tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_bundled_dossier(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert code == 0, err
    assert "OK" in out
    assert "Ballot" in out and "15" in out
    assert "Encoding repairs: 1" in out and "'Γ―' → 'ï'" in out
    assert "checked word for word" in out


def test_export_json_holds_the_vote_and_the_words(capsys: pytest.CaptureFixture[str], dossier) -> None:
    code, out, _ = run(capsys, "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    votes = {v["resolution"]: v for v in data["votes"]}
    assert len(votes) == 10 and "S/RES/2793 (2025)" in votes
    vote = votes["S/RES/2699 (2023)"]
    ballots = {b["country"]: b["vote"] for b in vote["ballots"]}
    assert len(ballots) == 15
    assert sorted(c for c, v in ballots.items() if v == "abstain") == ["CHN", "RUS"]
    assert sum(v == "yes" for v in ballots.values()) == 13
    texts = [s["text"] for s in data["statements"]]
    assert any("an overdue and critical instrument" in t for t in texts)
    assert "in the coming months" in texts
    codes = {p["country"] for p in data["participants"]}
    assert {"KEN", "BHS", "JAM", "ATG", "USA"} <= codes


def test_exported_json_loads_back(capsys: pytest.CaptureFixture[str], tmp_path: Path, dossier) -> None:
    _, out, _ = run(capsys, "export", "--format", "json")
    # Bundled texts are found relative to the dossier file, in its folder (a symbolic
    # link out of it is refused): export beside a copy of the seeds' texts.
    seeds = Path(dossier.path).parent
    copy = tmp_path / "export.json"
    copy.write_text(out, encoding="utf-8")
    shutil.copytree(seeds / "sources", tmp_path / "sources")
    code, out, err = run(capsys, "validate", str(copy))
    assert code == 0, err


def test_export_markdown_is_a_cited_brief(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--format", "markdown")
    assert code == 0
    assert out.startswith("# ")
    assert "## The vote on S/RES/2699 (2023)" in out
    assert "[^1]:" in out
    assert "(external quote, read " in out and "its wording cannot be checked here)" in out
    assert "Summary (the dossier's words, not the source's):" in out


def test_export_filtered_to_a_country(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--country", "Russia")
    assert code == 0
    data = json.loads(out)
    assert [p["country"] for p in data["participants"]] == []
    assert all("RUS" in [b["country"] for b in v["ballots"]] for v in data["votes"])
    assert {s["speaker"]["country"] for s in data["statements"]} == {"RUS"}


def test_unknown_country_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "--country", "Rusia")
    assert code == 2
    assert "unknown country 'Rusia'" in err and "Russian Federation" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content, expected", [
    ("id = [", "not valid TOML"),
    ("schema_version = 1\nsurprise = true\n", "unknown field"),
])
def test_bad_input_exits_2_with_a_message(capsys, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert str(path) in err and expected in err
    assert "Traceback" not in err


def test_bad_dossier_names_item_and_field(capsys, write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["votes"][0]["stated_tallies"][0].update(abstain=5))
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "item 'vote-1'" in err and "stated_tallies[0].abstain" in err


@pytest.mark.parametrize("name", ["d.json", "d.toml"])
@pytest.mark.parametrize("value, written", [(True, "true"), (False, "false")])
def test_schema_version_message_shows_the_value_as_the_file_writes_it(
        capsys, write_dossier: WriteDossier, name: str, value: bool, written: str) -> None:
    """``"schema_version": true`` was reported as ``(got True)``, Python's spelling, in a
    JSON or TOML file that says ``true``."""
    path = write_dossier(lambda d: d.update(schema_version=value), name=name)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "Traceback" not in err
    [line] = [line for line in err.splitlines() if "schema_version" in line]
    assert line.endswith(f"(got {written})"), line
    assert "True" not in line and "False" not in line


def test_missing_file_for_the_explorer(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path / "missing.toml"))
    assert code == 2 and "file not found" in err


def test_console_script_version_and_no_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("mss-explorer")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("mss-explorer ")
    done = subprocess.run([exe, "validate", "nope.toml"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "nope.toml" in done.stderr


@pytest.fixture
def headless(monkeypatch: pytest.MonkeyPatch) -> None:
    """The explorer, run by the CLI, runs headless (as in a terminal, but here)."""
    from textual.app import App

    from tui.app import ExplorerApp

    monkeypatch.setattr(ExplorerApp, "run", lambda self, **kwargs: App.run(self, headless=True, size=(80, 24)))
    monkeypatch.setattr("tui.cli.terminal_problem", lambda: None)  # headless needs no terminal


def test_bad_dossier_for_the_explorer_exits_2_after_the_app(capsys, write_dossier: WriteDossier, headless) -> None:
    """The app paints its frame, finds the dossier broken, ends; the CLI prints why."""
    path = write_dossier(lambda d: d["votes"][0]["stated_tallies"][0].update(abstain=5))
    code, _, err = run(capsys, "--data", str(path), "--notes", str(path.with_name("notes.toml")))
    assert code == 2
    assert err.startswith("mss-explorer: cannot load the dossier (1 problem):")
    assert str(path) in err and "item 'vote-1'" in err and "stated_tallies[0].abstain" in err
    assert "Traceback" not in err


def test_unknown_country_for_the_explorer_exits_2_with_suggestions(capsys, tmp_path: Path, headless) -> None:
    code, _, err = run(capsys, "--country", "Rusia", "--notes", str(tmp_path / "notes.toml"))
    assert code == 2
    assert "unknown country 'Rusia'" in err and "Russian Federation" in err and "(in --country)" in err
    assert "Traceback" not in err


def test_a_directory_is_refused_before_the_app_starts(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path))
    assert code == 2 and "is a directory, not a dossier file" in err and str(tmp_path) in err
