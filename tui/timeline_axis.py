"""The Timeline view's axis, worked out without the app: which rows, in what order, saying what.

:func:`axis_rows` turns events (already in timeline order, see
:func:`models.query.timeline`) into the rows the view shows:

* a heading for each year and, under it, for each month that has events;
* one row of two lines per event: the date drawn on the axis by a glyph for its
  precision, the normalised date, the date as the source words it, the precision
  and the EDTF text; then which source tells it and what happened;
* for a range with a known end, a lane to the left of the axis from the event's row
  down to an "end" row placed where the range ends;
* a row for the dossier's as-of date, after the last event that starts on or before it.

How a planned row is drawn (its glyphs, lanes and wrapping) is :mod:`tui.timeline_draw`.
This module imports no Textual, so it can be tested on its own.
"""

from __future__ import annotations

import calendar
import re
from array import array
from bisect import insort
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from models.edtf import EdtfInterval, parse_edtf
from models.query import event_origin
from models.schema import Dossier, Event, Unknown
from tui.timeline_draw import (
    ARTICLE_MARK,
    LEGEND,
    LEGEND_MORE,
    MAX_WRAP,
    OTHER_MARK,
    UNKNOWN_GLYPH,
    AxisRow,
    Line,
    Proto,
    Segment,
    _axis,
    _cells,
    _text_cells,
    date_glyph,
    draw_row,
    wrap_segments,
    wrapped_height,
)

# AxisRow, the legend, date_glyph and the wrapping are drawn in tui.timeline_draw and
# re-exported here: the timeline's one import.
__all__ = [
    "AxisPlan",
    "AxisRow",
    "LEGEND",
    "LEGEND_MORE",
    "Segment",
    "as_of_event",
    "axis_rows",
    "date_glyph",
    "origin_tag",
    "plan_axis",
    "short_source_name",
    "wrap_segments",
    "wrapped_height",
    "year_jump",
]

#: Most spans drawn side by side; a range beyond these still shows its span glyph.
MAX_LANES = 3

_MONTHS = tuple(calendar.month_name)


@lru_cache(maxsize=4096)
def short_source_name(publisher: str) -> str:
    """A publisher's name short enough for a tag: "UN Office … (OHCHR)" → "OHCHR",
    "United Nations, Meetings Coverage…" → "United Nations"."""
    name = publisher.strip()
    if name.endswith(")") and "(" in name:
        inner = name[name.rindex("(") + 1 : -1].strip()
        if inner and inner.replace(" ", "").isupper() and len(inner) <= 12:
            return inner
    for cut in (" (", ", ", "; "):
        if cut in name:
            name = name[: name.index(cut)]
    return name if len(name) <= 28 else name[:27] + "…"


def origin_tag(dossier: Dossier, event: Event, article_until: date | None,
               names_by_source: dict[str, str] | None = None) -> Segment:
    """Which source tells the event: "▪ article" for the bundled article; otherwise
    "▫ " and the first source's publisher, with "later" when the event starts after
    everything the article tells (``article_until``). ``names_by_source`` keeps each
    source's short name once worked out (a whole axis asks again for the same sources)."""
    if event_origin(dossier, event) == "bundled":
        return (f"{ARTICLE_MARK} article", "origin-article")
    known = {} if names_by_source is None else names_by_source
    names: list[str] = []
    for citation in event.citations:
        name = known.get(citation.source)
        if name is None:
            source = dossier.source(citation.source)
            name = known[citation.source] = short_source_name(source.publisher or source.title)
        if name not in names:
            names.append(name)
    text = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")
    start = event.interval.start
    if article_until is not None and start is not None and start > article_until:
        return (f"{OTHER_MARK} later · {text}", "origin-later")
    return (f"{OTHER_MARK} {text}", "origin-other")


def _group(interval: EdtfInterval) -> tuple[int | None, int | None]:
    """(year, month) of the heading an event sits under; month None when only the
    year of its start is known, both None for an open or unknown start."""
    lower = interval.lower
    if lower is None:
        return (None, None)
    return (lower.year, lower.month)


def _group_start(group: tuple[int | None, int | None]) -> date:
    year, month = group
    if year is None:
        return date.min
    return date(year, month or 1, 1)


def axis_rows(
    dossier: Dossier, events: Sequence[Event], *, as_of: str | None = None, width: int | None = None,
    unknowns: Sequence[Unknown] = (),
) -> list[AxisRow]:
    """The rows of the timeline for ``events`` (in timeline order), then ``unknowns``.

    ``as_of`` (EDTF) defaults to the dossier's as-of date; pass ``""`` for no as-of row.
    With a ``width`` (in cells), each of an event's two lines wraps onto at most
    :data:`MAX_WRAP` lines, the axis and the spans drawn beside the continuation.
    """
    plan = plan_axis(dossier, events, as_of=as_of, unknowns=unknowns)
    return [plan.row(index, width) for index in range(len(plan))]


