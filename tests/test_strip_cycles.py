"""Drawn lines leave no reference cycles behind (issue #20, target 4: at 1x about half of
what full collections freed were Textual's lines that the compositor did not cut, each
referring to itself through its own cache of cuts; see tui/strip_cycles.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from models.schema import Dossier
from tests.test_start_and_big_lists import until, view_ready
from tui import strip_cycles
from tui.app import create_app

TEXTS = st.lists(st.tuples(st.text("ab é漢", min_size=1, max_size=6), st.sampled_from([None, Style(bold=True)])),
                 min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.integers(min_value=0, max_value=40), max_size=4))
def test_the_lines_cut_are_textuals(segments, cuts) -> None:
    line = [Segment(text, style) for text, style in segments]
    length = Strip(line).cell_length
    for wanted in (sorted(cuts), sorted({*cuts, length}), [length], [length, length + 3]):
        ours = strip_cycles._divide(Strip(line), wanted)
        textuals = strip_cycles._textual_divide(Strip(line), wanted)
        assert [(s.text, s.cell_length) for s in ours] == [(s.text, s.cell_length) for s in textuals]


def test_a_line_not_cut_does_not_refer_to_itself() -> None:
    assert strip_cycles.installed()  # by tui.app
    line = Strip([Segment("abc")])
    assert line.divide([3]) == [line]
    assert not [held for held in gc.get_referents(*gc.get_referents(line)) if held is line or line in
                (held if isinstance(held, list) else ())]


async def test_switching_views_leaves_no_drawn_line_as_cyclic_garbage(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        for key, name in (("2", "participants"), ("4", "statements"), ("5", "timeline")):
            await pilot.press(key)
            await until(pilot, view_ready(app, name))
        await pilot.pause()
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            for key in "24512451":
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            gc.collect()
            lines = sum(1 for thing in gc.garbage if isinstance(thing, Strip))
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        assert lines == 0
