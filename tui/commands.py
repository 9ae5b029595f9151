"""Command palette providers: one command per view, and a jump to any item by name."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.text import visible

if TYPE_CHECKING:
    from tui.app import ExplorerApp

__all__ = ["ItemProvider"]


def _highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight``, except that ``text`` is not read as markup (a title such
    as "[/b] x" would stop the search, "[@click=…]" would become a link)."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ItemProvider(Provider):
    """Finds any item or source of the dossier by its title and jumps to it."""

    @property
    def explorer(self) -> ExplorerApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        dossier = self.explorer.dossier
        if dossier is None:  # still loading
            self._titles = []
            return
        from tui.present import item_title

        def titles() -> list[tuple[str, str, str]]:
            things = [*dossier.iter_items(), *dossier.sources]
            return [(thing.id, thing.kind_label, visible(item_title(dossier, thing))[:160]) for thing in things]

        # A big dossier has a hundred thousand titles: made in a thread.
        self._titles = await asyncio.to_thread(titles)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for number, (item_id, kind, title) in enumerate(self._titles):
            if number % 500 == 499:
                await asyncio.sleep(0)  # let the interface breathe between batches
            text = f"{kind}: {title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), partial(self.explorer.go_to_item, item_id),
                          text=text, help=f"Go to this {kind.lower()}")

    async def discover(self) -> Hits:
        for item_id, kind, title in self._titles[:40]:
            yield DiscoveryHit(Content(f"{kind}: {title}"), partial(self.explorer.go_to_item, item_id),
                               help=f"Go to this {kind.lower()}")
