"""The Timeline's rows' heights come from widths worked out once with the axis (issue #20,
target 5: the Timeline's first visit at 1,000x measured every line's text at its width,
0.35 s in a thread): the axis's heights (AxisPlan.heights) are the same as measuring
(row_heights) at every width, and a first visit or a new width measures no line again."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import generate
from models.loader import load_dossier
from models.paths import bundled_dossier_path
from models.query import CountryFilter, timeline
from models.schema import Dossier
from tests.robustness.corpus import SHOWN
from tests.test_start_and_big_lists import until, view_ready
from tui import timeline_draw
from tui.app import create_app
from tui.timeline_axis import plan_axis
from tui.timeline_draw import _text_cells, row_heights
from tui.views.timeline import TimelineView, whole_axis

WIDTHS = (None, 1, 12, 13, 20, 33, 50, 66, 72, 80, 118, 120, 300)


@pytest.mark.parametrize("case", ["bundled", "generated", *SHOWN], ids=str)
def test_the_axis_gives_the_measured_heights_at_every_width(case, tmp_path: Path) -> None:
    if case == "bundled":
        dossier = load_dossier(bundled_dossier_path())
    elif case == "generated":
        dossier = load_dossier(generate(3, tmp_path / "g", quiet=True).json_path)
    else:
        dossier = load_dossier(case.build(tmp_path / "d"))
    for country_filter in (CountryFilter(), CountryFilter.of(["HTI"], dossier)):
        plan = plan_axis(dossier, timeline(dossier, country_filter))
        protos = plan.protos
        for width in (*WIDTHS, *range(14, 140, 7)):
            assert plan.heights(width) == row_heights(protos, plan.lanes, width), width


# ASCII, accented, wide (CJK, emoji), zero-width (combining, joiner) and one-cell symbols.
CHARS = st.sampled_from(list("ab ,.\t") + ["é", "Γ", "漢", "🇭", "\u0301", "\u200b", "\u200d", "—", "…", "▪", "│",
                                           "\xad", "\x85", "ﬁ", "\u2028"])


@settings(max_examples=400, deadline=None)
@given(st.lists(CHARS, max_size=60).map("".join))
def test_counting_cells_agrees_with_counting_every_character(text: str) -> None:
    """The one-cell short cut counts what wrap_segments counts, a character at a time."""
    expected = len(text) if text.isascii() else sum(timeline_draw._char_cells(char) for char in text)
    assert _text_cells(text) == expected


async def test_the_first_visit_and_a_new_width_measure_no_line(dossier: Dossier, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the axis is prepared, the first visit only reads its stored widths, and so does a
    new width (a resize): no line's text is measured (before: every event line, twice
    per event, at each new width)."""
    measured: list[str] = []
    counting = timeline_draw._text_cells

    def count(text: str) -> int:
        measured.append(text)
        return counting(text)

    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            if app.search_index is not None:
                break
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()  # the index's, then the timeline's
        events, plan = whole_axis(app.dossier)
        monkeypatch.setattr(timeline_draw, "_text_cells", count)
        await pilot.press("5")
        await until(pilot, view_ready(app, "timeline"))
        view = app.screen.query_one("#timeline", TimelineView)
        assert view.plan is plan
        first_width = view.options.wrap_width
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: view.options.wrap_width != first_width and not view.busy)
        await until(pilot, view_ready(app, "timeline"))
        assert measured == []
        monkeypatch.undo()
        heights = [view.options.row_height(index) for index in range(view.options.row_count)]
        assert heights == row_heights(plan.protos, plan.lanes, view._wrap_width)
