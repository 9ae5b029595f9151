"""What the whole session shares, typed: the one place screens and views read it from.

The app owns one :class:`UiState` (``ExplorerApp.state``); screens and views reach it
with :func:`explorer` (the one cast from Textual's untyped ``node.app``). The country
filter is not here but the app's reactive ``ExplorerApp.country_filter``, because a
reactive lives on a Textual node: views watch it (see ``ItemsView.on_mount``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from models.countries import CountryIndex
    from models.notes import Note, NotesStore
    from models.schema import Dossier
    from models.search import SearchIndex
    from tui.app import ExplorerApp

__all__ = ["UiState", "explorer"]


@dataclass
class UiState:
    """The dossier, the notes and what is built from them (None until loaded)."""

    #: The dossier shown (None while it loads).
    dossier: Dossier | None = None
    #: The reader's notes (None while the dossier loads).
    notes: NotesStore | None = None
    #: Country names, codes and aliases, for the picker.
    country_index: CountryIndex | None = None
    #: Built in a thread after the first screen is up (``ExplorerApp.build_search_index``).
    search_index: SearchIndex | None = None
    #: Why the search index could not be built (None: it is built, or being built).
    search_failed: str | None = None
    #: The imported Council record (``--votes``; None: the one in the user data dir).
    votes_path: Path | None = None
    #: Counts changes to the notes: an index built meanwhile is given the notes again.
    notes_version: int = 0

    # -- questions the views ask about notes --------------------------------------------

    def has_notes(self, item_id: str) -> bool:
        return self.notes is not None and self.notes.has_notes(item_id)

    def notes_text_for(self, item_id: str) -> list[str]:
        return [note.text for note in self.notes.for_item(item_id)] if self.notes is not None else []

    def note_is_orphan(self, note: Note) -> bool:
        """True when the note's item is gone from the dossier (its words are kept)."""
        from models.targets import target_of

        if note.target is None or self.dossier is None:
            return False
        return target_of(self.dossier, note.target.item_id) is None

    def note_target_title(self, note: Note) -> str:
        if note.target is None:
            return "(no target)"
        if self.note_is_orphan(note):
            return f"(orphaned) {note.target.label}"
        return note.target.label


def explorer(node: DOMNode) -> ExplorerApp:
    """The explorer app ``node`` runs in, typed (Textual types ``node.app`` as ``App``)."""
    return cast("ExplorerApp", node.app)
