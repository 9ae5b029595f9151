"""Which views there are, without importing them.

The first frame (the tab bar, the number keys) needs only each view's key, name and
title; a view's module, with the domain models it draws on, is imported when the
dossier has been loaded. ``VIEWS`` is the one list every other place is built from:
a view's ``key`` is its number key, its ``kinds`` the kinds of item it is home to.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.views.base import ItemsView

__all__ = ["VIEWS", "VIEW_OF_KIND", "ViewInfo", "view_info"]


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
)

_BY_NAME = {info.name: info for info in VIEWS}

#: Which view an item of each kind lives in (kinds no view claims live in the Overview).
VIEW_OF_KIND = {kind: info.name for info in reversed(VIEWS) for kind in info.kinds}


def view_info(name: str) -> tuple[str, str, str, frozenset[str]]:
    """(key, name, title, kinds) of a view, for its class to take as its own."""
    info = _BY_NAME[name]
    return info.key, info.name, info.title, info.kinds
