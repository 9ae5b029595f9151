"""Back and forward across the views (alt+← / alt+→, or < / >), as Frogmouth has.

A :class:`Spot` is where the reader is on the main screen: the view, its selected
row, the list's scroll, what has the focus, and in Sources the evidence shown and the
reader's sentence and scroll. The moves that take the reader elsewhere (a view's
number key, enter on an item's evidence, a search result, a link between items, an
item from the palette) are decorated with :func:`moves`: the spot left behind goes
into the screen's :class:`~models.history.History`, and back restores it exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from textual.widgets import ContentSwitcher

from models.history import History

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["Navigation", "Spot", "moves"]

#: How many places back remembers.
HISTORY_CAP = 100

Method = TypeVar("Method", bound=Callable[..., Any])


@dataclass(frozen=True)
class Spot:
    view: str
    item_id: str | None = None
    list_scroll: float = 0
    #: "list", "reader" or "" (something else, or nothing: the list is focused back).
    focus: str = ""
    #: Sources: the item whose evidence is shown, and which of its citations.
    evidence: tuple[str, int] | None = None
    reader_cursor: int | None = None
    reader_scroll: float = 0

    @property
    def coarse(self) -> tuple[str, str | None, tuple[str, int] | None]:
        """What a move changes (the scroll and focus follow from it)."""
        return self.view, self.item_id, self.evidence


class Navigation:
    """The main screen's history, and how a spot is read and restored."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.history: History[Spot] = History(HISTORY_CAP)
        #: How deep in decorated moves (a move made of moves is remembered once).
        self._depth = 0

    # -- reading where the reader is -------------------------------------------------

    def here(self) -> Spot | None:
        """Where the reader is (None while the dossier loads)."""
        screen = self.screen
        if not screen.ready:
            return None
        name = screen.query_one(ContentSwitcher).current or ""
        view = screen.views.get(name)
        if view is None or not view.started:
            return Spot(name) if view is not None else None
        listing = view.listing
        focused = screen.focused
        focus = "list" if focused is listing else ""
        spot = Spot(name, view.current_id, listing.scroll_y, focus)
        from tui.views.sources import SourcesView  # loaded by now: the view is started

        if isinstance(view, SourcesView):
            reader = view.reader
            if focused is reader:
                spot = replace(spot, focus="reader")
            if view.evidence_for is not None:
                spot = replace(spot, evidence=(view.evidence_for.id, view.citation_index))
            if reader.display and reader.source is not None:
                spot = replace(spot, reader_cursor=reader.cursor, reader_scroll=reader.scroll_y)
        return spot

    # -- moving ------------------------------------------------------------------------

    def run_move(self, move: Callable[[], Any]) -> Any:
        """Run ``move``; if it took the reader elsewhere, remember where they were."""
        if self._depth:
            return move()
        before = self.here()
        self._depth += 1
        try:
            result = move()
        finally:
            self._depth -= 1
        after = self.here()
        if before is not None and (after is None or after.coarse != before.coarse):
            self.history.leave(before)
            self._show_keys()
        return result

    def back(self) -> None:
        self._go(self.history.back)

    def forward(self) -> None:
        self._go(self.history.forward)

    def _go(self, step: Callable[[Spot], Spot | None]) -> None:
        here = self.here()
        if here is None:
            return
        spot = step(here)
        self._show_keys()
        if spot is None:
            self.screen.notify("Nowhere to go: nothing in that direction yet.", timeout=2)
            return
        self._depth += 1  # restoring is no move of its own
        try:
            self.restore(spot)
        finally:
            self._depth -= 1

    def _show_keys(self) -> None:
        """Back and forward in the footer as they are now possible, once the move is
        over (the footer shown in between, the focus on its way, would lose keys and
        make them again)."""
        screen = self.screen
        screen.call_after_refresh(screen.call_after_refresh, screen.refresh_bindings)

    def restore(self, spot: Spot) -> None:
        screen = self.screen
        view = screen.views.get(spot.view)
        if view is None:
            return
        screen.fill(spot.view)
        evidence = spot.evidence
        dossier = screen.dossier
        from tui.views.sources import SourcesView  # loaded by now: the view is shown

        sources = view if isinstance(view, SourcesView) else None
        if sources is not None and evidence is not None and dossier is not None and dossier.has_item(evidence[0]):
            sources.open_evidence(dossier.item(evidence[0]), evidence[1])
        elif spot.item_id is not None:
            if sources is not None and sources.evidence_for is not None:
                sources.evidence_for = None
            if view.select(spot.item_id):
                view.refresh_details(spot.item_id)

        def focus() -> Any:
            if spot.focus == "reader":
                reader = getattr(view, "reader", None)
                return reader if reader is not None and reader.display else None
            return None  # the list

        screen.show_view(spot.view, focus=focus)
        # Once the rows and the text are laid out, the scroll as it was.
        view.call_later(screen.call_after_refresh, self._scroll, view, spot)

    @staticmethod
    def _scroll(view: Any, spot: Spot) -> None:
        if not view.is_mounted:
            return
        listing = view.listing
        listing.scroll_to(y=spot.list_scroll, animate=False, immediate=True)
        cursor = getattr(listing, "cursor", None)
        if cursor is not None and hasattr(listing, "scroll_to_row"):
            listing.scroll_to_row(cursor)  # the scroll as it was, unless the row is out of sight there
        reader = getattr(view, "reader", None)
        if reader is not None and spot.reader_cursor is not None and reader.source is not None:
            if reader.cursor != spot.reader_cursor:
                reader.set_cursor(spot.reader_cursor)
            reader.call_after_refresh(reader.scroll_to, y=spot.reader_scroll, animate=False, immediate=True)


def moves(method: Method) -> Method:
    """Mark a main screen method that takes the reader elsewhere (back returns)."""

    @functools.wraps(method)
    def wrapper(screen: MainScreen, *args: Any, **kwargs: Any) -> Any:
        return screen.navigation.run_move(lambda: method(screen, *args, **kwargs))

    return wrapper  # type: ignore[return-value]
