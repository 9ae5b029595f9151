"""Issue 17, the command line: exports that reopen, arguments checked before the
screen starts, every problem in one run, shared options before or after a subcommand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import run
from tui.cli import build_parser

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


# 6. Arguments checked before the screen starts; close suggestions; no escape codes into a pipe.

@pytest.fixture
def never_started(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app import ExplorerApp

    def run(self, **kwargs):  # noqa: ANN001, ANN003, ANN202
        raise AssertionError("the full-screen app was started")

    monkeypatch.setattr(ExplorerApp, "run", run)
    monkeypatch.setattr("tui.cli.terminal_problem", lambda: None)  # as in a terminal


def test_an_unknown_country_is_refused_before_the_app_starts(capsys, tmp_path: Path, never_started) -> None:
    code, out, err = run(capsys, "--country", "Narnia", "--notes", str(tmp_path / "n.toml"))
    assert code == 2 and out == ""
    assert err == "mss-explorer: unknown country 'Narnia' (in --country)\n"


def test_a_typo_suggests_only_close_matches(capsys, tmp_path: Path, never_started) -> None:
    code, _, err = run(capsys, "--country", "KEN,Kenia", "--notes", str(tmp_path / "n.toml"))
    assert code == 2
    assert err == "mss-explorer: unknown country 'Kenia'; did you mean Kenya? (in --country)\n"


def test_a_broken_dossier_with_a_country_is_still_reported_by_the_loader(capsys, write_dossier, never_started) -> None:
    path = write_dossier(lambda d: d["countries"].append({"code": "??", "name": "x"}))
    # Its country list is wrong: the check passes it on, and the load names item and field.
    from tui.cli import build_parser, make_app

    with pytest.raises(AssertionError, match="started"):
        make_app(build_parser().parse_args(["--data", str(path), "--country", "Narnia"])).run()


def test_the_explorer_refuses_a_pipe(capsys, tmp_path: Path, monkeypatch) -> None:
    from tui.app import ExplorerApp

    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(ExplorerApp, "run", lambda self, **kwargs: pytest.fail("the app was started"))
    code, out, err = run(capsys, "--notes", str(tmp_path / "n.toml"))  # pytest's stdout is not a terminal
    assert code == 2 and out == ""
    assert "needs a terminal, but standard output is not one" in err and "export" in err


def test_the_console_script_writes_no_escape_codes_into_a_pipe(tmp_path: Path) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).with_name("mss-explorer")
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "MSS_EXPLORER_NOTES": str(tmp_path / "n.toml")}
    done = subprocess.run([exe], capture_output=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == b""
    assert b"\x1b" not in done.stderr and b"needs a terminal" in done.stderr
    # The subcommands write to a pipe as before.
    done = subprocess.run([exe, "validate"], capture_output=True, timeout=60, env=env)
    assert done.returncode == 0 and b"OK" in done.stdout


# 1. An exported dossier reopens.

def test_export_out_writes_a_dossier_that_reopens(capsys, tmp_path: Path) -> None:
    out = tmp_path / "exported" / "d.json"
    code, stdout, err = run(capsys, "export", "--format", "json", "--out", str(out))
    assert code == 0, err and stdout == ""
    texts = sorted(p.relative_to(out.parent).as_posix() for p in (out.parent / "sources").iterdir())
    assert texts and f"wrote {out} and {len(texts)} source text" in err and texts[0] in err
    assert f"mss-explorer --data {out}" in err
    code, summary, err = run(capsys, "validate", str(out))
    assert code == 0, err
    assert "OK" in summary
    # Again into the same folder: the texts there are the same, so it simply writes again.
    assert run(capsys, "export", "--out", str(out))[0] == 0


@pytest.mark.parametrize("country", ["Jamaica", "Kenya", "Russia"])
def test_a_filtered_export_reopens(capsys, tmp_path: Path, country: str) -> None:
    out = tmp_path / f"{country}.json"
    code, _, err = run(capsys, "export", "--country", country, "--out", str(out))
    assert code == 0, err
    assert run(capsys, "validate", str(out))[0] == 0


def test_export_to_stdout_says_how_to_get_a_copy_that_reopens(capsys) -> None:
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0 and json.loads(out)["sources"]
    assert "--out FILE.json" in err and "sources/" in err
    code, out, err = run(capsys, "export", "--format", "markdown")
    assert code == 0 and err == ""  # nothing to bundle


def test_export_never_overwrites_a_different_text_or_its_own_dossier(capsys, tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    assert run(capsys, "export", "--out", str(out))[0] == 0
    code, _, err = run(capsys, "export", "--data", str(out), "--out", str(out))
    assert code == 2 and "the dossier being exported" in err
    text = next((tmp_path / "sources").iterdir())
    text.write_text("someone else's words", encoding="utf-8")
    code, _, err = run(capsys, "export", "--out", str(tmp_path / "e.json"))
    assert code == 2 and str(text) in err and "not overwritten" in err
    assert text.read_text(encoding="utf-8") == "someone else's words"
    assert not (tmp_path / "e.json").exists()


def test_a_copied_dossier_without_its_texts_says_how_to_carry_them(capsys, tmp_path: Path) -> None:
    from models.paths import bundled_dossier_path

    copy = tmp_path / "haiti-mss.toml"
    copy.write_bytes(bundled_dossier_path().read_bytes())
    code, _, err = run(capsys, "validate", str(copy))
    assert code == 2 and "bundled text not found" in err and "export --out" in err


def test_the_loader_still_confines_texts_to_the_dossier_folder(capsys, tmp_path: Path) -> None:
    out = tmp_path / "inner" / "d.json"
    assert run(capsys, "export", "--out", str(out))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    name = data["sources"][0]["text_file"]
    (tmp_path / "outside.txt").write_bytes((out.parent / name).read_bytes())
    data["sources"][0]["text_file"] = "../outside.txt"
    out.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(out))
    assert code == 2 and "outside the dossier's folder" in err
