"""The country filter in the explorer: the picker, every view filtered, clearing, --country."""

from __future__ import annotations

from pathlib import Path

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.country_picker import CountryPicker
from tui.screens.main import MainScreen
from tui.widgets.item_table import ItemTable


def rows(app, view: str) -> list[str]:
    table = app.screen.query_one(f"#{view} ItemTable", ItemTable)
    return list(table.ids)


async def test_pick_kenya_filters_every_view(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, CountryPicker)
        await pilot.press(*"ken", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Filter: Kenya" in app.sub_title
        await pilot.press("2")
        kenya = [p.id for p in dossier.participant("KEN").pledges] + [d.id for d in dossier.deployments
                                                                       if d.country == "KEN"]
        assert rows(app, "participants") == kenya and "pledge-ken-1000-police" in kenya
        await pilot.press("4")
        statements = rows(app, "statements")
        assert {"stmt-ruto-overdue", "stmt-mutua-coming-months"} <= set(statements)
        assert all(dossier.item(s).speaker.country == "KEN" for s in statements)
        await pilot.press("3")
        await settle(pilot)
        # Filtered, the Vote view lists the member's ballot on every resolution: Kenya sat on
        # the Council in 2022 only, so its ballot on 2653, whose tally shows above.
        assert rows(app, "vote") == ["ballot-2653-ken"]
        await settle(pilot)
        assert app.screen.views["vote"].vote.id == "vote-2653"
        overview = app.screen.views["overview"]
        await pilot.press("1")
        shown = [overview.options.get_option_at_index(i).id for i in range(overview.options.option_count)]
        assert "part-ken" in shown and "part-bhs" not in shown
        assert not any(oid and "bhs" in oid for oid in shown)
        await pilot.press("x")
        await settle(pilot)
        assert "Filter" not in app.sub_title
        await pilot.press("3")
        await settle(pilot)
        assert len(rows(app, "vote")) == 15


async def test_pick_several_with_aliases(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CountryPicker)
        for alias in ("russia", "PRC"):
            picker.query_one("#picker-query").value = alias
            await settle(pilot)
            await pilot.press("down", "space", "up")
            await settle(pilot)
        assert picker.chosen == ["RUS", "CHN"]
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("3")
        shown = rows(app, "vote")  # both members' ballots on every resolution
        assert {"ballot-2699-chn", "ballot-2699-rus"} <= set(shown) and len(shown) == 2 * len(dossier.votes)


async def test_escape_cancels_the_picker(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Filter" not in app.sub_title


async def test_start_filtered(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml", countries=["RUS"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Filter: Russian Federation" in app.sub_title
        await pilot.press("3")
        await settle(pilot)
        assert "ballot-2699-rus" in rows(app, "vote") and all(i.endswith("-rus") for i in rows(app, "vote"))


async def test_clearing_the_filter_reuses_the_rows_until_the_notes_change(dossier: Dossier, tmp_path: Path,
                                                                           monkeypatch) -> None:
    from tui.views.statements import StatementsView

    worked_out: list[frozenset[str]] = []
    compute = StatementsView.compute

    def counted(self):
        worked_out.append(self.country_filter.codes)
        return compute(self)

    monkeypatch.setattr(StatementsView, "compute", counted)
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        everything = rows(app, "statements")
        await pilot.press("f", *"ken", "enter")
        await settle(pilot)
        kenya = rows(app, "statements")
        await pilot.press("x")
        await settle(pilot)
        assert rows(app, "statements") == everything
        await pilot.press("f", *"ken", "enter")
        await settle(pilot)
        assert rows(app, "statements") == kenya
        assert worked_out == [frozenset(), frozenset({"KEN"})]  # each filter's rows worked out once
        # A note changes what the rows show (a marker): they are worked out again.
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        width = table.columns[0].width
        table.select_id(kenya[0])
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("TextArea").insert("A note")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert worked_out[-1] == frozenset({"KEN"}) and len(worked_out) == 3
        assert table.get_row(kenya[0])[0].plain.startswith("✎ ")
        assert table.columns[0].width >= width
        await pilot.press("x")
        await settle(pilot)
        assert len(worked_out) == 4  # the unfiltered rows too


async def test_the_filter_is_held_once_and_the_chart_follows_it(dossier: Dossier, tmp_path: Path) -> None:
    """The app holds the filter; every view reads it, so none can disagree. The pledge
    chart, shown when the filter changes, follows it too (issue 16 point 2)."""
    from models.query import CountryFilter
    from tui.widgets.pledge_chart import PledgeChart

    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "c")
        await settle(pilot)
        chart = app.screen.query_one(PledgeChart)
        everyone = {row.country for row in chart.rows}
        assert "KEN" in everyone and len(everyone) > 1
        app.screen.apply_filter(CountryFilter.of(["KEN"], dossier))
        await settle(pilot)
        assert {row.country for row in chart.rows} == {"KEN"}
        assert app.country_filter is not None and app.country_filter.codes == {"KEN"}
        assert all(view.country_filter is app.country_filter for view in app.screen.views.values())
        assert app.sub_title.startswith("Filter: Kenya")


async def test_picker_keys_do_what_its_hints_say(dossier: Dossier, tmp_path: Path) -> None:
    """Issue 17 point 4: ctrl+a is the start of the line (it used to apply and close),
    space in the text is a space, the hints name only keys that work where the focus is."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CountryPicker)
        query = picker.query_one("#picker-query")
        dialog = picker.query_one("#picker-dialog")
        assert "space" not in dialog.border_subtitle and "enter apply" in dialog.border_subtitle
        await pilot.press(*"united", "ctrl+a")
        await settle(pilot)
        assert app.screen is picker and query.cursor_position == 0 and picker.chosen == []
        await pilot.press("ctrl+e", "space", *"st")
        await settle(pilot)
        assert query.value == "united st" and picker.chosen == []
        await pilot.press("down")
        await settle(pilot)
        assert "space choose" in dialog.border_subtitle
        await pilot.press("space")  # in the list: chooses
        await settle(pilot)
        assert picker.chosen == ["USA"]
        await pilot.press("a")  # typing with the list focused goes on in the text
        await settle(pilot)
        assert query.has_focus and query.value == "united sta"
        assert "space" not in dialog.border_subtitle
        await pilot.press("down", "up")  # up at the top of the list: back to the text
        await settle(pilot)
        assert query.has_focus
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and "United States" in app.sub_title
