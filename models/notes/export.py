"""The notes as they leave the app: JSON and Markdown (``mss-explorer notes --format``).

Nothing in a note can become live in what these write: control characters are made
visible (:mod:`models.safe_text`), and no note's text can become Markdown structure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from models.notes.file_format import FORMAT_VERSION
from models.notes.model import Note, format_time
from models.safe_text import code_span, for_json, for_terminal, md_inline, md_lines

__all__ = ["notes_to_json", "notes_to_markdown"]


def notes_to_json(notes: Iterable[Note], cited: Mapping[str, list[str]] | None = None) -> str:
    """All notes as JSON: ``{"version": 1, "notes": [...]}``, sorted, times as UTC strings.
    With ``cited`` (target id → its citations, see :mod:`models.note_citations`) each
    note whose target is in it carries them as ``"cited"``."""
    ordered = sorted(notes, key=lambda n: n.sort_key)
    dumped = []
    for note in ordered:
        data = note.model_dump(mode="json")
        if cited is not None and note.target is not None and note.target.item_id in cited:
            data["cited"] = cited[note.target.item_id]
        dumped.append(data)
    payload = {"version": FORMAT_VERSION, "notes": dumped}
    return for_json(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def notes_to_markdown(notes: Iterable[Note], dossier_labels: Mapping[str, str] | None = None,
                      cited: Mapping[str, list[str]] | None = None) -> str:
    """All notes as Markdown, grouped by the item they are attached to.

    ``dossier_labels`` maps the current dossier's item ids to their labels; when given,
    a note whose item is not in it is marked as orphaned (its saved label is shown).
    Note text keeps its words and lines, but none can become Markdown structure (see
    :func:`models.safe_text.md_lines`); ids and tags are code spans.
    """
    ordered = sorted(notes, key=lambda n: n.sort_key)
    groups: dict[str | None, list[Note]] = {}
    for note in ordered:
        groups.setdefault(note.target.item_id if note.target else None, []).append(note)

    out = ["# MSS Explorer notes", ""]
    if not ordered:
        out += ["_No notes._", ""]
    for item_id, group in groups.items():
        if item_id is None:
            out.append("## Notes not attached to an item")
        else:
            target = group[0].target
            assert target is not None
            label = target.label
            orphan = ""
            if dossier_labels is not None:
                if item_id in dossier_labels:
                    label = dossier_labels[item_id]
                else:
                    orphan = " — _orphaned: no longer in the dossier_"
            out.append(f"## {md_inline(label)} ({md_inline(target.kind)} {code_span(item_id)}){orphan}")
            if cited and cited.get(item_id):
                out += ["", "Cited:", *(f"- {md_inline(line)}" for line in cited[item_id])]
        out.append("")
        for note in group:
            stamp = f"created {format_time(note.created)}"
            if note.updated != note.created:
                stamp += f", updated {format_time(note.updated)}"
            out.append(f"### {code_span(note.id)} · {stamp}")
            if note.tags:
                out.append("Tags: " + ", ".join(code_span(tag) for tag in note.tags))
            out.append("")
            out.append(md_lines(note.text))
            out.append("")
    return for_terminal("\n".join(out).rstrip("\n") + "\n")
