"""The dossier's citable items other than the Council's: the mission, facts,
participants and their pledges, deployments, statements, events, figures, losses,
what is not known and the caveats. (Votes, ballots and Council seats are in
:mod:`models.dossier.votes`.)

Every item has an id unique across the dossier and at least one citation; it says
which countries it involves (:meth:`Item.country_codes`, for the country filter) and
which words search looks at besides its label (:meth:`Item.search_text`).
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from models.dossier.citations import Citation
from models.dossier.fields import SHARED, CountryCode, Derived, Edtf, ItemId, Number, Str, Text, record
from models.edtf import EdtfInterval, parse_edtf

__all__ = [
    "ROLE_LABELS",
    "Caveat",
    "Deployment",
    "Event",
    "Fact",
    "Figure",
    "Item",
    "Loss",
    "Mission",
    "Participant",
    "Pledge",
    "Speaker",
    "Statement",
    "Unknown",
    "format_amount",
]


@record
class Item(Derived):
    """Base of every citable item."""

    kind: ClassVar[str] = "item"
    kind_label: ClassVar[str] = "Item"

    id: ItemId
    citations: list[Citation] = Field(min_length=1)
    """At least one: every fact leads back to where it came from."""

    def label(self) -> str:  # pragma: no cover - every subclass overrides
        return self.id

    def country_codes(self) -> tuple[str, ...]:
        """The countries this item involves, for the country filter."""
        return ()

    def search_text(self) -> str:
        """The words search looks at, besides the label."""
        return ""



Role = Literal[
    "lead_nation",
    "contributor",
    "offered_assistance",
    "penholder",
    "funding",
    "logistics",
    "host",
]

ROLE_LABELS: dict[str, str] = {
    "lead_nation": "lead nation",
    "contributor": "contributor",
    "offered_assistance": "offered assistance",
    "penholder": "penholder",
    "funding": "funding",
    "logistics": "logistics",
    "host": "host",
}

PledgeKind = Literal["police", "soldiers", "military", "personnel", "money", "logistics"]
Qualifier = Literal["exact", "about", "up_to", "at_least", "over", "unspecified"]

QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": "about ",
    "up_to": "up to ",
    "at_least": "at least ",
    "over": "over ",
    "unspecified": "",
}


def format_amount(amount: int | float | None, qualifier: str, unit: str) -> str:
    if amount is None:
        return f"{unit} (no number set)" if unit else "no number set"
    if unit in {"USD", "US$"} and amount >= 1_000_000 and amount % 100_000 == 0:
        millions = amount / 1_000_000
        shown = f"{millions:,.0f}" if millions.is_integer() else f"{millions:,.1f}"
        return f"{QUALIFIER_WORDS[qualifier]}US${shown} million"
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,}"
    if unit in {"USD", "US$"}:
        return f"{QUALIFIER_WORDS[qualifier]}US${number}"
    return f"{QUALIFIER_WORDS[qualifier]}{number} {unit}".strip()


@record
class _Counted(Item):
    """What pledges and deployments share: a number of something, dated."""

    amount: Number | None = None
    """None when the number was not set (or not given)."""
    qualifier: Qualifier = "exact"
    unit: Str
    """What is counted: "police officers", "personnel", "USD"…"""
    type: PledgeKind
    date: Edtf
    force: Str = ""
    """Which force it was for, when the sources say: "MSS", "GSF"."""
    note: Str = ""

    def amount_text(self) -> str:
        return format_amount(self.amount, self.qualifier, self.unit)


@record
class Pledge(_Counted):
    kind: ClassVar[str] = "pledge"
    kind_label: ClassVar[str] = "Pledge"

    @property
    def country(self) -> str:
        """The contributor's code (set by the participant that holds the pledge)."""
        return getattr(self, "_derived", "")

    def label(self) -> str:
        return f"{self.country}: {self.amount_text()} ({self.type})"

    def country_codes(self) -> tuple[str, ...]:
        return (self.country,)

    def search_text(self) -> str:
        return f"{self.amount_text()} {self.type} {self.note}"


@record
class Deployment(_Counted):
    """Personnel (or means) a contributor actually sent, as one report gives them: set
    beside its pledges (several reports may give different numbers for one date).
    ``date`` is when they arrived, or the date the number was reported for."""

    kind: ClassVar[str] = "deployment"
    kind_label: ClassVar[str] = "Deployment"

    country: CountryCode
    """The contributor (a participant of the dossier)."""

    def label(self) -> str:
        return f"{self.country}: {self.amount_text()} deployed ({self.type})"

    def country_codes(self) -> tuple[str, ...]:
        return (self.country,)

    def search_text(self) -> str:
        return f"deployed, sent, arrived {self.amount_text()} {self.type} {self.force} {self.note}"


@record
class Participant(Item):
    kind: ClassVar[str] = "participant"
    kind_label: ClassVar[str] = "Participant"

    country: CountryCode
    roles: list[Role] = Field(min_length=1)
    pledges: list[Pledge] = Field(default_factory=list)
    note: Str = ""

    def __post_init__(self) -> None:
        for pledge in self.pledges:
            pledge._set_derived(self.country)

    def roles_text(self) -> str:
        return ", ".join(ROLE_LABELS[r] for r in self.roles)

    def label(self) -> str:
        return f"{self.country}: {self.roles_text()}"

    def country_codes(self) -> tuple[str, ...]:
        return (self.country,)

    def search_text(self) -> str:
        return f"{self.roles_text()} {self.note}"



@record
class Speaker:
    name: Text
    office: Annotated[Str, SHARED] = ""
    """Speakers of one office repeat it: one string per office (see SHARED)."""
    country: CountryCode


