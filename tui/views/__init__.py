"""The views of the explorer, one module each, switched by number keys.

``VIEW_CLASSES`` is the registry the main screen is built from: a view's ``key`` is
its number key, its ``kinds`` the kinds of item it is home to.
"""

from tui.views.base import ItemsView
from tui.views.notes import NotesView
from tui.views.overview import OverviewView
from tui.views.participants import ParticipantsView
from tui.views.sources import SourcesView
from tui.views.statements import StatementsView
from tui.views.timeline import TimelineView
from tui.views.vote import VoteView

VIEW_CLASSES: list[type[ItemsView]] = [
    OverviewView,
    ParticipantsView,
    VoteView,
    StatementsView,
    TimelineView,
    SourcesView,
    NotesView,
]

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
