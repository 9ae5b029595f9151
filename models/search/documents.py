"""What search finds: the kinds of document, in the order results are grouped, the
ids of bundled sentences, and :class:`SearchDoc`, one document as it is shown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: The order in which result groups are shown (and documents are numbered).
KIND_ORDER: tuple[str, ...] = (
    "mission",
    "fact",
    "participant",
    "pledge",
    "deployment",
    "vote",
    "ballot",
    "council",
    "statement",
    "event",
    "figure",
    "loss",
    "unknown",
    "caveat",
    "source",
    "sentence",
    "note",
)

KIND_LABELS: dict[str, str] = {
    "mission": "Mission",
    "fact": "Fact",
    "participant": "Participant",
    "pledge": "Pledge",
    "deployment": "Deployment",
    "vote": "Vote",
    "ballot": "Ballot",
    "council": "Council membership",
    "statement": "Statement",
    "event": "Event",
    "figure": "Figure",
    "loss": "Personnel lost",
    "unknown": "Not known",
    "caveat": "Caveat",
    "source": "Source",
    "sentence": "Sentence",
    "note": "Note",
}

KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}


# -- sentence ids ------------------------------------------------------------------------

_SENTENCE_ID = re.compile(r"^(?P<source>.+):s(?P<index>\d+)$")


def sentence_id(source_id: str, index: int) -> str:
    """The search id of sentence ``index`` of a bundled source text: "article:s3"."""
    return f"{source_id}:s{index}"


def parse_sentence_id(doc_id: str) -> tuple[str, int] | None:
    """(source id, sentence index) for an id made by :func:`sentence_id`, else None."""
    match = _SENTENCE_ID.match(doc_id)
    if match is None:
        return None
    return match["source"], int(match["index"])

# -- documents ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One thing search can find. Make one with :meth:`create`.

    The index keeps its documents in a compact form and makes a :class:`SearchDoc` only
    for what is looked at (the hits shown, :meth:`SearchIndex.doc`)."""

    id: str
    """The item's id; for a sentence "source:sN" (see :func:`sentence_id`); a note's id."""
    kind: str
    """One of :data:`KIND_ORDER`."""
    kind_label: str
    title: str
    """One line naming it: "China — abstain on S/RES/2699 (2023)"."""
    text: str
    """The display text: ``title``, then a line break and ``body`` when there is one.
    Highlight spans index into this string."""
    keywords: str
    """Words it is also found by, not displayed (country names and aliases…)."""
    country_codes: tuple[str, ...]
    """Countries for the country filter."""
    target: str
    """The id to open: the item or source itself, a sentence's source, a note's item."""

    @classmethod
    def create(
        cls,
        id: str,
        kind: str,
        title: str,
        body: str = "",
        keywords: str = "",
        country_codes: Iterable[str] = (),
        target: str | None = None,
        kind_label: str | None = None,
    ) -> SearchDoc:
        title = " ".join(title.split())
        body = body.strip()
        return cls(
            id=id,
            kind=kind,
            kind_label=kind_label or KIND_LABELS.get(kind, kind.title()),
            title=title,
            text=f"{title}\n{body}" if body else title,
            keywords=keywords,
            country_codes=tuple(dict.fromkeys(country_codes)),
            target=target or id,
        )

    @property
    def body(self) -> str:
        """The display text after the title ("" when there is none)."""
        return self.text[len(self.title) + 1 :]

    def parts(self) -> list[tuple[str, int]]:
        """(title, 0) and, when there is a body, (body, where it starts in ``text``)."""
        parts = [(self.title, 0)]
        if len(self.text) > len(self.title):
            parts.append((self.body, len(self.title) + 1))
        return parts