@record
class Statement(Item):
    kind: ClassVar[str] = "statement"
    kind_label: ClassVar[str] = "Statement"

    speaker: Speaker
    mode: Literal["direct", "paraphrase"]
    """direct: ``text`` is the speaker's exact words; paraphrase: someone's summary."""
    text: Text
    date: Edtf
    reported_by: Str = ""
    """Whose rendering of the words ``text`` is, when not the speaker's own text or the
    verbatim record: a wire service ("AP", "Reuters"), a translation."""
    context: Str = ""

    def label(self) -> str:
        return f"{self.speaker.name}: {self.text}"

    def country_codes(self) -> tuple[str, ...]:
        return (self.speaker.country,)

    def search_text(self) -> str:
        return " · ".join(p for p in (self.text, self.speaker.office, self.context) if p)


@record
class Event(Item):
    kind: ClassVar[str] = "event"
    kind_label: ClassVar[str] = "Event"

    date: Edtf
    """When, as precisely as the sources allow and no more."""
    phrase: Str | None = None
    """The date as the source words it ("on Monday", "in July 2021"); must occur in a cited quote."""
    anchor: Edtf | None = None
    """The date a relative phrase was resolved against."""
    anchor_note: Str = ""
    """How the anchor was established."""
    summary: Text
    countries: list[CountryCode] = Field(default_factory=list)

    @property
    def interval(self) -> EdtfInterval:
        return parse_edtf(self.date)

    def label(self) -> str:
        return self.summary

    def country_codes(self) -> tuple[str, ...]:
        return tuple(self.countries)

    def search_text(self) -> str:
        return f"{self.phrase or ''} {self.anchor_note}"


@record
class Figure(Item):
    kind: ClassVar[str] = "figure"
    kind_label: ClassVar[str] = "Figure"

    measure: Text
    """What is counted, e.g. "people killed in violence"."""
    value: Number
    qualifier: Qualifier = "exact"
    unit: Text
    period: Edtf
    issuer: Text
    reported: Edtf | None = None
    countries: list[CountryCode] = Field(default_factory=list)

    def value_text(self) -> str:
        return format_amount(self.value, self.qualifier, self.unit)

    def interval_label(self) -> str:
        return parse_edtf(self.period).label()

    def label(self) -> str:
        measure, unit = self.measure.split(), self.unit.split()
        if measure and unit and measure[0] == unit[0]:  # "2,400 people killed", not "people people"
            return f"{format_amount(self.value, self.qualifier, '')} {self.measure}"
        return f"{self.value_text()} {self.measure}"

    def country_codes(self) -> tuple[str, ...]:
        return tuple(self.countries)

    def search_text(self) -> str:
        return self.issuer


LossStatus = Literal["killed", "died", "missing", "disputed"]


@record
class Loss(Item):
    """A member of the mission's personnel lost, with the status the sources give."""

    kind: ClassVar[str] = "loss"
    kind_label: ClassVar[str] = "Personnel lost"

    name: Text
    country: CountryCode
    date: Edtf
    status: LossStatus
    """"disputed" where the sources disagree (say how in ``status_note``)."""
    status_note: Str = ""
    summary: Text
    force: Str = ""

    def label(self) -> str:
        return f"{self.name}: {self.status}"

    def country_codes(self) -> tuple[str, ...]:
        return (self.country,)

    def search_text(self) -> str:
        return f"{self.summary} {self.status_note} {self.force}"


@record
class Unknown(Item):
    """Something the sources do not tell (yet): stated, never filled in."""

    kind: ClassVar[str] = "unknown"
    kind_label: ClassVar[str] = "Not known"

    topic: Text
    summary: Text
    """What is not known, in a sentence."""
    due: Edtf | None = None
    """When it was due or expected, if the sources say (e.g. a renewal date)."""
    countries: list[CountryCode] = Field(default_factory=list)

    def label(self) -> str:
        return f"Not known: {self.summary}"

    def country_codes(self) -> tuple[str, ...]:
        return tuple(self.countries)

    def search_text(self) -> str:
        return f"not known, unknown {self.topic}"


@record
class Caveat(Item):
    kind: ClassVar[str] = "caveat"
    kind_label: ClassVar[str] = "Caveat"

    type: Literal["disagreement", "imprecision", "single_source", "clarification"]
    about: list[ItemId] = Field(min_length=1)
    """Ids of the items this caveat qualifies."""
    summary: Text
    detail: Str = ""

    def label(self) -> str:
        return self.summary

    def country_codes(self) -> tuple[str, ...]:
        """The countries of the items it is about (set by the loader)."""
        return getattr(self, "_derived", ())

    def set_country_codes(self, codes: tuple[str, ...]) -> None:
        """Record the countries of the items it is about (by the loader, which finds them)."""
        self._set_derived(codes)

    def search_text(self) -> str:
        return f"{self.type} {self.detail}"


@record
class Fact(Item):
    """A fact about the mission or its mandate (legal basis, duration, funding…)."""

    kind: ClassVar[str] = "fact"
    kind_label: ClassVar[str] = "Fact"

    topic: Text
    text: Text
    countries: list[CountryCode] = Field(default_factory=list)

    def label(self) -> str:
        return f"{self.topic}: {self.text}"

    def country_codes(self) -> tuple[str, ...]:
        return tuple(self.countries)


@record
class Mission(Item):
    kind: ClassVar[str] = "mission"
    kind_label: ClassVar[str] = "Mission"

    name: Text
    acronym: Str = ""
    summary: Text
    lead: CountryCode
    host: CountryCode
    authorised_by: ItemId
    """Id of the vote that authorised the mission."""

    def label(self) -> str:
        return self.name

    def country_codes(self) -> tuple[str, ...]:
        return (self.lead, self.host)

