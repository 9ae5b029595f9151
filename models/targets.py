"""What a note (or a search hit) can point at: an item, a source, or a sentence of a
bundled source text, by one stable id."""

from __future__ import annotations

from dataclasses import dataclass

from models.notes import NoteTarget
from models.schema import Dossier, Item, Source
from models.search import parse_sentence_id, sentence_id
from models.sources import Sentence

__all__ = ["SentenceRef", "Target", "note_target", "sentence_target", "target_of"]


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """One sentence of a bundled source text."""

    source: Source
    sentence: Sentence

    @property
    def id(self) -> str:
        return sentence_id(self.source.id, self.sentence.index)


Target = Item | Source | SentenceRef


def target_of(dossier: Dossier, target_id: str) -> Target | None:
    """The item, source or sentence with this id, or None when the dossier has none."""
    if dossier.has_item(target_id):
        return dossier.item(target_id)
    parsed = parse_sentence_id(target_id)
    if parsed is None:
        return None
    source_id, index = parsed
    text = dossier.text(source_id) if dossier.has_item(source_id) else None
    if text is None or not 0 <= index < len(text.sentences):
        return None
    return SentenceRef(dossier.source(source_id), text.sentences[index])


def sentence_target(source: Source, sentence: Sentence) -> NoteTarget:
    return NoteTarget(item_id=sentence_id(source.id, sentence.index), kind="sentence",
                      label=f"{source.title}, sentence {sentence.index + 1}: {sentence.text}")


def note_target(item: Item | Source, title: str) -> NoteTarget:
    """A note's target for an item; ``title`` is the item's words as shown to the reader."""
    return NoteTarget(item_id=item.id, kind=item.kind, label=title)
