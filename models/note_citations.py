"""What a note's item cites, for the notes exports: its quote (or the dossier's
labelled summary) and its source, worded as everywhere else (:mod:`models.citing`)."""

from __future__ import annotations

from collections.abc import Iterable

from models.citing import source_line
from models.notes import Note
from models.schema import Dossier, Item, Source
from models.targets import SentenceRef, target_of
from models.view_export import citations_of

__all__ = ["cited_for_notes"]


def _source(source: Source) -> str:
    return ", ".join(p for p in (source_line(source), source.url) if p)


def cited_for_notes(dossier: Dossier, notes: Iterable[Note]) -> dict[str, list[str]]:
    """For each note's target still in the dossier (by id): its citations, one line
    each; a sentence of a bundled text is quoted with its source; a source is named."""
    cited: dict[str, list[str]] = {}
    for note in notes:
        if note.target is None or note.target.item_id in cited:
            continue
        target = target_of(dossier, note.target.item_id)
        if isinstance(target, Item):
            cited[note.target.item_id] = list(citations_of(dossier, target))
        elif isinstance(target, SentenceRef):
            place = f"sentence {target.sentence.index + 1}"
            cited[note.target.item_id] = [f"“{target.sentence.text}” — {_source(target.source)}, {place} "
                                          "(checked: the bundled text's own words)"]
        elif isinstance(target, Source):
            cited[note.target.item_id] = [_source(target)]
    return cited
