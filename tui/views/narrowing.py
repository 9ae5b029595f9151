"""Narrowing a view's list in place: ``|`` opens a box above the list, the rows that
do not hold what is typed go as you type (words in any order, case and accents
ignored), enter keeps the narrowing and goes back to the list, escape clears it.

``/`` stays the search of everything (every view, the bundled texts, the notes):
narrowing is this list only, on what its rows show (in a table, also the names of its
items' countries: a speaker shown as "(CHN)" is found by "china").

The narrowing is part of what the rows depend on (:meth:`Narrowing.narrowed_key`),
so narrowed rows are worked out where the view works out its rows: in a thread for
a big list (see :class:`tui.views.base.ItemsView`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import NoActiveWorker, get_current_worker

from models.sorting import fold
from tui.text import literal
from tui.widgets.narrow_bar import NarrowBar

__all__ = ["Narrowing", "cancelled_check", "matcher", "narrow_headed"]


def matcher(query: str) -> Callable[[str], bool] | None:
    """Whether a row's text holds every word of ``query`` (None: no narrowing)."""
    words = fold(query).split()
    if not words:
        return None
    return lambda text: all(word in fold(text) for word in words)


def cancelled_check() -> Callable[[], bool]:
    """Whether the thread worker this runs in has been cancelled (never, off a worker)."""
    try:
        worker = get_current_worker()
    except NoActiveWorker:
        return lambda: False
    return lambda: worker.is_cancelled


def narrow_headed(ids: Sequence[str | None], texts: Callable[[int], str], query: str) -> list[int]:
    """The rows of a list under headings (None ids) that match ``query``, with the
    heading of each group that keeps a row; as indexes into ``ids``."""
    match = matcher(query)
    if match is None:
        return list(range(len(ids)))
    kept: list[int] = []
    heading: int | None = None
    for index, item_id in enumerate(ids):
        if item_id is None:
            heading = index
        elif match(texts(index)):
            if heading is not None:
                kept.append(heading)
                heading = None
            kept.append(index)
    return kept


class Narrowing(Widget):
    """What a view needs to narrow its list (a base of ``ItemsView``: a widget, so
    that Textual takes its key)."""

    # Not in the footer: with it, the footer no longer fits 80 columns in Participants
    # and Notes (? and q were cut). In the help and the README.
    BINDINGS = [Binding("vertical_line", "narrow", "Narrow", key_display="|", show=False,
                        tooltip="Narrow this list as you type (enter keeps, escape clears)")]

    if TYPE_CHECKING:  # what ItemsView, which this is a base of, provides
        def compute(self) -> Any: ...
        def refill(self) -> None: ...
        @property
        def listing(self) -> Widget: ...

    #: What the list is narrowed to ("": not narrowed).
    narrowing: str = ""
    #: Whether this view's list can be narrowed.
    CAN_NARROW = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "narrow" and not self.CAN_NARROW:
            return False
        return super().check_action(action, parameters)

    def narrowed_key(self, key: Hashable | None) -> Hashable | None:
        """What the rows depend on, the narrowing included."""
        return None if key is None else (key, self.narrowing)

    def narrow(self, rows: Any) -> Any:
        """``rows`` (what ``compute`` gave) narrowed to :attr:`narrowing`; each kind of
        view says how. Touches no widget: may run in a thread."""
        return rows

    def compute_narrowed(self) -> tuple[Any, int | None]:
        """The rows (``compute``), narrowed, and how many there were before (None: not
        narrowed). Touches no widget: may run in a thread."""
        rows = self.compute()
        if matcher(self.narrowing) is None:
            return rows, None
        return self.narrow(rows), self.rows_shown(rows)

    def rows_shown(self, rows: Any) -> int:
        """How many rows (not headings) ``rows`` holds."""
        return 0

    # -- the box ---------------------------------------------------------------------

    @property
    def narrow_bar(self) -> NarrowBar | None:
        found = self.query(NarrowBar)
        return found.first() if found else None

    async def action_narrow(self) -> None:
        bar = self.narrow_bar
        if bar is None:
            bar = NarrowBar()
            await self.query_one(".list-pane").mount(bar, before=self.listing)
        bar.display = True
        bar.input.focus()

    @on(NarrowBar.Changed)
    def _narrow_changed(self, event: NarrowBar.Changed) -> None:
        event.stop()
        if event.query != self.narrowing:
            self.narrowing = event.query
            self.refill()

    @on(NarrowBar.Done)
    def _narrow_done(self, event: NarrowBar.Done) -> None:
        event.stop()
        if not event.keep:
            event.bar.display = False
            if self.narrowing:
                self.narrowing = ""
                self.refill()
        self.listing.focus()

    def narrowed_shown(self, rows: Any, total: int | None) -> None:
        """Say how many rows match; when none does, say so where the list was."""
        bar = self.narrow_bar
        if bar is not None:
            shown = self.rows_shown(rows)
            bar.show_count(shown, shown if total is None else total)
            if self.narrowing.strip() and not shown and total:  # (nothing to narrow: the view says why)
                for notice in self.query(".empty-notice").results(Static):
                    notice.update(literal(f"No row here holds “{self.narrowing.strip()}”. "
                                          "Press | to change the words, escape in the box to clear them."))
