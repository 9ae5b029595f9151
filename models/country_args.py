"""``--country`` checked against a dossier's countries before the explorer starts: the
file is only read and its country list validated (cheap), not loaded and checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from models.countries import CountryIndex
from models.loader import DossierError, read_data
from models.schema import Country

__all__ = ["check_countries"]


def check_countries(path: Path, lists: Sequence[str]) -> None:
    """Raise UnknownCountryError (with close suggestions) for a name in ``lists`` that the
    dossier at ``path`` does not know. A dossier that cannot be read, or whose country
    list is wrong, passes: loading it will say what is wrong, naming item and field."""
    if not lists:
        return
    try:
        data = read_data(path)
        countries = TypeAdapter(list[Country]).validate_python(data.get("countries", []))
    except (DossierError, ValidationError, RecursionError):
        return
    CountryIndex(countries).resolve_many(lists)
