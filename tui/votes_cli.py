"""The command line of the official Council record: ``mss-explorer votes import|info``
and ``mss-explorer validate --votes``. Kept apart from :mod:`tui.cli`, which only
adds these to its parser and calls :func:`run_votes` / :func:`validate_votes`.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.council import CouncilRecord
    from models.schema import Dossier

__all__ = ["add_votes_arguments", "record_path", "run_votes", "validate_votes"]

EXIT_BAD_INPUT = 2


def add_votes_arguments(parser: argparse.ArgumentParser, sub: argparse._SubParsersAction) -> None:
    """``--votes DB`` (where the record is), ``votes import|info``."""
    parser.add_argument("--votes", metavar="DB", dest="votes_db",
                        help="the imported Council record (default: council-votes.sqlite in the user data dir)")
    votes = sub.add_parser("votes", help="the official Security Council voting record (UN Digital Library)")
    votes_sub = votes.add_subparsers(dest="votes_command", metavar="ACTION", required=True)
    imported = votes_sub.add_parser("import", help="import the Library's Security Council voting data CSV")
    imported.add_argument("path", metavar="PATH", help="the CSV downloaded from digitallibrary.un.org/record/4055387")
    info = votes_sub.add_parser("info", help="what record is imported, and where")
    from tui.cli_options import also_after

    for leaf in (imported, info):
        also_after(leaf, "votes")  # `votes info --votes DB` as well as `--votes DB votes info`


def record_path(args: argparse.Namespace) -> Path:
    from models.council import default_record_path

    db = getattr(args, "votes_db", None)
    return Path(db).expanduser().absolute() if db else default_record_path()


def _fail(message: str) -> int:
    from models.text import visible

    print(f"mss-explorer: {visible(message)}", file=sys.stderr)
    return EXIT_BAD_INPUT


class _Progress:
    """A bar on standard error (redrawn in place on a terminal, a line every 25%
    otherwise)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = min(100, done * 100 // total) if total else 100
        if self.tty:
            if percent != self.shown:
                bar = "█" * (percent // 4) + "·" * (25 - percent // 4)
                sys.stderr.write(f"\rReading {bar} {percent:3d}%")
                sys.stderr.flush()
        elif percent // 25 != self.shown // 25:
            sys.stderr.write(f"Reading… {percent}%\n")
        self.shown = percent

    def step(self, what: str) -> None:
        sys.stderr.write(("\r" if self.tty else "") + f"{what.capitalize()}…" + (" " * 30 if self.tty else "") + "\n")
        sys.stderr.flush()


def run_votes(args: argparse.Namespace) -> int:
    from models.council import ATTRIBUTION, CouncilFileError, CouncilRecord, RecordError, import_csv
    from models.text import visible

    target = record_path(args)
    if args.votes_command == "import":
        progress = _Progress()
        started = time.perf_counter()
        try:
            parsed, edition = import_csv(Path(args.path), target, progress=progress, step=progress.step)
        except CouncilFileError as exc:
            if progress.tty and progress.shown >= 0:
                sys.stderr.write("\n")
            return _fail(exc.describe() + "\nNothing was imported; the record already there (if any) is unchanged.")
        except (OSError, sqlite3.Error) as exc:
            return _fail(f"cannot write the Council record {target}: {getattr(exc, 'strerror', None) or exc}. "
                         "Nothing was imported; the record already there (if any) is unchanged.")
        seconds = time.perf_counter() - started
        first, last = parsed.years or (0, 0)
        print(visible(f"Imported {parsed.path.name} into {target} in {seconds:.1f} s"))
        print(f"  {parsed.rows:,} rows, {len(parsed.resolutions):,} resolutions, {first}–{last}; "
              f"latest resolution {edition['latest_date']}")
        print(f"  {len(parsed.disagreements)} disagreement{'s' if len(parsed.disagreements) != 1 else ''} "
              "between a resolution's ballots and its totals" + (":" if parsed.disagreements else ""))
        for symbol, what in parsed.disagreements[:50]:
            print(visible(f"    {symbol}: {what}"))
        if len(parsed.disagreements) > 50:
            print(f"    … and {len(parsed.disagreements) - 50} more (mss-explorer votes info lists them all)")
        for symbol, what in parsed.inconsistencies[:20]:
            print(visible(f"  note: {symbol}: {what}"))
        print(f"  {ATTRIBUTION}")
        return 0
    try:
        record = CouncilRecord.open(target)
    except RecordError as exc:
        return _fail(f"{exc}. Download the CSV from https://digitallibrary.un.org/record/4055387 and run "
                     "`mss-explorer votes import PATH`.")
    try:
        edition = record.edition
        print(visible(f"Council record: {target}"))
        print(visible(f"  imported from {edition.line()}"))
        print(f"  {int(edition['rows']):,} rows, {int(edition['resolutions']):,} resolutions, "
              f"{edition['first_year']}–{edition['last_year']}; full-text search "
              f"{'on' if record.fts else 'off (this SQLite has no FTS5)'}")
        found = record.disagreements()
        print(f"  {len(found)} disagreement{'s' if len(found) != 1 else ''} between ballots and totals"
              + (":" if found else ""))
        for symbol, what in found:
            print(visible(f"    {symbol}: {what}"))
        print(f"  {ATTRIBUTION}")
    finally:
        record.close()
    return 0


def validate_votes(args: argparse.Namespace, dossier: Dossier) -> int:
    """Every ballot of the dossier against the record: ✓ official, ✗ with both values,
    ? not in the record (naming the edition imported)."""
    from models.council import CouncilRecord, RecordError
    from models.council.crosscheck import check_dossier
    from models.text import visible

    try:
        record: CouncilRecord = CouncilRecord.open(record_path(args))
    except RecordError as exc:
        return _fail(f"{exc}: import the Council record first (mss-explorer votes import PATH).")
    try:
        checks = check_dossier(dossier, record)
        print(visible(f"Ballots checked against the Council record imported from {record.edition.line()}:"))
        for check in checks:
            print(visible("  " + check.line(dossier.country_name(check.country))))
        counts = {v: sum(1 for c in checks if c.verdict == v) for v in ("agrees", "disagrees", "not-in-record")}
        print(f"{counts['agrees']} agree (official), {counts['disagrees']} disagree, "
              f"{counts['not-in-record']} not in the record")
    finally:
        record.close()
    return 1 if counts["disagrees"] else 0
