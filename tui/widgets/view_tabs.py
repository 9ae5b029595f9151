"""The tab bar of the views: one widget that draws the labels and the bar under them.

It looks like Textual's ``Tabs`` (the same colours, the same bar under the active
tab) but is a single widget: the first frame draws it before anything is loaded, and
``Tabs`` is eleven widgets (a container, a row, the bar and one widget per tab) whose
styling and layout took a third of the first frame's time. It is never focused: the
number keys switch views; a click on a label (or under it) chooses that view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["ViewTabs"]


class ViewTabs(Widget, can_focus=False):
    """Tabs given as (id, label); ``active`` is the id of the one shown."""

    DEFAULT_CSS = """
    ViewTabs {
        width: 100%;
        height: 2;
        & > .view-tabs--tab { color: $foreground 50%; }
        & > .view-tabs--active { color: $foreground; }
        & > .view-tabs--hover { color: $foreground; }
        & > .view-tabs--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:ansi {
            & > .view-tabs--tab { text-style: dim; }
            & > .view-tabs--active { text-style: not dim bold; }
            & > .view-tabs--bar {
                color: $block-cursor-background;
                background: $border-blurred;
            }
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "view-tabs--tab", "view-tabs--active", "view-tabs--hover", "view-tabs--bar",
    }

    #: Cells of space before each label.
    PADDING = 1

    active: reactive[str] = reactive("", layout=False)
    _hover: reactive[int | None] = reactive(None)

    @dataclass
    class TabActivated(Message):
        """A tab was chosen with the mouse."""

        view_tabs: ViewTabs
        tab_id: str

        @property
        def control(self) -> ViewTabs:
            return self.view_tabs

    def __init__(self, tabs: Sequence[tuple[str, str]], *, active: str = "", id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = list(tabs)
        self.set_reactive(ViewTabs.active, active or (self.tabs[0][0] if self.tabs else ""))

    def _spans(self) -> list[tuple[int, int]]:
        """Where each label is: (first cell, cell after the last)."""
        spans: list[tuple[int, int]] = []
        x = 0
        for _, label in self.tabs:
            x += self.PADDING
            spans.append((x, x + len(label)))
            x += len(label)
        return spans

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        spans = self._spans()
        base = self.rich_style
        if y == 0:
            # The padding before each label (background only) and the labels are
            # separate runs, as the widgets of Textual's Tabs draw them.
            padding = Style(bgcolor=base.bgcolor)
            segments: list[Segment] = []
            for index, (tab_id, label) in enumerate(self.tabs):
                name = ("view-tabs--active" if tab_id == self.active
                        else "view-tabs--hover" if index == self._hover else "view-tabs--tab")
                meta = Style.from_meta({"tab": index})
                segments += [Segment(" " * self.PADDING, padding + meta),
                             Segment(label, base + self.get_visual_style(name).rich_style + meta)]
            used = spans[-1][1] if spans else 0
            if width > used:
                segments.append(Segment(" " * (width - used), base))
            return Strip(segments).crop(0, width)
        if y == 1:
            active = next((span for (tab_id, _), span in zip(self.tabs, spans) if tab_id == self.active), (0, 0))
            bar_style = self.get_component_rich_style("view-tabs--bar")
            bar = Bar(highlight_range=active, highlight_style=Style.from_color(bar_style.color),
                      background_style=Style.from_color(bar_style.bgcolor))
            options = self.app.console_options.update_dimensions(width, 1)
            line = self.app.console.render_lines(bar, options, pad=False)[0]
            return Strip(line).apply_style(base).crop(0, width)
        return Strip.blank(width, base)

    def _tab_at(self, x: int) -> int | None:
        for index, (start, end) in enumerate(self._spans()):
            if start - self.PADDING <= x < end:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        index = self._tab_at(event.x)
        if index is not None:
            event.stop()
            tab_id = self.tabs[index][0]
            self.active = tab_id
            self.post_message(self.TabActivated(self, tab_id))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self._tab_at(event.x) if event.y == 0 else None

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None
