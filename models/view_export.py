"""Exporting what the reader sees: a view's rows as filtered, or search results, as
Markdown, JSON or CSV.

The app turns what is on screen into a :class:`ViewExport` (its columns and rows as
shown, each row's item id, kind and citations worded as :mod:`models.citing` words
them); this module writes it out. Every string leaves through :mod:`models.safe_text`:
no control character goes live in any of the three formats.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date

from models.citing import plain_citation
from models.safe_text import code_span, for_json, for_terminal, md_inline
from models.schema import Dossier, Item, Statement

__all__ = ["FORMATS", "ExportRow", "ViewExport", "citations_of", "default_name", "render"]

#: Format name → (the reader's word for it, file extension).
FORMATS: dict[str, tuple[str, str]] = {"markdown": ("Markdown", ".md"), "json": ("JSON", ".json"),
                                       "csv": ("CSV", ".csv")}


@dataclass(frozen=True)
class ExportRow:
    """One row as shown: its cells (one per column), and what it is."""

    id: str
    cells: tuple[str, ...]
    kind: str = ""
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewExport:
    """What was on screen: a title ("Statements (view 4)"), the scope (the country
    filter, the search query), the columns and the rows in their order."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[ExportRow, ...]
    scope: str = ""
    as_of: str = ""
    notes: tuple[str, ...] = field(default=())


def citations_of(dossier: Dossier, item: Item) -> tuple[str, ...]:
    """Each of the item's citations on one line, worded as ``y`` and the exports word
    them (a direct statement's own words, with its speaker)."""
    words = who = None
    if isinstance(item, Statement):
        who = ", ".join(p for p in (item.speaker.name, item.speaker.office) if p)
        words = item.text if item.mode == "direct" else None
    return tuple(plain_citation(dossier, c, words=words, who=who or "") for c in item.citations)


def default_name(title: str, fmt: str, today: date | None = None) -> str:
    """A file name for the export: ``mss-<title>-<date><ext>``, in plain ASCII."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "export"
    return f"mss-{slug}-{(today or date.today()).isoformat()}{FORMATS[fmt][1]}"


def render(export: ViewExport, fmt: str) -> str:
    """The export in ``fmt`` ("markdown", "json" or "csv")."""
    if fmt == "markdown":
        return _markdown(export)
    if fmt == "json":
        return _json(export)
    if fmt == "csv":
        return _csv(export)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _markdown(export: ViewExport) -> str:
    out = [f"# {md_inline(export.title)}", ""]
    if export.scope:
        out += [f"*{md_inline(export.scope)}*", ""]
    if export.as_of:
        out += [f"The dossier as of {md_inline(export.as_of)}. {len(export.rows)} rows.", ""]
    out += [md_inline(note) for note in export.notes] + ([""] if export.notes else [])
    if not export.rows:
        return for_terminal("\n".join([*out, "_Nothing to export: the view is empty._", ""]))
    out.append("| " + " | ".join(md_inline(c) for c in ("Id", *export.columns)) + " |")
    out.append("|" + "---|" * (len(export.columns) + 1))
    for row in export.rows:
        out.append("| " + " | ".join([code_span(row.id), *(md_inline(c) for c in row.cells)]) + " |")
    cited = [row for row in export.rows if row.citations]
    if cited:
        out += ["", "## Sources", ""]
        for row in cited:
            out.append(f"- {code_span(row.id)}")
            out += [f"  - {md_inline(text)}" for text in row.citations]
    return for_terminal("\n".join(out) + "\n")


def _json(export: ViewExport) -> str:
    data = {
        "title": export.title, "scope": export.scope, "as_of": export.as_of, "notes": list(export.notes),
        "columns": list(export.columns),
        "rows": [{"id": row.id, "kind": row.kind, "cells": dict(zip(export.columns, row.cells, strict=True)),
                  "citations": list(row.citations)} for row in export.rows],
    }
    return for_json(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


#: A cell starting so is a formula to a spreadsheet: it is prefixed with ' (OWASP's advice).
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(text: str) -> str:
    text = for_terminal(text)
    return "'" + text if _FORMULA.match(text) else text


def _csv(export: ViewExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "kind", *export.columns, "citations"])
    for row in export.rows:
        writer.writerow([_cell(row.id), _cell(row.kind), *(_cell(c) for c in row.cells),
                         _cell(" | ".join(row.citations))])
    return buffer.getvalue()
