"""How the Security Council voted, and who sat on it: votes, their ballots, the tallies
sources state, and each year's membership (what a derived ballot rests on).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import Field

from models.dossier.citations import Citation
from models.dossier.fields import Bool, CountryCode, Edtf, Int, ItemId, Str, Text, record
from models.dossier.items import Item

__all__ = ["Ballot", "BallotValue", "Council", "StatedTally", "Tally", "Vote"]


BallotValue = Literal["yes", "no", "abstain", "absent"]


@record
class Ballot(Item):
    kind: ClassVar[str] = "ballot"
    kind_label: ClassVar[str] = "Ballot"

    country: CountryCode
    seat: Literal["permanent", "elected"]
    term: Str | None = None
    """For elected members, the years of their term, e.g. "2022–2023"."""
    vote: BallotValue
    basis: Literal["read", "derived"]
    """How the ballot is known: "read" from a source that gives this member's ballot (a
    citation quotes it, or its locator names the record's row), or "derived" from the
    vote's stated tally and that year's membership (a unanimous adoption; the
    abstainers named by the tally)."""
    penholder: Bool = False
    explanations: list[ItemId] = Field(default_factory=list)
    """Statements explaining the vote (ids of statements)."""

    @property
    def resolution(self) -> str:
        """The resolution voted on (set by the vote that holds the ballot)."""
        return getattr(self, "_derived", "")

    def label(self) -> str:
        return f"{self.country} {self.vote} on {self.resolution}".strip()

    def basis_text(self) -> str:
        if self.basis == "read":
            return "read from a source that gives this member's ballot"
        return "derived from the stated tally and that year's membership, not read from a ballot record"

    def country_codes(self) -> tuple[str, ...]:
        return (self.country,)

    def search_text(self) -> str:
        words = {"yes": "voted yes, in favour", "no": "voted no, against", "abstain": "abstained",
                 "absent": "absent, did not vote"}
        seat = f"{self.seat} member" + (f" ({self.term})" if self.term else "")
        return f"{words[self.vote]} · {seat}" + (" · penholder" if self.penholder else "")


@dataclass(frozen=True, slots=True)
class Tally:
    yes: int
    no: int
    abstain: int
    absent: int

    def text(self) -> str:
        out = f"{self.yes}–{self.no}–{self.abstain}"
        return out + (f" ({self.absent} absent)" if self.absent else "")


@record
class StatedTally:
    """A tally as a source states it; it must agree with the ballots."""

    yes: Int | None = None
    no: Int | None = None
    abstain: Int | None = None
    citation: Citation


@record
class Vote(Item):
    kind: ClassVar[str] = "vote"
    kind_label: ClassVar[str] = "Vote"

    resolution: Text
    """Symbol, e.g. "S/RES/2699 (2023)"."""
    date: Edtf
    meeting: Str = ""
    record: Str = ""
    draft: Str = ""
    summary: Str = ""
    penholders: list[CountryCode] = Field(default_factory=list)
    """The members that drafted ("held the pen" on) the text."""
    ballots: list[Ballot] = Field(min_length=1)
    stated_tallies: list[StatedTally] = Field(default_factory=list)

    def __post_init__(self) -> None:
        for ballot in self.ballots:
            ballot._set_derived(self.resolution)

    @property
    def tally(self) -> Tally:
        counts = Counter(b.vote for b in self.ballots)
        return Tally(counts["yes"], counts["no"], counts["abstain"], counts["absent"])

    def label(self) -> str:
        return f"{self.resolution}: {self.tally.text()}"

    def country_codes(self) -> tuple[str, ...]:
        return tuple(b.country for b in self.ballots)

    def search_text(self) -> str:
        return f"{self.meeting} {self.record} {self.draft} {self.summary}"


@record
class Council(Item):
    """Who sat on the Security Council in one year: what a derived ballot rests on."""

    kind: ClassVar[str] = "council"
    kind_label: ClassVar[str] = "Council membership"

    year: Int
    permanent: list[CountryCode] = Field(min_length=1)
    elected: list[CountryCode] = Field(min_length=1)

    @property
    def members(self) -> tuple[str, ...]:
        return (*self.permanent, *self.elected)

    def label(self) -> str:
        return f"The Security Council in {self.year}"

    def country_codes(self) -> tuple[str, ...]:
        return self.members

