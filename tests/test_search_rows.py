"""The search dialog's result rows (HitRow) and how its list is refilled per keystroke."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.schema import Dossier
from models.search import build_index
from models.search.documents import SearchDoc
from models.search.hits import Hit
from tests.robustness.drive import settle
from tests.test_search_ui import open_search
from tui.app import create_app
from tui.screens.search import HitRow, ResultList, hit_content

WIDTHS = [1, 2, 5, 12, 20, 40, 60, 70, 73, 74, 75, 76, 80, 100, 130]


class _Words:
    """Finds the query's words in a document, as the index's highlighter does."""

    def __init__(self, words: list[str]) -> None:
        self.pattern = re.compile("|".join(re.escape(w) for w in words if w) or "(?!)", re.IGNORECASE)

    def spans(self, doc: SearchDoc) -> list[tuple[int, int]]:
        return [m.span() for m in self.pattern.finditer(doc.text) if m.end() > m.start()]


def _same_heights(hit: Hit, rules: dict[str, object] | None = None) -> None:
    rules = rules or {}
    row, content = HitRow(hit), hit_content(hit)
    pad = 2 * int(rules.get("line_pad", 0))  # type: ignore[call-overload]
    for width in (w for w in WIDTHS if w > pad + 1):
        assert row.get_height(rules, width) == content.get_height(rules, width), (hit.doc.id, width)
    assert str(row) == content.plain
    assert row.content.plain == content.plain


def test_a_row_is_as_high_as_its_content_for_the_fixture(dossier: Dossier) -> None:
    index = build_index(dossier)
    for query in ["kenya", "abstain", "police", "gangs", '"security council"', "moise", "2700", "a"]:
        for hit in index.search(query).hits:
            _same_heights(hit)
            _same_heights(hit, {"text_wrap": "nowrap"})
            _same_heights(hit, {"line_pad": 1})


text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=160)


@settings(max_examples=300, deadline=None)
@given(title=text, body=text, words=st.lists(st.text(min_size=1, max_size=4), max_size=3))
def test_a_row_is_as_high_as_its_content_whatever_the_text(title: str, body: str, words: list[str]) -> None:
    """Wide characters, tabs, line breaks, control characters, long words: the height
    worked out from the plain text is the height the Content wraps to."""
    doc = SearchDoc.create(id="x", kind="fact", title=title or "t", body=body)
    _same_heights(Hit(doc, 1, _Words(words)))  # type: ignore[arg-type]


def _on_screen(app) -> str:
    """The text of what the screen shows now (as painted: widgets not repainted show
    what they last drew)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_no_matches_after_matches_empties_the_list_on_screen(dossier: Dossier, tmp_path: Path) -> None:
    """The list is refilled in place (not emptied first); an empty result still empties
    what is drawn."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "nebenzia")
        listing = screen.query_one(ResultList)
        assert listing.option_count
        assert "Nebenzia" in _on_screen(app)
        await pilot.press(*" qqxq")
        await settle(pilot)
        assert listing.option_count == 0
        assert "No matches." in _on_screen(app)
        assert "Nebenzia" not in _on_screen(app)


async def test_the_scroll_bar_follows_the_number_of_results(dossier: Dossier, tmp_path: Path) -> None:
    """The scroll bar is updated only when what it shows changes: still shown for a long
    list, hidden for a short one, shown again, at the right size."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "n")
        listing = screen.query_one(ResultList)
        assert listing.show_vertical_scrollbar
        assert listing.vertical_scrollbar.window_virtual_size == listing.virtual_size.height
        await pilot.press(*"ebenzia")
        await settle(pilot)
        assert listing.option_count < 8
        assert not listing.show_vertical_scrollbar
        for _ in "ebenzia":
            await pilot.press("backspace")
        await settle(pilot)
        assert listing.show_vertical_scrollbar
        assert listing.vertical_scrollbar.window_virtual_size == listing.virtual_size.height
        assert listing.vertical_scrollbar.window_size == listing.scrollable_content_region.height
