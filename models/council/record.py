"""Questions put to an imported Council record (see :mod:`models.council.store`).

A :class:`CouncilRecord` is opened read-only and may be asked from any thread (one
connection, behind a lock). Resolutions are named by their row id in the record
(date order) and by their symbol as the file writes it (``S/RES/2699(2023)``).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from models.council.csvfile import BALLOT_CODES, normalise_symbol
from models.council.store import SCHEMA_VERSION, Edition, default_record_path, read_edition

__all__ = ["OUTCOMES", "OUTCOME_LABELS", "Agreement", "CouncilRecord", "Filters", "RecordError", "ResolutionRow",
           "display_name", "parse_filters"]

#: The outcome filters: name -> what it keeps (SQL over the counted ballots).
OUTCOMES = {
    "unanimous": "r.modality = 'Vote' AND r.yes = r.members",
    "abstentions": "r.abstain > 0",
    "against": "r.no > 0",
    "without-vote": "r.modality = 'Without Vote'",
}
OUTCOME_LABELS = {"unanimous": "unanimous", "abstentions": "with abstentions", "against": "with votes against",
                  "without-vote": "adopted without a vote"}


class RecordError(Exception):
    """There is no usable record at a path (never imported, or not a record)."""


@dataclass(frozen=True, slots=True)
class ResolutionRow:
    id: int
    symbol: str
    number: int
    year: int
    date: str
    draft: str
    meeting: str
    description: str
    agenda: str
    subjects: str
    vote_note: str
    modality: str
    link: str
    yes: int
    no: int
    abstain: int
    absent: int
    members: int

    @property
    def without_vote(self) -> bool:
        return self.modality == "Without Vote"

    @property
    def short_symbol(self) -> str:
        """"S/RES/2699(2023)" -> "2699 (2023)"."""
        return f"{self.number} ({self.year})"

    @property
    def tally(self) -> str:
        """"13–0–2" (yes–no–abstain), or "no vote" for a resolution adopted without one."""
        if self.without_vote:
            return "no vote"
        return f"{self.yes}–{self.no}–{self.abstain}"

    def tally_text(self) -> str:
        """The tally in words: "13 in favour, 1 against, 0 abstaining, 1 not voting"."""
        if self.without_vote:
            return "adopted without a vote"
        text = f"{self.yes} in favour, {self.no} against, {self.abstain} abstaining"
        return text + (f", {self.absent} not voting" if self.absent else "")

    @property
    def outcome(self) -> str:
        if self.without_vote:
            return OUTCOME_LABELS["without-vote"]
        if self.no:
            return OUTCOME_LABELS["against"]
        if self.abstain:
            return OUTCOME_LABELS["abstentions"]
        if self.yes == self.members:
            return OUTCOME_LABELS["unanimous"]
        return "adopted, not every member voting"


_ROW_COLUMNS = ("id, symbol, number, year, date, draft, meeting, description, agenda, subjects, vote_note, "
                "modality, link, yes, no, abstain, absent, members")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the list of resolutions is narrowed to (every part optional)."""

    years: tuple[int, int] | None = None
    subject: str = ""
    outcome: str = ""
    text: str = ""
    #: Only resolutions this member voted on (a code from the record).
    member: str = ""

    @property
    def active(self) -> bool:
        return bool(self.years or self.subject or self.outcome or self.text or self.member)


@dataclass(frozen=True, slots=True)
class Agreement:
    """Two members over a period: resolutions adopted by a vote on which both sat,
    how many they cast the same ballot on, and those they did not (id, ballot of
    each)."""

    first: str
    second: str
    years: tuple[int, int] | None
    both: int
    same: int
    differing: list[tuple[int, str, str]]

    @property
    def share(self) -> float | None:
        return self.same / self.both if self.both else None


_KEEP_CAPS = {"USSR", "UAR", "USA", "UK", "DPRK", "ZAIRE"}
_SMALL = {"OF", "AND", "THE", "DE", "DU", "D'IVOIRE"}


def display_name(name: str) -> str:
    """"UNITED REPUBLIC OF TANZANIA" -> "United Republic of Tanzania"; "USSR" stays."""
    words = name.split()
    out = []
    for index, word in enumerate(words):
        if word in _KEEP_CAPS and word != "ZAIRE":
            out.append(word)
        elif word in _SMALL and index:
            out.append(word.lower() if word != "D'IVOIRE" else "d'Ivoire")
        else:
            out.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(out)


