"""View 5: every event in date order along an axis, grouped by year and month.

The rows come from :func:`tui.timeline_axis.axis_rows`; this module only styles them
and moves the cursor. Headings and markers are disabled options, so the cursor
(j/k, arrows, g/G) stops on events only.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from models.query import timeline
from models.schema import Event
from tui.messages import ItemHighlighted, OpenEvidence
from tui.text import visible
from tui.timeline_axis import LEGEND, LEGEND_MORE, AxisRow, Segment, as_of_event, axis_rows, year_jump
from tui.views.option_view import ItemOptionList, OptionView

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


class TimelineList(ItemOptionList):
    """The axis: one option per row; headings and markers are disabled."""

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

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        """Move to the next event that way; at either end stay put (time does not wrap)."""
        options = self.options
        index = self.highlighted if self.highlighted is not None else -1 if direction > 0 else len(options)
        index += direction
        while 0 <= index < len(options):
            if not options[index].disabled:
                self.highlighted = index
                return
            index += direction

    def action_first(self) -> None:
        super().action_first()
        self.scroll_home(animate=False, immediate=True)  # show the first headings too


class TimelineView(OptionView):
    key, title = "5", "Timeline"
    name = "timeline"
    kinds = frozenset({"event"})

    BINDINGS = [
        Binding("[", "year(-1)", "Previous year", show=False,
                tooltip="Jump to the first event of the previous year"),
        Binding("]", "year(1)", "Next year", show=False,
                tooltip="Jump to the first event of the next year"),
        Binding("t", "as_of", "As of", tooltip="Jump to the last event on or before the dossier's as-of date"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[AxisRow] = []
        self.events: list[Event] = []
        self._wrap_width: int | None = None

    def compose_above(self) -> ComposeResult:
        yield Static(styled(LEGEND), classes="timeline-legend")
        yield Static(styled(LEGEND_MORE), classes="timeline-rule")

    def make_list(self) -> TimelineList:
        return TimelineList()

    @property
    def options(self) -> TimelineList:
        return self.query_one(TimelineList)

    def refill(self) -> None:
        self.events = timeline(self.dossier, self.country_filter)
        self._wrap_width = self.options.wrap_width
        self.rows = axis_rows(self.dossier, self.events, width=self._wrap_width) if self.events else []
        current = self.current_id
        options = [
            Option(Content("\n").join(styled(line) for line in row.lines), id=row.event_id,
                   disabled=row.event_id is None)
            for row in self.rows
        ]
        ol = self.options
        with self.app.batch_update():
            ol.clear_options()
            ol.add_options(options)
            if not (current and self.select(current)):
                ol.action_first()
        self.show_empty(not self.events)

    def empty_reason(self) -> str:
        if not self.dossier.events:
            return "This dossier records no events."
        names = ", ".join(self.dossier.country_name(c) for c in sorted(self.country_filter.codes))
        return f"No event involves {names}. Press x to clear the country filter, f to change it."

    @on(TimelineList.WidthChanged)
    def _rewrap(self, event: TimelineList.WidthChanged) -> None:
        event.stop()
        if self.options.wrap_width != self._wrap_width:
            self.refill()

    # -- keys -------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        target = year_jump(self.rows, self.current_id, step)
        if target is None:
            self.app.bell()
            return
        self.select(target)
        self.call_after_refresh(self._reveal_headings, top=True)

    def action_as_of(self) -> None:
        target = as_of_event(self.events, self.dossier.as_of)
        if target is None:
            self.notify("No event starts on or before the as-of date.", severity="warning", timeout=3)
            return
        self.select(target)

    # -- list messages ----------------------------------------------------------------

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ItemHighlighted(event.option.id))
            self.call_after_refresh(self._reveal_headings)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item_id = event.option.id
        if item_id is None:
            return
        item = self.dossier.item(item_id)
        # Open the first citation whose words can be checked (the article's), if any.
        index = next((i for i, c in enumerate(getattr(item, "citations", [])) if c.checkable), 0)
        self.post_message(OpenEvidence(item_id, index))

    def _reveal_headings(self, top: bool = False) -> None:
        """Scroll so the headings just above the highlighted event show too; with
        ``top`` (after a year jump) put them at the top of the list."""
        ol = self.options
        index = ol.highlighted
        if index is None:
            return
        first = index
        while first > 0 and ol.get_option_at_index(first - 1).disabled:
            first -= 1
        # OptionList keeps no public map from option to line; this is Textual 8.2.8's.
        lines, heights = ol._index_to_line, ol._heights
        if first not in lines or index not in lines:
            return
        top, bottom = lines[first], lines[index] + heights.get(index, 1)
        if bottom - top <= ol.scrollable_content_region.height:
            ol.scroll_to_region(Region(0, top, 1, bottom - top), animate=False, top=top, immediate=True)
