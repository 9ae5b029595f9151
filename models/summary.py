"""The short summary `mss-explorer validate` prints."""

from __future__ import annotations

from collections import Counter

from models.schema import Dossier

__all__ = ["summarize"]


def summarize(dossier: Dossier) -> str:
    counts = Counter(item.kind_label for item in dossier.iter_items())
    citations = [c for item in dossier.iter_items() for c in item.citations]
    citations += [t.citation for v in dossier.votes for t in v.stated_tallies]
    checked = sum(c.checkable for c in citations)
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
    lines.append(
        f"Citations: {len(citations)} ({checked} checked word for word against bundled texts, "
        f"{len(citations) - checked} external, not checkable here)"
    )
    repairs = [(s.id, r) for s in bundled if (t := dossier.text(s.id)) for r in t.repairs]
    lines.append(f"Encoding repairs: {len(repairs)}")
    for source_id, repair in repairs:
        lines.append(f"  {source_id}: {repair.describe()}")
    return "\n".join(lines)
