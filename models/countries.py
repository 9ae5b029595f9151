"""Resolving what people type ("US", "U.S.", "Russia", "UK", "UAE", "KEN") to country codes.

Names come from the dossier's own countries and their aliases, completed with what
ISO 3166 (through pycountry) knows: the alpha-2 and alpha-3 codes, the official and
common names. Matching ignores case, accents and full stops.
"""

from __future__ import annotations

from collections.abc import Iterable

import pycountry

from models.schema import Country
from models.text import fold

__all__ = ["CountryIndex", "UnknownCountryError"]


class UnknownCountryError(ValueError):
    """A country name or code the dossier does not know; ``suggestions`` are the nearest."""

    def __init__(self, text: str, suggestions: list[str]) -> None:
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown country '{text}'{hint}")


#: A suggestion is as close as this (rapidfuzz's ratio, 0-100) and this near the closest.
SUGGEST_AT_LEAST = 72.0
SUGGEST_WITHIN = 12.0


def _key(text: str) -> str:
    return fold(text).replace(".", "").strip()


class CountryIndex:
    """Every name a dossier's countries go by, folded, mapped to the alpha-3 code."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self.countries: dict[str, Country] = {c.code: c for c in countries}
        self.names: dict[str, list[str]] = {}
        self._by_key: dict[str, str] = {}
        for country in self.countries.values():
            names = [country.name, *country.aliases, country.code]
            iso = pycountry.countries.get(alpha_3=country.code)
            if iso is not None:
                names += [iso.alpha_2, iso.name]
                names += [getattr(iso, a) for a in ("official_name", "common_name") if hasattr(iso, a)]
            unique: list[str] = []
            for name in names:
                key = _key(name)
                if key and key not in self._by_key:
                    self._by_key[key] = country.code
                if name not in unique:
                    unique.append(name)
            self.names[country.code] = unique

    def resolve(self, text: str) -> str:
        """The code for one name, alias or code; UnknownCountryError with suggestions."""
        key = _key(text)
        code = self._by_key.get(key)
        if code is None:
            raise UnknownCountryError(text.strip(), self.suggest(text))
        return code

    def resolve_many(self, text: str | Iterable[str]) -> list[str]:
        """Codes for a comma-separated list (or several lists); order kept, no repeats."""
        parts = [text] if isinstance(text, str) else list(text)
        codes: list[str] = []
        for part in parts:
            for name in part.split(","):
                if name.strip():
                    code = self.resolve(name)
                    if code not in codes:
                        codes.append(code)
        return codes

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Display names of the countries close to ``text`` (a typo of one: "Kenia" gives
        Kenya alone); none when nothing is close ("Narnia")."""
        # Imported here, not with the module: the load imports this module, and rapidfuzz
        # is 20-30 ms of the start (benchmarks/README.md, "Content at 1x"); the search
        # index, built once the content is on screen, imports it anyway.
        from rapidfuzz import fuzz, process

        found = process.extract(_key(text), list(self._by_key), scorer=fuzz.ratio, limit=limit * 4)
        best = found[0][1] if found else 0.0
        names: list[str] = []
        for key, score, _ in found:
            name = self.countries[self._by_key[key]].name
            if score >= SUGGEST_AT_LEAST and score >= best - SUGGEST_WITHIN and name not in names:
                names.append(name)
        return names[:limit]

    def search(self, text: str) -> list[str]:
        """Codes whose name or alias matches ``text``, best first (for type-ahead)."""
        from rapidfuzz import fuzz  # see suggest

        key = _key(text)
        if not key:
            return list(self.countries)
        scored: dict[str, float] = {}
        for name_key, code in self._by_key.items():
            if name_key.startswith(key):
                score = 200.0 - len(name_key)
            elif key in name_key:
                score = 150.0 - len(name_key)
            else:
                score = fuzz.partial_ratio(key, name_key) if len(key) >= 3 else 0.0
                if score < 80:
                    continue
            scored[code] = max(scored.get(code, 0.0), score)
        return sorted(scored, key=lambda c: (-scored[c], self.countries[c].name))
