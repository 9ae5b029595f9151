"""The views of the explorer, one module each, switched by number keys."""

from tui.views.base import ItemsView
from tui.views.overview import OverviewView
from tui.views.participants import ParticipantsView
from tui.views.sources import SourcesView
from tui.views.statements import StatementsView
from tui.views.vote import VoteView

__all__ = ["ItemsView", "OverviewView", "ParticipantsView", "SourcesView", "StatementsView", "VoteView"]
