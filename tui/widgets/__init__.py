"""Widgets of the explorer, one per module."""

from tui.widgets.detail_panel import DetailPanel
from tui.widgets.item_table import ItemTable
from tui.widgets.paging import SafePaging
from tui.widgets.source_reader import SourceReader
from tui.widgets.tally_bar import TallyBar

__all__ = ["DetailPanel", "ItemTable", "SafePaging", "SourceReader", "TallyBar"]
