"""The official Council record: reading the Library's CSV, refusing bad files, the
SQLite record and its questions, and a dossier's ballots checked against it.

The fixture ``tests/fixtures/council/sc_voting_fixture.csv`` is hand-made in the exact
format (header, quoting, ``|``-joined subjects): six resolutions with every quirk
(an 11-member Council of 1953 with the USSR as ``SUN``, ZAIRE under ``COD``, a
resolution adopted without a vote with ``X`` ballots, a member not participating with
a ``vote_note`` remark, a quoted agenda over two lines, totals that disagree with the
ballots listed, resolutions in no sorted order).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.council import (
    COLUMNS,
    CouncilFileError,
    CouncilRecord,
    Filters,
    RecordError,
    import_csv,
    normalise_symbol,
    read_council_csv,
)
from models.council.crosscheck import check_dossier
from models.council.store import default_record_path

FIXTURE = Path(__file__).parent / "fixtures" / "council" / "sc_voting_fixture.csv"


def fixture_rows() -> list[list[str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return path


@pytest.fixture
def record(tmp_path: Path) -> CouncilRecord:
    import_csv(FIXTURE, tmp_path / "record.sqlite")
    opened = CouncilRecord.open(tmp_path / "record.sqlite")
    yield opened
    opened.close()


# -- reading ---------------------------------------------------------------------------


def test_the_fixture_reads_with_every_quirk() -> None:
    parsed = read_council_csv(FIXTURE)
    assert parsed.rows == 86
    assert len(parsed.resolutions) == 6
    old = parsed.resolutions["S/RES/101(1953)"]
    assert len(old.ballots) == 11 and old.totals[4] == 11
    assert ("SUN", "USSR", True, "A") in old.ballots
    without = parsed.resolutions["S/RES/2717(2023)"]
    assert without.without_vote and {b[3] for b in without.ballots} == {"X"}
    assert without.vote_note == "Adopted without vote"
    assert 'with "quotes", commas, and a long title' in without.description
    remark = parsed.resolutions["S/RES/2805(2025)"]
    assert remark.vote_note == "Pakistan did not participate in the voting"
    assert remark.agenda == "Fixture: non-participation\nacross two lines"
    assert remark.subjects == ("SANCTIONS", "HAITI")
    assert parsed.resolutions["S/RES/504(1982)"].ballots[-1] == ("COD", "ZAIRE", False, "Y")
    # Only 504 (1982) disagrees with its own totals; both differences are listed.
    assert parsed.disagreements == [("S/RES/504(1982)", "total_yes is 15 but 14 ballots are Y"),
                                    ("S/RES/504(1982)", "total_abstentions is 0 but 1 ballots are A")]
    assert parsed.latest_date == "2025-11-26" and parsed.years == (1953, 2025)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(range(len(COLUMNS))))
def test_columns_in_any_order_read_the_same(tmp_path: Path, order: list[int]) -> None:
    rows = [[row[i] for i in order] for row in fixture_rows()]
    parsed = read_council_csv(write_rows(tmp_path / "shuffled.csv", rows))
    original = read_council_csv(FIXTURE)
    assert {k: (r.date, r.ballots, r.totals, r.subjects) for k, r in parsed.resolutions.items()} == \
        {k: (r.date, r.ballots, r.totals, r.subjects) for k, r in original.resolutions.items()}


def test_symbols_are_normalised() -> None:
    assert normalise_symbol("S/RES/2699 (2023)") == "S/RES/2699(2023)"
    assert normalise_symbol(" s/res/2699(2023) ") == "S/RES/2699(2023)"


# -- refusals --------------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(CouncilFileError) as caught:
        read_council_csv(path)
    return caught.value.describe()


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    rows = [row[:4] + row[5:] for row in fixture_rows()]  # no ms_vote
    message = refusal(write_rows(tmp_path / "f.csv", rows))
    assert "has no column ms_vote" in message and "f.csv" in message


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,age\nAda,36\n", encoding="utf-8")
    assert "line 1 is not the header of the Security Council voting data" in refusal(path)


@pytest.mark.parametrize(("content", "expected"), [
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "binary file, not CSV"),
    ("undl_id,ms_code\nÿ".encode("latin-1") + b"\xff\xfe\n", "not UTF-8 text"),
    (b"", "the file is empty"),
])
def test_not_csv_is_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    assert expected in refusal(path)


def test_bad_rows_give_their_line_and_field(tmp_path: Path) -> None:
    rows = fixture_rows()
    rows[3][COLUMNS.index("ms_vote")] = "Q"
    rows[5][COLUMNS.index("date")] = "30/09/2025"
    rows[7][COLUMNS.index("total_yes")] = "twelve"
    rows[9] = rows[9][:12]
    message = refusal(write_rows(tmp_path / "bad.csv", rows))
    assert "4 rows cannot be read; nothing was imported" in message
    assert "line 4, ms_vote: 'Q' is not Y, N, A or X" in message
    assert "line 6, date: '30/09/2025' is not a date like 2023-10-02" in message
    assert "line 8, total_yes: 'twelve' is not a whole number" in message
    assert "line 10, (row): 12 fields where the header has 20" in message


def test_a_duplicate_ballot_is_a_bad_row(tmp_path: Path) -> None:
    rows = fixture_rows()
    rows.insert(3, rows[2])
    assert "line 4, ms_code: FRA already has a ballot on S/RES/2793(2025) (line 3)" in refusal(
        write_rows(tmp_path / "dup.csv", rows))


@pytest.mark.parametrize("cut", ["mid-row", "mid-quote", "row-boundary"])
def test_a_truncated_file_is_refused(tmp_path: Path, cut: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    if cut == "mid-row":
        text = text[: text.rindex("\n", 0, len(text) - 1) + 40]
    elif cut == "mid-quote":
        text = text[: text.index("Security Council resolution 2805") + 20]
    else:
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:-3])
    path = tmp_path / "cut.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert "truncated" in refusal(path)


# -- the store -------------------------------------------------------------------------


def test_import_builds_an_indexed_wal_record(tmp_path: Path) -> None:
    target = tmp_path / "r.sqlite"
    parsed, edition = import_csv(FIXTURE, target)
    assert edition["file"] == "sc_voting_fixture.csv" and edition["latest_date"] == "2025-11-26"
    assert edition["rows"] == "86" and edition["disagreements"] == "2"
    assert list(tmp_path.iterdir()) == [target]  # the temporary file is gone, nothing beside it
    db = sqlite3.connect(target)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ballot_by_resolution", "resolution_by_date", "subject_by_name"} <= indexes
    plan = " ".join(str(r) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT resolution, vote FROM ballot WHERE member = 'KEN'"))
    assert "SCAN" not in plan


def test_the_default_record_is_in_the_user_data_dir() -> None:
    assert default_record_path().parent.name == "mss-explorer"


def test_reimport_replaces_and_a_failed_import_keeps_the_old(tmp_path: Path) -> None:
    target = tmp_path / "r.sqlite"
    import_csv(FIXTURE, target)
    rows = fixture_rows()
    newer = write_rows(tmp_path / "2026_02_06_sc_voting.csv", [rows[0]] + rows[1:16])
    import_csv(newer, target)
    record = CouncilRecord.open(target)
    assert record.edition["file"] == "2026_02_06_sc_voting.csv"
    assert [r.symbol for r in record.resolutions()] == ["S/RES/2793(2025)"]
    record.close()
    broken = tmp_path / "broken.csv"
    broken.write_text(FIXTURE.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    with pytest.raises(CouncilFileError):
        import_csv(broken, target)
    record = CouncilRecord.open(target)
    assert record.edition["file"] == "2026_02_06_sc_voting.csv"
    record.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_no_record_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="no Council record at"):
        CouncilRecord.open(tmp_path / "none.sqlite")
    (tmp_path / "junk.sqlite").write_text("not a database")
    with pytest.raises(RecordError, match="is not a Council record"):
        CouncilRecord.open(tmp_path / "junk.sqlite")


# -- questions -------------------------------------------------------------------------


def symbols(record: CouncilRecord, **filters) -> list[str]:
    by_id = {r.id: r.symbol for r in record.resolutions()}
    return [by_id[i] for i in record.ids(Filters(**filters))]


def test_filters(record: CouncilRecord) -> None:
    assert symbols(record) == ["S/RES/101(1953)", "S/RES/504(1982)", "S/RES/2699(2023)", "S/RES/2717(2023)",
                               "S/RES/2793(2025)", "S/RES/2805(2025)"]
    assert symbols(record, years=(1950, 1990)) == ["S/RES/101(1953)", "S/RES/504(1982)"]
    assert symbols(record, outcome="against") == ["S/RES/2805(2025)"]
    assert symbols(record, outcome="without-vote") == ["S/RES/2717(2023)"]
    assert symbols(record, outcome="abstentions") == ["S/RES/101(1953)", "S/RES/504(1982)", "S/RES/2699(2023)",
                                                      "S/RES/2793(2025)"]
    assert symbols(record, outcome="unanimous") == []
    assert symbols(record, subject="multinational") == ["S/RES/2699(2023)", "S/RES/2793(2025)"]
    assert symbols(record, member="SUN") == ["S/RES/101(1953)", "S/RES/504(1982)"]
    assert symbols(record, member="PAK", years=(2000, 2030)) == ["S/RES/2793(2025)", "S/RES/2805(2025)"]


@pytest.mark.parametrize(("text", "expected"), [
    ("haiti", ["S/RES/2699(2023)", "S/RES/2793(2025)", "S/RES/2805(2025)"]),  # description, agenda, subjects
    ("gang supp", ["S/RES/2793(2025)"]),  # words as prefixes
    ("Qibya", ["S/RES/101(1953)"]),
    ("armistice", ["S/RES/101(1953)"]),  # a subject
    ("2699", ["S/RES/2699(2023)"]),
    ('"unclosed OR NOT *', []),  # FTS5 syntax is never the reader's
])
def test_text_search(record: CouncilRecord, text: str, expected: list[str]) -> None:
    assert symbols(record, text=text) == expected


def test_a_members_ballots_and_counts(record: CouncilRecord) -> None:
    ballots = record.member_ballots("PAK")
    rows = {r.id: r.symbol for r in record.resolutions()}
    assert {rows[i]: v for i, v in ballots.items()} == {"S/RES/101(1953)": "Y", "S/RES/2793(2025)": "A",
                                                        "S/RES/2805(2025)": "X"}
    counts = record.member_counts("PAK")
    assert counts[1953]["yes"] == 1 and counts[2025]["abstain"] == 1 and counts[2025]["absent"] == 1
    # Adopted without a vote: nobody voted, nothing counted.
    assert sum(record.member_counts("ALB")[2023].values()) == 1


def test_agreement_between_two_members(record: CouncilRecord) -> None:
    usa_fra = record.agreement("USA", "FRA")
    assert (usa_fra.both, usa_fra.same) == (5, 4)  # not 2717: adopted without a vote
    [(rid, usa, fra)] = usa_fra.differing
    assert (usa, fra) == ("N", "Y")
    assert record.agreement("chn", "rus", (2020, 2030)).share == 1.0
    never = record.agreement("SUN", "RUS")  # never sat together
    assert never.both == 0 and never.share is None


# -- the cross-check -------------------------------------------------------------------


def test_the_dossier_ballots_against_the_record(dossier, record: CouncilRecord) -> None:
    checks = check_dossier(dossier, record)
    on_2699 = [c for c in checks if c.resolution == "S/RES/2699 (2023)"]
    assert len(on_2699) == 15 and {c.verdict for c in on_2699} == {"agrees"}
    others = [c for c in checks if c.resolution != "S/RES/2699 (2023)"]
    for check in others:
        assert check.verdict in ("not-in-record", "agrees")
        if check.verdict == "not-in-record":
            assert "sc_voting_fixture.csv" in check.note or "lists no ballot" in check.note


def test_a_disagreeing_ballot_shows_both_values(dossier, tmp_path: Path) -> None:
    rows = fixture_rows()
    vote = COLUMNS.index("ms_vote")
    for row in rows:
        if row[6] == "S/RES/2699(2023)" and row[1] == "ECU":
            row[vote] = "N"
    import_csv(write_rows(tmp_path / "f.csv", rows), tmp_path / "r.sqlite")
    record = CouncilRecord.open(tmp_path / "r.sqlite")
    [wrong] = [c for c in check_dossier(dossier, record) if c.verdict == "disagrees"]
    assert (wrong.country, wrong.ours, wrong.official) == ("ECU", "yes", "no")
    assert wrong.line("Ecuador") == "✗ S/RES/2699 (2023) Ecuador (ECU): the dossier says yes, the record says no"
    record.close()


# -- the command line ------------------------------------------------------------------


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_votes_import_info_and_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "rec.sqlite")
    code, out, err = cli(capsys, "--votes", db, "votes", "info")
    assert code == 2 and "no Council record at" in err and "digitallibrary.un.org/record/4055387" in err
    code, out, err = cli(capsys, "--votes", db, "votes", "import", str(FIXTURE))
    assert code == 0 and "Reading" in err
    assert "86 rows, 6 resolutions, 1953–2025; latest resolution 2025-11-26" in out
    assert "S/RES/504(1982): total_yes is 15 but 14 ballots are Y" in out
    assert "Copyright, United Nations; non-commercial use with attribution" in out
    code, out, err = cli(capsys, "--votes", db, "votes", "info")
    assert code == 0 and "imported from sc_voting_fixture.csv (latest resolution 2025-11-26" in out
    code, out, err = cli(capsys, "--votes", db, "validate", "--votes")
    assert code == 0
    assert "✓ S/RES/2699 (2023) China (CHN): abstain (official)" in out
    assert "Ballots checked against the Council record imported from sc_voting_fixture.csv" in out


def test_votes_import_refuses_a_bad_file_with_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "rec.sqlite"
    bad = tmp_path / "notes.txt"
    bad.write_text("just some text\nwith lines\n", encoding="utf-8")
    code, out, err = cli(capsys, "--votes", str(db), "votes", "import", str(bad))
    assert code == 2 and "is not the header of the Security Council voting data" in err
    assert "Nothing was imported" in err and "Traceback" not in err
    assert not db.exists()
    code, out, err = cli(capsys, "--votes", str(db), "votes", "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "cannot be read" in err


@pytest.mark.parametrize("fts", [True, False])
def test_search_without_fts5_gives_the_same(record: CouncilRecord, fts: bool) -> None:
    """A Python whose SQLite lacks FTS5 searches by substring: the same answers here."""
    record.fts = fts
    assert symbols(record, subject="multinational") == ["S/RES/2699(2023)", "S/RES/2793(2025)"]
    assert symbols(record, subject="armistice agree") == ["S/RES/101(1953)"]
    assert symbols(record, text="haiti") == ["S/RES/2699(2023)", "S/RES/2793(2025)", "S/RES/2805(2025)"]
    assert symbols(record, text="qibya") == ["S/RES/101(1953)"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_any_bytes_are_read_or_refused_never_a_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(b",".join(c.encode() for c in COLUMNS) + b"\n" + data if data[:1] == b"1" else data)
    try:
        read_council_csv(path)
    except CouncilFileError as exc:
        assert str(path) in exc.describe()


def test_an_unwritable_record_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = cli(capsys, "--votes", str(blocker / "sub" / "r.sqlite"), "votes", "import", str(FIXTURE))
    assert code == 2 and "cannot write the Council record" in err and "Traceback" not in err


def test_odd_characters_and_crlf_inside_fields_are_kept(tmp_path: Path) -> None:
    rows = fixture_rows()
    where = COLUMNS.index("description")
    for row in rows[1:16]:
        row[where] = "Line\u2028separator, form\x0cfeed, next\x85line"
        row[COLUMNS.index("agenda")] = "Unquoted\u2028agenda\x0citem"  # no comma: written unquoted
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "crlf.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    parsed = read_council_csv(path)
    assert parsed.rows == 86
    assert parsed.resolutions["S/RES/2793(2025)"].description == "Line\u2028separator, form\x0cfeed, next\x85line"
    assert parsed.resolutions["S/RES/2793(2025)"].agenda == "Unquoted\u2028agenda\x0citem"
    assert parsed.resolutions["S/RES/2805(2025)"].agenda == "Fixture: non-participation\nacross two lines"
