"""Widgets of the explorer, one per module (imported on first use: some draw on the
domain models, which the first frame does without)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "DetailPanel": "tui.widgets.detail_panel",
    "ItemList": "tui.widgets.item_list",
    "ItemTable": "tui.widgets.item_table",
    "LazyRows": "tui.widgets.lazy_rows",
    "SafePaging": "tui.widgets.paging",
    "SourceReader": "tui.widgets.source_reader",
    "TallyBar": "tui.widgets.tally_bar",
    "ViewTabs": "tui.widgets.view_tabs",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
