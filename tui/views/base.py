"""What every view shares: a list of items on one side, their details on the other."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.widget import Widget
from textual.widgets import Static

from models.query import CountryFilter
from models.schema import Dossier
from tui.messages import ItemHighlighted
from tui.present import describe
from tui.text import literal
from tui.widgets.detail_panel import DetailPanel

__all__ = ["ItemsView"]


class ItemsView(Container):
    """A view of one part of the dossier: a list pane (what :meth:`compose_above`
    gives, a notice for when it is empty, the list from :meth:`make_list`) beside the
    details (:meth:`compose_details`). Subclasses fill the list in :meth:`refill` and
    move its cursor in :meth:`select`.
    """

    #: Number key and title, shown in the tab bar; ``name`` is the view's id.
    key: str = ""
    title: str = ""
    name: str = ""
    #: The kinds of item whose home is this view (enter in the Overview leads here).
    kinds: frozenset[str] = frozenset()

    def __init__(self, dossier: Dossier, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="view")
        self.dossier = dossier
        self.country_filter = CountryFilter()
        #: Set when something this view shows changed while it was hidden.
        self.stale = False

    # -- to be provided by each view ---------------------------------------------------

    def make_list(self) -> Widget:
        """The view's list (it gets the class ``item-list``)."""
        raise NotImplementedError

    def compose_above(self) -> ComposeResult:
        """Widgets above the list (a tally bar, a legend, the notes file)."""
        return iter(())

    def compose_details(self) -> ComposeResult:
        yield DetailPanel(classes="detail-pane")

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-pane"):
            yield from self.compose_above()
            yield Static("", classes="empty-notice")
            listing = self.make_list()
            listing.add_class("item-list")
            yield listing
        yield from self.compose_details()

    def refill(self) -> None:
        """Rebuild the list for the current dossier and filter."""
        raise NotImplementedError

    def select(self, item_id: str) -> bool:
        """Move the cursor to ``item_id``; False when this view does not show it."""
        raise NotImplementedError

    @property
    def current_id(self) -> str | None:
        raise NotImplementedError

    def empty_reason(self) -> str:
        """Why the view is empty under the current filter."""
        names = ", ".join(self.dossier.country_name(c) for c in sorted(self.country_filter.codes))
        return f"Nothing in this view involves {names}. Press x to clear the country filter, f to change it."

    # -- shared behaviour ---------------------------------------------------------------

    def on_mount(self) -> None:
        # Textual also runs the subclasses' on_mount (columns first, as they come
        # earlier in the MRO): they must not call this again. A view that starts
        # hidden is filled when it is first shown.
        if not self.stale:
            self.refill()

    def apply_filter(self, country_filter: CountryFilter) -> None:
        self.country_filter = country_filter
        if self.is_mounted:
            self.refill()

    def show_empty(self, empty: bool) -> None:
        """Show or hide the explanation of an empty view."""
        for notice in self.query(".empty-notice").results(Static):
            notice.display = empty
            if empty:
                notice.update(literal(self.empty_reason()))
        if empty:
            self.detail.clear()

    def marker(self, item_id: str) -> str:
        """"✎ " before items that carry notes."""
        has_notes = getattr(self.app, "has_notes", None)
        return "✎ " if has_notes is not None and has_notes(item_id) else ""

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    @on(ItemHighlighted)
    def show_details(self, event: ItemHighlighted) -> None:
        if event.item_id != self.current_id:
            return  # a highlight the cursor has already moved on from
        self.refresh_details(event.item_id)

    def refresh_details(self, item_id: str | None = None) -> None:
        item_id = item_id or self.current_id
        if item_id is None or not self.dossier.has_item(item_id):
            return
        notes = self.app.notes_text_for(item_id) if hasattr(self.app, "notes_text_for") else []
        self.detail.show(item_id, describe(self.dossier, self.dossier.item(item_id), notes))
