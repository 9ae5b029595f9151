"""Issue 17, the command line: exports that reopen, arguments checked before the
screen starts, every problem in one run, shared options before or after a subcommand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import build_parser, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# 13. --data, --notes, --country, --votes before or after the subcommand.

@pytest.mark.parametrize(("before", "after"), [
    (["--notes", "n.toml", "notes", "path"], ["notes", "path", "--notes", "n.toml"]),
    (["--notes", "n.toml", "notes", "export"], ["notes", "export", "--notes", "n.toml"]),
    (["--data", "d.toml", "--country", "KEN", "export"], ["export", "--data", "d.toml", "--country", "KEN"]),
    (["--data", "d.toml", "validate"], ["validate", "--data", "d.toml"]),
    (["--votes", "v.db", "votes", "info"], ["votes", "info", "--votes", "v.db"]),
])
def test_shared_options_before_or_after_the_subcommand(before: list[str], after: list[str]) -> None:
    keys = ("data", "notes", "country", "votes_db")
    first, second = build_parser().parse_args(before), build_parser().parse_args(after)
    assert [getattr(first, k, None) for k in keys] == [getattr(second, k, None) for k in keys]
    assert any(getattr(second, k, None) for k in keys)


def test_notes_path_after_the_subcommand_prints_it(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "notes", "path", "--notes", str(tmp_path / "mine.toml"))
    assert code == 0, err
    assert out.strip() == str(tmp_path / "mine.toml")


def test_validate_takes_data_when_no_path_is_given(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", "--data", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml" in err


# 7. validate reports every problem in one run.

def _three_faults(d: dict) -> None:
    d["events"][0]["date"] = "2024-13-45"  # pydantic refuses it
    d["participants"][0]["citations"] = []  # pydantic refuses it
    d["votes"][0]["ballots"][0]["country"] = "XXX"  # only the whole-dossier checker sees it


@pytest.mark.parametrize("name", ["dossier.toml", "dossier.json"])
def test_validate_reports_every_problem_in_one_run(capsys, write_dossier, name: str) -> None:
    path = write_dossier(_three_faults, name=name)
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2 and "(3 problems)" in err, err
    assert "item 'ev-vote': field 'date'" in err and "2024-13-45" in err
    assert "item 'part-ken': field 'citations'" in err
    assert "item 'ballot-chn': field 'country': unknown country 'XXX'" in err
    # Nothing about the items set aside (the participant's pledge) beyond their own faults.
    assert "pledge-ken" not in err


def test_a_fault_in_the_dossier_itself_still_reports_without_a_traceback(capsys, write_dossier) -> None:
    def edit(d: dict) -> None:
        d["as_of"] = "not a date"
        d["votes"][0]["ballots"][0]["country"] = "XXX"

    code, _, err = run(capsys, "validate", str(write_dossier(edit)))
    assert code == 2 and "as_of" in err and "Traceback" not in err
