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
