"""Issue 17, points 2, 10 and 14: the split between list and details (keys and mouse),
views left empty by the filter, the filter's title, the header at 80 columns, the y toast."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Header, Static
from textual.widgets._header import HeaderTitle
from textual.widgets._toast import Toast

from models.query import CountryFilter
from models.schema import Dossier
from tests.robustness.drive import settle, until
from tui.app import ExplorerApp, create_app
from tui.layout import fit_title
from tui.screens.country_picker import CountryPicker
from tui.screens.main import MainScreen
from tui.views.registry import VIEWS
from tui.widgets.item_table import ItemTable


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


def shown(widget: Widget) -> bool:
    """Drawn: displayed, and every container above it too."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def pane(app: ExplorerApp, view: str, which: str) -> Widget:
    return app.screen.query_one(f"#{view} > .{which}-pane")


def words_width(app: ExplorerApp) -> int:
    table = app.screen.query_one("#statements ItemTable", ItemTable)
    return table.render_width(1)


# -- point 2: the split -------------------------------------------------------------------


async def test_keys_move_the_divider_hide_and_maximise_the_details(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        listing, details = pane(app, "statements", "list"), pane(app, "statements", "detail")
        before_list, before_words = listing.outer_size.width, words_width(app)
        assert before_list <= 61  # half the width: the words are cut short
        await pilot.press("plus", "plus", "plus")
        await settle(pilot)
        assert listing.outer_size.width >= before_list + 15
        assert words_width(app) > before_words
        await pilot.press("minus")
        await settle(pilot)
        assert before_list < listing.outer_size.width < before_list + 15
        await pilot.press("z")  # the details hidden: the list has the whole width
        await settle(pilot)
        assert not shown(details) and listing.outer_size.width == 120
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        assert table.render_width(0) >= len("William Ruto (KEN)") + 2  # the speaker keeps their country
        assert words_width(app) >= 50
        assert app.screen.focused is not None and shown(app.screen.focused)
        await pilot.press("z")  # again: back to the split
        await settle(pilot)
        assert shown(details)
        await pilot.press("Z")  # the details alone
        await settle(pilot)
        assert not shown(listing) and shown(details) and details.outer_size.width == 120
        focused = app.screen.focused
        assert focused is not None and details in focused.ancestors_with_self  # j and k scroll what is seen
        await pilot.press("Z", "equals_sign")
        await settle(pilot)
        assert shown(listing) and listing.outer_size.width == before_list


async def test_the_split_holds_in_every_view_and_when_stacked(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        listing = pane(app, "sources", "list")
        height = listing.outer_size.height
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert listing.outer_size.height > height  # stacked: the list grows downwards
        await pilot.press("z")
        await settle(pilot)
        assert not shown(pane(app, "sources", "detail"))
        await pilot.press("7")  # another view: the same choice
        await settle(pilot)
        assert not shown(pane(app, "notes", "detail"))


async def test_dragging_the_divider_with_the_mouse(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        listing, details = pane(app, "sources", "list"), pane(app, "sources", "detail")
        before = listing.outer_size.width
        table = app.screen.query_one("#sources ItemTable", ItemTable)
        title_before = table.render_width(2)
        x, y = details.region.x, details.region.y + 5
        screen = app.screen
        await pilot.mouse_down(screen, offset=(x, y))
        await pilot.hover(screen, offset=(x + 24, y))
        await pilot.mouse_up(screen, offset=(x + 24, y))
        await settle(pilot)
        assert listing.outer_size.width >= before + 20
        assert table.render_width(2) >= title_before + 20  # the sources' titles have the room


# -- point 10: empty views -----------------------------------------------------------------


async def test_a_view_left_empty_says_only_why(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("enter")  # the first event's evidence, in Sources
        await settle(pilot)
        # A country no item involves: every view is left empty.
        screen.apply_filter(CountryFilter.of(["ISL"], dossier))
        name = dossier.country_name("ISL")
        for info in VIEWS:
            if info.name == "council":
                continue  # no record imported here: its own notice (tests/test_council_ui.py)
            await pilot.press(info.key)
            await settle(pilot)
            listing = pane(app, info.name, "list")
            notice = listing.query_one(".empty-notice", Static)
            assert shown(notice), info.name
            text = str(notice.render())
            if info.name != "notes":  # no notes at all: how to write one
                assert name in text and "x" in text, (info.name, text)
            visible = [w for w in listing.children if shown(w)]
            assert visible == [notice] or (info.name == "notes" and len(visible) == 2), (info.name, visible)
            assert not shown(pane(app, info.name, "detail")), info.name  # no stale details or evidence
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert shown(pane(app, "statements", "detail"))
        assert shown(app.screen.query_one("#statements ItemTable"))
        assert app.screen.focused is app.screen.query_one("#statements ItemTable")


async def test_jamaica_picked_leaves_vote_and_statements_saying_why(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "f")
        await settle(pilot)
        await pilot.press(*"jamaica", "enter")
        await settle(pilot)
        for view in ("vote", "statements"):
            await pilot.press({"vote": "3", "statements": "4"}[view])
            await settle(pilot)
            listing = pane(app, view, "list")
            assert [w for w in listing.children if shown(w)] == [listing.query_one(".empty-notice")]
            assert "Jamaica" in str(listing.query_one(".empty-notice", Static).render())
            assert not shown(pane(app, view, "detail"))


# -- point 14: the title, the header, the toast ---------------------------------------------------


async def test_filter_title_lists_countries_in_the_order_typed(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml", countries=["Kenya", "Jamaica", "BHS"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Filter: Kenya, Jamaica, Bahamas" in app.sub_title  # as typed, not K, B, J nor B, J, K
        await pilot.press("f")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CountryPicker)
        assert picker.chosen == ["KEN", "JAM", "BHS"]  # the picker starts from the same order
        picker.dismiss(["JAM", "KEN"])  # chosen in the picker: Jamaica first
        await settle(pilot)
        assert "Filter: Jamaica, Kenya" in app.sub_title


def header_text(app: ExplorerApp) -> str:
    return str(app.screen.query_one(Header).query_one(HeaderTitle).render())


async def test_the_header_fits_at_80_columns(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = header_text(app)
        title = app.screen.query_one(HeaderTitle)
        assert "…" not in text and len(text) <= title.size.width, text
        assert text.endswith("in Haiti")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "resolutions 2699 and 2793" in header_text(app)  # room for all of it


def test_fit_title_cuts_only_when_nothing_else_fits() -> None:
    assert fit_title("App", "Long title (with a note)", 200).plain == "App — Long title (with a note)"
    assert fit_title("App", "Long title (with a note)", 18 + 24).plain == "Long title (with a note)"
    assert fit_title("App", "Long title (with a note)", 18 + 16).plain == "App — Long title"
    assert fit_title("App", "Long title (with a note)", 18 + 10).plain == "Long title"


async def test_the_copy_toast_is_one_short_line(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard  # the whole citation is on the clipboard
        await until(pilot, lambda: bool(app.screen.query(Toast)))  # mounted after the key (not a set time)
        await settle(pilot)  # and laid out
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1
        assert toasts[0].outer_size.height <= 4  # a line and its padding, not five rows of the Timeline
        notification = list(app._notifications)[-1]
        assert notification.message.startswith("Copied: ") and not notification.title
        assert len(notification.message) <= 36
