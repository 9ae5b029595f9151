"""A small parser for the subset of EDTF that the mission dossier uses for dates.

EDTF is the Extended Date/Time Format of the Library of Congress, standardised
as ISO 8601-2:2019.  We support exactly this subset:

Level 0
    * calendar dates ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` with four-digit
      years 0001-9999; days are checked against the real calendar, so
      ``2023-02-30`` is an error and ``2024-02-29`` is fine;
    * intervals ``A/B`` whose ends are such dates.

Level 1 (only these parts)
    * one qualifier at the very end of a date: ``?`` uncertain, ``~``
      approximate, ``%`` uncertain and approximate (``1984?``, ``2004-06~``,
      ``2004-06-11%``); each end of an interval may carry its own;
    * open interval ends written ``..`` (``1985-04-12/..``, ``../1985-04-12``)
      and unknown ends left empty (``1985-04-12/``, ``/1985-04-12``).  At least
      one end of an interval must be a date.

Everything else is rejected with an :class:`EdtfError` saying it is not
supported: seasons (month values 21-41), unspecified digits (``X``),
``Y``-prefixed and negative years, times, and Level 2 features such as
qualifiers on single components, sets and significant digits.

Qualifiers do not widen a date: ``2023-10~`` still covers 1-31 October 2023.

We do not depend on the ``edtf`` package from PyPI: it raises on open-ended
intervals whose known end is qualified (``2023-10~/..``), which the dossier
uses, and it widens fuzzy dates by amounts of its own choosing, which would
make our timeline move dates around.  The subset is small enough to own.

This module uses only the standard library (``models`` must never import
textual).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

__all__ = ["EdtfDate", "EdtfError", "EdtfInterval", "Precision", "parse_edtf"]


class EdtfError(ValueError):
    """Text that is not valid EDTF, or uses EDTF features we do not support.

    The message names the offending text and what is wrong with it, e.g.
    ``'2023-13' is not a valid EDTF date: month 13 is out of range``.
    """


class Precision(StrEnum):
    """How precisely a date is given."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAME = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# ASCII digits only: ``\d`` would also accept other scripts' digits.
_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%])?")
# Digits and hyphens in the right shape but possibly the wrong lengths.
_LOOSE_DATE_RE = re.compile(r"([0-9]+)(?:-([0-9]+))?(?:-([0-9]+))?([?~%])?")

_OPEN = ".."
_DASH = " \u2013 "  # spaced en dash between the ends of a range label


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """One EDTF date with its precision and qualifiers.

    ``start`` and ``end`` are the first and last day the date covers, so
    ``2021-07`` runs from 2021-07-01 to 2021-07-31 and ``2021`` from 2021-01-01
    to 2021-12-31.  Qualifiers do not change them.
    """

    text: str
    precision: Precision
    year: int
    month: int | None
    day: int | None
    uncertain: bool
    approximate: bool
    start: date
    end: date

    def label(self, *, with_year: bool = True) -> str:
        """Short English display: ``2 Oct 2023``, ``c. Oct 2023``, ``1984?``.

        ``c.`` marks an approximate date and a trailing ``?`` an uncertain one.
        With ``with_year=False`` the year is left out (for the first end of a
        range within one year); that only makes sense when a month is known.
        """
        parts: list[str] = []
        if self.day is not None:
            parts.append(str(self.day))
        if self.month is not None:
            parts.append(_MONTH_ABBR[self.month - 1])
        if with_year or not parts:
            parts.append(f"{self.year}")
        text = " ".join(parts)
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text = f"{text}?"
        return text


