"""How the Timeline's axis looks: its glyphs and their legend, and a planned row drawn
into lines (the lanes of the spans, the axis, the text wrapped to a width).

:mod:`tui.timeline_axis` plans the rows (which, in what order, saying what, in which
lane); this module draws one, or says how many lines it takes at a width without
drawing it. Each line is a tuple of ``(text, role)`` segments: the view gives each role
a style, but the text alone says everything (glyphs and words, never colour alone).
Pure layout: no Textual.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len

from models.edtf import EdtfInterval

__all__ = [
    "AxisRow",
    "LEGEND",
    "LEGEND_MORE",
    "MAX_WRAP",
    "Line",
    "Proto",
    "Segment",
    "date_glyph",
    "draw_row",
    "row_heights",
    "wrap_segments",
    "wrapped_height",
]

Segment = tuple[str, str]
"""A piece of a line: its text and its role ("glyph", "label", "phrase", …)."""
Line = tuple[Segment, ...]

#: One glyph per precision, three cells wide so the text after it lines up.
POINT_GLYPHS = {"day": "●", "month": "◐", "year": "○", "approximate": "≈"}
RANGE_GLYPH = "├─┤"
OPEN_END_GLYPH = "├─▶"
OPEN_START_GLYPH = "◀─┤"
AS_OF_GLYPH = "◆"
UNKNOWN_GLYPH = " ? "
ARTICLE_MARK = "▪"
OTHER_MARK = "▫"

#: The legend drawn above the axis: every glyph and mark, in words.
LEGEND: tuple[Segment, ...] = (
    ("●", "glyph"), (" day  ", "legend"),
    ("◐", "glyph"), (" month  ", "legend"),
    ("○", "glyph"), (" year  ", "legend"),
    ("≈", "glyph"), (" about  ", "legend"),
    ("├─┤", "glyph"), (" range  ", "legend"),
    ("├─▶", "glyph"), (" open-ended  ", "legend"),
    (AS_OF_GLYPH, "as-of"), (" as of", "legend"),
)
#: The legend's second line: the source marks, and the order in short (help.md says it
#: in full: ``EdtfInterval.sort_key``, then the id).
LEGEND_MORE: tuple[Segment, ...] = (
    (ARTICLE_MARK, "origin-article"), (" told by the article  ", "legend"),
    (OTHER_MARK, "origin-other"), (" by another source  ", "legend"),
    ("· by start, then end", "legend"),
)


#: Most lines each of an event's two lines wraps onto, given a width.
MAX_WRAP = 2


@dataclass(frozen=True)
class AxisRow:
    """One row of the axis: a heading, an event (two lines) or a marker."""

    kind: str
    """"year", "month", "event", "end" (where a drawn range ends) or "as-of"."""
    lines: tuple[Line, ...]
    event_id: str | None = None
    """The event's id, for "event" rows (the only ones the cursor stops on)."""
    year: int | None = None
    """The year whose section the row is in (None before the first year: open starts)."""

    @property
    def text(self) -> str:
        """The row as plain text, lines joined by newlines."""
        return "\n".join("".join(text for text, _ in line) for line in self.lines)


def date_glyph(interval: EdtfInterval) -> str:
    """The three-cell glyph drawn on the axis for a date of this precision."""
    kind = interval.kind
    if kind == "range":
        return RANGE_GLYPH
    if kind == "open-ended":
        return OPEN_START_GLYPH if interval.lower is None else OPEN_END_GLYPH
    return f"{POINT_GLYPHS[kind]}  "


Proto = tuple[str, tuple[tuple[str, Line], ...], tuple[str, ...], "str | None", "int | None"]
"""A row before its lanes are drawn: (kind, lines, marks, event id, year). ``lines`` holds
(axis kind, content) per line, the axis kind saying what to draw on the axis; ``marks``
one string per line, a mark per lane. Plain tuples of strings: once the garbage
collector has seen them it never walks them again (a plan at 1,000x has 30,000 rows)."""


def draw_row(proto: Proto, lane_count: int, width: int | None) -> AxisRow:
    """The row ``proto`` drawn: lanes (the first ``lane_count``), the axis, and the text;
    an event's lines wrapped to ``width`` (at most :data:`MAX_WRAP` lines each)."""
    kind, proto_lines, proto_marks, event_id, year = proto
    lines: list[Line] = []
    for (axis, content), marks in zip(proto_lines, proto_marks, strict=True):
        prefix = _lanes(marks[:lane_count]) + _axis(axis)
        if width is None or kind != "event":
            lines.append(prefix + content)
            continue
        going_on = ["│" if mark in "│┌" else " " for mark in marks[:lane_count]]
        follow = _lanes(going_on) + _axis("stem")
        room = max(12, width - _cells(follow))
        first_room = max(12, width - _cells(prefix))
        for number, piece in enumerate(wrap_segments(content, first_room, room, max_lines=MAX_WRAP)):
            lines.append((prefix if number == 0 else follow) + piece)
    return AxisRow(kind, tuple(lines), event_id, year)


def row_heights(protos: Sequence[Proto], lane_count: int, width: int | None = None) -> list[int]:
    """How many lines each row takes at ``width`` (as :func:`draw_row` would draw it)."""
    if width is None:
        return [len(proto[1]) for proto in protos]
    lane_cells = 2 * lane_count
    follow = max(12, width - lane_cells - _cells(_axis("stem")))
    axis_cells: dict[str, int] = {}
    out: list[int] = []
    for kind, lines, _marks, _event_id, _year in protos:
        if kind != "event":
            out.append(len(lines))
            continue
        total = 0
        for axis, content in lines:
            cells = axis_cells.get(axis)
            if cells is None:
                cells = axis_cells[axis] = _cells(_axis(axis))
            total += wrapped_height(content, max(12, width - lane_cells - cells), follow, max_lines=MAX_WRAP)
        out.append(total)
    return out


