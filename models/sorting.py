"""Sort keys for the explorer's tables: text as a reader compares it, numbers as
numbers, amounts within their kind of unit, dates as dates.

Every key function returns a comparable value, or None for "not known" (an empty
cell, a pledge without a number): :func:`sort_ids` puts those last whichever way the
rows are sorted. Pure: no Textual here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from models.edtf import EdtfError, parse_edtf

__all__ = ["UNIT_GROUPS", "amount_key", "date_key", "fold", "sort_ids", "text_key", "unit_group"]

_DIGITS = re.compile(r"(\d+(?:\.\d+)?)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")


def fold(text: str) -> str:
    """``text`` without accents, case folded: "Élysée" and "elysee" compare equal."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def text_key(text: str) -> tuple | None:
    """Natural order, case- and accent-insensitive: "S/RES/2699" before "S/RES/10000"
    is wrong, "Res 9" before "Res 10" is right; "1,000" reads as 1000. None when empty."""
    folded = fold(text.strip().strip("“”\"'‘’"))
    if not folded:
        return None
    parts = _DIGITS.split(_THOUSANDS.sub("", folded))
    # Even places hold text, odd places numbers: tuples compare like with like.
    return tuple(float(part) if i % 2 else part for i, part in enumerate(parts))


#: Kinds of unit, in the order their rows come: money, people, equipment, the rest.
UNIT_GROUPS = ("money", "people", "equipment", "other")
_MONEY = {"usd", "us$", "$", "eur", "€", "cad", "gbp", "£", "jpy", "chf"}
_EQUIPMENT = ("vehicle", "carrier", "aircraft", "helicopter", "boat", "vessel", "plane")
_PEOPLE = ("personnel", "people", "police", "officer", "soldier", "troop", "gendarme", "staff", "engineer",
           "member", "expert", "guard")


def unit_group(unit: str) -> int:
    """Where a unit's kind comes in :data:`UNIT_GROUPS` ("USD": money; "police
    officers", "personnel": people; "armoured personnel carriers": equipment)."""
    folded = fold(unit).strip()
    if folded in _MONEY or folded.startswith(("us$", "usd ")):
        return 0
    if any(word in folded for word in _EQUIPMENT):
        return 2
    if any(word in folded for word in _PEOPLE):
        return 1
    return 3


def amount_key(amount: float | None, unit: str) -> tuple | None:
    """Amounts of one kind together, by number ("up to 200" is 200); the rest by
    unit, then number. None when the number is not known."""
    if amount is None:
        return None
    group = unit_group(unit)
    if group < 2:
        return (group, float(amount), fold(unit))
    return (group, fold(unit), float(amount))


def date_key(edtf: str) -> tuple | None:
    """An EDTF date's chronological key (see ``EdtfInterval.sort_key``); None when
    empty or not a date."""
    if not edtf.strip():
        return None
    try:
        return parse_edtf(edtf).sort_key
    except EdtfError:
        return None


def sort_ids(ids: Iterable[str], key: Callable[[str], Any], *, reverse: bool = False) -> list[str]:
    """``ids`` sorted by ``key`` (stable: ties keep their order), those whose key is
    None (not known) last either way."""
    known: list[tuple[Any, str]] = []
    unknown: list[str] = []
    for item_id in ids:
        value = key(item_id)
        if value is None:
            unknown.append(item_id)
        else:
            known.append((value, item_id))
    known.sort(key=lambda pair: pair[0], reverse=reverse)
    return [item_id for _, item_id in known] + unknown

