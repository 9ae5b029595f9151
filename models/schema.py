"""The pydantic models of a mission dossier.

A dossier describes one UN-authorised mission: the sources it is built from, the
countries involved, who takes part and what they pledged, how the Security Council
voted, what was said, what happened when, the figures reported and where sources
disagree. The models are strict: unknown fields are rejected, types are not coerced.

Every item has a stable id (unique across the whole dossier) and at least one
citation. A citation names a source and the exact words quoted from it; for a source
whose text is bundled, the loader checks the words occur in that text and records
where (see :mod:`models.loader`). Dates are EDTF strings (see :mod:`models.edtf`).

Cross-references (a citation's source, a country code, a caveat's subject, a
ballot's explanation) are checked by the loader, which can name the item and field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar, Literal

from annotated_types import Interval
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, Strict, StringConstraints, TypeAdapter
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.types import AllowInfNan

from models.edtf import EdtfError, EdtfInterval, parse_edtf

__all__ = [
    "Ballot",
    "Caveat",
    "Citation",
    "Council",
    "Country",
    "Deployment",
    "Dossier",
    "Event",
    "Fact",
    "Figure",
    "Item",
    "Loss",
    "Mission",
    "Participant",
    "Pledge",
    "Source",
    "Speaker",
    "StatedTally",
    "Statement",
    "Tally",
    "Unknown",
    "Vote",
    "to_data",
]


def _check_edtf(value: str) -> str:
    try:
        parse_edtf(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from None
    return value


# Every scalar is strict: no "3" for 3, no 1 for True, no date object for a string.
# (The item classes below validate dicts with lax *containers*, which a strict
# pydantic dataclass refuses; their scalars are made strict one by one here.)
Str = Annotated[str, Strict()]
#: No count or amount is larger (a 5,000-digit integer could not even be printed).
LARGEST = 10**15
Int = Annotated[int, Strict(), Interval(ge=-LARGEST, le=LARGEST)]
Bool = Annotated[bool, Strict()]
# NaN and infinities are refused: an export would write invalid JSON ("nan police officers").
Number = (Annotated[int, Strict(), Interval(ge=-LARGEST, le=LARGEST)]
          | Annotated[float, Strict(), AllowInfNan(False), Interval(ge=-LARGEST, le=LARGEST)])
ItemId = Annotated[
    str,
    Strict(),
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=120),
]
CountryCode = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{3}$")]
Edtf = Annotated[str, Strict(), AfterValidator(_check_edtf)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1)]
Url = Annotated[str, Strict(), StringConstraints(pattern=r"^https?://\S+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


#: The dossier's records are frozen, slotted pydantic dataclasses, not BaseModels: a
#: 1,000x dossier holds some 300,000 of them, and a BaseModel instance carries a
#: ``__dict__``, a set of the fields that were set and a dict of private attributes
#: (about 1 KB for a statement, against under 100 bytes here), and is slower to build.
_RECORD_CONFIG = ConfigDict(extra="forbid")
_record = pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD_CONFIG)


class _Derived:
    """One slot for what the loader derives from a record's context (a citation's
    span in its source text, a pledge's country, a ballot's resolution, a caveat's
    countries): not a field, so not in the input, the output or equality."""

    __slots__ = ("_derived",)

    def _set_derived(self, value: Any) -> None:
        object.__setattr__(self, "_derived", value)


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def to_data(value: Any) -> dict[str, Any]:
    """A record (item, source, country…) as plain JSON-ready data, fields in order."""
    return _adapter(type(value)).dump_python(value, mode="json")


@_record
class Citation(_Derived):
    """Where an item comes from: a source, and what the dossier takes from it.

    Three kinds of text, told apart everywhere they are shown:

    * ``quote``: the source's own words, exactly as printed. A quote of a bundled text
      is checked word for word at load; a quote of an external source records when
      (``read_on``) and where (``read_at``: the URL or document symbol) it was read,
      and is shown as not checkable here.
    * ``summary``: the dossier's own account of what the source says. Never shown in
      quotation marks: always labelled as the dossier's summary.
    * ``locator``: where in the source (page, paragraph, meeting symbol, row).

    A citation has at least one of the three.
    """

    source: ItemId
    """Id of the cited source."""
    quote: Text | None = None
    """The words as the source prints them (after encoding repairs, for bundled texts)."""
    summary: Text | None = None
    """The dossier's account of what the source says, in the dossier's own words."""
    locator: Text | None = None
    """Where in the source: page, paragraph, meeting symbol, record id, row."""
    occurrence: Int = Field(default=1, ge=1)
    """Which occurrence of ``quote`` is meant, when it occurs more than once."""
    read_on: Edtf | None = None
    """When an external quote's words were read (required for one)."""
    read_at: Text | None = None
    """Where an external quote's words were read: a URL or a document symbol (required for one)."""

    def __post_init__(self) -> None:
        if self.quote is None and self.summary is None and self.locator is None:
            raise ValueError("a citation needs a quote, a summary or a locator")

    @property
    def span(self) -> tuple[int, int] | None:
        """Start and end of the quote in the (repaired) source text, once checked."""
        return getattr(self, "_derived", None)

    @property
    def checkable(self) -> bool:
        """True when the quote was found in a bundled text; False otherwise."""
        return self.span is not None


