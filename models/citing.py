"""A citation as plain text, one wording for the clipboard and the exports.

The three kinds of citation text stay apart here as everywhere: a quote stands in
quotation marks (the source's own words), a summary is labelled as the dossier's
summary and never quoted, a locator says where in the source. A field that is not
known (a publisher, a date) is left out, never written as "Unknown".
"""

from __future__ import annotations

from models.edtf import parse_edtf
from models.schema import Citation, Dossier, Source

__all__ = ["SUMMARY_LABEL", "cited_words", "plain_citation", "source_line"]

#: How a summary is introduced wherever it is shown.
SUMMARY_LABEL = "Summary (the dossier's words, not the source's)"


def _when(edtf: str) -> str:
    return parse_edtf(edtf).label()


def source_line(source: Source) -> str:
    """Title, publisher and date, each only when known."""
    return ", ".join(p for p in (source.title, source.publisher, _when(source.date) if source.date else "") if p)


def cited_words(citation: Citation, words: str | None = None) -> str:
    """What the citation takes from its source: ``words`` (a part of its quote, such
    as a statement's own words) or the whole quote, in quotation marks; and the
    dossier's summary, labelled; or nothing."""
    parts = []
    if citation.quote is not None:
        shown = words if words is not None and words in citation.quote else citation.quote
        parts.append(f"“{shown}”")
    if citation.summary is not None:
        parts.append(f"{SUMMARY_LABEL}: {citation.summary}")
    return "; ".join(parts)


def plain_citation(dossier: Dossier, citation: Citation, *, words: str | None = None, who: str = "") -> str:
    """The whole citation on one line: who, the words, the source (title, publisher,
    date), where in it, its URL or where the words were read, and whether the words
    could be checked."""
    source = dossier.source(citation.source)
    said = cited_words(citation, words)
    head = f"{who}: {said}" if who and said else (who or said)
    parts = [p for p in (head, source_line(source)) if p]
    details = [p for p in (citation.locator, source.url or citation.read_at) if p]
    text = " — ".join(parts) + "".join(f", {p}" for p in details)
    if citation.quote is not None and not citation.checkable:
        read = f", read {_when(citation.read_on)}" if citation.read_on else ""
        text += f" (external quote{read}; its wording cannot be checked here)"
    elif citation.quote is not None:
        text += " (checked word for word against the bundled text)"
    return text
