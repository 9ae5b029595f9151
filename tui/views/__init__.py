"""The views of the explorer, one module each, switched by number keys.

:mod:`tui.views.registry` lists them without importing them (the first frame needs
only their keys and titles). ``VIEW_CLASSES`` and the view classes themselves are
imported from here on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "VIEW_CLASSES",
    "ItemsView",
    "NotesView",
    "OverviewView",
    "ParticipantsView",
    "SourcesView",
    "StatementsView",
    "TimelineView",
    "VoteView",
]


def __getattr__(name: str) -> Any:
    from tui.views.registry import VIEWS

    if name == "VIEW_CLASSES":
        return [info.load() for info in VIEWS]
    if name == "ItemsView":
        from tui.views.base import ItemsView

        return ItemsView
    for info in VIEWS:
        if info.where.endswith(f":{name}"):
            return info.load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
