"""The checks of a dossier that need the whole of it, run once pydantic has validated it.

* ids are unique across the whole dossier;
* every country code is ISO 3166-1 alpha-3 and listed in the dossier's countries;
* every citation names a known source; for a bundled source the quoted words occur
  in its (repaired) text, and their position is recorded; other citations are
  marked external (not checkable here);
* an external quote says when and where it was read; a summary holds no quotation
  marks; words an item's own text puts in quotation marks are in one of its quotes;
* a direct statement's words are in one of its quotes, an event's phrase too;
* a ballot derived from a tally has a stated tally; one read from a source quotes it or
  names the row;
* each vote's tally, derived from its ballots, agrees with every tally a source states;
* where the dossier lists a year's Council, a vote of that year has one ballot per
  member, each in its seat, and no other;
* caveats, explanations and the mission point at items that exist.

:func:`check` collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from itertools import groupby
from operator import attrgetter

import pycountry

from models.dossier.citations import Citation, Source, pack_span
from models.dossier.dossier import Dossier
from models.dossier.items import Caveat, Event, Item, Statement
from models.dossier.problems import Problem
from models.dossier.votes import Ballot, Council, Vote
from models.edtf import parse_edtf
from models.sources import SourceText, find_occurrence

__all__ = ["check", "quoted_words"]


def check(name: str, dossier: Dossier, texts: dict[str, SourceText], *, one_by_one: bool = False) -> list[Problem]:
    """Every problem the whole-dossier checks find in ``dossier`` (read from the file
    ``name``, with these bundled texts); as they go, the checks record each quote's
    place in its text and each caveat's countries.

    ``one_by_one`` sends every citation through the full check of one citation, the
    fast way's reference (tests/test_citation_checks_fast.py: the same problems, in the
    same order, and the same spans)."""
    return _Checker(name, dossier, texts, one_by_one).run()


class _Checker:
    """The checks that need the whole dossier; collects problems instead of stopping."""

    def __init__(self, name: str, dossier: Dossier, texts: dict[str, SourceText], one_by_one: bool = False) -> None:
        self.name = name
        self.one_by_one = one_by_one
        self.d = dossier
        self.texts = texts
        self.problems: list[Problem] = []
        #: The dossier's items by id, held here: a look-up through the Dossier would go
        #: through a Python-level __getattr__ (its private attributes) every time.
        self.items = dossier.items_by_id
        #: A (source id, quote, occurrence) already found, and where (packed as a
        #: citation keeps it): the same words are often cited by several items.
        self.found: dict[tuple[str, str, int], int] = {}
        #: One string per place an external quote was read.
        self.read_ats: dict[str, str] = {}

    def add(self, item: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, item, field, message))

    def run(self) -> list[Problem]:
        d = self.d
        self._ids()
        self._countries()
        self.councils = self._councils()
        if self.one_by_one:
            citation = self._citation
            for item in d.iter_items():
                item_id = item.id
                for index, cited in enumerate(item.citations):
                    citation(item_id, cited, "citations", index)
        else:
            self._items_citations()
        for vote in d.votes:
            self._vote(vote)
        for statement in d.statements:
            self._statement(statement)
        for event in d.events:
            self._event(event)
        for caveat in d.caveats:
            self._caveat(caveat)
        if self.one_by_one:
            quotation_marks = self._quotation_marks
            for item in d.iter_items():
                quotation_marks(item)
        else:
            self._all_quotation_marks()
        self._source_notes()
        if not isinstance(self.items.get(d.mission.authorised_by), Vote):
            self.add(d.mission.id, "authorised_by", f"no vote with id '{d.mission.authorised_by}'")
        return self.problems

    def _ids(self) -> None:
        for thing, first in self.d.duplicate_ids():
            self.add(thing.id, "id", f"duplicate id (also used by a {first.kind_label.lower()})")

    def _countries(self) -> None:
        by_code: set[str] = set()
        for index, country in enumerate(self.d.countries):
            where = f"countries[{index}].code"
            if country.code in by_code:
                self.add(None, where, f"country {country.code} is listed twice")
            if country.code.lower() not in _iso_alpha_3():
                self.add(None, where, f"'{country.code}' is not an ISO 3166-1 alpha-3 code")
            by_code.add(country.code)

        def check(item: str, field: str, codes: Iterable[str]) -> None:
            for code in codes:
                if code not in by_code:
                    self.add(item, field, f"unknown country '{code}' (not in the dossier's countries)")

        m = self.d.mission
        check(m.id, "lead", [m.lead])
        check(m.id, "host", [m.host])
        for fact in self.d.facts:
            check(fact.id, "countries", fact.countries)
        for participant in self.d.participants:
            check(participant.id, "country", [participant.country])
        contributors = {p.country for p in self.d.participants}
        for deployment in self.d.deployments:
            check(deployment.id, "country", [deployment.country])
            if deployment.country in by_code and deployment.country not in contributors:
                self.add(deployment.id, "country", f"{deployment.country} has no entry among the participants")
        for council in self.d.councils:
            check(council.id, "permanent", council.permanent)
            check(council.id, "elected", council.elected)
        for vote in self.d.votes:
            check(vote.id, "penholders", vote.penholders)
            for ballot in vote.ballots:
                check(ballot.id, "country", [ballot.country])
        for statement in self.d.statements:
            check(statement.id, "speaker.country", [statement.speaker.country])
        for event in self.d.events:
            check(event.id, "countries", event.countries)
        for figure in self.d.figures:
            check(figure.id, "countries", figure.countries)
        for loss in self.d.losses:
            check(loss.id, "country", [loss.country])
        for unknown in self.d.unknowns:
            check(unknown.id, "countries", unknown.countries)

    def _citation(self, item_id: str, citation: Citation, prefix: str, index: int, suffix: str = "") -> None:
        """Check one citation, ``{prefix}[{index}]{suffix}`` of the item (the field's
        name is only written out for a problem: there are 167,000 citations at 1,000x)."""
        source = self.items.get(citation.source)
        if not isinstance(source, Source):
            self.add(item_id, f"{prefix}[{index}]{suffix}.source", f"unknown source '{citation.source}'")
            return
        self._share(citation, source.id)
        summary = citation.summary
        if summary is not None:
            for inner in quoted_words(summary):
                self.add(item_id, f"{prefix}[{index}]{suffix}.summary",
                         f"a summary holds no quotation marks (the words {_short(inner)} belong in 'quote')")
                break
        quote = citation.quote
        if quote is None:
            return  # a summary or a locator: the dossier's own words, nothing to find
        if source.text_file is None:
            # External: the words cannot be checked here, so say when and where they were read.
            for name in ("read_on", "read_at"):
                if getattr(citation, name) is None:
                    self.add(item_id, f"{prefix}[{index}]{suffix}.{name}",
                             f"an external quote needs {name} (when and where its words were read): "
                             f"{_short(quote)}")
            return
        key = (source.id, quote, citation.occurrence)
        packed = self.found.get(key)
        if packed is None:
            text = self.texts.get(source.id)
            if text is None:
                return  # the missing text was reported already
            span = find_occurrence(text.text, quote, citation.occurrence)
            if span is None:
                nth = f" (occurrence {citation.occurrence})" if citation.occurrence > 1 else ""
                self.add(
                    item_id,
                    f"{prefix}[{index}]{suffix}.quote",
                    f"quote not found in source '{source.id}'{nth}: {_short(quote)}",
                )
                return
            packed = self.found[key] = pack_span(span)
        citation.set_packed_span(packed)

    def _share(self, citation: Citation, source_id: str) -> None:
        """Give the citation its source's own id string, and the one string of its
        ``read_at`` (equal values, one object each: see "Shared strings" in
        models/dossier/citations.py)."""
        if citation.source is not source_id:
            _set_field(citation, "source", source_id)
        read_at = citation.read_at
        if read_at is not None:
            shared = self.read_ats.setdefault(read_at, read_at)
            if shared is not read_at:
                _set_field(citation, "read_at", shared)

    def _items_citations(self) -> None:
        """Every item's citations, as :meth:`_citation` checks each, in the same order:
        a citation whose check passes is decided here, without that call (at 1,000x:
        167,000 citations, 75,000 distinct quotes of bundled texts; see
        benchmarks/README.md, "The checks in bulk"); any other goes through
        :meth:`_citation`, which says what is wrong."""
        citation = self._citation
        found = self.found
        # Each source _citation would look up by its id: bundled (its text, read) or
        # external (its own id string, to share). A source whose text is missing
        # (reported already) is in neither.
        bundled: dict[str, str] = {}
        external: dict[str, str] = {}
        ids: dict[str, str] = {}
        items = self.items
        for source in self.d.sources:
            if items.get(source.id) is source:
                ids[source.id] = source.id
                if source.text_file is None:
                    external[source.id] = source.id
                elif source.id in self.texts:
                    bundled[source.id] = self.texts[source.id].text
        read_ats = self.read_ats
        for item in self.d.iter_items():
            for index, cited in enumerate(item.citations):
                source_id = cited.source
                summary = cited.summary
                text = bundled.get(source_id)
                if ((text is None and source_id not in external)
                        or (summary is not None and ('"' in summary or "“" in summary or "‘" in summary))):
                    citation(item.id, cited, "citations", index)  # an unknown source, a summary's marks...
                    continue
                # _share, inline (1,000x: 167,000 citations)
                if source_id is not ids[source_id]:
                    _set_field(cited, "source", ids[source_id])
                read_at = cited.read_at
                if read_at is not None and read_ats.setdefault(read_at, read_at) is not read_at:
                    _set_field(cited, "read_at", read_ats[read_at])
                quote = cited.quote
                if quote is None:
                    continue  # a summary or a locator, of a known source: nothing to find
                if text is None:  # external: when and where its words were read?
                    if cited.read_on is None or cited.read_at is None:
                        citation(item.id, cited, "citations", index)
                    continue
                key = (source_id, quote, cited.occurrence)
                packed = found.get(key)
                if packed is None:
                    span = find_occurrence(text, quote, cited.occurrence)
                    if span is None:
                        citation(item.id, cited, "citations", index)  # not found: it says so
                        continue
                    packed = found[key] = pack_span(span)
                cited.set_packed_span(packed)

    def _councils(self) -> dict[int, Council]:
        by_year: dict[int, Council] = {}
        for council in self.d.councils:
            if council.year in by_year:
                self.add(council.id, "year", f"the Council of {council.year} is listed twice "
                                             f"(also '{by_year[council.year].id}')")
            by_year[council.year] = council
            twice = set(council.permanent) & set(council.elected)
            if twice:
                self.add(council.id, "elected", f"listed as permanent and elected: {', '.join(sorted(twice))}")
        return by_year

    def _membership(self, vote: Vote, council: Council) -> None:
        """A vote's ballots are cast by that year's members, one each, in their seats."""
        members = set(council.members)
        cast = {b.country for b in vote.ballots}
        missing, strangers = sorted(members - cast), sorted(cast - members)
        if missing:
            self.add(vote.id, "ballots", f"no ballot for {', '.join(missing)}, members of the Council in "
                                         f"{council.year} ('{council.id}')")
        for ballot in vote.ballots:
            if ballot.country in strangers:
                self.add(ballot.id, "country", f"{ballot.country} was not a member of the Council in "
                                               f"{council.year} ('{council.id}')")
            elif ballot.seat != ("permanent" if ballot.country in council.permanent else "elected"):
                self.add(ballot.id, "seat", f"{ballot.country} held a {'permanent' if ballot.seat == 'elected' else 'elected'}"
                                            f" seat in {council.year} ('{council.id}')")

    def _vote(self, vote: Vote) -> None:
        year = parse_edtf(vote.date).start
        council = self.councils.get(year.year) if year is not None else None
        if council is not None:
            self._membership(vote, council)
        seen: dict[str, Ballot] = {}
        for index, ballot in enumerate(vote.ballots):
            if ballot.country in seen:
                self.add(ballot.id, "country", f"{ballot.country} has two ballots on {vote.resolution}")
            seen[ballot.country] = ballot
            self._ballot_basis(vote, ballot)
            for e_index, explanation in enumerate(ballot.explanations):
                if not isinstance(self.items.get(explanation), Statement):
                    self.add(ballot.id, f"explanations[{e_index}]", f"no statement with id '{explanation}'")
        tally = vote.tally
        for index, stated in enumerate(vote.stated_tallies):
            field = f"stated_tallies[{index}]"
            self._citation(vote.id, stated.citation, "stated_tallies", index, ".citation")
            for key in ("yes", "no", "abstain"):
                said = getattr(stated, key)
                if said is not None and said != getattr(tally, key):
                    self.add(
                        vote.id,
                        f"{field}.{key}",
                        f"source '{stated.citation.source}' states {key} = {said}, "
                        f"but the ballots give {getattr(tally, key)}",
                    )

    def _statement(self, statement: Statement) -> None:
        if statement.mode == "direct" and not _in_a_quote(statement.text, statement.citations):
            self.add(statement.id, "text", "a direct quote must appear word for word in one of its citations' quotes")

    def _event(self, event: Event) -> None:
        if event.phrase and not _in_a_quote(event.phrase, event.citations):
            self.add(event.id, "phrase", f"phrase {_short(event.phrase)} is not in any of the event's quotes")

    def _quotation_marks(self, item: Item) -> None:
        """Words an item's own text puts in quotation marks are a source's: they must
        stand in one of its citations' quotes."""
        quotes = None
        for name in _quoting_fields(item.__class__):
            value = getattr(item, name, None)
            # Most texts hold no quotation mark at all: three scans in C instead of the
            # pattern (1,000x: the checks' quotation marks 1.03 s -> see benchmarks/README.md).
            if not isinstance(value, str) or ('"' not in value and "“" not in value and "‘" not in value):
                continue
            for words in quoted_words(value):
                if quotes is None:
                    quotes = [c.quote for c in item.citations if c.quote]
                if not any(words in quote for quote in quotes):
                    self.add(item.id, name, f"the words in quotation marks, {_short(words)}, are in none of "
                                            "the item's quotes (a quotation mark holds a source's own words)")

    def _all_quotation_marks(self) -> None:
        """:meth:`_quotation_marks` of every item, in reading order. Most texts hold no
        quotation mark: a field is looked at in runs of items of one kind (a join and
        three scans, in C), and only the items of a run where a mark shows are looked at
        one by one (1,000x: 0.12 -> see benchmarks/README.md, "The checks in bulk")."""
        quotation_marks = self._quotation_marks
        for cls, run in groupby(self.d.iter_items(), type):
            fields = _quoting_fields(cls)
            if not fields:
                continue
            items = list(run)
            for name in fields:
                try:
                    texts = "\n".join(map(attrgetter(name), items))
                except (TypeError, AttributeError):  # not all text: look at each
                    texts = '"'
                if '"' in texts or "“" in texts or "‘" in texts:
                    for item in items:
                        quotation_marks(item)
                    break

    def _source_notes(self) -> None:
        """Words a source's note puts in quotation marks are a source's: in one of the
        dossier's quotes, or in a bundled text (as repaired, or as bundled)."""
        noted = [(source, quoted_words(source.note)) for source in self.d.sources if source.note]
        noted = [(source, words) for source, words in noted if words]
        if not noted:
            return
        bundled = []
        for text in self.texts.values():
            bundled += [text.text, text.raw.decode("utf-8", "replace")]
        quotes = None  # every quote of the dossier, gathered only when a text does not hold the words
        for source, words in noted:
            for quoted in words:
                if any(quoted in k for k in bundled):
                    continue
                if quotes is None:
                    quotes = [c.quote for _, c in self.d.iter_citations() if c.quote]
                if not any(quoted in q for q in quotes):
                    self.add(source.id, "note", f"the words in quotation marks, {_short(quoted)}, are in none of "
                                                "the dossier's quotes or bundled texts")

    def _ballot_basis(self, vote: Vote, ballot: Ballot) -> None:
        if ballot.basis == "derived" and not vote.stated_tallies:
            self.add(ballot.id, "basis", f"a derived ballot needs a tally stated for {vote.resolution}")
        elif ballot.basis == "read" and not any(c.locator or c.quote for c in ballot.citations):
            self.add(ballot.id, "basis", "a ballot read from a source needs a citation that quotes it or "
                                         "whose locator names the row it was read from")

    def _caveat(self, caveat: Caveat) -> None:
        codes: list[str] = []
        for index, about in enumerate(caveat.about):
            target = self.items.get(about)
            if about == caveat.id:
                self.add(caveat.id, f"about[{index}]", "a caveat cannot qualify itself")
            elif target is None:
                self.add(caveat.id, f"about[{index}]", f"no item with id '{about}'")
            elif isinstance(target, Item):
                codes.extend(c for c in target.country_codes() if c not in codes)
        caveat.set_country_codes(tuple(codes))


