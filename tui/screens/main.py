"""The main screen: a tab bar of views, the header with the active filter, the footer."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, Header, Static, Tab, Tabs

from models.notes import NoteTarget
from models.query import CountryFilter, country_counts
from models.schema import Dossier, Item
from models.targets import SentenceRef, note_target, sentence_target, target_of
from tui.messages import OpenEvidence, OpenItem
from tui.present import item_title, quote_for_copy
from tui.screens.country_picker import CountryPicker
from tui.screens.search import SearchScreen
from tui.text import visible
from tui.views import VIEW_CLASSES, NotesView, SourcesView
from tui.views.base import ItemsView

__all__ = ["MainScreen", "MIN_HEIGHT", "MIN_WIDTH", "VIEW_OF_KIND"]

#: Below this size the layout cannot show a list and its details legibly.
MIN_WIDTH, MIN_HEIGHT = 60, 16
#: Below this width the list sits above the details instead of beside them.
NARROW_WIDTH = 110

#: Which view an item of each kind lives in (kinds no view claims live in the Overview).
VIEW_OF_KIND = {kind: cls.name for cls in reversed(VIEW_CLASSES) for kind in cls.kinds}


class ViewTabs(Tabs, can_focus=False):
    """The tab bar: switched with number keys (or the mouse), never in the focus chain."""


class MainScreen(Screen[None]):
    AUTO_FOCUS = ".item-list"
    BINDINGS = [
        *[Binding(cls.key, f"show_view('{cls.name}')", cls.title, show=False, id=f"view.{cls.name}")
          for cls in VIEW_CLASSES],
        Binding("slash", "search", "Search", tooltip="Search every item, sentence and note", id="search"),
        Binding("n", "next_result(1)", "Next result", show=False, id="search.next"),
        Binding("N", "next_result(-1)", "Previous result", show=False, id="search.previous"),
        Binding("f", "pick_countries", "Filter", tooltip="Filter every view by country", id="filter"),
        Binding("x", "clear_filter", "Clear filter", show=False, id="filter.clear"),
        Binding("a", "add_note", "Note", tooltip="Write a note on the selected item", id="note"),
        Binding("y", "copy_quote", "Copy", tooltip="Copy the selected quote with its citation", id="copy"),
    ]

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.dossier = dossier
        self.views: dict[str, ItemsView] = {cls.name: cls(dossier, id=cls.name) for cls in VIEW_CLASSES}
        for name, view in self.views.items():
            view.stale = name != "overview"  # filled when first shown
        #: The last search: its query, the ids of its results, and which one is shown.
        self.search_query = ""
        self.search_ids: list[str] = []
        self.search_position = 0

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        tabs = sorted(self.views.items(), key=lambda pair: pair[1].key)
        yield ViewTabs(*[Tab(f"{view.key} {view.title}", id=f"tab-{name}") for name, view in tabs])
        with ContentSwitcher(initial="overview", id="views"):
            yield from self.views.values()
        yield Static("", id="too-small")
        yield Footer()

    def on_mount(self) -> None:
        self._check_size(self.size.width, self.size.height)
        app_filter = getattr(self.app, "country_filter", None)
        if app_filter is not None and app_filter.active:
            self.apply_filter(app_filter)

    # -- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        app = self.app

        def done(result: tuple[str, list[str], int] | None) -> None:
            if result is None:
                return
            self.search_query, self.search_ids, self.search_position = result
            self.open_result()

        self.app.push_screen(
            SearchScreen(lambda: app.search_index, self.country_filter, self.search_query),  # type: ignore[attr-defined]
            done,
        )

    def action_next_result(self, step: int) -> None:
        if not self.search_ids:
            self.notify("No search results yet: press / to search.", timeout=3)
            return
        self.search_position = (self.search_position + step) % len(self.search_ids)
        self.open_result()

    def open_result(self) -> None:
        """Show the current search result where it lives, with its details open."""
        doc_id = self.search_ids[self.search_position]
        notes = self.app.notes  # type: ignore[attr-defined]
        if notes.get(doc_id) is not None:
            self.action_show_view("notes")
            shown = self.fill("notes").select(doc_id)
        else:
            shown = self.go_to_item(doc_id)
        if shown:
            total = len(self.search_ids)
            self.notify(f"Result {self.search_position + 1} of {total} for “{visible(self.search_query)}” "
                        "(n next, N previous)", timeout=3, markup=False)

    # -- the country filter -----------------------------------------------------------

    @property
    def country_filter(self) -> CountryFilter:
        return self.current_view.country_filter

    def apply_filter(self, country_filter: CountryFilter) -> None:
        """Filter every view (the shown one now, the others when next shown)."""
        self.app.country_filter = country_filter  # type: ignore[attr-defined]
        current = self.current_view
        for view in self.views.values():
            view.country_filter = country_filter
            if view is current and view.is_mounted:
                view.refill()
                view.refresh_details()
            else:
                view.stale = True
        if country_filter.active:
            names = ", ".join(self.dossier.country_name(c) for c in sorted(country_filter.codes))
            self.app.sub_title = f"Filter: {names} · x clears"
        else:
            self.app.sub_title = self.dossier.title

    def action_pick_countries(self) -> None:
        def chosen(codes: list[str] | None) -> None:
            if codes is not None:
                self.apply_filter(CountryFilter.of(codes, self.dossier))

        app = self.app
        self.app.push_screen(
            CountryPicker(app.country_index, country_counts(self.dossier),  # type: ignore[attr-defined]
                          sorted(self.country_filter.codes)),
            chosen,
        )

    def action_clear_filter(self) -> None:
        if self.country_filter.active:
            self.apply_filter(CountryFilter())
            self.notify("Country filter cleared.", timeout=2)

    # -- size -------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.set_class(width < NARROW_WIDTH, "-narrow")
        if small:
            self.query_one("#too-small", Static).update(
                Content(
                    f"The terminal is too small for MSS Explorer: it needs at least "
                    f"{MIN_WIDTH}×{MIN_HEIGHT}, and this one is {width}×{height}.\n\n"
                    "Enlarge the window, or press q to quit."
                )
            )

    # -- views ------------------------------------------------------------------------

    @property
    def current_view(self) -> ItemsView:
        switcher = self.query_one(ContentSwitcher)
        return self.views[switcher.current or "overview"]

    def action_show_view(self, name: str) -> None:
        self.show_view(name)

    def show_view(self, name: str, focus: Widget | None = None) -> None:
        """Switch now (not when the tab bar's message arrives), so the next key
        already reaches the new view; focus ``focus``, else the view's list."""
        switcher = self.query_one(ContentSwitcher)
        if switcher.current != name:
            self.query_one(Tabs).active = f"tab-{name}"
            switcher.current = name
            view = self.fill(name)
            view.refresh_details()
        elif focus is None:
            return
        target = focus or self.views[name].query(".item-list").first()
        # After the switch is laid out: focusing a widget the switcher is still
        # showing would be undone when the old view is hidden.
        self.call_after_refresh(self.set_focus, target)

    def fill(self, name: str) -> ItemsView:
        """The view, its list brought up to date if it was left stale while hidden."""
        view = self.views[name]
        if view.stale:
            view.stale = False
            view.refill()
        return view

    @on(Tabs.TabActivated)
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        """A tab chosen with the mouse."""
        if event.tab.id != event.tabs.active:
            return  # stale: number keys switched on since (acting on it would switch back)
        self.action_show_view((event.tab.id or "tab-overview").removeprefix("tab-"))

    @on(OpenItem)
    def open_item(self, event: OpenItem) -> None:
        self.go_to_item(event.item_id)

    def go_to_item(self, item_id: str) -> bool:
        """Show an item (or a sentence of a source) where it belongs, details open."""
        target = target_of(self.dossier, item_id)
        if target is None:
            self.notify("That item is not in this dossier.", severity="warning", timeout=3)
            return False
        if isinstance(target, SentenceRef):
            sources = self.views["sources"]
            assert isinstance(sources, SourcesView)
            self.fill("sources")
            sources.show_sentence(target.source, target.sentence.index)
            self.show_view("sources", focus=sources.reader)
            return True
        item = target
        name = VIEW_OF_KIND.get(item.kind, "overview")
        view = self.fill(name)
        self.action_show_view(name)
        if not view.select(item_id):
            self.notify("That item is hidden by the country filter (x clears it).", severity="warning")
            return False
        self.call_after_refresh(view.refresh_details, item_id)
        return True

    @on(OpenEvidence)
    def open_evidence(self, event: OpenEvidence) -> None:
        event.stop()
        item = self.dossier.item(event.item_id)
        if not isinstance(item, Item):  # a source: just show it
            self.action_show_view("sources")
            self.views["sources"].select(item.id)
            return
        sources = self.fill("sources")
        assert isinstance(sources, SourcesView)
        sources.open_evidence(item, event.citation_index)
        self.show_view("sources", focus=sources.reader if sources.reader.display else None)

    # -- actions on the selected item ---------------------------------------------------

    def selected_item(self) -> Item | None:
        view = self.current_view
        if isinstance(view, SourcesView) and view.evidence_for is not None:
            return view.evidence_for
        item_id = view.current_id
        if item_id is None or not self.dossier.has_item(item_id):  # a note (Notes view) is not an item
            return None
        item = self.dossier.item(item_id)
        return item if isinstance(item, Item) else None

    def note_target(self) -> NoteTarget | None:
        """What ``a`` attaches a note to here: the sentence under the reader's cursor in
        Sources, else the selected item; None in the Notes view (a note without target)."""
        view = self.current_view
        if isinstance(view, NotesView):
            return None
        if isinstance(view, SourcesView):
            reader = view.reader
            sentence = reader.current_sentence
            if reader.has_focus and reader.source is not None and sentence is not None:
                return sentence_target(reader.source, sentence)
            if view.evidence_for is not None:
                return note_target(view.evidence_for, item_title(self.dossier, view.evidence_for))
        item_id = view.current_id
        if item_id is None:
            return None
        thing = self.dossier.item(item_id)
        return note_target(thing, item_title(self.dossier, thing))

    def action_add_note(self) -> None:
        view = self.current_view
        target = self.note_target()
        if target is None and not isinstance(view, NotesView):
            self.notify("Select an item first (or press a in Notes for a note without a target).",
                        severity="warning", timeout=3)
            return
        self.app.add_note(target)  # type: ignore[attr-defined]

    def notes_changed(self) -> None:
        """Notes were added, edited or deleted: refresh markers and details."""
        current = self.current_view
        for view in self.views.values():
            if view is current:
                view.refill()
                view.refresh_details()
            else:
                view.stale = True

    def action_copy_quote(self) -> None:
        item = self.selected_item()
        if item is None:
            self.notify("Select an item first.", severity="warning", timeout=3)
            return
        index = self.views["sources"].citation_index if isinstance(self.current_view, SourcesView) else 0
        text = quote_for_copy(self.dossier, item, index)
        self.app.copy_to_clipboard(text)
        self.notify(visible(text), title="Copied to the clipboard (OSC 52)", timeout=4, markup=False)