def fts_query(text: str) -> str:
    """An FTS5 query for what the reader typed: every word, as a prefix (quoted:
    FTS5's own syntax is never the reader's)."""
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{word}"*' for word in words)


class CouncilRecord:
    """An imported record, open read-only."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.Lock()
        self.edition: Edition = read_edition(connection)
        self.fts = self.edition.get("fts") == "1"

    @classmethod
    def open(cls, path: Path | None = None) -> CouncilRecord:
        path = Path(path) if path is not None else default_record_path()
        if not path.is_file():
            raise RecordError(f"no Council record at {path}")
        try:
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            edition = read_edition(connection)
        except sqlite3.DatabaseError as exc:
            raise RecordError(f"{path} is not a Council record ({exc})") from None
        if edition.get("schema") != SCHEMA_VERSION:
            connection.close()
            raise RecordError(f"{path} was imported by another version of MSS Explorer: import the CSV again")
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- resolutions --------------------------------------------------------------------

    def resolutions(self) -> list[ResolutionRow]:
        """Every resolution, in date order."""
        return [ResolutionRow(*row) for row in self._all(f"SELECT {_ROW_COLUMNS} FROM resolution ORDER BY id")]

    def rows(self, ids: Sequence[int]) -> dict[int, ResolutionRow]:
        """The resolutions with these ids (id -> row)."""
        out: dict[int, ResolutionRow] = {}
        ids = list(ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            out.update((row[0], ResolutionRow(*row)) for row in self._all(
                f"SELECT {_ROW_COLUMNS} FROM resolution WHERE id IN ({marks})", chunk))
        return out

    def resolution(self, symbol: str) -> ResolutionRow | None:
        rows = self._all(f"SELECT {_ROW_COLUMNS} FROM resolution WHERE symbol = ?", (normalise_symbol(symbol),))
        return ResolutionRow(*rows[0]) if rows else None

    def ids(self, filters: Filters) -> list[int]:
        """The ids of the resolutions that pass, in date order."""
        where: list[str] = []
        params: list[object] = []
        source = "resolution r"
        if filters.years:
            where.append("r.year BETWEEN ? AND ?")
            params += list(filters.years)
        if filters.outcome:
            where.append(OUTCOMES[filters.outcome])
        if filters.subject and self.fts and fts_query(filters.subject):
            # Words of the subjects, as prefixes ("sanct" finds SANCTIONS): the full-text
            # index, not a substring scan of every subject.
            where.append("r.id IN (SELECT rowid FROM resolution_text WHERE resolution_text MATCH ?)")
            params.append(f"subjects : ({fts_query(filters.subject)})")
        elif filters.subject:
            where.append("r.id IN (SELECT resolution FROM subject WHERE subject LIKE ? ESCAPE '\\')")
            params.append(f"%{_like(filters.subject)}%")
        if filters.member:
            source += " JOIN ballot b ON b.resolution = r.id AND b.member = ?"
            params.insert(0, filters.member)
        if filters.text.strip():
            query = fts_query(filters.text)
            if not query:
                return []
            if self.fts:
                where.append("r.id IN (SELECT rowid FROM resolution_text WHERE resolution_text MATCH ?)")
                params.append(query)
            else:
                for word in re.findall(r"\w+", filters.text):
                    where.append("(r.description || ' ' || r.agenda || ' ' || r.subjects || ' ' || r.symbol)"
                                 " LIKE ? ESCAPE '\\'")
                    params.append(f"%{_like(word)}%")
        sql = f"SELECT r.id FROM {source}" + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY r.id"
        return [row[0] for row in self._all(sql, params)]

    def ballots(self, resolution_id: int) -> list[tuple[str, str, bool, str]]:
        """(code, name, permanent, Y/N/A/X) of every member on a resolution."""
        return [(code, name, bool(permanent), vote) for code, name, permanent, vote in self._all(
            "SELECT member, name, permanent, vote FROM ballot WHERE resolution = ? ORDER BY permanent DESC, name",
            (resolution_id,))]

    def disagreements(self, resolution_id: int | None = None) -> list[tuple[str, str]]:
        """(symbol, what) where the file's ballots disagree with its own totals."""
        sql = "SELECT r.symbol, d.what FROM disagreement d JOIN resolution r ON r.id = d.resolution"
        if resolution_id is None:
            return self._all(sql + " ORDER BY r.id")
        return self._all(sql + " WHERE r.id = ?", (resolution_id,))

    def subjects(self) -> list[tuple[str, int]]:
        return self._all("SELECT subject, count(*) FROM subject GROUP BY subject COLLATE NOCASE "
                         "ORDER BY count(*) DESC, subject")

    # -- members ------------------------------------------------------------------------

    def members(self) -> list[tuple[str, str, int, int]]:
        """(code, latest name, first year, last year) of every member that sat."""
        return self._all("SELECT code, name, first_year, last_year FROM member ORDER BY name")

    def member(self, code: str) -> tuple[str, str, int, int] | None:
        rows = self._all("SELECT code, name, first_year, last_year FROM member WHERE code = ?", (code.upper(),))
        return rows[0] if rows else None

    def member_ballots(self, code: str) -> dict[int, str]:
        """Resolution id -> the member's ballot (Y, N, A, X) on it."""
        return dict(self._all("SELECT resolution, vote FROM ballot WHERE member = ?", (code.upper(),)))

    def member_counts(self, code: str, years: tuple[int, int] | None = None) -> dict[int, Counter[str]]:
        """Year -> how many yes, no, abstain and absent ("did not vote") ballots a member
        cast (resolutions adopted without a vote are not counted: nobody voted)."""
        sql = ("SELECT r.year, b.vote, count(*) FROM ballot b JOIN resolution r ON r.id = b.resolution "
               "WHERE b.member = ? AND r.modality = 'Vote'")
        params: list[object] = [code.upper()]
        if years:
            sql += " AND r.year BETWEEN ? AND ?"
            params += list(years)
        out: dict[int, Counter[str]] = {}
        for year, vote, count in self._all(sql + " GROUP BY r.year, b.vote ORDER BY r.year", params):
            out.setdefault(year, Counter())[BALLOT_CODES[vote]] += count
        return out

    def agreement(self, first: str, second: str, years: tuple[int, int] | None = None) -> Agreement:
        """How often two members cast the same ballot, over the resolutions adopted by a
        vote on which both sat (in ``years``, inclusive)."""
        sql = ("SELECT r.id, a.vote, b.vote FROM ballot a JOIN ballot b ON b.resolution = a.resolution "
               "JOIN resolution r ON r.id = a.resolution "
               "WHERE a.member = ? AND b.member = ? AND r.modality = 'Vote'")
        params: list[object] = [first.upper(), second.upper()]
        if years:
            sql += " AND r.year BETWEEN ? AND ?"
            params += list(years)
        rows = self._all(sql + " ORDER BY r.id", params)
        differing = [(rid, a, b) for rid, a, b in rows if a != b]
        return Agreement(first.upper(), second.upper(), years, len(rows), len(rows) - len(differing), differing)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_TOKEN = re.compile(r'(\w+):(?:"([^"]*)"?|(\S*))')