#: The fields of an item written in the dossier's own words, where quotation marks
#: may only hold a source's words.
_QUOTING_FIELDS = ("summary", "detail", "text", "note", "context", "anchor_note", "topic", "measure")
#: Words in quotation marks: “curly”, "straight" or ‘single curly’ (an apostrophe is not one).
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|(?<!\w)‘([^‘’]+)’(?!\w)")


def quoted_words(text: str) -> list[str]:
    """The words that a text puts in quotation marks, each without its marks."""
    if '"' not in text and "“" not in text and "‘" not in text:
        return []  # the pattern can only match at one of its opening marks
    # One group per kind of mark; the one that matched holds at least one character.
    return [curly or straight or single for curly, straight, single in _QUOTED.findall(text)]


@cache
def _iso_alpha_3() -> frozenset[str]:
    """ISO 3166-1's alpha-3 codes, in lower case (pycountry's look-up ignores case; one
    set instead of a look-up per country: 249 at 1,000x)."""
    return frozenset(country.alpha_3.lower() for country in pycountry.countries)


@cache
def _quoting_fields(cls: type) -> tuple[str, ...]:
    """The quoting fields a kind of record has (records are slotted: an instance has
    no attribute its class does not name)."""
    return tuple(name for name in _QUOTING_FIELDS if hasattr(cls, name))


def _in_a_quote(words: str, citations: list[Citation]) -> bool:
    """Whether one of the citations' quotes holds the (non-empty) words. A loop, not
    ``any()`` over a generator: 55,000 statements and events at 1,000x."""
    for citation in citations:
        quote = citation.quote
        if quote is not None and words in quote:
            return True
    return False


#: Sets a field of a (frozen) record to an equal value: a string shared with others.
_set_field = object.__setattr__


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
