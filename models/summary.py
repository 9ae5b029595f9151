"""The short summary `mss-explorer validate` prints."""

from __future__ import annotations

from collections import Counter

from models.edtf import parse_edtf
from models.schema import Citation, Dossier
from models.vote_grid import votes_in_order

__all__ = ["summarize"]


def summarize(dossier: Dossier) -> str:
    counts = Counter(item.kind_label for item in dossier.iter_items())
    citations = [c for _, c in dossier.iter_citations()]
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
    lines += _resolutions(dossier)
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


def _resolutions(dossier: Dossier) -> list[str]:
    """Each resolution with its tally and how its ballots are known."""
    if not dossier.votes:
        return []
    lines = [f"Resolutions: {len(dossier.votes)} (yes–no–abstain; ballots read from a source / derived from "
             "the stated tally and that year's membership)"]
    for vote in votes_in_order(dossier):
        bases = Counter(b.basis for b in vote.ballots)
        abstained = [b.country for b in vote.ballots if b.vote == "abstain"]
        against = [b.country for b in vote.ballots if b.vote == "no"]
        who = "".join(f"; {label} {', '.join(codes)}" for label, codes in (("against", against),
                                                                             ("abstaining", abstained)) if codes)
        lines.append(f"  {vote.resolution:<20} {vote.date:<11} {vote.tally.text():<10} "
                     f"{bases['read']:>2} read, {bases['derived']:>2} derived{who}")
    return lines
