"""View 5: every event in date order along an axis, grouped by year and month.

The rows come from :func:`tui.timeline_axis.plan_axis`; this module only styles them
and moves the cursor. Only the rows on screen are drawn. Headings and markers have no
id, so the cursor (j/k, arrows, g/G) stops on events only.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Static

from models.query import CountryFilter, timeline
from models.schema import Dossier, Event
from tui.messages import ItemHighlighted, OpenEvidence
from tui.text import visible
from tui.timeline_axis import LEGEND, LEGEND_MORE, AxisPlan, Segment, as_of_event, plan_axis
from tui.views.option_view import ListRows, OptionView
from tui.views.registry import view_info
from tui.widgets.item_list import ItemList

__all__ = ["TimelineList", "TimelineView"]

#: The style of each role a segment of the axis plays.
ROLE_STYLES = {
    "lane": "bold $accent",
    "axis": "$text-muted",
    "glyph": "bold $accent",
    "label": "bold",
    "phrase": "italic",
    "kind": "$text-muted",
    "edtf": "$text-muted",
    "origin-article": "bold $text-success",
    "origin-later": "bold",
    "origin-other": "bold",
    "summary": "",
    "year": "bold reverse $accent",
    "month": "bold $text-accent",
    "end-date": "bold $accent",
    "end": "italic $text-muted",
    "as-of": "bold $text-warning",
    "as-of-note": "$text-warning",
    "legend": "$text-muted",
}


def styled(segments: tuple[Segment, ...]) -> Content:
    """Segments as Content: each text literal (never markup), styled by its role."""
    return Content.assemble(*[(visible(text), ROLE_STYLES.get(role, "")) for text, role in segments])


class TimelineList(ItemList):
    """The axis: one row per heading, event or marker; the cursor rests on events only
    and stops at either end (time does not wrap)."""

    WRAP = False

    @dataclass
    class WidthChanged(Message):
        """The list's width changed: its lines should wrap again."""

        timeline_list: TimelineList

        @property
        def control(self) -> TimelineList:
            return self.timeline_list

    @property
    def wrap_width(self) -> int | None:
        """Cells a line may take (room left for the scrollbar), None before layout."""
        width = self.size.width - self.styles.scrollbar_size_vertical
        return width if width > 0 else None

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(self.WidthChanged(self))

    def action_first(self) -> None:
        super().action_first()
        self.scroll_home(animate=False, immediate=True)  # show the first headings too


@dataclass(frozen=True)
class TimelineRows(ListRows):
    plan: AxisPlan | None = None
    events: Sequence[Event] | None = None
    country_filter: CountryFilter | None = None


#: The last dossier's whole axis: (a weak reference to the dossier, its events, its axis),
#: held as long as that dossier lives: prepared ahead (ExplorerApp.prepare_timeline), so
#: held whether or not the Timeline is visited (once visited, its view holds the same
#: axis, not a copy). At 1,000x it is about 1.8 MB (tracemalloc, 30,186 rows; was 42 MB). It was held
#: after its dossier was gone too, with the dossier's events, until another dossier's
#: axis replaced it: now it goes with the dossier (:func:`_forget`).
_whole: tuple[weakref.ref[Dossier], tuple[Event, ...], AxisPlan] | None = None
_whole_lock = threading.Lock()


def _forget(dossier_ref: weakref.ref[Dossier]) -> None:
    """The dossier of the axis held is gone: so is the axis. (No lock: this may run in
    the middle of :func:`whole_axis`, in a collection, in the thread holding it; at
    worst another dossier's axis just kept is forgotten, and worked out again.)"""
    global _whole
    held = _whole
    if held is not None and held[0] is dossier_ref:
        _whole = None


def whole_axis(dossier: Dossier) -> tuple[tuple[Event, ...], AxisPlan]:
    """The events of ``dossier`` in timeline order and their axis, with no filter (what
    is not known after them), as the view shows them unfiltered; worked out once per
    dossier, in whichever thread asks first (``ExplorerApp.prepare_timeline`` does, once
    the search index is ready); another that asks meanwhile waits for it."""
    global _whole
    with _whole_lock:
        if _whole is not None and _whole[0]() is dossier:
            return _whole[1], _whole[2]
        events = tuple(timeline(dossier))
        plan = plan_axis(dossier, events, unknowns=dossier.unknowns)
        _whole = (weakref.ref(dossier, _forget), events, plan)
        return events, plan


