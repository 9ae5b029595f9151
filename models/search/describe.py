"""What search shows of a dossier's items and sources and finds them by: a title, a
body and keywords, with what repeats (country names, date labels) worked out once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import TypeVar

from models.countries import CountryIndex
from models.schema import Ballot, Deployment, Dossier, Item, Mission, Pledge, Source, Statement
from models.search.text import words_of_keywords
from models.titles import Titles, says_its_type

_T = TypeVar("_T")

# -- building documents from a dossier ---------------------------------------------------


def country_keywords(countries: CountryIndex, codes: Iterable[str]) -> str:
    names: list[str] = []
    for code in dict.fromkeys(codes):
        names.extend(countries.names.get(code, [code]))
    return " · ".join(names)


def one_line(text: str) -> str:
    return " ".join(text.split())


class Describer:
    """What search shows of a dossier's items and sources and finds them by (title,
    body, keywords), with what repeats (country names, date labels) worked out once."""

    def __init__(self, dossier: Dossier) -> None:
        """Quick: what takes long to work out (countries, explanations) is worked out when
        first asked for, which showing a document (:meth:`display`) never does."""
        self.dossier = dossier
        self.title = Titles(dossier)
        """An item's title (:mod:`models.titles`, as everywhere else)."""
        self._names: dict[tuple[str, ...], str] = {}
        self._dated: dict[type, tuple[bool, bool]] = {}
        self._keyword_parts: dict[str, tuple[tuple[str, ...], str]] = {}
        self._country_words: dict[str, list[str]] = {}
        self._shared: dict[object, object] = {}

    @cached_property
    def countries(self) -> CountryIndex:
        return CountryIndex(self.dossier.countries)

    @cached_property
    def explained(self) -> dict[str, list[tuple[Ballot, str]]]:
        """Statement id -> (ballot, resolution) of each ballot it explains."""
        explained: dict[str, list[tuple[Ballot, str]]] = defaultdict(list)
        for vote in self.dossier.votes:
            for ballot in vote.ballots:
                for statement_id in ballot.explanations:
                    explained[statement_id].append((ballot, vote.resolution))
        return explained

    def display(self, item: Item | Source) -> tuple[str, str]:
        """(title, body) of an item or a source as search shows it: its display text is
        the title, then a line break and the body when there is one. The index keeps no
        copy of them: they are worked out again when a document is shown (stores.py)."""
        if isinstance(item, Source):
            return one_line(item.title), self.source_body(item).strip()
        return one_line(self.title(item)), self.body(item).strip()

    def share(self, value: _T) -> _T:
        """One object for equal values (country tuples, keywords): kept once for all."""
        return self._shared.setdefault(value, value)  # type: ignore[return-value]

    def names(self, codes: tuple[str, ...]) -> str:
        """The names and aliases of the countries, as keywords."""
        found = self._names.get(codes)
        if found is None:
            found = self._names[codes] = country_keywords(self.countries, codes)
        return found

    def body(self, item: Item) -> str:
        parts: list[str] = []
        if isinstance(item, Mission):
            parts += [item.summary, f"Led by {self.title.name(item.lead)}, in {self.title.name(item.host)}."]
        parts.append(one_line(self._search_text(item)))
        has = self._dated.get(type(item))
        if has is None:  # per class: a failed attribute look-up is slow on a model
            has = self._dated[type(item)] = (hasattr(item, "date"), hasattr(item, "period"))
        date = (getattr(item, "date", None) if has[0] else None) or (getattr(item, "period", None) if has[1] else None)
        if isinstance(date, str):
            parts.append(self.title.when(date))
        return " · ".join(p for p in parts if p)

    @staticmethod
    def _search_text(item: Item) -> str:
        """The item's search words, less what its title already shows: a statement's
        words, a pledge's type after an amount that ends with it ("200 security personnel",
        not "200 security personnel personnel")."""
        if isinstance(item, Statement):
            return " · ".join(p for p in (item.speaker.office, item.context) if p)
        text = item.search_text()
        if isinstance(item, (Pledge, Deployment)) and says_its_type(item):
            amount = item.amount_text()
            text = text.replace(f"{amount} {item.type}", amount, 1)
        return text

    def keywords(self, item: Item, codes: tuple[str, ...]) -> str:
        keywords = self.names(codes)
        explanations = "".join(
            f" · explanation of vote: {ballot.vote} on {resolution}"
            for ballot, resolution in self.explained.get(item.id, [])
        )
        keywords += explanations
        if keywords not in self._keyword_parts:
            self._keyword_parts[keywords] = (codes, explanations)
        return keywords

    def keyword_words(self, keywords: str) -> list[str]:
        """The words of keywords made by :meth:`keywords`: those of each country's names
        (worked out once a country), then those of the explanations."""
        parts = self._keyword_parts.get(keywords)
        if parts is None:
            return words_of_keywords(keywords)
        codes, explanations = parts
        words: list[str] = []
        for code in dict.fromkeys(codes):
            found = self._country_words.get(code)
            if found is None:
                found = self._country_words[code] = words_of_keywords(country_keywords(self.countries, (code,)))
            words += found
        if explanations:
            words += words_of_keywords(explanations)
        return words

    @staticmethod
    def source_body(source: Source) -> str:
        return " · ".join(p for p in [source.publisher, source.type_label, source.date or "undated", source.note] if p)


