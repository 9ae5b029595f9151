"""The cells of an ItemTable and how wide they are, measured without drawing them.

Column widths come from every row's cells (:func:`measure_widths`, safe in a thread: see
:class:`tui.views.base.ItemsView`), or a big view's columns' texts (:func:`column_width`,
``TableView.measure``: 25,000 statements' cells took 0.7 s to make and measure).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from tui.text import visible

__all__ = ["Cell", "RowCells", "cell", "column_width", "measure_widths", "plain_width", "text_width"]

Cell = Text
#: Makes the cells of an item's row.
RowCells = Callable[[str], Sequence[Text]]


def cell(value: object, style: str = "") -> Text:
    """A literal table cell: user text is never markup."""
    return Text(visible(str(value)), style=style, no_wrap=True, overflow="ellipsis")


def column_width(texts: Iterable[str]) -> int:
    """The widest of the cells :func:`cell` makes of ``texts`` (as :func:`measure_widths` measures
    them), each distinct text once, no cell made. Touches no widget: may run in a thread."""
    return max((plain_width(visible(text)) for text in set(texts)), default=0)


#: Punctuation and symbols rich counts one cell wide but measures a character at a
#: time (curly quotes, dashes, arrows, ✓, ⚠…): deleted before measuring and counted
#: one each, a cell of 200 characters with a curly quote is measured as fast as ASCII.
_ONE_CELL = {
    code: None
    for first, last in ((0x2010, 0x2027), (0x2030, 0x205E), (0x20A0, 0x20C0), (0x2190, 0x21FF), (0x2600, 0x27BF))
    for code in range(first, last + 1)
    if get_character_cell_size(chr(code)) == 1
}
#: What makes the quick way wrong: line breaks (the widest line counts), and the
#: characters that make rich measure whole graphemes (zero width joiner, variation
#: selector 16). Cells holding one are measured line by line, as rich does.
_SLOW = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029\u200d\ufe0f]")


def text_width(text: Text) -> int:
    """How wide a cell is: its longest line, in terminal cells (as rich measures it)."""
    return plain_width(text.plain)


def plain_width(plain: str) -> int:
    """:func:`text_width` of a cell holding ``plain`` (without making the cell)."""
    if plain.isascii() and plain.isprintable():
        return len(plain)
    if _SLOW.search(plain):
        lines = plain.splitlines()
        return max(cell_len(line) for line in lines) if lines else 0
    rest = plain.translate(_ONE_CELL)
    return cell_len(rest) + len(plain) - len(rest)


def measure_widths(ids: Iterable[str], cells: RowCells, columns: int, flexible: int | None = None) -> list[int]:
    """The widest cell of each column over the rows ``ids`` (labels not counted).

    The ``flexible`` column is not measured (0): it takes what the others leave
    (:meth:`ItemTable._fit_columns`). Touches no widget: it may run in a thread.
    """
    widths = [0] * columns
    for item_id in ids:
        for index, value in enumerate(cells(item_id)[:columns]):
            if index != flexible and (width := text_width(value)) > widths[index]:
                widths[index] = width
    return widths


def _cap_to_fit(widths: Sequence[int], floors: Sequence[int], room: int) -> int | None:
    """The largest cap such that the columns, each ``min(width, max(cap, floor))``, fit
    in ``room``; None when they fit as they are (or cannot fit even at their floors: the
    narrowest they get, then)."""
    if sum(widths) <= room:
        return None
    if sum(min(w, f) for w, f in zip(widths, floors)) > room:
        return 0  # every column at its floor (its header): the table scrolls sideways
    cap_low, cap_high = 0, max(widths)
    while cap_low < cap_high:  # the largest cap that fits
        cap = (cap_low + cap_high + 1) // 2
        if sum(min(w, max(cap, f)) for w, f in zip(widths, floors)) <= room:
            cap_low = cap
        else:
            cap_high = cap - 1
    return cap_low