def _cells(line: Line) -> int:
    return sum(cell_len(text) for text, _ in line)


def wrap_segments(content: Line, first_width: int, width: int, *, max_lines: int) -> list[Line]:
    """Wrap styled segments at spaces into lines of at most ``first_width`` cells
    (the first) and ``width`` (the others); text beyond ``max_lines`` lines is cut
    and the last line ends in "…"."""
    chars = [(ch, role) for text, role in content for ch in text]
    # cells[i] is the width of chars[:i]: any run's width without summing it again, so
    # a summary of 10,000 characters wraps in linear time.
    cells = [0, *accumulate(cell_len(ch) for ch, _ in chars)]

    def last_fitting(start: int, room: int) -> int:
        """The end of the longest run from ``start`` that fits in ``room`` cells."""
        return min(bisect_right(cells, cells[start] + room) - 1, len(chars))

    out: list[list[tuple[str, str]]] = []
    start = 0
    while start < len(chars):
        room = first_width if not out else width
        fits = last_fitting(start, room) == len(chars)
        if len(out) == max_lines - 1 or fits:
            if fits:
                out.append(chars[start:])
            else:  # the last line allowed, and the rest does not fit: cut it
                rest = chars[start:]
                cut = chars[start : last_fitting(start, room - 1)]
                space = max((i for i, (ch, _) in enumerate(cut) if ch == " "), default=0)
                if len(cut) < len(rest) and rest[len(cut)][0] != " " and space > 0:
                    cut = cut[:space]  # end on a whole word
                cut = _rstrip(cut)
                role = cut[-1][1] if cut else ""
                out.append([*cut, ("…", role)])
            break
        end = last_fitting(start, room)
        space = next((i for i in range(end, start, -1) if chars[i][0] == " "), None)
        stop = space if space is not None and space > start else end
        out.append(chars[start:stop])
        start = stop
        while start < len(chars) and chars[start][0] == " ":
            start += 1
    return [_join(_rstrip(line)) for line in out]


class _CharCells(dict[str, int]):
    """Cells each character takes (``cell_len`` of it alone), remembered."""

    def __missing__(self, char: str) -> int:
        self[char] = width = cell_len(char)
        return width


_char_cells = _CharCells().__getitem__

#: Characters one cell wide (as :func:`wrap_segments` counts them): printable ASCII,
#: Latin, Greek and Cyrillic, punctuation (dashes, curly quotes), arrows, box drawing
#: and shapes (the axis's marks). A text of these alone is as many cells as characters:
#: every line of the generated axes has one of them, and counting a character at a
#: time took 60% of measuring the axis's lines at 1,000x.
_ONE_CELL = frozenset(
    char
    for first, last in ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x205E), (0x2190, 0x21FF),
                        (0x2500, 0x25FF))
    for char in map(chr, range(first, last + 1))
    if _char_cells(char) == 1
)


def _text_cells(text: str) -> int:
    """Cells ``text`` takes, counted character by character as :func:`wrap_segments` does."""
    if text.isascii() or _ONE_CELL.issuperset(text):
        return len(text)
    return sum(map(_char_cells, text))


def _fits(text: str, width: int) -> bool:
    """Whether ``text`` takes at most ``width`` cells, counting no more of it than needed:
    its first ``width + 1`` characters already take more when none of them is zero-width,
    so a long summary is not counted through (the Timeline's first visit at 1,000x counted
    every character of 30,000 events' lines: benchmarks/README.md, "View switches")."""
    if len(text) > width + 1 and _text_cells(text[: width + 1]) > width:
        return False
    return _text_cells(text) <= width


def wrapped_height(content: Line, first_width: int, width: int, *, max_lines: int) -> int:
    """How many lines :func:`wrap_segments` makes of ``content``, without wrapping it
    (when at most two lines are allowed: the timeline's case)."""
    text = "".join(text for text, _ in content)
    if not text:
        return 0
    if _fits(text.rstrip(" "), first_width):
        return 1
    if max_lines <= 2:
        return max_lines
    return len(wrap_segments(content, first_width, width, max_lines=max_lines))


def _rstrip(chars: list[tuple[str, str]]) -> list[tuple[str, str]]:
    end = len(chars)
    while end and chars[end - 1][0] == " ":
        end -= 1
    return chars[:end]


def _join(chars: Sequence[tuple[str, str]]) -> Line:
    """Characters back into segments, one per run of the same role."""
    segments: list[Segment] = []
    for ch, role in chars:
        if segments and segments[-1][1] == role:
            segments[-1] = (segments[-1][0] + ch, role)
        else:
            segments.append((ch, role))
    return tuple(segments)


def _lanes(marks: Sequence[str]) -> Line:
    """Two cells per lane: the lane's mark and a gap, joined by "─" from a corner
    (a span starting or ending on this line) to the axis."""
    if not marks:
        return ()
    cells: list[str] = []
    joining = False
    for mark in marks:
        if mark in "┌└":
            joining = True
            cells += [mark, "─"]
        elif joining:
            cells += ["┼" if mark == "│" else "─", "─"]
        else:
            cells += [mark, " "]
    return (("".join(cells), "lane"),)


def _axis(axis: str) -> Line:
    if axis.startswith("glyph:"):
        return ((axis.removeprefix("glyph:"), "glyph"),)
    return {
        "year": (),
        "month": (("│ ", "axis"),),
        "stem": (("│   ", "axis"),),
        "end": (("┤", "lane"),),
        "as-of": ((AS_OF_GLYPH, "as-of"),),
    }[axis]


