"""The three-way merge of two copies' notes, by note id: nothing a user typed is dropped.

When the notes file changed on disk since a store last read or wrote it (another copy
of the app, a hand edit), :meth:`NotesStore.save` merges what it holds with what is on
disk, against what it last saw (see :func:`merge_notes` for the policy), and says what
it did in a :class:`SaveReport`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.notes.model import CONFLICT_TAG, Note, new_note_id

__all__ = ["MergeResult", "SaveReport", "merge_notes"]


@dataclass(frozen=True)
class SaveReport:
    """What :meth:`NotesStore.save` did.

    ``merged`` is True when the file had been changed by someone else (another copy of
    the app, a hand edit) since this store last read or wrote it, and the two were
    merged. The id tuples say which notes came from disk.
    """

    path: Path
    written: bool = False
    merged: bool = False
    #: notes another copy added, now in this store
    added_from_disk: tuple[str, ...] = ()
    #: notes another copy edited; the merged version is now in this store
    updated_from_disk: tuple[str, ...] = ()
    #: notes another copy deleted (unchanged here), now gone from this store
    deleted_on_disk: tuple[str, ...] = ()
    #: ids of the new notes holding the losing side of an edit conflict
    conflicts: tuple[str, ...] = ()
    #: notes deleted here but edited by another copy: kept, so the edit is not lost
    restored: tuple[str, ...] = ()

    @property
    def from_disk(self) -> tuple[str, ...]:
        """Ids of notes whose current content came from disk (added or edited there)."""
        return self.added_from_disk + self.updated_from_disk

    def describe(self) -> str:
        """A short sentence for the user, or ``""`` when there is nothing to say."""
        if not self.merged:
            return ""

        def n(count: int, what: str) -> str:
            return f"{count} note{'s' if count != 1 else ''} {what}"

        parts = []
        if self.added_from_disk:
            parts.append(n(len(self.added_from_disk), "added by another copy"))
        if self.updated_from_disk:
            parts.append(n(len(self.updated_from_disk), "edited by another copy"))
        if self.deleted_on_disk:
            parts.append(n(len(self.deleted_on_disk), "deleted by another copy"))
        if self.conflicts:
            parts.append(
                n(len(self.conflicts), f"edited in both copies (other version kept, tagged '{CONFLICT_TAG}')")
            )
        if self.restored:
            parts.append(n(len(self.restored), "deleted here but edited by another copy (kept)"))
        return "merged " + "; ".join(parts) if parts else "merged changes from disk (no note differed)"


@dataclass
class MergeResult:
    """The outcome of :func:`merge_notes`: the merged notes by id and what came from where."""

    notes: dict[str, Note]
    added_from_disk: list[str]
    updated_from_disk: list[str]
    deleted_on_disk: list[str]
    conflicts: list[str]
    restored: list[str]


def _pick(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """Three-way pick of one value: (value, conflict?)."""
    if ours == theirs:
        return ours, False
    if ours == base:
        return theirs, False
    if theirs == base:
        return ours, False
    return None, True


def _dedupe(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _merge_one(base: Note | None, ours: Note, theirs: Note) -> tuple[Note, Note | None]:
    """Merge two versions of one note, field by field. Returns (note, conflict copy)."""
    ours_wins = ours.updated >= theirs.updated
    winner, loser = (ours, theirs) if ours_wins else (theirs, ours)

    text, text_conflict = _pick(base.text if base else None, ours.text, theirs.text)
    if text_conflict:
        text = winner.text

    target, target_conflict = _pick(base.target if base else None, ours.target, theirs.target)
    if target_conflict:
        target = winner.target

    tags, tags_conflict = _pick(base.tags if base else None, ours.tags, theirs.tags)
    if tags_conflict:
        # Tags added on either side are kept; tags removed on either side are removed.
        base_tags = set(base.tags) if base else set()
        removed = (base_tags - set(ours.tags)) | (base_tags - set(theirs.tags))
        tags = [t for t in _dedupe([*winner.tags, *loser.tags]) if t not in removed]

    created, created_conflict = _pick(base.created if base else None, ours.created, theirs.created)
    if created_conflict:
        created = min(ours.created, theirs.created)

    merged = Note(
        id=ours.id,
        target=target,
        text=text,
        tags=tags,
        created=created,
        updated=max(ours.updated, theirs.updated),
    )
    copy = None
    if text_conflict:
        copy = Note(
            id=new_note_id(),
            target=loser.target,
            text=loser.text,
            tags=_dedupe([*loser.tags, CONFLICT_TAG]),
            created=loser.created,
            updated=loser.updated,
        )
    return merged, copy


def merge_notes(
    base: Mapping[str, Note], ours: Mapping[str, Note], theirs: Mapping[str, Note]
) -> MergeResult:
    """Three-way merge by note id. ``base`` is the file as this store last read/wrote it,
    ``ours`` is memory, ``theirs`` is the file now on disk.

    Policy (nothing a user typed is ever dropped):

    * added on one side only: kept;
    * deleted on disk, unchanged here: dropped. Deleted on disk but edited here: kept;
    * deleted here, unchanged on disk: stays deleted. Deleted here but edited on disk:
      kept (and reported in ``restored``) - the other copy's edit would otherwise be lost;
    * changed on both sides: merged field by field. A field changed on one side only
      takes that side's value. Tags changed on both sides are merged as sets (additions
      from either side kept, removals from either side applied). When the *text* was
      changed differently on both sides, the version with the later ``updated`` wins
      (ties: this store's) and the other version is kept as a **new note** with the same
      target, its own text and tags plus the tag ``"conflict"``, and the same
      ``created``/``updated`` times (so it sorts next to the original).
    """
    result: dict[str, Note] = {}
    added: list[str] = []
    updated: list[str] = []
    deleted: list[str] = []
    conflicts: list[str] = []
    restored: list[str] = []

    for note_id in _dedupe([*base, *ours, *theirs]):
        b, o, t = base.get(note_id), ours.get(note_id), theirs.get(note_id)
        if o is not None and t is not None:
            if o == t or t == b:
                result[note_id] = o
            elif o == b:
                result[note_id] = t
                updated.append(note_id)
            else:
                merged, copy = _merge_one(b, o, t)
                result[note_id] = merged
                if merged != o:
                    updated.append(note_id)
                if copy is not None:
                    result[copy.id] = copy
                    conflicts.append(copy.id)
        elif o is not None:  # absent on disk
            if b is None or b != o:
                result[note_id] = o  # added here, or edited here and deleted there: keep
            else:
                deleted.append(note_id)
        elif t is not None:  # absent here
            if b is None:
                result[note_id] = t
                added.append(note_id)
            elif t != b:
                result[note_id] = t
                restored.append(note_id)
            # else: deleted here, unchanged on disk: stays deleted
        # else: deleted on both sides
    return MergeResult(result, added, updated, deleted, conflicts, restored)
