"""The short summary `mss-explorer validate` prints."""

from __future__ import annotations

from collections import Counter

from models.edtf import parse_edtf
from models.schema import Citation, Dossier

__all__ = ["summarize"]


def summarize(dossier: Dossier) -> str:
    counts = Counter(item.kind_label for item in dossier.iter_items())
    citations = [c for item in dossier.iter_items() for c in item.citations]
    citations += [t.citation for v in dossier.votes for t in v.stated_tallies]
    lines = [f"{dossier.path}: OK — {dossier.title} (as of {dossier.as_of})", ""]
    lines.append("Items:")
    width = max(len(k) for k in counts) if counts else 0
    for kind, count in counts.items():
        lines.append(f"  {kind:<{width}}  {count:>5}")
    lines.append(f"  {'Total':<{width}}  {sum(counts.values()):>5}")
    lines.append("")
    bundled = [s for s in dossier.sources if s.bundled]
    lines.append(
        f"Sources: {len(dossier.sources)} ({len(bundled)} bundled, {len(dossier.sources) - len(bundled)} external)"
    )
    lines.append(f"Countries: {len(dossier.countries)}")
    lines += _citation_counts(citations)
    repairs = [(s.id, r) for s in bundled if (t := dossier.text(s.id)) for r in t.repairs]
    lines.append(f"Encoding repairs: {len(repairs)}")
    for source_id, repair in repairs:
        lines.append(f"  {source_id}: {repair.describe()}")
    return "\n".join(lines)


def _citation_counts(citations: list[Citation]) -> list[str]:
    """What the citations hold: quotes checked against bundled texts, external quotes
    (with when they were read), the dossier's summaries, and locators."""
    checked = [c for c in citations if c.quote is not None and c.checkable]
    external = [c for c in citations if c.quote is not None and not c.checkable]
    summaries = sum(c.summary is not None for c in citations)
    locators = sum(c.locator is not None for c in citations)
    rows = [
        ("quotes checked word for word against bundled texts", len(checked)),
        ("external quotes, not checkable here", len(external)),
        ("summaries (the dossier's words, never quoted)", summaries),
        ("locators (where in the source)", locators),
    ]
    lines = [f"Citations: {len(citations)}"] + [f"  {label:<52} {count:>5}" for label, count in rows]
    read = Counter(c.read_on for c in external if c.read_on)
    for read_on, count in sorted(read.items()):
        lines.append(f"    read {parse_edtf(read_on).label()}: {count} external quote{'s' if count != 1 else ''}")
    return lines
