"""The dossier as a whole: one mission's records, and the lookups over them.

Made by :func:`models.loader.load_dossier`, which validates the file into a
:class:`Dossier`, checks what pydantic cannot see on its own, then tells the dossier
where it was read from and its bundled texts (:meth:`Dossier.read_from`). The lookups
(an item by id, a country by code, the caveats of an item, the items of a country)
are the Dossier's own, each built once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from models.dossier.citations import Citation, Country, Source
from models.dossier.fields import Edtf, ItemId, Str, Text
from models.dossier.items import (
    Caveat,
    Deployment,
    Event,
    Fact,
    Figure,
    Item,
    Loss,
    Mission,
    Participant,
    Statement,
    Unknown,
)
from models.dossier.votes import Council, Vote

if TYPE_CHECKING:
    from models.sources import SourceText

__all__ = ["Dossier"]


class _Model(BaseModel):
    # Validators built at first use, as the records' (models/dossier/fields.py, ``record``).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


def _not_a_boolean(value: object) -> object:
    # Literal[1] alone takes true, even strict (True == 1 in Python), on every path.
    if isinstance(value, bool):
        raise PydanticCustomError("literal_error", "Input should be 1 (a number, not true or false)")
    return value


#: The version of the dossier format: 1, the number (not ``true``).
SchemaVersion = Annotated[Literal[1], BeforeValidator(_not_a_boolean)]


class Dossier(_Model):
    """One mission's sourced dossier."""

    schema_version: SchemaVersion
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

    _path: Path | None = PrivateAttr(default=None)
    _texts: dict = PrivateAttr(default_factory=dict)
    _items: dict | None = PrivateAttr(default=None)
    _duplicates: list = PrivateAttr(default_factory=list)
    _country_by_code: dict | None = PrivateAttr(default=None)
    _caveats_by_item: dict | None = PrivateAttr(default=None)
    _events_in_order: list | None = PrivateAttr(default=None)
    _ids_by_country: dict | None = PrivateAttr(default=None)

    # -- where it was read from, set by models.loader once every check has passed -------

    def read_from(self, path: Path, texts: Mapping[str, SourceText]) -> None:
        """Record the file the dossier was read from and the bundled texts read beside
        it (repaired, by source id). The loader calls this once, when every check passed."""
        self._path = path
        self._texts = dict(texts)

    @property
    def path(self) -> Path | None:
        """The file the dossier was loaded from (None for one not made by the loader)."""
        return self._path

    @property
    def texts(self) -> Mapping[str, SourceText]:
        """Every bundled text read, by source id (what the load cache keeps with it)."""
        return self._texts

    def text(self, source_id: str) -> SourceText | None:
        """The bundled text of a source, repaired, or None for an external source."""
        return self._texts.get(source_id)

    # -- reading order -------------------------------------------------------------------

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

    # -- lookups, each built once, on first use --------------------------------------------

    @property
    def items_by_id(self) -> Mapping[str, Item | Source]:
        """Every item and source by id. Where two share an id (the loader refuses such a
        dossier), the first in reading order, sources first: see :meth:`duplicate_ids`."""
        items = self._items
        return items if items is not None else self._index_ids()

    def duplicate_ids(self) -> list[tuple[Item | Source, Item | Source]]:
        """(an item or source, the earlier one with the same id) for each id given twice."""
        if self._items is None:
            self._index_ids()
        return list(self._duplicates)

    def _index_ids(self) -> dict[str, Item | Source]:
        items: dict[str, Item | Source] = {}
        duplicates = []
        for thing in [*self.sources, *self.iter_items()]:
            first = items.setdefault(thing.id, thing)
            if first is not thing:
                duplicates.append((thing, first))
        self._duplicates = duplicates
        self._items = items
        return items

    def item(self, item_id: str) -> Item | Source:
        """The item or source with this id; KeyError if there is none."""
        return self.items_by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self.items_by_id

    def source(self, source_id: str) -> Source:
        found = self.items_by_id[source_id]
        assert isinstance(found, Source)
        return found

    def _countries_by_code(self) -> dict[str, Country]:
        found = self._country_by_code
        if found is None:
            found = self._country_by_code = {country.code: country for country in self.countries}
        return found

    def country(self, code: str) -> Country:
        return self._countries_by_code()[code]

    def country_name(self, code: str) -> str:
        found = self._countries_by_code().get(code)
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
            # Each event by (its interval's sort key, its id), the key worked out once per
            # distinct date text (30,000 events, 6,800 texts at 1,000x) and ranked, so the
            # sort compares numbers, not tuples of dates: 99 -> 59 ms at 1,000x
            # (benchmarks/README.md, "The first load, without the cache"). Equal keys
            # share a rank. (From a warm load cache the order comes with the dossier.)
            keys: dict[str, tuple] = {}
            for event in self.events:
                if event.date not in keys:
                    keys[event.date] = event.interval.sort_key
            rank = {key: at for at, key in enumerate(sorted(set(keys.values())))}
            self._events_in_order = sorted(self.events, key=lambda e: (rank[keys[e.date]], e.id))
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
            # A tuple of ids per country, the set made for the codes asked: a frozenset per
            # country was 10.7 MB at 1,000x, tuples 1.6 MB (benchmarks/README.md, "The
            # Timeline's axis, compact, and what holds the running app").
            index = self._ids_by_country = {code: tuple(ids) for code, ids in lists.items()}
        found = [index.get(code, ()) for code in codes]
        return frozenset(found[0]) if len(found) == 1 else frozenset().union(*found)

    def participant(self, code: str) -> Participant | None:
        return next((p for p in self.participants if p.country == code), None)

    def council(self, year: int) -> Council | None:
        """Who sat on the Council in ``year``, if the dossier says."""
        return next((c for c in self.councils if c.year == year), None)