@dataclass(frozen=True, slots=True)
class EdtfInterval:
    """A parsed EDTF value; :func:`parse_edtf` returns one for every input.

    A single date is an interval whose ``lower`` and ``upper`` are that same
    date and whose ``is_range`` is False.  For a range (text with a ``/``)
    ``lower`` / ``upper`` are None when that end is open (``..``, flagged by
    ``lower_open`` / ``upper_open``) or unknown (empty, flagged by
    ``lower_unknown`` / ``upper_unknown``).
    """

    text: str
    lower: EdtfDate | None
    upper: EdtfDate | None
    lower_open: bool
    upper_open: bool
    lower_unknown: bool
    upper_unknown: bool
    is_range: bool

    @property
    def start(self) -> date | None:
        """The earliest day covered, or None when the start is open or unknown."""
        return self.lower.start if self.lower is not None else None

    @property
    def end(self) -> date | None:
        """The last day covered, or None when the end is open or unknown."""
        return self.upper.end if self.upper is not None else None

    @property
    def approximate(self) -> bool:
        """True when any end is approximate (``~`` or ``%``)."""
        return any(d.approximate for d in self._bounds())

    @property
    def uncertain(self) -> bool:
        """True when any end is uncertain (``?`` or ``%``)."""
        return any(d.uncertain for d in self._bounds())

    @property
    def has_open_or_unknown_end(self) -> bool:
        """True for a range with an open (``..``) or unknown (empty) end."""
        return self.lower_open or self.upper_open or self.lower_unknown or self.upper_unknown

    @property
    def kind(self) -> str:
        """One of ``day``, ``month``, ``year``, ``approximate``, ``range``, ``open-ended``.

        A range with an open or unknown end is ``open-ended``, any other range
        is ``range``; a single date marked ``~`` or ``%`` is ``approximate``,
        any other single date is its precision.  (``?`` alone does not make a
        date ``approximate``.)
        """
        if self.is_range:
            return "open-ended" if self.has_open_or_unknown_end else "range"
        assert self.lower is not None
        if self.lower.approximate:
            return "approximate"
        return self.lower.precision.value

    @property
    def sort_key(self) -> tuple[date, date, str]:
        """A key that puts values in chronological order; total and deterministic.

        Values sort by

        1. the start of the interval, i.e. the earliest day covered
           (``2023-10`` starts on 2023-10-01); an open or unknown start sorts
           first, as ``date.min``;
        2. on a tie, the end of the interval, earlier end first, so the day
           ``2023-10-01`` (ending 2023-10-01) comes before the month
           ``2023-10`` (ending 2023-10-31); an open or unknown end sorts last,
           as ``date.max``;
        3. on a further tie, the original text (e.g. ``2023-10`` before
           ``2023-10?`` before ``2023-10~``).

        Qualifiers play no part except through the text in step 3, so
        ``2023-10~/..`` (starting 2023-10-01) sorts before ``2023-10-02``.
        """
        start = self.start if self.start is not None else date.min
        end = self.end if self.end is not None else date.max
        return (start, end, self.text)

    def label(self) -> str:
        """Short English display text.

        Examples: ``2 Oct 2023``, ``Jul 2021``, ``2023``, ``c. Oct 2023``
        (approximate), ``2 Oct 2023?`` (uncertain), ``1 Jan – 15 Aug 2023`` and
        ``2 Oct 2023 – 2 Oct 2024`` (ranges), ``from c. Oct 2023 (open-ended)``
        (open end), ``until 2 Oct 2023`` (open start), ``2 Oct 2023 – ?`` and
        ``? – 2023`` (unknown end or start).
        """
        lower, upper = self.lower, self.upper
        if not self.is_range:
            assert lower is not None
            return lower.label()
        if lower is not None and upper is not None:
            same_year_with_months = (
                lower.year == upper.year
                and lower.month is not None
                and upper.month is not None
                and not (lower.approximate or lower.uncertain)
            )
            first = lower.label(with_year=not same_year_with_months)
            return f"{first}{_DASH}{upper.label()}"
        if lower is not None:
            if self.upper_open:
                return f"from {lower.label()} (open-ended)"
            return f"{lower.label()}{_DASH}?"
        assert upper is not None
        if self.lower_open:
            return f"until {upper.label()}"
        return f"?{_DASH}{upper.label()}"

    def contains(self, d: date) -> bool:
        """Whether day ``d`` lies between ``start`` and ``end`` inclusive.

        An open or unknown end does not limit the interval on that side: the
        answer is about the bounds that are known.
        """
        if self.start is not None and d < self.start:
            return False
        return not (self.end is not None and d > self.end)

    def _bounds(self) -> tuple[EdtfDate, ...]:
        return tuple(d for d in (self.lower, self.upper) if d is not None)


