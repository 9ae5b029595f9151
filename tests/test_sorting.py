"""Sorting every table (issue 17 points 5 and 16): by key and by a click on the
header, numbers within their kind of unit, dates as dates, text without regard to
case or accents, the unknown last, the selected item kept, big lists in a thread."""

from __future__ import annotations

import threading
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from models.schema import Deployment, Dossier, Pledge, Statement
from models.sorting import amount_key, date_key, sort_ids, text_key, unit_group
from tests.robustness.drive import settle
from tests.test_start_and_big_lists import ROWS, big_dossier, until, view_ready  # noqa: F401
from tui.app import create_app
from tui.widgets.item_table import ItemTable


def make(dossier: Dossier, tmp_path: Path):
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def record_threads(view, method: str) -> list[str]:
    """The names of the threads a view's method runs in, from now on."""
    threads: list[str] = []
    original = getattr(view, method)

    def watched(*args):
        threads.append(threading.current_thread().name)
        return original(*args)

    setattr(view, method, watched)
    return threads


def headers(table: ItemTable) -> list[str]:
    return [column.label.plain for column in table.columns]


# -- the keys ----------------------------------------------------------------------


def test_text_is_compared_without_case_or_accents_and_numbers_as_numbers() -> None:
    words = ["zeta", "Élysée", "elysee b", "Alpha", "res 10", "res 9", "1,000 x", "150 x"]
    ordered = sort_ids(words, text_key)
    assert ordered == ["150 x", "1,000 x", "Alpha", "Élysée", "elysee b", "res 9", "res 10", "zeta"]
    assert text_key("") is None and text_key("  ") is None


def test_units_are_grouped_money_then_people_then_equipment() -> None:
    assert unit_group("USD") == 0
    assert unit_group("police officers") == unit_group("personnel") == unit_group("security personnel") == 1
    assert unit_group("armoured personnel carriers") == 2
    assert unit_group("logistical assistance") == 3
    rows = {"a": (300e6, "USD"), "b": (1000, "police officers"), "c": (150, "personnel"), "d": (200e6, "USD"),
            "e": (200, "security personnel"), "f": (None, "personnel"), "g": (12, "armoured vehicles")}
    ordered = sort_ids(rows, lambda i: amount_key(*rows[i]))
    assert ordered == ["d", "a", "c", "e", "b", "g", "f"]
    assert sort_ids(rows, lambda i: amount_key(*rows[i]), reverse=True) == ["g", "b", "e", "c", "a", "d", "f"]


def test_dates_sort_as_dates() -> None:
    dates = {"a": "2024-06-25", "b": "2023-10", "c": "2023-10-02", "d": "", "e": "2024"}
    assert sort_ids(dates, lambda i: date_key(dates[i])) == ["b", "c", "e", "a", "d"]


@given(st.lists(st.one_of(st.none(), st.integers(-50, 50)), max_size=30), st.booleans())
def test_the_unknown_come_last_whichever_way(values: list[int | None], reverse: bool) -> None:
    ids = [str(n) for n in range(len(values))]
    ordered = sort_ids(ids, lambda i: values[int(i)], reverse=reverse)
    known = [values[int(i)] for i in ordered if values[int(i)] is not None]
    assert known == sorted(known, reverse=reverse)
    assert all(values[int(i)] is None for i in ordered[len(known):])
    assert sorted(ordered) == sorted(ids)


# -- point 5: the pledges -------------------------------------------------------------


