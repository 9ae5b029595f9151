"""App-wide messages: widgets say what the reader asked for, the screen acts on it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

__all__ = ["ItemHighlighted", "OpenEvidence", "OpenItem"]


@dataclass
class ItemHighlighted(Message):
    """The cursor of a view moved onto an item (its details should show)."""

    item_id: str


@dataclass
class OpenItem(Message):
    """Show an item in the view it belongs to, with its details open."""

    item_id: str


@dataclass
class OpenEvidence(Message):
    """Show an item's evidence in the Sources view."""

    item_id: str
    citation_index: int = 0
