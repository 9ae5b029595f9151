"""Queries over a loaded dossier: the country filter, timeline order, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from models.schema import Dossier, Event, Item, Source

__all__ = ["CountryFilter", "country_counts", "event_origin", "timeline"]

T = TypeVar("T", bound=Item)


@dataclass(frozen=True, slots=True)
class CountryFilter:
    """Which countries the reader is looking at; empty means everything.

    An item passes when it involves any of the countries: a ballot its member, a
    statement its speaker's country, a pledge its contributor, an event the countries
    it lists, a caveat the countries of the items it qualifies.

    Made with a dossier (``CountryFilter.of(codes, dossier)``), it holds the ids of
    the items that pass, from the dossier's country index, and tells an item by its
    id: a set lookup, not a look at the item's countries.
    """

    codes: frozenset[str] = frozenset()
    ids: frozenset[str] | None = field(default=None, compare=False, repr=False)
    """The ids of the dossier's items that pass; None when made without a dossier."""
    order: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """The codes in the order the reader gave them (what titles list); see :attr:`in_order`."""

    @classmethod
    def of(cls, codes: Iterable[str], dossier: Dossier | None = None) -> CountryFilter:
        order = tuple(dict.fromkeys(codes))
        chosen = frozenset(order)
        return cls(chosen, dossier.ids_involving(chosen) if dossier is not None and chosen else None, order)

    @property
    def in_order(self) -> tuple[str, ...]:
        """The codes in the order they were typed or chosen (sorted when made without one)."""
        return self.order if set(self.order) == self.codes else tuple(sorted(self.codes))

    @property
    def active(self) -> bool:
        return bool(self.codes)

    def allows(self, item: Item) -> bool:
        if not self.codes:
            return True
        if self.ids is not None:
            return item.id in self.ids
        return not self.codes.isdisjoint(item.country_codes())

    def apply(self, items: Iterable[T]) -> list[T]:
        if not self.codes:
            return list(items)
        if self.ids is not None:
            ids = self.ids
            return [item for item in items if item.id in ids]
        return [item for item in items if self.allows(item)]

    def sources(self, dossier: Dossier) -> list[Source]:
        """The sources cited by the items that pass (all sources when inactive)."""
        if not self.codes:
            return list(dossier.sources)
        ids = self.ids if self.ids is not None else dossier.ids_involving(self.codes)
        items = dossier.items_by_id
        cited = {c.source for item_id in ids for c in items[item_id].citations}
        return [s for s in dossier.sources if s.id in cited]


def timeline(dossier: Dossier, country_filter: CountryFilter | None = None) -> list[Event]:
    """Events in chronological order.

    Order: by the start of the event's interval (an open start first), then by its
    end (a day before the month that holds it, an open end last), then by the date
    text and the id, so the order is total and stable. See ``EdtfInterval.sort_key``.
    """
    events = dossier.events_in_order()
    return list(events) if country_filter is None else country_filter.apply(events)


def country_counts(dossier: Dossier) -> Counter[str]:
    """How many items involve each country (for the country picker)."""
    counts: Counter[str] = Counter()
    for item in dossier.iter_items():
        counts.update(set(item.country_codes()))
    return counts


def event_origin(dossier: Dossier, event: Item) -> str:
    """"bundled" when an event is told by a bundled source (the article), else "external"."""
    return "bundled" if any(c.checkable for c in event.citations) else "external"
