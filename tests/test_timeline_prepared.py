"""The Timeline's whole axis is worked out ahead, once the search index is ready, and its
first visit uses it (issue #20: at 1,000x the axis is 1.5-2 s of work)."""

from __future__ import annotations

from pathlib import Path

from models.query import CountryFilter, timeline
from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import ExplorerApp, create_app
from tui.timeline_axis import plan_axis
from tui.views.timeline import TimelineView, whole_axis


async def _prepared(app: ExplorerApp, pilot) -> tuple:
    for _ in range(500):
        if app.search_index is not None:
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()  # the index's, then the timeline's
    assert app.state.dossier is not None
    return whole_axis(app.state.dossier)


def test_whole_axis_is_the_unfiltered_axis_worked_out_once(dossier: Dossier) -> None:
    events, plan = whole_axis(dossier)
    assert list(events) == timeline(dossier)
    assert plan.protos == plan_axis(dossier, list(events), unknowns=dossier.unknowns).protos
    assert whole_axis(dossier)[1] is plan


def test_whole_axis_is_worked_out_once_when_threads_ask_together(dossier: Dossier) -> None:
    from concurrent.futures import ThreadPoolExecutor

    copy = dossier.model_copy()  # a dossier of its own: nothing kept for it yet
    with ThreadPoolExecutor(4) as pool:
        plans = list(pool.map(lambda _: whole_axis(copy)[1], range(8)))
    assert all(plan is plans[0] for plan in plans)


async def _visit_once_prepared(dossier: Dossier, tmp_path: Path, countries: list[str]) -> tuple:
    """Start the app, wait for the axis to be prepared, press 5: (prepared, the view)."""
    app = create_app(dossier, countries=countries, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        prepared = await _prepared(app, pilot)
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await settle(pilot)
        return prepared, app.screen.query_one("#timeline", TimelineView)


async def test_the_first_visit_shows_the_prepared_axis(dossier: Dossier, tmp_path: Path) -> None:
    prepared, view = await _visit_once_prepared(dossier, tmp_path, [])
    assert view.plan is prepared[1]  # not worked out again
    assert view.current_id is not None


async def test_a_filtered_timeline_is_not_the_prepared_one(dossier: Dossier, tmp_path: Path) -> None:
    prepared, view = await _visit_once_prepared(dossier, tmp_path, ["KEN"])
    assert view.plan is not prepared[1]
    assert list(view.events) == timeline(dossier, CountryFilter.of(["KEN"], dossier))
    assert len(view.events) < len(prepared[0])


def test_the_prepared_axis_goes_with_its_dossier(dossier: Dossier) -> None:
    """The axis was held after its dossier was gone (with that dossier's events) until
    another dossier's axis replaced it."""
    import gc
    import weakref

    from tui.views import timeline as timeline_module

    copy = dossier.model_copy()
    events, plan = whole_axis(copy)
    held_plan = weakref.ref(plan)
    del events, plan
    gc.collect()
    assert timeline_module._whole is not None and held_plan() is not None  # held while the dossier lives
    del copy
    gc.collect()
    assert timeline_module._whole is None
    assert held_plan() is None
