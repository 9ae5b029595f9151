"""What every view shares: a list of items on one side, their details on the other."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static
from textual.worker import get_current_worker

from models.query import CountryFilter
from models.schema import Dossier
from tui.messages import ItemHighlighted
from tui.present import describe
from tui.state import explorer
from tui.text import literal
from tui.views.narrowing import Narrowing
from tui.widgets.detail_panel import DetailPanel
from tui.worker_errors import ReportsWorkerErrors

__all__ = ["MARK", "ItemsView", "dossier_size"]

#: Before an item that carries notes (see :meth:`ItemsView.marker`).
MARK = "✎ "

#: What a view shows before the app has a filter (never: the views come with the dossier).
NO_FILTER = CountryFilter()


def dossier_size(dossier: Dossier) -> int:
    """About how many items and sources a dossier holds (without walking them all)."""
    return (len(dossier.facts) + len(dossier.participants) + sum(len(p.pledges) for p in dossier.participants)
            + len(dossier.votes) + sum(len(v.ballots) for v in dossier.votes) + len(dossier.statements)
            + len(dossier.events) + len(dossier.figures) + len(dossier.caveats) + len(dossier.sources))


class ItemsView(Narrowing, ReportsWorkerErrors, Container):
    """A view of one part of the dossier: a list pane (what :meth:`compose_above`
    gives, a notice for when it is empty, the list from :meth:`make_list`) beside the
    details (:meth:`compose_details`).

    Filling the list is two steps: :meth:`compute` works out the rows from the dossier
    and the filter (no widget is touched, so it may run in a thread) and :meth:`show_rows`
    puts them in the list. When a view has more than :attr:`THREAD_ROWS` rows, compute
    runs in a thread worker and the list shows a loading indicator meanwhile, so the
    interface never waits on it; smaller views are filled at once.
    """

    #: Number key, name (the view's id), title and the kinds of item whose home is this
    #: view: taken from :mod:`tui.views.registry` by each view.
    key: str = ""
    name: str = ""
    title: str = ""
    kinds: frozenset[str] = frozenset()

    #: Above this many rows the rows are worked out in a thread.
    THREAD_ROWS = 500
    #: How many sets of rows (for different filters) are kept for reuse.
    ROWS_KEPT = 2

    @dataclass
    class Filled(Message):
        """The view's list holds its rows (after a refill)."""

        view: ItemsView

    def __init__(self, dossier: Dossier, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="view")
        self.dossier = dossier
        #: Set when something this view shows changed while it was hidden.
        self.stale = False
        #: Counts refills: rows worked out for an older one are dropped.
        self._generation = 0
        #: The generation being worked out in a thread, if any.
        self._computing: int | None = None
        #: An item to put the cursor on once the rows being worked out arrive.
        self._pending_select: str | None = None
        #: Set once mounted and composed (views are mounted when first shown).
        self.started = False
        #: Rows worked out before, by :meth:`rows_key` (oldest first).
        self._kept_rows: dict[Hashable, Any] = {}
        #: The item and notes the details were last shown for (see refresh_details).
        self._details_of: tuple[str, Any] | None = None

    @property
    def country_filter(self) -> CountryFilter:
        """The filter every view shows, held once by the app (``ExplorerApp.country_filter``)."""
        return explorer(self).country_filter or NO_FILTER

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
            # Shown while rows are worked out in a thread; the list stays where it is
            # (laid out and focused: keys pressed meanwhile act on the rows once they come).
            yield LoadingIndicator(classes="rows-loading")
            listing = self.make_list()
            listing.add_class("item-list")
            yield listing
        yield from self.compose_details()

    def expected_rows(self) -> int:
        """About how many rows the view will list (decides where :meth:`compute` runs)."""
        return 0

    def compute(self) -> Any:
        """The rows for the current dossier and filter. Must not touch widgets."""
        raise NotImplementedError

    def show_rows(self, rows: Any) -> None:
        """Put the rows :meth:`compute` gave into the list."""
        raise NotImplementedError

    def select(self, item_id: str) -> bool:
        """Move the cursor to ``item_id``; False when this view does not show it."""
        raise NotImplementedError

    @property
    def current_id(self) -> str | None:
        raise NotImplementedError

    def empty_reason(self) -> str:
        """Why the view is empty under the current filter."""
        names = ", ".join(self.dossier.country_name(c) for c in self.country_filter.in_order)
        return (f"Filtered to {names}: nothing in {self.title} involves {'it' if len(self.country_filter.codes) == 1 else 'them'}."
                " Press x to clear the filter, f to change it.")

    # -- filling -----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Textual also runs the subclasses' on_mount (columns first, as they come
        # earlier in the MRO): they must not call this again. A view that is mounted
        # hidden is filled when it is first shown.
        self.started = True
        self.watch(self.app, "country_filter", self._country_filter_changed, init=False)
        from tui.layout import PaneLayout  # loaded with the main screen

        if isinstance(self.screen, PaneLayout):  # the split the reader chose (tui/layout.py)
            self.screen.apply_layout(self)
        if not self.stale:
            self.refill()

    def _country_filter_changed(self) -> None:
        self.filter_changed()

    def filter_changed(self) -> None:
        """The country filter changed: the view on screen refills now, a hidden one
        when it is next shown (its rows for the last filters are kept, see rows_key)."""
        if self.display:
            self.refill()
            self.refresh_details()
        else:
            self.stale = True

    @property
    def listing(self) -> Widget:
        return self.query_one(".item-list")

    @property
    def busy(self) -> bool:
        """True until the view is mounted, and while rows are being worked out in a thread."""
        return not self.started or self._computing is not None

    def rows_key(self) -> Hashable | None:
        """What the rows depend on besides the dossier and the notes: rows worked out
        for the same key are shown again without working them out (clearing a filter
        brings back the rows of the first visit at once). None: never reuse."""
        return self.country_filter.codes

    def forget_rows(self) -> None:
        """Drop the rows kept for reuse (the notes changed: markers, widths)."""
        self._kept_rows.clear()

    def _keep(self, key: Hashable | None, rows: Any) -> None:
        if key is None:
            return
        self._kept_rows.pop(key, None)
        self._kept_rows[key] = rows
        while len(self._kept_rows) > self.ROWS_KEPT:
            del self._kept_rows[next(iter(self._kept_rows))]

    def refill(self) -> None:
        """Rebuild the list for the current dossier and filter: at once for a small
        view or rows worked out before, in a thread for a big one."""
        self._generation += 1
        key = self.narrowed_key(self.rows_key())
        kept = self._kept_rows.get(key) if key is not None else None
        if kept is not None:
            self._computing = None
            self.show_loading(False)
            self._show(kept)
            return
        if self.expected_rows() <= self.THREAD_ROWS:
            self._computing = None
            rows = self.compute_narrowed()
            self._keep(key, rows)
            self._show(rows)
            return
        self._computing = self._generation
        self.show_loading(True)
        self.run_worker(partial(self._compute_in_thread, key), thread=True, exclusive=True,
                        group=f"rows-{self.name}", description=f"Listing {self.title}", exit_on_error=False)

    def _compute_in_thread(self, key: Hashable | None) -> None:
        generation = self._generation
        rows = self.compute_narrowed()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, generation, key, rows)

    def _computed(self, generation: int, key: Hashable | None, rows: Any) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # a newer refill is under way
        self._computing = None
        self.show_loading(False)
        self._keep(key, rows)
        self._show(rows)

    def _show(self, narrowed: tuple[Any, int | None]) -> None:
        rows, total = narrowed  # what compute_narrowed gave
        self.show_rows(rows)
        self.narrowed_shown(rows, total)
        self.post_message(self.Filled(self))
        pending, self._pending_select = self._pending_select, None
        if pending is not None:
            if self.select(pending):
                self.refresh_details(pending)
            else:
                self.notify("That item is hidden by the country filter (x clears it).", severity="warning")

    def show_loading(self, loading: bool) -> None:
        """Show or hide the indicator that rows are being worked out."""
        self.query_one(".rows-loading").display = loading

    def rows_failed(self) -> None:
        """Working out the rows failed (said by tui/worker_errors.py): stop waiting."""
        self._computing = None
        self.show_loading(False)

    def select_when_ready(self, item_id: str) -> bool | None:
        """Until the view is mounted and while rows are being worked out: remember
        ``item_id`` for when they arrive (returns True); otherwise None (select now)."""
        if not self.busy:
            return None
        self._pending_select = item_id
        return True

    # -- shared behaviour ---------------------------------------------------------------

    def show_empty(self, empty: bool) -> None:
        """Show or hide the explanation of an empty view. Empty, the view shows only
        that (and what is marked ``keep-when-empty``): no table header, tally or stale
        details (views.tcss hides them by the class ``-empty``)."""
        was_empty = self.has_class("-empty")
        self.set_class(empty, "-empty")
        for notice in self.query(".empty-notice").results(Static):
            notice.display = empty
            if empty:
                notice.update(literal(self.empty_reason()))
        if empty:
            self.detail.clear()
        elif was_empty:
            self.call_after_refresh(self._focus_list_again)

    def _focus_list_again(self) -> None:
        """The list is back (the filter changed): focus it if the focus went with it."""
        screen = self.screen
        if self.display and screen.focused is None:
            screen.set_focus(self.listing)

    def marker(self, item_id: str) -> str:
        """"✎ " before items that carry notes."""
        return MARK if explorer(self).state.has_notes(item_id) else ""

    @property
    def detail(self) -> DetailPanel:
        return self.query_one(DetailPanel)

    @on(ItemHighlighted)
    def show_details(self, event: ItemHighlighted) -> None:
        if event.item_id != self.current_id:
            return  # a highlight the cursor has already moved on from
        self.refresh_details(event.item_id)

    def refresh_details(self, item_id: str | None = None) -> None:
        if not self.started:
            return  # the details come with the rows (the cursor's item is announced)
        item_id = item_id or self.current_id
        if item_id is None or not self.dossier.has_item(item_id):
            return
        notes = explorer(self).state.notes_text_for(item_id)
        detail = self.detail
        if detail.item_id == item_id and self._details_of == (item_id, notes):
            # Shown already (the details are the item's and its notes' alone): a view
            # switch asks again, and showing them anew laid out and painted the whole
            # panel for nothing (benchmarks/README.md, "View switches and freezes").
            return
        self._details_of = (item_id, notes)
        detail.show(item_id, describe(self.dossier, self.dossier.item(item_id), notes))