#: Each event line takes one line when it fits, else MAX_WRAP: what :meth:`AxisPlan.heights`
#: counts on (a line's height from one stored number, not its text).
assert MAX_WRAP == 2, "AxisPlan.heights counts a wrapped event line as MAX_WRAP == 2 lines"

#: The axis cells before an event's second line (the stem), as drawn.
_STEM_CELLS = _cells(_axis("stem"))
_PRINTABLE_ASCII = re.compile(r"[ -~]+")


@dataclass(eq=False)
class AxisPlan:
    """The timeline's rows before they are drawn: which rows, in what order, saying
    what, with the lanes of the spans worked out. Drawing a row (wrapping its lines
    to a width) is left to :meth:`row`, so a list need draw only the rows it shows;
    :meth:`heights` says how many lines each row takes at a width without drawing it.

    Kept compact, a list entry a row per column (1,000x: 30,186 rows, 41.5 MB as one
    tuple of lines and segments a row, 1.8 MB so; benchmarks/README.md, "The Timeline's
    axis, compact"): an event's row holds its event (the dossier's own object), the
    tag of its source and its lane marks (both shared between rows), and the width
    from which each of its two lines takes one line; its lines are made again from
    the event when the row is drawn. Headings and markers (a few hundred rows) keep
    their lines.
    """

    kinds: list[str]
    """Each row's kind: "year", "month", "event", "end" or "as-of"."""
    items: list[Event | Unknown | tuple[tuple[str, Line], ...]]
    """An event row's event or unknown; any other row's lines, as (axis kind, content)."""
    tags: list[Segment | None]
    """An event's row: the tag saying which source tells it (an unknown's included)."""
    marks: list[tuple[str, ...]]
    """Each row's lane marks, a string a line."""
    years: list[int | None]
    one_line_from: array[int]
    """Two a row: the narrowest width at which each of an event's lines takes one line
    (0 for other rows and for a line short enough for the narrowest wrap)."""
    lanes: int

    def __len__(self) -> int:
        return len(self.kinds)

    @property
    def protos(self) -> tuple[Proto, ...]:
        """Every row as :func:`tui.timeline_draw.draw_row` takes it (made on each call)."""
        return tuple(self.proto(index) for index in range(len(self)))

    def proto(self, index: int) -> Proto:
        """Row ``index`` as :func:`tui.timeline_draw.draw_row` takes it."""
        kind, item, year = self.kinds[index], self.items[index], self.years[index]
        if isinstance(item, tuple):
            return (kind, item, self.marks[index], None, year)
        tag = self.tags[index]
        assert tag is not None
        return (kind, _item_lines(item, tag), self.marks[index], item.id, year)

    @property
    def event_ids(self) -> list[str | None]:
        return [None if isinstance(item, tuple) else item.id for item in self.items]

    def year_jump(self, current_id: str | None, step: int) -> str | None:
        """As :func:`year_jump`, over these rows."""
        return _year_jump(list(zip(self.event_ids, self.years, strict=True)), current_id, step)

    def row(self, index: int, width: int | None = None) -> AxisRow:
        return draw_row(self.proto(index), self.lanes, width)

    def heights(self, width: int | None = None) -> list[int]:
        """How many lines each row takes at ``width`` (as :meth:`row` would draw it):
        an event's line one line from its stored width on, else two (its text is not
        read: the same count as :func:`tui.timeline_draw.row_heights`, which the tests
        compare with the drawn rows)."""
        if width is None:
            return [2 if kind == "event" else len(item) for kind, item in zip(self.kinds, self.items, strict=True)]
        wide = self.one_line_from
        return [
            ((1 if width >= wide[2 * i] else 2) + (1 if width >= wide[2 * i + 1] else 2)) if kind == "event"
            else len(item)
            for i, (kind, item) in enumerate(zip(self.kinds, self.items, strict=True))
        ]


