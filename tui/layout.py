"""The split between a view's list and its details, and the header's title that fits.

The list and the details share the width (below ``NARROW_WIDTH`` columns, the height):
``-`` and ``+`` move the divider (``<``/``>`` are back and forward), ``=`` puts it back, dragging the divider with the mouse
moves it too; ``z`` hides the details (the list takes the whole view, its words the
room), ``Z`` shows the details alone. The choice is the same in every view and is
remembered (:mod:`tui.preferences`).

:class:`PaneLayout` is mixed into the main screen: the screen keeps its bindings
(``LAYOUT_BINDINGS``) and calls :meth:`PaneLayout.apply_layout` when a view is mounted
or the screen changes between side-by-side and stacked.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

if TYPE_CHECKING:
    from tui.preferences import Preferences, PreferencesFile
    from tui.views.base import ItemsView

__all__ = ["LAYOUT_BINDINGS", "PaneLayout", "fit_title"]

#: How far one key press moves the divider, in per cent of the view.
STEP = 5
#: The fewest columns the list and the details keep side by side.
MIN_LIST_COLUMNS, MIN_DETAIL_COLUMNS = 30, 24

LAYOUT_BINDINGS = [
    Binding("minus", "move_divider(-1)", "Narrower list", show=False, id="layout.narrower"),
    Binding("plus", "move_divider(1)", "Wider list", show=False, id="layout.wider"),
    Binding("equals_sign", "reset_divider", "Even split", show=False, id="layout.reset"),
    Binding("z", "details('hidden')", "Hide details", show=False, id="layout.hide-details"),
    Binding("Z", "details('max')", "Details only", show=False, id="layout.max-details"),
]

#: Room the header keeps for its icon and the clock's place (Textual's Header).
HEADER_SIDES = 18


def fit_title(title: str, sub_title: str, width: int) -> Content:
    """The header's text for ``width`` columns: "title — sub-title" when it fits, else
    the sub-title alone, else the sub-title without a closing parenthesis, with the
    title when that fits; cut with "…" only when nothing else fits."""
    room = max(1, width - HEADER_SIDES)
    if not sub_title:
        return Content(title)
    short = sub_title
    if sub_title.endswith(")") and " (" in sub_title:
        short = sub_title[: sub_title.rindex(" (")]
    candidates = [(title, sub_title), (None, sub_title), (title, short), (None, short)]
    for head, tail in candidates:
        text = f"{head} — {tail}" if head else tail
        if len(text) <= room:
            break
    if head:
        return Content.assemble(Content(head), (" — ", "dim"), Content(tail).stylize("dim"))
    return Content(tail)


def refit_title(screen: Widget) -> None:
    """Draw the header's title again for the screen's width (Textual's Header only
    redraws it when the title changes)."""
    from textual.widgets import Header, Static

    for header in screen.query(Header).results():
        # By its type's name: the HeaderTitle class is in Textual's private module.
        for title in header.query("HeaderTitle").results(Static):
            title.update(header.format_title())


def _pane(view: Widget, selector: str) -> Widget | None:
    """The view's list pane or details pane (None before the view is composed)."""
    return next(iter(view.query_children(selector)), None)