class TimelineView(OptionView):
    key, name, title, kinds = view_info("timeline")

    BINDINGS = [
        Binding("[", "year(-1)", "Previous year", show=False,
                tooltip="Jump to the first event of the previous year"),
        Binding("]", "year(1)", "Next year", show=False,
                tooltip="Jump to the first event of the next year"),
        Binding("t", "as_of", "As of", tooltip="Jump to the last event on or before the dossier's as-of date"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The rows shown (not yet drawn), and the events they are of.
        self.plan: AxisPlan | None = None
        self.events: Sequence[Event] = ()
        self._plan_filter: CountryFilter | None = None
        self._wrap_width: int | None = None

    def compose_above(self) -> ComposeResult:
        yield Static(styled(LEGEND), classes="timeline-legend")
        yield Static(styled(LEGEND_MORE), classes="timeline-rule")

    # The axis joins each event to the next (its lanes run across rows): a list
    # narrowed in place would draw them wrong. / searches the events.
    CAN_NARROW = False

    def new_list(self) -> TimelineList:
        return TimelineList()

    @property
    def options(self) -> TimelineList:
        listing = super().options
        assert isinstance(listing, TimelineList)
        return listing

    def expected_rows(self) -> int:
        return len(self.dossier.events)

    @property
    def wrap_width(self) -> int | None:
        """Cells a line of the axis may take (room left for the scrollbar), None before
        layout. Read from the list's pane (the list takes all its width), which is laid
        out as soon as the view is shown."""
        pane = self.query_one(".list-pane")
        width = pane.size.width - self.options.styles.scrollbar_size_vertical
        return width if width > 0 else None

    def refill(self) -> None:
        self._wrap_width = self.wrap_width
        if self._wrap_width is None and self.expected_rows() > self.THREAD_ROWS:
            # Not laid out yet: a big axis is worked out once, when its width is known
            # (the list's first resize refills it).
            self._generation += 1
            self._computing = self._generation
            self.show_loading(True)
            return
        super().refill()

    def rows_key(self) -> Hashable | None:
        return (self.country_filter.codes, self._wrap_width)

    def compute(self) -> TimelineRows:
        """The axis for the current filter (kept when only the width changed) and the
        height of each row at the current width; rows are drawn when shown."""
        country_filter, width = self.country_filter, self._wrap_width
        plan, events = self.plan, self.events
        if plan is None or self._plan_filter != country_filter:
            if not country_filter.active:
                events, plan = whole_axis(self.dossier)
            else:
                events = timeline(self.dossier, country_filter)
                plan = plan_axis(self.dossier, events, unknowns=country_filter.apply(self.dossier.unknowns))
        heights = plan.heights(width)

        def content(index: int) -> Content:
            return Content("\n").join(styled(line) for line in plan.row(index, width).lines)

        return TimelineRows(plan.event_ids, content, heights, plan, tuple(events), country_filter)

    def show_rows(self, rows: TimelineRows) -> None:
        self.plan, self.events, self._plan_filter = rows.plan, rows.events or (), rows.country_filter
        super().show_rows(rows)

    def empty_reason(self) -> str:
        if not self.dossier.events:
            return "This dossier records no events."
        names = ", ".join(self.dossier.country_name(c) for c in self.country_filter.in_order)
        return f"No event involves {names}. Press x to clear the country filter, f to change it."

    @on(TimelineList.WidthChanged)
    def _list_resized(self, event: TimelineList.WidthChanged) -> None:
        event.stop()
        self._rewrap()

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        if self.display and self.wrap_width != self._wrap_width:
            self.refill()

    # -- keys -------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        target = self.plan.year_jump(self.current_id, step) if self.plan else None
        if target is None:
            self.app.bell()
            return
        self.select(target)
        self.call_after_refresh(self._reveal_headings)

    def action_as_of(self) -> None:
        target = as_of_event(self.events, self.dossier.as_of)
        if target is None:
            self.notify("No event starts on or before the as-of date.", severity="warning", timeout=3)
            return
        self.select(target)

    # -- list messages ----------------------------------------------------------------

    @on(ItemHighlighted)
    def _highlighted(self, event: ItemHighlighted) -> None:
        self.call_after_refresh(self._reveal_headings)

    @on(TimelineList.Chosen)
    def _chosen(self, event: TimelineList.Chosen) -> None:
        event.stop()
        item_id = event.item_id
        if item_id is None:
            return
        item = self.dossier.item(item_id)
        # Open the first citation whose words can be checked (the article's), if any.
        index = next((i for i, c in enumerate(getattr(item, "citations", [])) if c.checkable), 0)
        self.post_message(OpenEvidence(item_id, index))

    def _reveal_headings(self) -> None:
        """Scroll the highlighted event, with the headings just above it, to the top of
        the list (as far as the list scrolls), so the year and month it is in show."""
        listing = self.options
        index = listing.cursor
        if index is None or index >= listing.row_count:
            return
        first = index
        while first > 0 and not listing.enabled(first - 1):
            first -= 1
        start, end = listing.row_y(first), listing.row_y(index) + listing.row_height(index)
        if end - start <= listing.scrollable_content_region.height:
            listing.scroll_to_region(Region(0, start, 1, end - start), animate=False, top=start > 0, immediate=True)
