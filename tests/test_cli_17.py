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
