"""Which of a dossier's ballots the imported Council record confirms (the ✓ in the
Vote view). Small on purpose: the Vote view only asks :func:`confirmed_ballots`."""

from __future__ import annotations

from pathlib import Path

from models.schema import Dossier

__all__ = ["confirmed_ballots", "record_file"]


def record_file(votes_path: Path | None) -> Path | None:
    """The record the app uses, if one has been imported."""
    from models.council.store import default_record_path

    path = votes_path or default_record_path()
    return path if path.is_file() else None


def confirmed_ballots(dossier: Dossier, votes_path: Path | None) -> frozenset[str]:
    """The ids of the ballots the record agrees with (none when there is no record or
    it cannot be read: the Council view says why). Safe in a thread."""
    from models.council import CouncilRecord, RecordError
    from models.council.crosscheck import check_dossier

    path = record_file(votes_path)
    if path is None or not dossier.votes:
        return frozenset()
    try:
        record = CouncilRecord.open(path)
    except RecordError:
        return frozenset()
    try:
        return frozenset(c.ballot_id for c in check_dossier(dossier, record) if c.verdict == "agrees")
    finally:
        record.close()
