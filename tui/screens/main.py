"""The main screen: a tab bar of views, the header with the active filter, the footer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Resize
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, LoadingIndicator, Static

from tui.country_filtering import FiltersByCountry
from tui.layout import LAYOUT_BINDINGS, PaneLayout, refit_title
from tui.navigation import Navigation, moves
from tui.state import explorer
from tui.text import copied_message, visible
from tui.views.registry import VIEW_OF_KIND, VIEWS, Views
from tui.widgets.footer import ExplorerFooter
from tui.widgets.view_tabs import ViewTabs
from tui.worker_errors import ReportsWorkerErrors

if TYPE_CHECKING:
    from models.notes import NoteTarget
    from models.schema import Dossier, Item
    from tui.messages import OpenEvidence, OpenItem
    from tui.views.base import ItemsView

__all__ = ["MainScreen", "MIN_HEIGHT", "MIN_WIDTH", "VIEW_OF_KIND"]

#: Below this size the layout cannot show a list and its details legibly.
MIN_WIDTH, MIN_HEIGHT = 60, 16
#: Below this width the list sits above the details instead of beside them.
NARROW_WIDTH = 110

#: What needs the dossier (disabled while it loads).
NEEDS_DOSSIER = {"search", "next_result", "pick_countries", "clear_filter", "add_note", "copy_quote", "open_link",
                 "export_view"}


class MainScreen(FiltersByCountry, PaneLayout, ReportsWorkerErrors, Screen[None]):
    """The views under a tab bar. Built without a dossier, it shows a loading
    indicator until :meth:`show_dossier` gives it one."""

    AUTO_FOCUS = ".item-list"
    #: As Textual's, but without repainting the whole screen each time the focus moves
    #: (every view switch): that was a second, full-screen paint right after the switch's
    #: own. What a focus change alters repaints itself: the widgets that gain and lose it
    #: and those styled by :focus-within (benchmarks/README.md "View switches: lines kept").
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS = [
        *[Binding(info.key, f"show_view('{info.name}')", info.title, show=False, id=f"view.{info.name}")
          for info in VIEWS],
        Binding("slash", "search", "Search", tooltip="Search every item, sentence and note", id="search"),
        Binding("n", "next_result(1)", "Next result", show=False, id="search.next"),
        Binding("N", "next_result(-1)", "Previous result", show=False, id="search.previous"),
        Binding("f", "pick_countries", "Filter", tooltip="Filter every view by country", id="filter"),
        Binding("x", "clear_filter", "Clear filter", show=False, id="filter.clear"),
        Binding("a", "add_note", "Note", tooltip="Write a note on the selected item", id="note"),
        Binding("y", "copy_quote", "Copy", tooltip="Copy the selected citation: its words, who said them, the source in full", id="copy"),
        Binding("alt+left,less_than_sign", "back", "Back", key_display="<", id="back",
                tooltip="Back to where you were (alt+← or <; forward: alt+→ or >)"),
        # Not in the footer: with it, q Quit no longer fits at 80 columns (it is in the help).
        Binding("alt+right,greater_than_sign", "forward", "Forward", key_display=">", id="forward", show=False),
        Binding("w", "open_link", "Open URL", show=False, id="open-link",
                tooltip="Open the selected source's URL in the web browser (shown first)"),
        Binding("E", "export_view", "Export", show=False, id="export",
                tooltip="Export this view, as filtered, or the search results to Markdown, JSON or CSV"),
        *LAYOUT_BINDINGS,
    ]

    def __init__(self, dossier: Dossier | None = None) -> None:
        super().__init__()
        self.dossier = dossier
        #: Every view by name, once the dossier is there (none before); each is made when
        #: first asked for, mounted (composed and filled) when first shown.
        self.views: Mapping[str, ItemsView] = self._make_views(dossier) if dossier is not None else {}
        #: The view shown first (a number key pressed while loading chooses it).
        self._initial = "overview"
        #: The views that have been filled at least once.
        self._settled: set[str] = set()
        #: The last search: its query, the ids of its results, and which one is shown.
        self.search_query = ""
        self.search_ids: list[str] = []
        self.search_position = 0
        #: Back and forward (tui/navigation.py).
        self.navigation = Navigation(self)

    @staticmethod
    def _make_views(dossier: Dossier) -> Views:
        # Each view made on first use: only the one shown first before the content's
        # first paint (tui/views/registry.py, ``Views``).
        return Views(dossier)

    @property
    def first_view(self) -> str:
        """The view shown first."""
        return self._initial

    @property
    def ready(self) -> bool:
        """True once the views are there (the dossier is loaded)."""
        return bool(self.views)

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield ViewTabs([(f"tab-{info.name}", f"{info.key} {info.title}") for info in VIEWS],
                       active=f"tab-{self._initial}")
        with ContentSwitcher(initial=self._initial if self.views else "loading", id="views"):
            if self.views:
                yield self.views[self._initial]
            else:
                yield LoadingIndicator(id="loading")
        yield Static("", id="too-small")
        yield ExplorerFooter()

    def on_mount(self) -> None:
        self._check_size(self.size.width, self.size.height)
        # The views watch the filter themselves; the screen shows it in the sub-title.
        self.watch(self.app, "country_filter", self._show_filter)

    def show_dossier(self, dossier: Dossier) -> None:
        """The dossier has been loaded: make the views, show the one chosen."""
        self.dossier = dossier
        self.views = self._make_views(dossier)
        with self.app.batch_update():
            self.query_one("#loading").remove()
            self.show_view(self._initial)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_DOSSIER and not self.ready:
            return False  # not in the footer until the dossier is loaded
        if action == "back":
            return self.navigation.history.can_go_back
        if action == "forward":
            return self.navigation.history.can_go_forward
        return True

    def action_back(self) -> None:
        self.navigation.back()

    def action_forward(self) -> None:
        self.navigation.forward()

    # -- search ---------------------------------------------------------------------------

    def action_search(self) -> None:
        from tui.screens.search import SearchScreen

        state = explorer(self).state

        def done(result: tuple[str, list[str], int] | None) -> None:
            if result is None:
                return
            self.search_query, self.search_ids, self.search_position = result
            self.open_result()

        self.app.push_screen(
            SearchScreen(lambda: state.search_index, self.country_filter, self.search_query),
            done,
        )

    def action_next_result(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) search result that is somewhere
        else: results that land on the row already shown (a participant and its pledge
        are one row) are stepped over, and the message says how many, so ``n`` never
        seems to do nothing."""
        if not self.search_ids:
            self.notify("No search results yet: press / to search.", timeout=3)
            return
        total = len(self.search_ids)
        here = self._result_place()
        passed = 0
        for _ in range(total):
            self.search_position = (self.search_position + step) % total
            shown = self.open_result(say=False)
            if not shown or self._result_place() != here:
                break
            passed += 1
        else:
            shown = True
        if shown:
            self._say_result(passed)

    def _result_place(self) -> tuple[str, str | None, str]:
        """Where the current search result shows: the view, its row, and the sentence
        for a sentence (the reader shows each sentence of a source in its place)."""
        from models.search import parse_sentence_id  # loaded already: there are results

        doc_id = self.search_ids[self.search_position] if self.search_ids else ""
        view = self.current_view
        sentence = doc_id if parse_sentence_id(doc_id) else ""
        return view.id or "", view.current_id, sentence

    @moves
    def open_result(self, *, say: bool = True) -> bool:
        """Show the current search result where it lives, with its details open."""
        doc_id = self.search_ids[self.search_position]
        notes = explorer(self).state.notes
        if notes is not None and notes.get(doc_id) is not None:
            self.action_show_view("notes")
            shown = self.fill("notes").select(doc_id)
        else:
            shown = self.go_to_item(doc_id)
        if shown and say:
            self._say_result(0)
        return shown

    def _say_result(self, passed: int) -> None:
        total = len(self.search_ids)
        also = ""
        if passed:
            also = f" ({passed} result{'s' if passed > 1 else ''} on the row before, passed over)"
        self.notify(f"Result {self.search_position + 1} of {total}{also} — search: {visible(self.search_query)} "
                    "(n next, N previous)", timeout=3, markup=False)

    # -- size -------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self.apply_layout()
        refit_title(self)
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
        """The view shown (or about to be, while the dossier loads)."""
        current = self.query_one(ContentSwitcher).current
        return self.views[current if current in self.views else self._initial]

    @moves
    def action_show_view(self, name: str) -> None:
        self.show_view(name)

    def show_view(self, name: str, focus: Callable[[], Widget | None] | None = None) -> None:
        """Switch now (not when the tab bar's message arrives), so the next key
        already reaches the new view; focus what ``focus`` gives (once the view is
        mounted), else the view's list."""
        if not self.ready:  # still loading: show this view first
            self._initial = name
            self.query_one(ViewTabs).active = f"tab-{name}"
            return
        switcher = self.query_one(ContentSwitcher)
        view = self.views[name]
        if switcher.current != name:
            self.query_one(ViewTabs).active = f"tab-{name}"
            self.fill(name)
            switcher.current = name
            view.refresh_details()
        elif focus is None:
            return
        if view.started:
            # In the same turn as the switch, so that it is laid out and painted once:
            # the old view's list loses the focus here, not when it is hidden after the
            # first paint (that blur, then this focus, repainted the whole screen a frame
            # later), and the footer shows the new view's keys in that same paint.
            self._focus_in(view, focus)
        else:
            # A view mounted just now: once it is composed (its queue runs after that;
            # its list does not exist before).
            view.call_later(self._focus_in, view, focus)

    def _focus_in(self, view: ItemsView, focus: Callable[[], Widget | None] | None) -> None:
        """Focus what ``focus`` gives, else the view's list, and show the keys that
        work there (if the view is still the one shown)."""
        if self.query_one(ContentSwitcher).current != view.id:
            return
        target = focus() if focus is not None else None
        if target is None:
            target = view.query(".item-list").first()
        self.set_focus(target)
        self.query_one(ExplorerFooter).show_keys_now()

    def on_items_view_filled(self, event: ItemsView.Filled) -> None:
        """The first time the view on screen has its rows: tell the app once they are
        painted. The first time any view has them: it is there for good (see
        :meth:`ExplorerApp.settled`)."""
        event.stop()
        app = explorer(self)
        if not app.content_shown and event.view is self.current_view:
            self.call_after_refresh(app.show_content)
        if event.view.id not in self._settled:
            self._settled.add(event.view.id or "")
            self.call_after_refresh(app.settled)

    def fill(self, name: str) -> ItemsView:
        """The view, mounted if it was not (it fills itself then), or its list brought
        up to date if it was left stale while hidden."""
        view = self.views[name]
        if view.parent is None:
            view.stale = False
            view.display = False  # until the switcher shows it
            self.query_one(ContentSwitcher).mount(view)
        elif view.stale:
            view.stale = False
            view.refill()
        return view

    @on(ViewTabs.TabActivated)
    def _tab_activated(self, event: ViewTabs.TabActivated) -> None:
        """A tab chosen with the mouse."""
        if event.tab_id != event.view_tabs.active:
            return  # stale: number keys switched on since (acting on it would switch back)
        self.action_show_view(event.tab_id.removeprefix("tab-"))

    def on_open_item(self, event: OpenItem) -> None:
        self.go_to_item(event.item_id)

    @moves
    def go_to_item(self, item_id: str) -> bool:
        """Show an item (or a sentence of a source) where it belongs, details open."""
        from models.targets import SentenceRef, target_of
        from tui.views.sources import SourcesView

        if self.dossier is None:
            return False
        target = target_of(self.dossier, item_id)
        if target is None:
            self.notify("That item is not in this dossier.", severity="warning", timeout=3)
            return False
        if isinstance(target, SentenceRef):
            sources = self.views["sources"]
            assert isinstance(sources, SourcesView)
            self.fill("sources")
            sources.show_sentence(target.source, target.sentence.index)
            self.show_view("sources", focus=lambda: sources.reader)
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

    @moves
    def on_open_evidence(self, event: OpenEvidence) -> None:
        from models.schema import Item
        from tui.views.sources import SourcesView

        event.stop()
        assert self.dossier is not None
        item = self.dossier.item(event.item_id)
        if not isinstance(item, Item):  # a source: just show it
            self.action_show_view("sources")
            self.views["sources"].select(item.id)
            return
        sources = self.fill("sources")
        assert isinstance(sources, SourcesView)
        sources.open_evidence(item, event.citation_index)
        self.show_view("sources", focus=lambda: sources.reader if sources.reader.display else None)

    # -- actions on the selected item ---------------------------------------------------

    def selected_item(self) -> Item | None:
        from models.schema import Item
        from tui.views.sources import SourcesView

        assert self.dossier is not None
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
        from models.targets import note_target, sentence_target
        from tui.present import item_title
        from tui.views.notes import NotesView
        from tui.views.sources import SourcesView

        assert self.dossier is not None
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
        if item_id is None or not self.dossier.has_item(item_id):  # a row of the Council record (8)
            return None
        thing = self.dossier.item(item_id)
        return note_target(thing, item_title(self.dossier, thing))

    def action_add_note(self) -> None:
        from tui.views.notes import NotesView

        view = self.current_view
        target = self.note_target()
        if target is None and not isinstance(view, NotesView):
            self.notify("Select an item first (or press a in Notes for a note without a target).",
                        severity="warning", timeout=3)
            return
        explorer(self).note_actions.add(target)

    def notes_changed(self) -> None:
        """Notes were added, edited or deleted: refresh markers and details."""
        if not self.ready:
            return
        current = self.current_view
        assert isinstance(self.views, Views)
        # A view not yet made reads the notes when it is: only those made are told.
        for view in [self.views[name] for name in self.views.made()]:
            view.forget_rows()
            if view is current and view.started:
                view.refill()
                view.refresh_details()
            else:
                view.stale = True

    def action_copy_quote(self) -> None:
        from tui.present import citation_for_copy
        from tui.views.sources import SourcesView

        assert self.dossier is not None
        item = self.selected_item()
        if item is None:
            self.notify("Select an item first.", severity="warning", timeout=3)
            return
        index = self.views["sources"].citation_index if isinstance(self.current_view, SourcesView) else 0
        text = citation_for_copy(self.dossier, item, index)
        self.app.copy_to_clipboard(text)
        self.notify(copied_message(text), timeout=3, markup=False)

    def action_open_link(self) -> None:
        from tui.open_link import open_selected_link

        open_selected_link(self)

    def action_export_view(self) -> None:
        from tui.screens.export_view import export_from

        export_from(self)