class _Rows:
    """The columns of an :class:`AxisPlan` as they are filled, one row at a time."""

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.items: list[Event | Unknown | tuple[tuple[str, Line], ...]] = []
        self.tags: list[Segment | None] = []
        self.marks: list[tuple[str, ...]] = []
        self.years: list[int | None] = []
        self.widths: list[tuple[int, int] | None] = []
        # Marks and tags repeat from row to row: one tuple each, shared.
        self._shared: dict[tuple, tuple] = {}

    def _add(self, kind: str, item, tag: Segment | None, marks: list[list[str]], year: int | None) -> None:
        self.kinds.append(kind)
        self.items.append(item)
        self.tags.append(None if tag is None else self._shared.setdefault(tag, tag))
        joined = tuple("".join(m) for m in marks)
        self.marks.append(self._shared.setdefault(joined, joined))
        self.years.append(year)

    def line(self, kind: str, axis: str, content: Line, marks: list[str], year: int | None) -> None:
        """A heading or a marker: one line, kept as it is."""
        self._add(kind, ((axis, content),), None, [marks], year)
        self.widths.append(None)

    def event(self, item: Event | Unknown, tag: Segment, marks: list[list[str]], year: int | None) -> None:
        """An event's (or an unknown's) row: its lines are measured here, then let go."""
        self._add("event", item, tag, marks, year)
        (first_axis, first), (_, second) = _item_lines(item, tag)
        self.widths.append((_line_cells(first, _cells(_axis(first_axis))), _line_cells(second, _STEM_CELLS)))

    def plan(self, lanes: int) -> AxisPlan:
        """The plan, its lanes' cells known now: ``lanes`` (the most drawn side by side)."""
        lane_cells = 2 * lanes
        wide = array("I", (
            w + lane_cells if w else 0 for pair in self.widths for w in (pair or (0, 0))
        ))
        return AxisPlan(self.kinds, self.items, self.tags, self.marks, self.years, wide, lanes)


def _line_cells(content: Line, axis_cells: int) -> int:
    """The width, less the lanes', from which ``content`` takes one line after an axis of
    ``axis_cells``: :func:`tui.timeline_draw.wrapped_height` keeps it on one line when its
    text (without trailing spaces) fits in ``max(12, width - lanes - axis)`` cells.
    0 when it fits in 12 cells (any width)."""
    text = "".join(text for text, _ in content).rstrip(" ")
    # As _text_cells counts it, printable ASCII (a cell each) first taken out in one pass:
    # an event's second line is never ASCII (its " — "), and counting every character of
    # 30,000 of them one by one was 0.3 s -> 0.13 s (CPU, 1,000x).
    others = _PRINTABLE_ASCII.sub("", text)
    cells = len(text) - len(others) + _text_cells(others)
    return 0 if cells <= 12 else cells + axis_cells


def _item_lines(item: Event | Unknown, tag: Segment) -> tuple[tuple[str, Line], ...]:
    """An event's two lines (or an unknown's), as (axis kind, content): the date on the
    axis, then which source tells it (``tag``) and what happened."""
    if isinstance(item, Unknown):
        due = f"due {parse_edtf(item.due).label()}" if item.due else "no date"
        return (("glyph:" + UNKNOWN_GLYPH, ((due, "date"),)),
                ("stem", (tag, (f" — {_flat(item.topic)}: {_flat(item.summary)}", "summary"))))
    return (("glyph:" + date_glyph(item.interval), _date_line(item)),
            ("stem", (tag, (f" — {_flat(item.summary)}", "summary"))))


