"""Reading the UN Dag Hammarskjöld Library's "Security Council Voting Data" CSV.

One row per member per resolution (about 41,000 rows since resolution 1 in 1946), the
rows grouped by resolution, the groups in no sorted order. Columns are found by their
header names, so a file whose columns come in another order reads the same; a missing
column is refused by name. Every row is checked: a bad one is reported with its line
number and field and the file is refused (nothing is dropped quietly). Each
resolution's ballots are then counted against its ``total_*`` columns and
``total_ms``; where they disagree the resolution is still kept, and the disagreement
listed.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

__all__ = [
    "COLUMNS",
    "BALLOT_CODES",
    "CouncilFileError",
    "ParsedFile",
    "Resolution",
    "RowProblem",
    "read_council_csv",
    "normalise_symbol",
]

#: The columns of the file, in the order the Library gives them.
COLUMNS = (
    "undl_id", "ms_code", "ms_name", "permanent_member", "ms_vote", "date", "resolution", "draft", "meeting",
    "description", "agenda", "subjects", "vote_note", "total_yes", "total_no", "total_abstentions",
    "total_non_voting", "total_ms", "modality", "undl_link",
)
TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms")
#: ``ms_vote``: yes, no, abstain, did not vote.
BALLOT_CODES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
MODALITIES = {"vote": "Vote", "without vote": "Without Vote"}
#: Problems listed in a refusal before "and N more".
SHOWN_PROBLEMS = 20

_SYMBOL = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)$")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_symbol(symbol: str) -> str:
    """"S/RES/2699 (2023)", "s/res/2699(2023)" -> "S/RES/2699(2023)" (the file's form);
    anything that is not a resolution symbol comes back stripped, upper-cased."""
    text = re.sub(r"\s+", "", symbol.strip()).upper()
    match = _SYMBOL.match(text)
    return f"S/RES/{int(match.group(1))}({match.group(2)})" if match else text


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that cannot be read: its line in the file, the field, why."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


class CouncilFileError(Exception):
    """The file cannot be imported (nothing of it is): why, and the bad rows if any."""

    def __init__(self, path: Path, message: str, problems: list[RowProblem] | None = None) -> None:
        self.path = path
        self.reason = message
        self.problems = problems or []
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = [f"{self.path}: {self.reason}"]
        for problem in self.problems[:SHOWN_PROBLEMS]:
            lines.append(f"  {problem}")
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(self.problems) - SHOWN_PROBLEMS} more")
        return "\n".join(lines)


@dataclass(slots=True)
class Resolution:
    """One resolution and its ballots, as the file gives them."""

    symbol: str
    number: int
    year: int
    date: str
    draft: str
    meeting: str
    description: str
    agenda: str
    subjects: tuple[str, ...]
    vote_note: str
    totals: tuple[int | None, ...]
    """total_yes, total_no, total_abstentions, total_non_voting, total_ms (None: empty)."""
    modality: str
    link: str
    undl_id: str
    line: int
    """The line of its first row."""
    #: (ms_code, ms_name, permanent, ms_vote letter), in the file's order.
    ballots: list[tuple[str, str, bool, str]] = field(default_factory=list)

    @property
    def without_vote(self) -> bool:
        return self.modality == "Without Vote"

    def counts(self) -> dict[str, int]:
        """How many ballots of each letter (Y, N, A, X) the file lists."""
        out = dict.fromkeys(BALLOT_CODES, 0)
        for ballot in self.ballots:
            out[ballot[3]] += 1
        return out

    def disagreements(self) -> list[str]:
        """Where the ballots listed disagree with the resolution's own totals."""
        counts = self.counts()
        found: list[str] = []
        yes, no, abstain, non_voting, members = self.totals
        if members is not None and members != len(self.ballots):
            found.append(f"total_ms is {members} but {len(self.ballots)} members are listed")
        if self.without_vote:
            cast = counts["Y"] + counts["N"] + counts["A"]
            if cast:
                found.append(f"adopted without a vote but {cast} ballots are Y, N or A")
            return found
        for name, total, letter in (("total_yes", yes, "Y"), ("total_no", no, "N"),
                                    ("total_abstentions", abstain, "A"), ("total_non_voting", non_voting, "X")):
            if total is not None and total != counts[letter]:
                found.append(f"{name} is {total} but {counts[letter]} ballots are {letter}")
        return found


@dataclass
class ParsedFile:
    """A file read and checked: its resolutions, how many rows, what disagrees."""

    path: Path
    rows: int
    resolutions: dict[str, Resolution]
    #: (symbol, what disagrees), in the order found.
    disagreements: list[tuple[str, str]]
    #: Field values that differ between the rows of one resolution (kept: the first row's).
    inconsistencies: list[tuple[str, str]]

    @property
    def latest_date(self) -> str:
        return max((r.date for r in self.resolutions.values()), default="")

    @property
    def years(self) -> tuple[int, int] | None:
        years = [r.year for r in self.resolutions.values()]
        return (min(years), max(years)) if years else None


#: Called now and then while reading: (bytes read, size of the file).
Progress = Callable[[int, int], None]


def _records(path: Path, handle, size: int, progress: Progress | None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of each record, the text decoded as UTF-8 as it is read."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    done = 0

    def lines() -> Iterator[str]:
        nonlocal done
        pending = ""
        while True:
            chunk = handle.read(1 << 20)
            try:
                text = pending + decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                raise CouncilFileError(path, f"not UTF-8 text (byte {done + exc.start} cannot be read): "
                                             "is it the Library's CSV file?") from None
            done += len(chunk)
            if progress is not None:
                progress(done, size)
            if not chunk:
                if text:
                    yield text
                return
            # Lines end at "\n" only (with "\r\n" kept whole): not at the other breaks
            # str.splitlines knows (\x0c, \u2028…), which a description may hold.
            parts = text.split("\n")
            pending = parts.pop()
            for part in parts:
                yield part + "\n"

    reader = csv.reader(lines(), strict=True)
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message or "EOF" in message:
                raise CouncilFileError(path, f"the file ends inside a quoted field that starts on line {line}: "
                                             "it is truncated") from None
            raise CouncilFileError(path, f"line {reader.line_num}: not CSV ({message})") from None
        yield line, record
        line = reader.line_num + 1


def _header(path: Path, record: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in record]
    where = {name: index for index, name in enumerate(names) if name}
    missing = [column for column in COLUMNS if column not in where]
    if len(missing) == len(COLUMNS):
        shown = ", ".join(repr(n) for n in record[:4])
        raise CouncilFileError(path, f"line 1 is not the header of the Security Council voting data (it starts "
                                     f"{shown}); expected the columns {', '.join(COLUMNS)}")
    if missing:
        raise CouncilFileError(path, f"the header (line 1) has no column {', '.join(missing)}: "
                                     f"{'it is' if len(missing) == 1 else 'they are'} needed")
    return where


def _total(value: str, line: int, name: str, problems: list[RowProblem]) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        problems.append(RowProblem(line, name, f"{value!r} is not a whole number"))
        return None
    return number


def read_council_csv(path: Path, progress: Progress | None = None) -> ParsedFile:
    """Read and check the whole file; raise :class:`CouncilFileError` when it cannot be
    imported (not CSV, not UTF-8, no header or a column missing, a bad row, truncated)."""
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise CouncilFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        size = path.stat().st_size
        start = handle.read(8192)
        if not start.strip():
            raise CouncilFileError(path, "the file is empty")
        if b"\0" in start:
            raise CouncilFileError(path, "this is a binary file, not CSV text: is it the Library's CSV file "
                                         "(not a zip or a spreadsheet)?")
        handle.seek(0)
        handle.seek(0, 2)
        ends_with_newline = False
        if size:
            handle.seek(size - 1)
            ends_with_newline = handle.read(1) in (b"\n", b"\r")
        handle.seek(0)
        return _parse(path, _records(path, handle, size, progress), ends_with_newline)


def _parse(path: Path, records: Iterator[tuple[int, list[str]]], ends_with_newline: bool) -> ParsedFile:
    try:
        _, first = next(records)
    except StopIteration:
        raise CouncilFileError(path, "the file is empty") from None
    where = _header(path, first)
    width = len(first)
    col = [where[name] for name in COLUMNS]
    problems: list[RowProblem] = []
    resolutions: dict[str, Resolution] = {}
    seen: dict[tuple[str, str], int] = {}
    inconsistencies: list[tuple[str, str]] = []
    rows = 0
    last_symbol = ""
    last_line = 1
    last_short = False
    for line, record in records:
        last_line = line
        if not record or (len(record) == 1 and not record[0].strip()):
            continue  # a blank line
        rows += 1
        last_short = len(record) != width
        if len(record) != width:
            problems.append(RowProblem(line, "(row)", f"{len(record)} fields where the header has {width}"))
            continue
        (undl_id, code, name, permanent, vote, day, symbol, draft, meeting, description, agenda, subjects,
         note, *totals_text, modality, link) = (record[i] for i in col)
        before = len(problems)
        code = code.strip()
        if not _CODE.match(code):
            problems.append(RowProblem(line, "ms_code", f"{code!r} is not a member code (like KEN or SUN)"))
        vote = vote.strip().upper()
        if vote not in BALLOT_CODES:
            problems.append(RowProblem(line, "ms_vote", f"{vote!r} is not Y, N, A or X"))
        permanent_text = permanent.strip().lower()
        if permanent_text not in ("true", "false"):
            problems.append(RowProblem(line, "permanent_member", f"{permanent!r} is not True or False"))
        day = day.strip()
        if not _DATE.match(day) or not _valid_date(day):
            problems.append(RowProblem(line, "date", f"{day!r} is not a date like 2023-10-02"))
        match = _SYMBOL.match(re.sub(r"\s+", "", symbol.strip()).upper())
        if match is None:
            problems.append(RowProblem(line, "resolution", f"{symbol!r} is not a symbol like S/RES/2699(2023)"))
        kind = MODALITIES.get(" ".join(modality.split()).lower())
        if kind is None:
            problems.append(RowProblem(line, "modality", f"{modality!r} is neither Vote nor Without Vote"))
        totals = tuple(_total(text, line, name_, problems) for text, name_ in zip(totals_text, TOTALS))
        if len(problems) != before:
            continue
        assert match is not None and kind is not None
        key = f"S/RES/{int(match.group(1))}({match.group(2)})"
        last_symbol = key
        twice = seen.get((key, code))
        if twice is not None:
            problems.append(RowProblem(line, "ms_code", f"{code} already has a ballot on {key} (line {twice})"))
            continue
        seen[(key, code)] = line
        resolution = resolutions.get(key)
        if resolution is None:
            resolution = resolutions[key] = Resolution(
                symbol=key, number=int(match.group(1)), year=int(match.group(2)), date=day, draft=draft.strip(),
                meeting=meeting.strip(), description=description.strip(), agenda=agenda.strip(),
                subjects=tuple(s.strip() for s in subjects.split("|") if s.strip()), vote_note=note.strip(),
                totals=totals, modality=kind, link=link.strip(), undl_id=undl_id.strip(), line=line)
        else:
            for what, ours, theirs in (("date", resolution.date, day), ("total_*", resolution.totals, totals),
                                       ("modality", resolution.modality, kind)):
                if ours != theirs:
                    inconsistencies.append((key, f"line {line}: {what} {theirs} differs from {ours} "
                                                 f"(line {resolution.line}); the first is kept"))
        resolution.ballots.append((code, " ".join(name.split()), permanent_text == "true", vote))
    if last_short and not ends_with_newline:
        raise CouncilFileError(path, f"the file ends in the middle of line {last_line}: it is truncated")
    if problems:
        rows_bad = len({p.line for p in problems})
        raise CouncilFileError(path, f"{rows_bad} row{'s' if rows_bad != 1 else ''} cannot be read; "
                                     "nothing was imported", problems)
    if not resolutions:
        raise CouncilFileError(path, "the file has a header but no rows")
    last = resolutions[last_symbol]
    expected = last.totals[4]
    if expected is not None and len(last.ballots) < expected:
        # The rows come grouped by resolution: a last group short of its members is a
        # file cut off (a download that stopped), not a disagreement to keep.
        raise CouncilFileError(path, f"the file ends after {len(last.ballots)} of the {expected} members of "
                                     f"{last.symbol} (line {last_line}"
                                     f"{', cut off without a line break' if not ends_with_newline else ''}): "
                                     "it is truncated")
    disagreements = [(r.symbol, what) for r in resolutions.values() for what in r.disagreements()]
    return ParsedFile(path, rows, resolutions, disagreements, inconsistencies)


def _valid_date(text: str) -> bool:
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True