@lru_cache(maxsize=16384)
def parse_edtf(text: str) -> EdtfInterval:
    """Parse an EDTF date or interval (see the module docstring for the subset).

    Surrounding whitespace is stripped and the stripped text is kept as
    ``text``.  Raises :class:`EdtfError` for anything invalid or unsupported.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_edtf expects a str, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise EdtfError(f"{text!r} is not a valid EDTF date: it is empty")
    if "/" not in stripped:
        if stripped == _OPEN:
            raise EdtfError(
                f"{stripped!r} is not a valid EDTF date: "
                "'..' may only stand for an open end of an interval"
            )
        only = _date(stripped, stripped)
        return EdtfInterval(
            text=stripped,
            lower=only,
            upper=only,
            lower_open=False,
            upper_open=False,
            lower_unknown=False,
            upper_unknown=False,
            is_range=False,
        )
    return _parse_interval(stripped)


def _parse_interval(text: str) -> EdtfInterval:
    def fail(reason: str) -> EdtfError:
        return EdtfError(f"{text!r} is not a valid EDTF interval: {reason}")

    if text.count("/") > 1:
        raise fail("an interval has exactly one '/'")
    left, right = text.split("/")
    lower = None if left in ("", _OPEN) else _date(left, text)
    upper = None if right in ("", _OPEN) else _date(right, text)
    if lower is None and upper is None:
        raise fail("at least one end must be a date (both ends are open or unknown)")
    if lower is not None and upper is not None and lower.start > upper.end:
        raise fail(f"start {lower.text!r} is after end {upper.text!r}")
    return EdtfInterval(
        text=text,
        lower=lower,
        upper=upper,
        lower_open=left == _OPEN,
        upper_open=right == _OPEN,
        lower_unknown=left == "",
        upper_unknown=right == "",
        is_range=True,
    )


def _date(token: str, whole: str) -> EdtfDate:
    """The date ``token`` (an end of the interval ``whole``, or the whole text), parsed
    once per distinct token: most interval ends are also the ends of other intervals,
    or dates of their own. At 1,000x the load parses 9,800 distinct date texts, 6,800 of
    them intervals, from 3,100 distinct dates: 74 -> 37 ms of CPU (benchmarks/README.md,
    "The first load, without the cache"). Only a valid date is kept; an invalid one is parsed
    again for the message naming ``whole``."""
    try:
        return _known_date(token)
    except EdtfError:
        return _parse_date(token, whole)  # raises, naming the interval it is in


@lru_cache(maxsize=16384)
def _known_date(token: str) -> EdtfDate:
    return _parse_date(token, token)


def _parse_date(token: str, whole: str) -> EdtfDate:
    """Parse one date; ``whole`` is the full input, named in errors from intervals."""

    def fail(reason: str) -> EdtfError:
        where = "" if token == whole else f" (in {whole!r})"
        return EdtfError(f"{token!r} is not a valid EDTF date: {reason}{where}")

    match = _DATE_RE.fullmatch(token)
    if match is None:
        raise fail(_diagnose(token))
    year_s, month_s, day_s, qualifier = match.groups()

    year = int(year_s)
    if year == 0:
        raise fail("year 0000 is not supported (years 0001-9999 only)")
    month = int(month_s) if month_s is not None else None
    if month is not None and not 1 <= month <= 12:
        if 21 <= month <= 41:
            raise fail(f"month {month} is an EDTF season code, and seasons are not supported")
        raise fail(f"month {month} is out of range")
    day = int(day_s) if day_s is not None else None

    if month is None:
        precision = Precision.YEAR
        start, end = date(year, 1, 1), date(year, 12, 31)
    else:
        days_in_month = calendar.monthrange(year, month)[1]
        if day is None:
            precision = Precision.MONTH
            start, end = date(year, month, 1), date(year, month, days_in_month)
        else:
            if not 1 <= day <= days_in_month:
                raise fail(
                    f"day {day} is out of range for {_MONTH_NAME[month - 1]} {year} "
                    f"(it has {days_in_month} days)"
                )
            precision = Precision.DAY
            start = end = date(year, month, day)

    return EdtfDate(
        text=token,
        precision=precision,
        year=year,
        month=month,
        day=day,
        uncertain=qualifier in ("?", "%"),
        approximate=qualifier in ("~", "%"),
        start=start,
        end=end,
    )


def _diagnose(token: str) -> str:
    """Explain why ``token`` is not a date of the supported form."""
    expected = "expected YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ?, ~ or %"
    if not token:
        return "it is empty"
    if re.search(r"[0-9]T[0-9]|[0-9]:[0-9]", token):
        return "times are not supported, only dates"
    if re.match(r"[Yy]-?[0-9]", token):
        return "'Y'-prefixed years are not supported (years 0001-9999 only)"
    if re.match(r"-[0-9]", token):
        return "negative years are not supported (years 0001-9999 only)"
    if re.fullmatch(r"[0-9Xx-]*[Xx][0-9Xx-]*[?~%]?", token):
        return "unspecified digits ('X') are not supported"
    if any(ch in token for ch in "[]{}"):
        return "sets and lists (Level 2) are not supported"
    if _OPEN in token:
        return "'..' may only stand alone, as an open end of an interval"
    if re.search(r"[0-9]S[0-9]", token):
        return "significant digits (Level 2) are not supported"
    qualifiers = [i for i, ch in enumerate(token) if ch in "?~%"]
    if len(qualifiers) > 1:
        return "a date takes a single qualifier at its end (use '%' for uncertain and approximate)"
    if qualifiers and qualifiers[0] != len(token) - 1:
        return (
            "qualifiers on parts of a date (Level 2) are not supported; "
            "put one qualifier (?, ~ or %) at the end"
        )
    loose = _LOOSE_DATE_RE.fullmatch(token)
    if loose is not None:
        year_s, month_s, day_s, _ = loose.groups()
        if len(year_s) != 4:
            return f"the year must have exactly 4 digits, not {len(year_s)}"
        for name, part in (("month", month_s), ("day", day_s)):
            if part is not None and len(part) != 2:
                return f"the {name} must have exactly 2 digits, not {len(part)}"
    if any(ch.isspace() for ch in token) and _DATE_RE.fullmatch("".join(token.split())):
        return "it contains whitespace"
    return expected