@_record
class Item(_Derived):
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


SourceKind = Literal[
    "news_article",
    "news_report",
    "un_record",
    "un_press_release",
    "un_data",
    "un_report",
    "government_statement",
    "mission_statement",
    "other",
]

SOURCE_KIND_LABELS: dict[str, str] = {
    "news_article": "News article",
    "news_report": "News reporting",
    "un_record": "UN record",
    "un_press_release": "UN press release",
    "un_data": "UN data",
    "un_report": "UN report",
    "government_statement": "Government statement",
    "mission_statement": "Mission statement",
    "other": "Other",
}


@_record
class Source:
    """Where facts come from. A source with ``text_file`` has its full text bundled."""

    kind: ClassVar[str] = "source"
    kind_label: ClassVar[str] = "Source"

    id: ItemId
    type: SourceKind
    title: Text
    publisher: Text | None = None
    """None when the source does not name its publisher (say so in ``note``)."""
    date: Edtf | None = None
    """Publication date; None when the source is undated (say why in ``note``)."""
    url: Url | None = None
    text_file: Str | None = None
    """Path of the bundled text, relative to the dossier file."""
    note: Str = ""

    @property
    def bundled(self) -> bool:
        return self.text_file is not None

    @property
    def type_label(self) -> str:
        return SOURCE_KIND_LABELS[self.type]

    def label(self) -> str:
        return self.title


@_record
class Country:
    """A country as ISO 3166-1 knows it, with the names people type or articles use."""

    code: CountryCode
    """ISO 3166-1 alpha-3 code."""
    name: Text
    aliases: list[Text] = Field(default_factory=list)


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


@_record
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


@_record
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


@_record
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


@_record
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


BallotValue = Literal["yes", "no", "abstain", "absent"]


@_record
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


@_record
class StatedTally:
    """A tally as a source states it; it must agree with the ballots."""

    yes: Int | None = None
    no: Int | None = None
    abstain: Int | None = None
    citation: Citation


@_record
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


@_record
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


@_record
class Speaker:
    name: Text
    office: Str = ""
    country: CountryCode


@_record
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


@_record
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


@_record
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


@_record
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


@_record
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


@_record
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

    def search_text(self) -> str:
        return f"{self.type} {self.detail}"


@_record
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


@_record
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


