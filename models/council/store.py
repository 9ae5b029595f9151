"""The imported Council record: one SQLite file in the user data directory.

An import reads and checks the whole CSV first (:mod:`models.council.csvfile`), then
writes a new database beside the old one and renames it over it: the record is either
the old one or the new one, never half of each, and a file that cannot be imported
leaves the old record as it was. Nothing writes to the record after its import; it is
in WAL mode so that readers never wait on each other.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from models.council.csvfile import ParsedFile, Progress, read_council_csv

__all__ = ["RECORD_FILE_NAME", "SCHEMA_VERSION", "Edition", "build_record", "default_record_path",
           "fts5_available", "import_csv", "read_edition"]

RECORD_FILE_NAME = "council-votes.sqlite"
SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE edition (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE resolution (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,
    number INTEGER NOT NULL,
    year INTEGER NOT NULL,
    date TEXT NOT NULL,
    draft TEXT NOT NULL,
    meeting TEXT NOT NULL,
    description TEXT NOT NULL,
    agenda TEXT NOT NULL,
    subjects TEXT NOT NULL,
    vote_note TEXT NOT NULL,
    total_yes INTEGER, total_no INTEGER, total_abstentions INTEGER, total_non_voting INTEGER, total_ms INTEGER,
    modality TEXT NOT NULL,
    link TEXT NOT NULL,
    undl_id TEXT NOT NULL,
    line INTEGER NOT NULL,
    yes INTEGER NOT NULL, no INTEGER NOT NULL, abstain INTEGER NOT NULL, absent INTEGER NOT NULL,
    members INTEGER NOT NULL
);
CREATE TABLE member (code TEXT PRIMARY KEY, name TEXT NOT NULL, permanent INTEGER NOT NULL,
                     first_year INTEGER NOT NULL, last_year INTEGER NOT NULL, ballots INTEGER NOT NULL);
CREATE TABLE ballot (
    member TEXT NOT NULL,
    resolution INTEGER NOT NULL REFERENCES resolution(id),
    vote TEXT NOT NULL,
    name TEXT NOT NULL,
    permanent INTEGER NOT NULL,
    PRIMARY KEY (member, resolution)
) WITHOUT ROWID;
CREATE TABLE subject (resolution INTEGER NOT NULL REFERENCES resolution(id), subject TEXT NOT NULL);
CREATE TABLE disagreement (resolution INTEGER NOT NULL REFERENCES resolution(id), what TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX ballot_by_resolution ON ballot(resolution, member);
CREATE INDEX resolution_by_date ON resolution(date, number);
CREATE INDEX subject_by_name ON subject(subject COLLATE NOCASE, resolution);
CREATE INDEX subject_by_resolution ON subject(resolution);
"""
_FTS = """
CREATE VIRTUAL TABLE resolution_text USING fts5(
    symbol, description, agenda, subjects, content='resolution', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO resolution_text(rowid, symbol, description, agenda, subjects)
    SELECT id, symbol, description, agenda, subjects FROM resolution;
"""


def default_record_path() -> Path:
    """``council-votes.sqlite`` in the platform's user data directory."""
    return platformdirs.user_data_path("mss-explorer") / RECORD_FILE_NAME


def fts5_available() -> bool:
    """Whether this Python's SQLite has full-text search (FTS5) compiled in."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


class Edition(dict):
    """What was imported: file name, its size, its latest date, counts, when."""

    def line(self) -> str:
        return (f"{self.get('file', '?')} (latest resolution {self.get('latest_date', '?')}, imported "
                f"{self.get('imported', '?')[:16].replace('T', ' ')} UTC)")


def read_edition(connection: sqlite3.Connection) -> Edition:
    return Edition(connection.execute("SELECT key, value FROM edition").fetchall())


def build_record(parsed: ParsedFile, target: Path, *, step: Callable[[str], None] | None = None) -> Edition:
    """Write ``parsed`` as a new record at ``target`` (atomically: a temporary file
    renamed over it). Returns what was imported."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    fts = fts5_available()
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("BEGIN")
            for statement in _statements(_SCHEMA):
                connection.execute(statement)
            if step:
                step("writing resolutions")
            members: dict[str, list] = {}
            for index, r in enumerate(sorted(parsed.resolutions.values(), key=lambda r: (r.date, r.number)), 1):
                counts = r.counts()
                connection.execute(
                    "INSERT INTO resolution VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (index, r.symbol, r.number, r.year, r.date, r.draft, r.meeting, r.description, r.agenda,
                     " | ".join(r.subjects), r.vote_note, *r.totals, r.modality, r.link, r.undl_id, r.line,
                     counts["Y"], counts["N"], counts["A"], counts["X"], len(r.ballots)))
                connection.executemany("INSERT INTO ballot VALUES (?,?,?,?,?)",
                                       [(code, index, vote, name, permanent)
                                        for code, name, permanent, vote in r.ballots])
                connection.executemany("INSERT INTO subject VALUES (?,?)", [(index, s) for s in r.subjects])
                connection.executemany("INSERT INTO disagreement VALUES (?,?)",
                                       [(index, what) for what in r.disagreements()])
                for code, name, permanent, _ in r.ballots:
                    known = members.get(code)
                    if known is None:
                        members[code] = [name, permanent, r.year, r.year, 1, r.date]
                    else:
                        known[2], known[3], known[4] = min(known[2], r.year), max(known[3], r.year), known[4] + 1
                        if r.date >= known[5]:  # the latest name ("RUSSIAN FEDERATION", not an older one)
                            known[0], known[1], known[5] = name, permanent, r.date
            connection.executemany("INSERT INTO member VALUES (?,?,?,?,?,?)",
                                   [(code, m[0], m[1], m[2], m[3], m[4]) for code, m in members.items()])
            if step:
                step("indexing")
            for statement in _statements(_INDEXES):
                connection.execute(statement)
            if fts:
                for statement in _statements(_FTS):
                    connection.execute(statement)
            years = parsed.years or (0, 0)
            edition = Edition(
                schema=SCHEMA_VERSION, file=parsed.path.name, size=str(parsed.path.stat().st_size),
                imported=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                latest_date=parsed.latest_date, rows=str(parsed.rows), resolutions=str(len(parsed.resolutions)),
                first_year=str(years[0]), last_year=str(years[1]), disagreements=str(len(parsed.disagreements)),
                inconsistencies=str(len(parsed.inconsistencies)), fts="1" if fts else "0")
            connection.executemany("INSERT INTO edition VALUES (?,?)", list(edition.items()))
            connection.execute("COMMIT")
            connection.execute("ANALYZE")
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return edition


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";\n") if s.strip()]


def import_csv(source: Path, target: Path | None = None, progress: Progress | None = None,
               step: Callable[[str], None] | None = None) -> tuple[ParsedFile, Edition]:
    """Read, check and store a voting data file; the old record stays if it fails
    (:class:`~models.council.csvfile.CouncilFileError`)."""
    parsed = read_council_csv(source, progress)
    return parsed, build_record(parsed, target or default_record_path(), step=step)