async def test_pledges_sort_by_number_within_their_kind_of_unit(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        table = app.screen.query_one("#participants ItemTable", ItemTable)
        table.focus()
        await pilot.press("s", "s", "s")  # country, stage, number
        await settle(pilot)
        assert table.sort_column == "pledge" and "Number ▲" in headers(table)
        items = [dossier.item(i) for i in table.ids]
        counted = [i for i in items if isinstance(i, (Pledge, Deployment))]
        known = [i for i in counted if i.amount is not None]
        groups = [unit_group(i.unit) for i in known]
        assert groups == sorted(groups)  # money, then people, then the rest
        people = [float(i.amount) for i in known if unit_group(i.unit) == 1]
        money = [float(i.amount) for i in known if unit_group(i.unit) == 0]
        assert people == sorted(people) and money == sorted(money) and len(people) > 5
        first_unknown = next(n for n, i in enumerate(items) if not isinstance(i, (Pledge, Deployment))
                             or i.amount is None)
        assert all(not isinstance(i, (Pledge, Deployment)) or i.amount is None for i in items[first_unknown:])
        await pilot.press("S")
        await settle(pilot)
        assert "Number ▼" in headers(table)
        items = [dossier.item(i) for i in table.ids]
        known_down = [float(i.amount) for i in items if isinstance(i, (Pledge, Deployment)) and i.amount is not None
                      and unit_group(i.unit) == 1]
        assert known_down == sorted(people, reverse=True)
        assert not isinstance(items[0], (Pledge, Deployment)) or items[0].amount is not None  # unknown still last


# -- point 16: every table, keys and clicks -------------------------------------------------


async def test_statements_sort_by_date_keeping_the_selected_item(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        table.focus()
        await pilot.press("j", "j", "j")
        chosen = table.current_id
        await pilot.press("s", "s", "s")  # speaker, words, date
        await settle(pilot)
        assert table.sort_column == "date" and headers(table)[2] == "Date ▲"
        assert table.current_id == chosen  # the selected item stays selected
        keys = [date_key(s.date) for s in (dossier.item(i) for i in table.ids) if isinstance(s, Statement)]
        assert keys == sorted(keys)
        await pilot.press("s", "s")  # form, then after the last column: the view's own order
        await settle(pilot)
        assert table.sort_column is None and "▲" not in "".join(headers(table))
        assert list(table.ids) == [s.id for s in dossier.statements]
        assert table.current_id == chosen


async def test_every_table_sorts_by_a_click_on_its_header(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, view, column in (("2", "participants", 0), ("3", "vote", 0), ("4", "statements", 0),
                                  ("6", "sources", 2)):
            await pilot.press(key)
            await settle(pilot)
            table = app.screen.query_one(f"#{view} ItemTable", ItemTable)
            x = sum(table.render_width(i) for i in range(column)) + 2
            await pilot.click(table, offset=(x, 0))
            await settle(pilot)
            title = table.columns[column].title
            assert table.sort_column == table.columns[column].key, view
            assert headers(table)[column] == f"{title} ▲"
            texts = [text_key(table.get_row_at(r)[column].plain.removeprefix("✎ ")) for r in range(table.row_count)]
            known = [t for t in texts if t is not None]
            assert known == sorted(known), view
            await pilot.click(table, offset=(x, 0))  # again: reversed
            await settle(pilot)
            assert headers(table)[column] == f"{title} ▼"
            texts = [text_key(table.get_row_at(r)[column].plain.removeprefix("✎ ")) for r in range(table.row_count)]
            known = [t for t in texts if t is not None]
            assert known == sorted(known, reverse=True), view


async def test_a_big_table_sorts_in_a_thread(big_dossier, tmp_path: Path) -> None:  # noqa: F811
    app = create_app(big_dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await until(pilot, view_ready(app, "statements"))
        view = app.screen.views["statements"]
        table = view.table
        await pilot.press("end")
        chosen = table.current_id
        threads = record_threads(view, "compute")
        await pilot.press("S")  # the first column, descending
        await until(pilot, lambda: threads and view_ready(app, "statements")())
        assert threads and threads[0] != threading.main_thread().name  # away from the event loop
        assert headers(table)[0] == "Speaker ▼"
        speakers = [text_key(big_dossier.item(i).speaker.name) for i in table.ids[:200]]
        assert speakers == sorted(speakers, reverse=True)
        assert table.current_id == chosen
