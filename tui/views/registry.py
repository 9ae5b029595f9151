"""Which views there are, without importing them.

The first frame (the tab bar, the number keys) needs only each view's key, name and
title; a view's module, with the domain models it draws on, is imported when the
dossier has been loaded. ``VIEWS`` is the one list every other place is built from:
a view's ``key`` is its number key, its ``kinds`` the kinds of item it is home to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.schema import Dossier
    from tui.views.base import ItemsView

__all__ = ["VIEWS", "VIEW_OF_KIND", "ViewInfo", "Views", "view_info"]


class ViewInfo:
    """One view: its number key, name (its id), title, the kinds of item it is home to
    and where its class lives ("module:Class"). A plain class: this module is imported
    before the first frame."""

    __slots__ = ("key", "kinds", "name", "title", "where")

    def __init__(self, key: str, name: str, title: str, kinds: frozenset[str], where: str) -> None:
        self.key, self.name, self.title, self.kinds, self.where = key, name, title, kinds, where

    def load(self) -> type[ItemsView]:
        """The view's class (importing its module on first use)."""
        module, _, name = self.where.partition(":")
        return getattr(import_module(module), name)


VIEWS: tuple[ViewInfo, ...] = (
    ViewInfo("1", "overview", "Overview", frozenset({"mission", "fact", "figure", "caveat", "council", "loss", "unknown"}),
             "tui.views.overview:OverviewView"),
    ViewInfo("2", "participants", "Participants", frozenset({"participant", "pledge", "deployment"}),
             "tui.views.participants:ParticipantsView"),
    ViewInfo("3", "vote", "Vote", frozenset({"vote", "ballot"}), "tui.views.vote:VoteView"),
    ViewInfo("4", "statements", "Statements", frozenset({"statement"}), "tui.views.statements:StatementsView"),
    ViewInfo("5", "timeline", "Timeline", frozenset({"event"}), "tui.views.timeline:TimelineView"),
    ViewInfo("6", "sources", "Sources", frozenset({"source"}), "tui.views.sources:SourcesView"),
    ViewInfo("7", "notes", "Notes", frozenset({"note"}), "tui.views.notes:NotesView"),
    # The official Council record (the UN's CSV, imported; not the dossier): no dossier item
    # lives there. "UN": the eight titles fill exactly 80 columns.
    ViewInfo("8", "council", "UN", frozenset(), "tui.views.council:CouncilView"),
)

_BY_NAME = {info.name: info for info in VIEWS}

#: Which view an item of each kind lives in (kinds no view claims live in the Overview).
VIEW_OF_KIND = {kind: info.name for info in reversed(VIEWS) for kind in info.kinds}


def view_info(name: str) -> tuple[str, str, str, frozenset[str]]:
    """(key, name, title, kinds) of a view, for its class to take as its own."""
    info = _BY_NAME[name]
    return info.key, info.name, info.title, info.kinds


class Views(Mapping[str, "ItemsView"]):
    """Every view of a dossier by name, each made (and its module imported) the first
    time it is asked for: the main screen shows one view when the dossier arrives, and
    making the other seven then imported their modules on the event loop, before the
    content's first paint (55-70 ms at 1x; benchmarks/README.md, "Content at 1x").
    Their modules are imported in a thread once the content is on screen
    (``tui.loading.after_content``), so a view made on its first visit costs only its
    constructor.

    A view made later is the same as one made at the start: a view reads the country
    filter, the notes and the layout when it is mounted, not when it is made.
    Iterating (``items()``, ``values()``) makes every view, in ``VIEWS`` order.
    """

    __slots__ = ("_dossier", "_made")

    def __init__(self, dossier: Dossier) -> None:
        self._dossier = dossier
        self._made: dict[str, ItemsView] = {}

    def __getitem__(self, name: str) -> ItemsView:
        view = self._made.get(name)
        if view is None:
            view = self._made[name] = _BY_NAME[name].load()(self._dossier, id=name)
        return view

    def __contains__(self, name: object) -> bool:
        return name in _BY_NAME

    def __iter__(self) -> Iterator[str]:
        return (info.name for info in VIEWS)

    def __len__(self) -> int:
        return len(VIEWS)

    def made(self) -> list[str]:
        """The names of the views made so far, in the order they were made."""
        return list(self._made)
