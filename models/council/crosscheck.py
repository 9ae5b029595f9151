"""A dossier's ballots checked against the official record, one by one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.council.csvfile import BALLOT_CODES, normalise_symbol
from models.council.record import CouncilRecord
from models.schema import Dossier

__all__ = ["BallotCheck", "check_dossier"]

Verdict = Literal["agrees", "disagrees", "not-in-record"]


@dataclass(frozen=True, slots=True)
class BallotCheck:
    """One ballot of the dossier against the record."""

    ballot_id: str
    resolution: str
    country: str
    ours: str
    verdict: Verdict
    #: The record's ballot (yes, no, abstain, absent) when it has one.
    official: str | None = None
    #: Why it is not in the record, or what the record says instead.
    note: str = ""

    def line(self, country_name: str) -> str:
        who = f"{self.resolution} {country_name} ({self.country})"
        if self.verdict == "agrees":
            return f"✓ {who}: {self.ours} (official)"
        if self.verdict == "disagrees":
            return f"✗ {who}: the dossier says {self.ours}, the record says {self.official}" + (
                f" ({self.note})" if self.note else "")
        return f"? {who}: {self.ours}: {self.note}"


def check_dossier(dossier: Dossier, record: CouncilRecord) -> list[BallotCheck]:
    """Every ballot of every vote in the dossier, matched by resolution symbol and
    member code."""
    out: list[BallotCheck] = []
    edition = record.edition.line()
    for vote in dossier.votes:
        row = record.resolution(vote.resolution)
        ballots = {code: letter for code, _, _, letter in record.ballots(row.id)} if row else {}
        for ballot in vote.ballots:
            common = dict(ballot_id=ballot.id, resolution=vote.resolution, country=ballot.country, ours=ballot.vote)
            if row is None:
                out.append(BallotCheck(**common, verdict="not-in-record",
                                       note=f"{normalise_symbol(vote.resolution)} is not in the record "
                                            f"imported from {edition}"))
                continue
            letter = ballots.get(ballot.country)
            if letter is None:
                out.append(BallotCheck(**common, verdict="not-in-record",
                                       note=f"the record lists no ballot of {ballot.country} on {row.symbol}"))
                continue
            official = BALLOT_CODES[letter]
            if row.without_vote:
                out.append(BallotCheck(**common, verdict="disagrees", official="no ballot",
                                       note="the record says it was adopted without a vote"))
            elif official == ballot.vote:
                out.append(BallotCheck(**common, verdict="agrees", official=official))
            else:
                out.append(BallotCheck(**common, verdict="disagrees", official=official))
    return out