class Dossier(_Model):
    """One mission's sourced dossier."""

    schema_version: Literal[1]
    id: ItemId
    title: Text
    as_of: Edtf
    """The date the dossier is current to."""
    not_covered: Str = ""
    """One line on what the dossier does not cover (after its as-of date, or at all)."""
    description: Str = ""
    mission: Mission
    sources: list[Source] = Field(min_length=1)
    countries: list[Country] = Field(min_length=1)
    facts: list[Fact] = []
    participants: list[Participant] = []
    deployments: list[Deployment] = []
    councils: list[Council] = []
    votes: list[Vote] = []
    statements: list[Statement] = []
    events: list[Event] = []
    figures: list[Figure] = []
    losses: list[Loss] = []
    unknowns: list[Unknown] = []
    caveats: list[Caveat] = []

    _path: object = PrivateAttr(default=None)
    _texts: dict = PrivateAttr(default_factory=dict)
    _items: dict = PrivateAttr(default_factory=dict)
    _country_by_code: dict = PrivateAttr(default_factory=dict)
    _caveats_by_item: dict | None = PrivateAttr(default=None)
    _events_in_order: list | None = PrivateAttr(default=None)
    _ids_by_country: dict | None = PrivateAttr(default=None)

    # -- lookups, filled in by models.loader once the dossier has been checked ----------

    @property
    def path(self):  # -> Path | None
        """The file the dossier was loaded from."""
        return self._path

    def iter_items(self) -> Iterator[Item]:
        """Every citable item, in reading order (pledges after their participant,
        deployments after the participants, ballots after their vote)."""
        yield self.mission
        yield from self.facts
        for participant in self.participants:
            yield participant
            yield from participant.pledges
        yield from self.deployments
        yield from self.councils
        for vote in self.votes:
            yield vote
            yield from vote.ballots
        yield from self.statements
        yield from self.events
        yield from self.figures
        yield from self.losses
        yield from self.unknowns
        yield from self.caveats

    def iter_citations(self) -> Iterator[tuple[str, Citation]]:
        """(owner's id, citation) for every citation: each item's, then each stated tally's
        (owned by its vote)."""
        for item in self.iter_items():
            for citation in item.citations:
                yield item.id, citation
        for vote in self.votes:
            for stated in vote.stated_tallies:
                yield vote.id, stated.citation

    def item(self, item_id: str) -> Item | Source:
        """The item or source with this id; KeyError if there is none."""
        return self._items[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items

    def source(self, source_id: str) -> Source:
        found = self._items[source_id]
        assert isinstance(found, Source)
        return found

    def text(self, source_id: str):  # -> SourceText | None
        """The bundled text of a source, repaired, or None for an external source."""
        return self._texts.get(source_id)

    def country(self, code: str) -> Country:
        return self._country_by_code[code]

    def country_name(self, code: str) -> str:
        found = self._country_by_code.get(code)
        return found.name if found else code

    def caveats_for(self, item_id: str) -> list[Caveat]:
        """The caveats that qualify an item (indexed once, on first use)."""
        if self._caveats_by_item is None:
            index: dict[str, list[Caveat]] = {}
            for caveat in self.caveats:
                for about in caveat.about:
                    index.setdefault(about, []).append(caveat)
            self._caveats_by_item = index
        return list(self._caveats_by_item.get(item_id, ()))

    def events_in_order(self) -> list[Event]:
        """Every event in timeline order (sorted once, on first use; see
        :func:`models.query.timeline` for the rule)."""
        if self._events_in_order is None:
            self._events_in_order = sorted(self.events, key=lambda e: (e.interval.sort_key, e.id))
        return self._events_in_order

    def ids_involving(self, codes: Iterable[str]) -> frozenset[str]:
        """The ids of the items that involve any of these countries (see
        :meth:`Item.country_codes`), from an index built once, on first use."""
        index = self._ids_by_country
        if index is None:
            lists: dict[str, list[str]] = {}
            for item in self.iter_items():
                for code in item.country_codes():
                    lists.setdefault(code, []).append(item.id)
            index = self._ids_by_country = {code: frozenset(ids) for code, ids in lists.items()}
        found = [index.get(code, frozenset()) for code in codes]
        return found[0] if len(found) == 1 else frozenset().union(*found)

    def participant(self, code: str) -> Participant | None:
        return next((p for p in self.participants if p.country == code), None)

    def council(self, year: int) -> Council | None:
        """Who sat on the Council in ``year``, if the dossier says."""
        return next((c for c in self.councils if c.year == year), None)