def parse_filters(text: str, member: str = "") -> tuple[Filters, list[str]]:
    """What the reader typed in the record's search box: free words (searched in
    descriptions, agendas and subjects) and ``year:1990``, ``year:1990-2000``,
    ``subject:haiti`` (or ``subject:"human rights"``), ``outcome:against`` (or
    ``unanimous``, ``abstentions``, ``without-vote``). Returns the filters and what
    could not be understood (the rest still applies)."""
    years: tuple[int, int] | None = None
    subject = outcome = ""
    problems: list[str] = []
    words: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        words.append(text[position:match.start()])
        position = match.end()
        key, value = match.group(1).lower(), match.group(2) if match.group(2) is not None else match.group(3)
        if key in ("year", "years"):
            found = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4})?)?", value.strip())
            if found is None:
                if value:
                    problems.append(f"year:{value} (write year:1990 or year:1990-2000)")
                continue
            low = int(found.group(1))
            high = int(found.group(2)) if found.group(2) else (9999 if "-" in value or "–" in value else low)
            years = (min(low, high), max(low, high))
        elif key == "subject":
            subject = value.strip()
        elif key == "outcome":
            chosen = [name for name in OUTCOMES if value and name.startswith(value.lower())]
            if len(chosen) == 1:
                outcome = chosen[0]
            elif value:
                problems.append(f"outcome:{value} (one of {', '.join(OUTCOMES)})")
        else:
            words.append(match.group(0))
    words.append(text[position:])
    return Filters(years=years, subject=subject, outcome=outcome, text=" ".join(" ".join(words).split()),
                   member=member), problems
