"""Tests for models.edtf, the dossier's EDTF subset parser."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.edtf import EdtfDate, EdtfError, EdtfInterval, Precision, parse_edtf

# --- the specification's examples (Level 0 and the Level 1 parts we support) ---


def test_spec_day() -> None:
    value = parse_edtf("1985-04-12")
    assert not value.is_range
    assert value.lower is value.upper
    d = value.lower
    assert d is not None
    assert (d.year, d.month, d.day, d.precision) == (1985, 4, 12, Precision.DAY)
    assert (d.uncertain, d.approximate) == (False, False)
    assert value.start == value.end == date(1985, 4, 12)


def test_spec_month() -> None:
    value = parse_edtf("1985-04")
    assert value.lower is not None
    assert value.lower.precision is Precision.MONTH
    assert value.lower.day is None
    assert (value.start, value.end) == (date(1985, 4, 1), date(1985, 4, 30))


def test_spec_year() -> None:
    value = parse_edtf("1985")
    assert value.lower is not None
    assert value.lower.precision is Precision.YEAR
    assert (value.lower.month, value.lower.day) == (None, None)
    assert (value.start, value.end) == (date(1985, 1, 1), date(1985, 12, 31))


@pytest.mark.parametrize(
    ("text", "uncertain", "approximate", "start", "end"),
    [
        ("1984?", True, False, date(1984, 1, 1), date(1984, 12, 31)),
        ("2004-06~", False, True, date(2004, 6, 1), date(2004, 6, 30)),
        ("2004-06-11%", True, True, date(2004, 6, 11), date(2004, 6, 11)),
    ],
)
def test_spec_qualified_dates(
    text: str, uncertain: bool, approximate: bool, start: date, end: date
) -> None:
    value = parse_edtf(text)
    assert value.lower is not None
    assert value.lower.text == text
    assert (value.uncertain, value.approximate) == (uncertain, approximate)
    assert (value.lower.uncertain, value.lower.approximate) == (uncertain, approximate)
    # Qualifiers do not widen the date.
    assert (value.start, value.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1964/2008", date(1964, 1, 1), date(2008, 12, 31)),
        ("2004-06/2006-08", date(2004, 6, 1), date(2006, 8, 31)),
        ("2004-02-01/2005-02-08", date(2004, 2, 1), date(2005, 2, 8)),
        ("2004-02-01/2005-02", date(2004, 2, 1), date(2005, 2, 28)),
        ("2005/2006-02", date(2005, 1, 1), date(2006, 2, 28)),
    ],
)
def test_spec_closed_intervals(text: str, start: date, end: date) -> None:
    value = parse_edtf(text)
    assert value.is_range
    assert value.lower is not None and value.upper is not None
    assert not (value.lower_open or value.upper_open or value.lower_unknown or value.upper_unknown)
    assert (value.start, value.end) == (start, end)
    assert value.kind == "range"


def test_spec_open_end() -> None:
    value = parse_edtf("1985-04-12/..")
    assert value.upper is None
    assert value.upper_open and not value.upper_unknown
    assert not (value.lower_open or value.lower_unknown)
    assert (value.start, value.end) == (date(1985, 4, 12), None)


def test_spec_open_start() -> None:
    value = parse_edtf("../1985-04-12")
    assert value.lower is None
    assert value.lower_open and not value.lower_unknown
    assert (value.start, value.end) == (None, date(1985, 4, 12))


def test_spec_unknown_end() -> None:
    value = parse_edtf("1985-04-12/")
    assert value.upper is None
    assert value.upper_unknown and not value.upper_open
    assert (value.start, value.end) == (date(1985, 4, 12), None)


def test_spec_unknown_start() -> None:
    value = parse_edtf("/1985-04-12")
    assert value.lower is None
    assert value.lower_unknown and not value.lower_open
    assert (value.start, value.end) == (None, date(1985, 4, 12))


def test_spec_qualified_interval_ends() -> None:
    value = parse_edtf("1984~/2004-06")
    assert value.lower is not None and value.upper is not None
    assert value.lower.approximate and not value.lower.uncertain
    assert not (value.upper.approximate or value.upper.uncertain)
    assert value.approximate and not value.uncertain
    assert (value.start, value.end) == (date(1984, 1, 1), date(2004, 6, 30))

    value = parse_edtf("1984?/2004%")
    assert value.lower is not None and value.upper is not None
    assert value.lower.uncertain and not value.lower.approximate
    assert value.upper.uncertain and value.upper.approximate
    assert value.uncertain and value.approximate


# --- general behaviour ---


def test_leap_day_is_valid() -> None:
    assert parse_edtf("2024-02-29").start == date(2024, 2, 29)
    assert parse_edtf("2024-02").end == date(2024, 2, 29)
    assert parse_edtf("2000-02").end == date(2000, 2, 29)
    assert parse_edtf("1900-02").end == date(1900, 2, 28)


def test_year_range_limits() -> None:
    assert parse_edtf("0001").start == date(1, 1, 1)
    assert parse_edtf("9999").end == date(9999, 12, 31)


def test_surrounding_whitespace_is_stripped() -> None:
    value = parse_edtf("  2023-10-02/..\n")
    assert value.text == "2023-10-02/.."
    assert value.start == date(2023, 10, 2)


def test_text_of_bounds_is_their_own_text() -> None:
    value = parse_edtf("2023-10~/2024?")
    assert value.text == "2023-10~/2024?"
    assert value.lower is not None and value.upper is not None
    assert (value.lower.text, value.upper.text) == ("2023-10~", "2024?")


def test_interval_within_one_day_is_allowed() -> None:
    value = parse_edtf("2023-10-02/2023-10-02")
    assert value.start == value.end == date(2023, 10, 2)


def test_interval_start_inside_end_period_is_allowed() -> None:
    # The start (15 Oct) is not after the last day the end covers (31 Oct).
    value = parse_edtf("2023-10-15/2023-10")
    assert (value.start, value.end) == (date(2023, 10, 15), date(2023, 10, 31))


def test_values_are_frozen() -> None:
    value = parse_edtf("2023")
    with pytest.raises(AttributeError):
        value.text = "2024"  # type: ignore[misc]
    assert value.lower is not None
    with pytest.raises(AttributeError):
        value.lower.year = 2024  # type: ignore[misc]


def test_equal_texts_parse_equal() -> None:
    assert parse_edtf("2023-10~/..") == parse_edtf("2023-10~/..")
    assert hash(parse_edtf("2023-10")) == hash(parse_edtf("2023-10"))


def test_precision_is_a_str_enum() -> None:
    assert Precision.DAY == "day"
    assert [p.value for p in Precision] == ["day", "month", "year"]


def test_error_is_a_value_error() -> None:
    assert issubclass(EdtfError, ValueError)
    with pytest.raises(ValueError):
        parse_edtf("2023-13")


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_edtf(2023)  # type: ignore[arg-type]


# --- invalid and unsupported input ---


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-13", "'2023-13' is not a valid EDTF date: month 13 is out of range"),
        ("2023-00", "month 0 is out of range"),
        ("2023-02-30", "day 30 is out of range for February 2023"),
        ("2023-04-31", "day 31 is out of range for April 2023"),
        ("2023-10-00", "day 0 is out of range"),
        ("0000", "year 0000 is not supported"),
        ("23-10", "the year must have exactly 4 digits"),
        ("21", "the year must have exactly 4 digits"),
        ("20231", "the year must have exactly 4 digits"),
        ("2023-1-2", "the month must have exactly 2 digits"),
        ("2023-10-2", "the day must have exactly 2 digits"),
        ("2023/2022", "'2023/2022' is not a valid EDTF interval: start '2023' is after end '2022'"),
        ("2023-10-02/2023-10-01", "is after end"),
        ("2023-11/2023-10", "is after end"),
        ("../..", "at least one end must be a date"),
        ("/", "at least one end must be a date"),
        ("../", "at least one end must be a date"),
        ("/..", "at least one end must be a date"),
        ("..", "'..' may only stand for an open end of an interval"),
        ("2023/2024/2025", "an interval has exactly one '/'"),
        ("", "it is empty"),
        ("   ", "it is empty"),
        ("2023 / 2024", "it contains whitespace"),
        ("2023??", "a date takes a single qualifier"),
        ("2023~?", "a date takes a single qualifier"),
        ("October 2023", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("OCTOBER 2023", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("Xmas 2023", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-10-02-01", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("２０２３", "expected YYYY, YYYY-MM or YYYY-MM-DD"),  # full-width digits
    ],
)
def test_invalid(text: str, message: str) -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2001-21", "seasons are not supported"),
        ("2001-24", "seasons are not supported"),
        ("2001-33", "seasons are not supported"),
        ("201X", "unspecified digits ('X') are not supported"),
        ("2004-XX", "unspecified digits ('X') are not supported"),
        ("Y170000002", "'Y'-prefixed years are not supported"),
        ("Y-17E7", "'Y'-prefixed years are not supported"),
        ("2023-10-02T10:00", "times are not supported"),
        ("2023-10-02T10:00:00Z", "times are not supported"),
        ("-1985", "negative years are not supported"),
        ("2004?-06-11", "qualifiers on parts of a date (Level 2) are not supported"),
        ("?2004-06", "qualifiers on parts of a date (Level 2) are not supported"),
        ("2004-06~-11", "qualifiers on parts of a date (Level 2) are not supported"),
        ("[1667,1668,1670..1672]", "sets and lists (Level 2) are not supported"),
        ("{1960,1961}", "sets and lists (Level 2) are not supported"),
        ("1950S2", "significant digits (Level 2) are not supported"),
        ("..1984", "'..' may only stand alone"),
    ],
)
def test_unsupported_features_say_so(text: str, message: str) -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf(text)
    assert str(info.value).startswith(f"{text!r} is not a valid EDTF")
    assert message in str(info.value)


def test_error_in_an_interval_end_names_the_end_and_the_interval() -> None:
    with pytest.raises(EdtfError) as info:
        parse_edtf("2020/2023-13")
    assert str(info.value) == (
        "'2023-13' is not a valid EDTF date: month 13 is out of range (in '2020/2023-13')"
    )


def test_unsupported_in_an_interval_end() -> None:
    with pytest.raises(EdtfError, match="seasons are not supported"):
        parse_edtf("2001-21/2002")


# --- kind ---


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("2023-10-02", "day"),
        ("2023-10", "month"),
        ("2023", "year"),
        ("2023?", "year"),  # uncertain alone is not "approximate"
        ("2023-10-02?", "day"),
        ("2023-10~", "approximate"),
        ("2023-10-02%", "approximate"),
        ("2023~", "approximate"),
        ("2023-01-01/2023-08-15", "range"),
        ("1984~/2004-06", "range"),
        ("2023-10~/..", "open-ended"),
        ("../2023-10-02", "open-ended"),
        ("2023-10-02/", "open-ended"),
        ("/2023", "open-ended"),
    ],
)
def test_kind(text: str, kind: str) -> None:
    assert parse_edtf(text).kind == kind


def test_every_kind_is_covered() -> None:
    kinds = {
        parse_edtf(t).kind
        for t in ("2023-10-02", "2023-10", "2023", "2023-10~", "2023/2024", "2023/..")
    }
    assert kinds == {"day", "month", "year", "approximate", "range", "open-ended"}


# --- label ---


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2023-10-02", "2 Oct 2023"),
        ("2021-07", "Jul 2021"),
        ("2023", "2023"),
        ("2023-10~", "c. Oct 2023"),
        ("2023-10-02?", "2 Oct 2023?"),
        ("2004-06-11%", "c. 11 Jun 2004?"),
        ("2023-01-01/2023-08-15", "1 Jan \u2013 15 Aug 2023"),
        ("2004-06/2004-08", "Jun \u2013 Aug 2004"),
        ("2023-10-02/2024-10-02", "2 Oct 2023 \u2013 2 Oct 2024"),
        ("1964/2008", "1964 \u2013 2008"),
        ("2023/2023-06", "2023 \u2013 Jun 2023"),
        ("2023-01~/2023-08", "c. Jan 2023 \u2013 Aug 2023"),
        ("1984?/2004%", "1984? \u2013 c. 2004?"),
        ("2023-10~/..", "from c. Oct 2023 (open-ended)"),
        ("2023-10-02/..", "from 2 Oct 2023 (open-ended)"),
        ("../2023-10-02", "until 2 Oct 2023"),
        ("2023-10-02/", "2 Oct 2023 \u2013 ?"),
        ("/2023", "? \u2013 2023"),
    ],
)
def test_label(text: str, label: str) -> None:
    assert parse_edtf(text).label() == label


# --- contains ---


def test_contains_single_dates() -> None:
    month = parse_edtf("2021-07")
    assert month.contains(date(2021, 7, 1))
    assert month.contains(date(2021, 7, 31))
    assert not month.contains(date(2021, 6, 30))
    assert not month.contains(date(2021, 8, 1))
    day = parse_edtf("2023-10-02~")
    assert day.contains(date(2023, 10, 2))
    assert not day.contains(date(2023, 10, 3))


def test_contains_closed_range() -> None:
    value = parse_edtf("2004-02-01/2005-02")
    assert value.contains(date(2004, 2, 1))
    assert value.contains(date(2005, 2, 28))
    assert not value.contains(date(2004, 1, 31))
    assert not value.contains(date(2005, 3, 1))


@pytest.mark.parametrize("text", ["2023-10-02/..", "2023-10-02/"])
def test_contains_open_or_unknown_end_is_unbounded_above(text: str) -> None:
    value = parse_edtf(text)
    assert value.contains(date(2023, 10, 2))
    assert value.contains(date(9999, 12, 31))
    assert not value.contains(date(2023, 10, 1))


@pytest.mark.parametrize("text", ["../2023-10-02", "/2023-10-02"])
def test_contains_open_or_unknown_start_is_unbounded_below(text: str) -> None:
    value = parse_edtf(text)
    assert value.contains(date(1, 1, 1))
    assert value.contains(date(2023, 10, 2))
    assert not value.contains(date(2023, 10, 3))


# --- ordering ---


def _ordered(*texts: str) -> list[str]:
    return [v.text for v in sorted((parse_edtf(t) for t in texts), key=lambda v: v.sort_key)]


def test_sort_key_shape() -> None:
    assert parse_edtf("2023-10").sort_key == (date(2023, 10, 1), date(2023, 10, 31), "2023-10")
    assert parse_edtf("../2023").sort_key == (date.min, date(2023, 12, 31), "../2023")
    assert parse_edtf("2023/").sort_key == (date(2023, 1, 1), date.max, "2023/")


def test_orders_by_start() -> None:
    assert _ordered("2024", "2023-10-02", "2023-11", "1999/2030") == [
        "1999/2030",
        "2023-10-02",
        "2023-11",
        "2024",
    ]


def test_same_start_earlier_end_first_so_day_before_month_before_year() -> None:
    assert _ordered("2023", "2023-01", "2023-01-01") == ["2023-01-01", "2023-01", "2023"]


def test_same_start_open_end_sorts_last() -> None:
    assert _ordered("2023-10-01/..", "2023-10", "2023-10-01/2024", "2023-10-01") == [
        "2023-10-01",
        "2023-10",
        "2023-10-01/2024",
        "2023-10-01/..",
    ]


def test_open_or_unknown_start_sorts_first() -> None:
    assert _ordered("0001-01-01", "2023", "../2023", "/2022") == [
        "0001-01-01",
        "/2022",
        "../2023",
        "2023",
    ]


def test_same_start_and_end_falls_back_to_text() -> None:
    # Identical coverage: the text decides, so the order is total and deterministic.
    assert _ordered("2023-10~", "2023-10?", "2023-10", "2023-10%") == [
        "2023-10",
        "2023-10%",
        "2023-10?",
        "2023-10~",
    ]
    assert _ordered("2023-10-02/", "2023-10-02/..") == ["2023-10-02/", "2023-10-02/.."]


def test_approx_open_range_from_2023_10_sorts_before_day_2023_10_02_as_it_starts_earlier() -> None:
    # "2023-10~/.." starts on 2023-10-01 (qualifiers do not move the start), which is
    # before 2023-10-02, so it comes first even though its end is open.
    assert _ordered("2023-10-02", "2023-10~/..") == ["2023-10~/..", "2023-10-02"]


def test_approx_open_range_from_2023_10_sorts_after_day_2023_10_01_same_start_later_end() -> None:
    assert _ordered("2023-10~/..", "2023-10-01") == ["2023-10-01", "2023-10~/.."]


def test_sort_is_independent_of_input_order() -> None:
    texts = ["2023", "2023-10~/..", "2023-10-02", "../2023-10-02", "2023-10", "2023-10?", "/2023"]
    assert _ordered(*texts) == _ordered(*reversed(texts))


# --- properties ---

_QUALIFIERS = st.sampled_from(["", "?", "~", "%"])
_DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def _format(day: date, precision: Precision, qualifier: str) -> str:
    text = f"{day.year:04d}"
    if precision is not Precision.YEAR:
        text += f"-{day.month:02d}"
    if precision is Precision.DAY:
        text += f"-{day.day:02d}"
    return text + qualifier


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    return _format(draw(_DAYS), draw(st.sampled_from(list(Precision))), draw(_QUALIFIERS))


@st.composite
def interval_texts(draw: st.DrawFn) -> str:
    lower, upper = sorted([draw(_DAYS), draw(_DAYS)])
    # Same precision for both ends keeps start <= end whenever the days are ordered.
    precision = draw(st.sampled_from(list(Precision)))
    left = _format(lower, precision, draw(_QUALIFIERS))
    right = _format(upper, precision, draw(_QUALIFIERS))
    left, right = draw(
        st.sampled_from([(left, right), ("..", right), ("", right), (left, ".."), (left, "")])
    )
    return f"{left}/{right}"


_VALID_TEXTS = st.one_of(date_texts(), interval_texts())


@given(date_texts())
def test_property_valid_dates_parse(text: str) -> None:
    value = parse_edtf(text)
    assert isinstance(value, EdtfInterval)
    assert value.text == text
    assert not value.is_range
    d = value.lower
    assert isinstance(d, EdtfDate)
    assert value.start is not None and value.end is not None
    assert value.start <= value.end
    assert value.start == d.start and value.end == d.end
    assert d.year == int(text[:4])
    assert d.uncertain == (text[-1] in "?%")
    assert d.approximate == (text[-1] in "~%")
    assert value.kind in {"day", "month", "year", "approximate"}
    assert value.contains(value.start) and value.contains(value.end)
    assert value.sort_key[0] == value.start
    assert value.label()


@given(interval_texts())
def test_property_valid_intervals_parse(text: str) -> None:
    value = parse_edtf(text)
    assert value.is_range
    assert value.text == text
    start = value.start if value.start is not None else date.min
    end = value.end if value.end is not None else date.max
    assert start <= end
    assert value.sort_key[:2] == (start, end)
    assert value.kind in {"range", "open-ended"}
    assert value.contains(start) and value.contains(end)
    assert value.label()


@given(_VALID_TEXTS, _VALID_TEXTS)
def test_property_sort_key_is_consistent_with_start(a_text: str, b_text: str) -> None:
    a, b = parse_edtf(a_text), parse_edtf(b_text)
    a_start = a.start if a.start is not None else date.min
    b_start = b.start if b.start is not None else date.min
    if a_start < b_start:
        assert a.sort_key < b.sort_key
    if a.sort_key <= b.sort_key:
        assert a_start <= b_start
    if a.text != b.text:
        assert a.sort_key != b.sort_key


@given(st.text(alphabet="0123456789-/?~%.XYTS: ", max_size=24))
def test_property_arbitrary_text_parses_or_raises_edtf_error(text: str) -> None:
    try:
        value = parse_edtf(text)
    except EdtfError as error:
        assert str(error)
    else:
        assert value.text == text.strip()
        assert value.label()
