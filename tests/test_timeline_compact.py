"""The Timeline's axis kept compact (issue #20, target 7; benchmarks/README.md, "The
Timeline's axis, compact"): an event's row holds the dossier's own event, not its lines,
and the whole axis keeps a few dozen bytes a row; heights and drawn rows unchanged."""

from __future__ import annotations

import dataclasses
import gc
import tracemalloc
from pathlib import Path

import pytest

from benchmarks.generate import generate
from models.loader import load_dossier
from models.query import timeline
from models.schema import Dossier
from tui.timeline_axis import AxisPlan, plan_axis


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    """The benchmark's dossier at 10x: 300 events, ranges in lanes, unknowns."""
    out: Path = tmp_path_factory.mktemp("generated")
    return load_dossier(generate(10, out, quiet=True).json_path)


def _kept_bytes(dossier: Dossier) -> tuple[int, AxisPlan]:
    events = timeline(dossier)
    plan_axis(dossier, events, unknowns=dossier.unknowns)  # the module-wide caches (names, dates) filled
    gc.collect()
    tracemalloc.start()
    try:
        plan = plan_axis(dossier, events, unknowns=dossier.unknowns)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return kept, plan


def test_the_axis_keeps_a_few_dozen_bytes_a_row(generated: Dossier) -> None:
    """Each row's lines kept as tuples of segments were 1,370 bytes a row at 1,000x
    (41.3 MB for 30,186 rows; about 1,200 at 10x); the compact plan keeps about 60."""
    kept, plan = _kept_bytes(generated)
    assert len(plan) > 300
    assert kept / len(plan) < 250, f"{kept / len(plan):.0f} bytes a row"


def test_an_event_row_holds_the_event_itself_and_shared_marks(generated: Dossier) -> None:
    events = timeline(generated)
    plan = plan_axis(generated, events, unknowns=generated.unknowns)
    by_id = {event.id: event for event in events} | {unknown.id: unknown for unknown in generated.unknowns}
    rows = [i for i, kind in enumerate(plan.kinds) if kind == "event"]
    assert len(rows) == len(events) + len(generated.unknowns)
    assert all(plan.items[i] is by_id[plan.proto(i)[3]] for i in rows)
    assert len({id(marks) for marks in plan.marks}) == len(set(plan.marks))  # one tuple per distinct marks
    assert plan.lanes > 0  # ranges drawn in lanes: the widths count the lanes' cells


@pytest.mark.parametrize("width", [None, 12, 13, 20, 27, 33, 50, 72, 80, 118, 120, 160, 300])
def test_heights_are_the_drawn_heights(generated: Dossier, width: int | None) -> None:
    events = timeline(generated)
    plan = plan_axis(generated, events, unknowns=generated.unknowns)
    assert plan.heights(width) == [len(plan.row(i, width).lines) for i in range(len(plan))]


@pytest.mark.parametrize("summary", [
    "世界の平和" * 9,  # two cells a character
    "Cafe\u0301 " * 15,  # a combining accent: no cell of its own
    "Haïti — “quoted” words, 13–0–2 " * 3,
    "x" * 9,  # short: one line at any width
    "🇰🇪 flag and ✓ marks " * 4,
])
def test_heights_count_cells_as_the_drawing_does(dossier: Dossier, summary: str) -> None:
    events = [dataclasses.replace(event, summary=summary) for event in timeline(dossier)[:12]]
    plan = plan_axis(dossier, events)
    for width in range(12, 130, 3):
        assert plan.heights(width) == [len(plan.row(i, width).lines) for i in range(len(plan))], width
