"""What every record of a dossier is made of: strict scalar types and the record class.

Every scalar is strict (no ``"3"`` for 3, no 1 for True), unknown fields are refused,
and records are frozen. :func:`to_data` turns any record back into plain data.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from typing import Annotated, Any

from annotated_types import Interval
from pydantic import AfterValidator, ConfigDict, Strict, StringConstraints, TypeAdapter
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.types import AllowInfNan

from models.edtf import EdtfError, parse_edtf

__all__ = ["Bool", "CountryCode", "Derived", "Edtf", "Int", "ItemId", "Number", "SHARED", "Str", "Text", "Url",
           "record", "to_data"]


# Cached (in C): the dates of a dossier repeat (1,000x: 158,000 dates, 8,000 distinct), a
# hit returns the one string without a Python call (the load 38 ms shorter at 1,000x; a
# date refused raises again each time, its message unchanged).
@lru_cache(maxsize=1 << 14)
def _check_edtf(value: str) -> str:
    try:
        parse_edtf(value)
    except EdtfError as exc:
        raise ValueError(str(exc)) from None
    return sys.intern(value)  # dates repeat: see SHARED


#: For a field whose values many records repeat: each value is interned (``sys.intern``,
#: a C call per value), so the records share one string object per value. pydantic's
#: own cache of parsed JSON strings shares many, not all (it keeps 16,384 strings of
#: under 64 bytes, and the big lists are validated in pieces). At 1,000x the records'
#: strings took 58 MB, of which 12 MB were copies of a value held elsewhere: a citation's
#: source id (167,000 in 58,000 objects for 10,000 ids: 2.7 MB), where an external quote
#: was read (1.8 MB), a speaker's office (0.7 MB), dates (1.2 MB), country codes (0.3 MB).
#: Not on ids, titles or texts, which are unique: interning them would only add entries to
#: the interpreter's table of interned strings. (``benchmarks/README.md``, "Memory at 1,000x".)
SHARED = AfterValidator(sys.intern)

# Every scalar is strict: no "3" for 3, no 1 for True, no date object for a string.
# (The records validate dicts with lax *containers*, which a strict
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
CountryCode = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{3}$"), SHARED]
Edtf = Annotated[str, Strict(), AfterValidator(_check_edtf)]
Text = Annotated[str, Strict(), StringConstraints(min_length=1)]
Url = Annotated[str, Strict(), StringConstraints(pattern=r"^https?://\S+$")]

#: The dossier's records are frozen, slotted pydantic dataclasses, not BaseModels: a
#: 1,000x dossier holds some 300,000 of them, and a BaseModel instance carries a
#: ``__dict__``, a set of the fields that were set and a dict of private attributes
#: (about 1 KB for a statement, against under 100 bytes here), and is slower to build.
#: ``defer_build``: each record's validator is built when first needed (the first load's
#: validation builds the Dossier's, its records' inline), not when the class is made: the
#: import is 15-20 ms shorter, the first load 10 ms longer, a start from the load cache
#: (which validates nothing) 15 ms shorter in all at 1x; at 1,000x the five lists
#: validated in pieces each build their items' schema, about 10 ms of a 2 s load
#: (benchmarks/README.md, "Content at 1x").
_RECORD_CONFIG = ConfigDict(extra="forbid", defer_build=True)
record = pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD_CONFIG)


class Derived:
    """One slot for what the loader derives from a record's context (a citation's
    span in its source text, a pledge's country, a ballot's resolution, a caveat's
    countries): not a field, so not in the input, the output or equality."""

    __slots__ = ("_derived",)

    def _set_derived(self, value: Any) -> None:  # by the record itself, or the one holding it
        object.__setattr__(self, "_derived", value)


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def to_data(value: Any) -> dict[str, Any]:
    """A record (item, source, country…) as plain JSON-ready data, fields in order."""
    return _adapter(type(value)).dump_python(value, mode="json")

