"""The Timeline's row heights count only as much of a line as they need (issue #20): the
short cut must agree with counting every character, whatever the characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.timeline_draw import _fits, _text_cells, wrap_segments, wrapped_height

# ASCII, accented, wide (CJK, emoji) and zero-width (combining) characters.
CHARS = st.sampled_from(list("ab ,.") + ["é", "Γ", "漢", "字", "🇭", "\u0301", "\u200b", "—", "…"])


@settings(max_examples=400, deadline=None)
@given(st.lists(CHARS, max_size=80).map("".join), st.integers(min_value=0, max_value=60))
def test_fits_agrees_with_counting_every_character(text: str, width: int) -> None:
    assert _fits(text, width) == (_text_cells(text) <= width)


@settings(max_examples=300, deadline=None)
@given(st.lists(CHARS, min_size=1, max_size=120).map("".join), st.integers(min_value=12, max_value=60))
def test_wrapped_height_is_the_wrapped_lines(text: str, width: int) -> None:
    content = [(text, "")]
    drawn = wrap_segments(content, width, width, max_lines=2)
    assert wrapped_height(content, width, width, max_lines=2) == len(drawn)


def test_a_long_line_of_zero_width_characters_after_a_short_head_still_fits() -> None:
    # The head of width + 1 characters fits only because of zero-width ones: count it all.
    text = "a\u0301" * 30
    assert _fits(text, 30) and not _fits(text + "b", 30)