def plan_axis(dossier: Dossier, events: Sequence[Event], *, as_of: str | None = None,
              unknowns: Sequence[Unknown] = ()) -> AxisPlan:
    """The rows of the timeline for ``events`` (in timeline order), not yet drawn, and
    after them what is not known (``unknowns``), each with the date it was due.

    ``as_of`` (EDTF) defaults to the dossier's as-of date; pass ``""`` for no as-of row.
    """
    as_of_text = dossier.as_of if as_of is None else as_of
    as_of_day = _as_of_day(as_of_text) if as_of_text else None
    article_until = _article_until(dossier)
    names_by_source: dict[str, str] = {}

    rows = _Rows()
    lanes: list[str | None] = [None] * MAX_LANES  # event id holding each lane
    used = 0
    # Markers waiting for their place, in date order: (date, order, kind, event, lane).
    pending: list[tuple[date, int, str, Event | None, int | None]] = []
    if as_of_day is not None:
        pending.append((as_of_day, 1, "as-of", None, None))
    year: int | None = None
    group: tuple[int | None, int | None] | None = None

    def active_marks() -> list[str]:
        return ["│" if holder is not None else " " for holder in lanes]

    def flush(before: date | None) -> None:
        """Emit the markers dated before ``before`` (all of them when None)."""
        while pending and (before is None or pending[0][0] < before):
            day, _, kind, event, lane = pending.pop(0)
            if kind == "end":
                assert event is not None and lane is not None
                marks = active_marks()
                marks[lane] = "└"
                lanes[lane] = None
                upper = event.interval.upper
                assert upper is not None
                what = f"“{_flat(event.phrase)}”" if event.phrase else _flat(event.summary)
                rows.line("end", "end", ((f" {upper.label()}", "end-date"), (f" · end of {what}", "end")),
                          marks, year)
            else:
                rows.line("as-of", "as-of", ((f" as of {parse_edtf(as_of_text).label()}", "as-of"),
                                             (" · the dossier is current to here", "as-of-note")),
                          active_marks(), year)

    for event in events:
        interval = event.interval
        event_group = _group(interval)
        start = interval.start or date.min
        if event_group != group:
            flush(_group_start(event_group))
            if event_group[0] != year or group is None:
                year = event_group[0]
                title = str(year) if year is not None else "Open start"
                rows.line("year", "year", ((f" {title} ", "year"),), active_marks(), year)
            month = event_group[1]
            if year is not None:
                name = _MONTHS[month] if month is not None else f"{year}, month not known"
                rows.line("month", "month", ((name, "month"),), active_marks(), year)
            group = event_group
        if pending and pending[0][0] < start:
            flush(start)

        lane = None
        if interval.is_range and interval.upper is not None and not interval.upper_unknown:
            free = [i for i, holder in enumerate(lanes) if holder is None]
            if free:
                lane = free[0]
                lanes[lane] = event.id
                used = max(used, lane + 1)
                insort(pending, (interval.upper.end, 0, "end", event, lane), key=_pending_key)
        first = active_marks()
        if lane is not None:
            first[lane] = "┌"
        rows.event(event, origin_tag(dossier, event, article_until, names_by_source), [first, active_marks()], year)
    flush(None)
    if unknowns:
        rows.line("year", "year", ((" Not known ", "year"),), active_marks(), year)
        for unknown in unknowns:
            rows.event(unknown, ("not known", "origin-later"), [active_marks(), active_marks()], year)
    return rows.plan(used)


def _pending_key(marker: tuple[date, int, str, Event | None, int | None]) -> tuple[date, int]:
    return marker[0], marker[1]


def _flat(text: str) -> str:
    """User text on one line of the axis: newlines and tabs as spaces (a row's height
    is worked out from its text, so the text must not break lines of its own)."""
    return text.replace("\n", " ").replace("\t", " ")


def _date_line(event: Event) -> Line:
    interval = event.interval
    segments: list[Segment] = [(" ", ""), (interval.label(), "label")]
    if event.phrase:
        segments += [("  ", ""), (f"“{_flat(event.phrase)}”", "phrase")]
    # No-break spaces keep the precision and the EDTF text together when lines wrap.
    segments += [("  ", ""), (interval.kind, "kind"), ("\u00a0·\u00a0", "kind"), (event.date, "edtf")]
    return tuple(segments)


def _as_of_day(text: str) -> date | None:
    interval = parse_edtf(text)
    return interval.end or interval.start


def _article_until(dossier: Dossier) -> date | None:
    """The latest start of an event the bundled article tells: events from other
    sources that start after it are later developments."""
    starts = [e.interval.start for e in dossier.events if event_origin(dossier, e) == "bundled"]
    known = [s for s in starts if s is not None]
    return max(known) if known else None


def as_of_event(events: Sequence[Event], as_of: str) -> str | None:
    """The id of the last event (in timeline order) starting on or before ``as_of``;
    an open start counts as before it."""
    day = _as_of_day(as_of)
    found = None
    for event in events:
        start = event.interval.start
        if day is None or start is None or start <= day:
            found = event.id
    return found


def year_jump(rows: Sequence[AxisRow], current_id: str | None, step: int) -> str | None:
    """The first event of the year ``step`` sections away (-1 back, +1 forward) from
    the year of ``current_id``, counting only years that have events; None past the ends."""
    return _year_jump([(row.event_id, row.year) for row in rows], current_id, step)


def _year_jump(rows: Sequence[tuple[str | None, int | None]], current_id: str | None, step: int) -> str | None:
    firsts: list[tuple[int | None, str]] = []
    for event_id, year in rows:
        if event_id is not None and (not firsts or firsts[-1][0] != year):
            firsts.append((year, event_id))
    if not firsts:
        return None
    years = [y for y, _ in firsts]
    current_year = next((year for event_id, year in rows if event_id == current_id), None) if current_id else None
    if current_id is None or current_year not in years:
        return firsts[0][1] if step > 0 else firsts[-1][1]
    index = years.index(current_year) + step
    return firsts[index][1] if 0 <= index < len(firsts) else None
