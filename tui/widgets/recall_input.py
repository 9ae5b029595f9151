"""A text box that recalls the queries typed before: ``↑`` the one before, ``↓`` back.

Queries are kept per app and per kind ("search", "narrow"), newest last, for as long
as the app runs. ``↓`` when not recalling is left to the box's screen (the search and
the picker move to their list with it).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.widgets import Input

__all__ = ["RecallInput", "recent_queries"]

#: How many queries of a kind are kept.
KEPT = 50

_QUERIES: WeakKeyDictionary[App, dict[str, list[str]]] = WeakKeyDictionary()


def recent_queries(app: App, kind: str) -> list[str]:
    """The queries of a kind typed in this app, oldest first (the list itself)."""
    return _QUERIES.setdefault(app, {}).setdefault(kind, [])


class RecallInput(Input):
    """An Input whose ``↑`` / ``↓`` go through the queries kept with :meth:`remember`."""

    def __init__(self, *args, history: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.history = history
        #: Where in the kept queries ``↑`` has got to (None: not recalling).
        self._recalling: int | None = None
        #: What was typed before recalling began (``↓`` past the newest brings it back).
        self._typed = ""

    def remember(self, query: str | None = None) -> None:
        """Keep a query (default: what the box holds) as the newest; blank ones are not kept."""
        query = (self.value if query is None else query).strip()
        self._recalling = None
        if not query:
            return
        kept = recent_queries(self.app, self.history)
        if query in kept:
            kept.remove(query)
        kept.append(query)
        del kept[:-KEPT]

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)

    async def _on_key(self, event: events.Key) -> None:
        kept = recent_queries(self.app, self.history)
        if event.key == "up" and kept:
            event.stop()
            event.prevent_default()
            if self._recalling is None:
                self._typed, self._recalling = self.value, len(kept)
            self._recalling = max(0, self._recalling - 1)
            self._show(kept[self._recalling])
            return
        if event.key == "down" and self._recalling is not None:
            event.stop()
            event.prevent_default()
            self._recalling += 1
            if self._recalling >= len(kept):
                self._recalling = None
                self._show(self._typed)
            else:
                self._show(kept[self._recalling])
            return
        await super()._on_key(event)
