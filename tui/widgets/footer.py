"""The footer, without the leak of Textual 8.2.8's.

Textual's Footer binds each key it shows to its own ``compact`` (``data_bind``); when it
shows other keys (every change of focus), the bindings of the keys it removed stay in
its list of watchers, which is pruned only when ``compact`` changes, which it never
does here. Every key ever shown then lives as long as the app: hundreds of widgets
after a few minutes, each one more for every garbage collection to walk (the walks
grew past 100 ms). This footer drops those bindings after each change.
"""

from __future__ import annotations

from textual.widgets import Footer

__all__ = ["ExplorerFooter"]


class ExplorerFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers if node.is_attached]