class PaneLayout(Screen[None]):
    """The main screen's part: the split, the details hidden or alone, the divider dragged
    (a base of ``MainScreen``)."""

    if TYPE_CHECKING:  # what MainScreen provides
        _initial: str
        views: dict[str, ItemsView]
        @property
        def current_view(self) -> ItemsView: ...

    _dragging = False

    # -- what the screen provides -----------------------------------------------------

    def _layout_preferences(self) -> PreferencesFile | None:
        from tui.state import explorer

        return explorer(self).preferences

    @property
    def pane_layout(self) -> Preferences:
        from tui.preferences import Preferences

        kept = self._layout_preferences()
        return kept.preferences if kept is not None else getattr(self, "_own_layout", Preferences())

    def _set_layout(self, **changes: object) -> None:
        from dataclasses import replace

        kept = self._layout_preferences()
        if kept is not None:
            kept.update(save=not self._dragging, **changes)  # a drag is saved when it ends
            self._tell_problem()
        else:
            self._own_layout = replace(self.pane_layout, **changes)  # type: ignore[arg-type]
        self.apply_layout()

    # -- the view shown first, and the last one shown ------------------------------------

    def show_first(self, name: str | None) -> None:
        """Start in ``name`` (the view shown last time), if there is such a view."""
        from tui.views.registry import VIEWS

        if name in {info.name for info in VIEWS}:
            self._initial = name

    def on_mount(self) -> None:
        from textual.widgets import ContentSwitcher

        self.watch(self.query_one(ContentSwitcher), "current", self._remember_view, init=False)
        self.apply_layout()

    def _remember_view(self, name: str | None) -> None:
        if name in getattr(self, "views", {}):
            # After the switch's paint: writing the file on the way (4 ms, up to 13 ms on
            # a busy disk) held every view switch's paint back.
            self.call_after_refresh(self._save_view, name)

    def _save_view(self, name: str) -> None:
        kept = self._layout_preferences()
        if kept is not None:
            kept.update(view=name)
            self._tell_problem()

    def _tell_problem(self) -> None:
        from tui.preferences import tell_problem

        kept = self._layout_preferences()
        if kept is not None:
            tell_problem(self.app, kept)

    # -- applying ---------------------------------------------------------------------

    @property
    def _stacked(self) -> bool:
        return self.has_class("-narrow")

    def apply_layout(self, only: Widget | None = None) -> None:
        """Size every mounted view's panes (or only ``only``) for the current split."""
        layout = self.pane_layout
        self.set_class(layout.details == "hidden", "-details-hidden")
        self.set_class(layout.details == "max", "-details-max")
        views = [only] if only is not None else list(self.query(".view").results())
        for view in views:
            self._size_panes(view, layout)

    def _size_panes(self, view: Widget, layout: Preferences) -> None:
        listing, details = _pane(view, ".list-pane"), _pane(view, ".detail-pane")
        if listing is None or details is None:
            return
        split = layout.details == "split" and layout.list_share is not None
        share = layout.list_share or 50
        if self._stacked:
            details.styles.width = None
            details.styles.height = f"{100 - share}%" if split else None
            listing.styles.height = "1fr" if split or layout.details == "hidden" else None
        else:
            listing.styles.height = None
            details.styles.height = None
            if split:
                width = max(view.size.width or self.size.width,
                            MIN_LIST_COLUMNS + MIN_DETAIL_COLUMNS)
                most = 100 - math.ceil(100 * MIN_LIST_COLUMNS / width)
                least = math.ceil(100 * MIN_DETAIL_COLUMNS / width)
                details.styles.width = f"{min(most, max(least, 100 - share))}%"
            else:
                details.styles.width = None

    # -- keys -------------------------------------------------------------------------

    def _current_share(self) -> int:
        """The list's share of the view now, in per cent (what the stylesheet gives it
        until the reader moves the divider)."""
        layout = self.pane_layout
        if layout.list_share is not None:
            return layout.list_share
        view = self.current_view
        listing = _pane(view, ".list-pane")
        if listing is None or not view.size.width or not view.size.height:
            return 50
        if self._stacked:
            return round(100 * listing.outer_size.height / view.size.height)
        return round(100 * listing.outer_size.width / view.size.width)

    def action_move_divider(self, step: int) -> None:
        from tui.preferences import SHARE_RANGE

        if not getattr(self, "ready", False):
            return
        low, high = SHARE_RANGE
        share = min(high, max(low, self._current_share() + step * STEP))
        self._set_layout(list_share=share, details="split")
        self._refocus()

    def action_reset_divider(self) -> None:
        self._set_layout(list_share=None, details="split")
        self._refocus()

    def action_details(self, mode: str) -> None:
        """Hide the details (or show them alone); again: back to the split."""
        current = self.pane_layout.details
        self._set_layout(details="split" if current == mode else mode)
        self._refocus()

    def _refocus(self) -> None:
        """After the layout is drawn: keep the focus in a pane that is shown (the list,
        or the details when they are alone), so that j and k act on what is seen."""
        def refocus() -> None:
            if not getattr(self, "ready", False):
                return
            view = self.current_view
            mode = self.pane_layout.details
            wanted = _pane(view, ".detail-pane" if mode == "max" else ".list-pane")
            focused = self.focused
            if wanted is None or (focused is not None and wanted in focused.ancestors_with_self):
                return
            if mode == "split" and focused is not None and view in focused.ancestors:
                return  # both panes shown: the focus stays where it was
            target = wanted if wanted.focusable else next(
                (widget for widget in wanted.query("*").results() if widget.focusable and widget.display), None)
            if target is not None:
                self.set_focus(target)

        self.call_after_refresh(refocus)

    # -- the mouse: drag the divider ----------------------------------------------------

    def _divider_hit(self, x: int, y: int) -> bool:
        if not getattr(self, "ready", False) or self.pane_layout.details != "split":
            return False
        view = self.current_view
        details = _pane(view, ".detail-pane")
        if details is None or not details.display:
            return False
        region = details.region
        if self._stacked:
            return y == region.y and region.x <= x < region.right
        return x == region.x and region.y <= y < region.bottom

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if self._divider_hit(event.screen_x, event.screen_y):
            self._dragging = True
            self.capture_mouse()
            event.stop()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        from tui.preferences import SHARE_RANGE

        view = self.current_view
        region = view.region
        if self._stacked:
            share = round(100 * (event.screen_y - region.y) / max(1, region.height))
        else:
            share = round(100 * (event.screen_x - region.x) / max(1, region.width))
        low, high = SHARE_RANGE
        share = min(high, max(low, share))
        if share != self.pane_layout.list_share:
            self._set_layout(list_share=share)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            event.stop()
            kept = self._layout_preferences()
            if kept is not None:
                kept.save()
                self._tell_problem()
