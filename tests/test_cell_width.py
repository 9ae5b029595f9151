"""Table column widths: the quick measure of a cell agrees with rich's, always."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tui.widgets.item_table import measure_widths, text_width

# Every kind of character: ASCII, the punctuation measured the quick way, wide ones,
# combining marks, line breaks, zero width joiners and variation selectors.
CHARACTERS = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from("“”‘’—–…✓⚠→\u200d\ufe0f\n\r\u2028\u2029\x85中😀\u0301 a"),
)


def rich_width(text: Text) -> int:
    lines = text.plain.splitlines()
    return max((cell_len(line) for line in lines), default=0)


@given(st.text(CHARACTERS, max_size=60))
def test_a_cell_is_as_wide_as_rich_says(value: str) -> None:
    text = Text(value)
    assert text_width(text) == rich_width(text)


def test_widths_are_the_widest_cell_of_each_column() -> None:
    rows = {"a": [Text("“quoted” — text"), Text("x")], "b": [Text("中文"), Text("longer one")]}
    assert measure_widths(rows, lambda item_id: rows[item_id], 2) == [15, 10]


def test_columns_are_narrowed_widest_first_never_below_their_floor() -> None:
    from tui.widgets.item_table import _cap_to_fit

    assert _cap_to_fit([10, 20, 30], [5, 5, 5], 60) is None  # they fit
    cap = _cap_to_fit([10, 20, 30], [5, 5, 5], 45)
    assert cap == 17 and 10 + 17 + 17 <= 45 < 10 + 18 + 18  # the widest give way first
    assert _cap_to_fit([10, 20, 30], [12, 12, 12], 20) == 0  # not even the floors fit
    cap = _cap_to_fit([11, 40], [11, 12], 30)
    assert cap == 19 and 11 + 19 == 30  # a column narrower than its floor is left whole


@given(st.lists(st.tuples(st.integers(1, 60), st.integers(1, 20)), min_size=1, max_size=6), st.integers(0, 200))
def test_the_cap_is_the_widest_that_fits(columns, room) -> None:
    from tui.widgets.item_table import _cap_to_fit

    widths = [w for w, _ in columns]
    floors = [min(w, f) for w, f in columns]
    cap = _cap_to_fit(widths, floors, room)

    def total(c: int) -> int:
        return sum(min(w, max(c, f)) for w, f in zip(widths, floors))

    if cap is None:
        assert sum(widths) <= room
    elif cap == 0 and total(0) > room:
        pass  # the floors alone are too wide
    else:
        assert total(cap) <= room and total(cap + 1) > room
