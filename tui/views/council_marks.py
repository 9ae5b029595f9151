"""What the imported Council record says of a dossier's ballots (the ✓ or ✗ in the
Vote view). Small on purpose: the Vote view only asks :func:`ballot_marks`."""

from __future__ import annotations

from pathlib import Path

from models.schema import Dossier

__all__ = ["ballot_marks", "record_file"]


def record_file(votes_path: Path | None) -> Path | None:
    """The record the app uses, if one has been imported."""
    from models.council.store import default_record_path

    path = votes_path or default_record_path()
    return path if path.is_file() else None


def ballot_marks(dossier: Dossier, votes_path: Path | None) -> dict[str, str]:
    """Ballot id -> its mark: "✓" where the record agrees, "✗ UN: no" (the record's
    ballot) where it does not; nothing where the record has no ballot, or there is no
    record (the UN view, 8, says why). Safe in a thread."""
    from models.council import CouncilRecord, RecordError
    from models.council.crosscheck import check_dossier

    path = record_file(votes_path)
    if path is None or not dossier.votes:
        return {}
    try:
        record = CouncilRecord.open(path)
    except RecordError:
        return {}
    try:
        return {c.ballot_id: "✓" if c.verdict == "agrees" else f"✗ UN: {c.official}"
                for c in check_dossier(dossier, record) if c.verdict != "not-in-record"}
    finally:
        record.close()
