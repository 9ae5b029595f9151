"""Where a dossier's facts come from: its sources, the citations that name them, and
the countries it knows.

A :class:`Citation` holds a quote (the source's own words), a summary (the dossier's
words) or a locator, and is told apart by which everywhere it is shown.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from models.dossier.fields import CountryCode, Derived, Edtf, Int, ItemId, Str, Text, Url, record

__all__ = ["SOURCE_KIND_LABELS", "Citation", "Country", "Source", "SourceKind", "pack_span"]

#: A citation's span is kept as ``start * _SPAN_BASE + end`` (see ``Citation.set_span``);
#: a span's end is below it (a bundled text is read up to 64 MB: models/sources.py).
_SPAN_BASE = 1 << 32


# Shared strings. A citation's ``source`` and ``read_at`` repeat from citation to citation
# (1,000x: 167,000 source ids for 10,000 sources): the loader's checks give each citation
# its source's own id string and one string per ``read_at`` (models/dossier/checks.py,
# ``_share``), as they look at every citation anyway. They were interned as they were
# validated (``SHARED``, a Python call per value from pydantic: 1,000x, 70 ms -> see
# benchmarks/README.md, "The checks in bulk"); the memory is the same.
@record
class Citation(Derived):
    """Where an item comes from: a source, and what the dossier takes from it.

    Three kinds of text, told apart everywhere they are shown:

    * ``quote``: the source's own words, exactly as printed. A quote of a bundled text
      is checked word for word at load; a quote of an external source records when
      (``read_on``) and where (``read_at``: the URL or document symbol) it was read,
      and is shown as not checkable here.
    * ``summary``: the dossier's own account of what the source says. Never shown in
      quotation marks: always labelled as the dossier's summary.
    * ``locator``: where in the source (page, paragraph, meeting symbol, row).

    A citation has at least one of the three.
    """

    source: ItemId
    """Id of the cited source (one string per source, shared by its citations)."""
    quote: Text | None = None
    """The words as the source prints them (after encoding repairs, for bundled texts)."""
    summary: Text | None = None
    """The dossier's account of what the source says, in the dossier's own words."""
    locator: Text | None = None
    """Where in the source: page, paragraph, meeting symbol, record id, row."""
    occurrence: Int = Field(default=1, ge=1)
    """Which occurrence of ``quote`` is meant, when it occurs more than once."""
    read_on: Edtf | None = None
    """When an external quote's words were read (required for one)."""
    read_at: Text | None = None
    """Where an external quote's words were read: a URL or a document symbol (required for one)."""

    def __post_init__(self) -> None:
        if self.quote is None and self.summary is None and self.locator is None:
            raise ValueError("a citation needs a quote, a summary or a locator")

    @property
    def span(self) -> tuple[int, int] | None:
        """Start and end of the quote in the (repaired) source text, once checked."""
        packed = getattr(self, "_derived", None)
        return None if packed is None else divmod(packed, _SPAN_BASE)

    @property
    def checkable(self) -> bool:
        """True when the quote was found in a bundled text; False otherwise."""
        return getattr(self, "_derived", None) is not None

    def set_span(self, span: tuple[int, int]) -> None:
        """Record where the quote was found in its bundled text (by the loader, once)."""
        self.set_packed_span(pack_span(span))

    def set_packed_span(self, packed: int) -> None:
        """Record a span packed by :func:`pack_span` (the loader packs each distinct
        quote's span once; many citations quote the same words)."""
        # Set as _set_derived does, one call fewer (167,000 citations at 1,000x).
        object.__setattr__(self, "_derived", packed)


def pack_span(span: tuple[int, int]) -> int:
    """A span as a citation keeps it: start and end in one int (40 bytes), not a tuple of
    two ints (about 120): at 1,000x 146,000 citations have a span, 8 MB as tuples
    (benchmarks/README.md, "Memory at 1,000x"). ValueError for a span within no text."""
    start, end = span
    if not (0 <= start and 0 <= end < _SPAN_BASE):
        raise ValueError(f"a span within a text: {span}")
    return start * _SPAN_BASE + end


SourceKind = Literal[
    "news_article",
    "news_report",
    "un_record",
    "un_press_release",
    "un_data",
    "un_report",
    "government_statement",
    "mission_statement",
    "other",
]

SOURCE_KIND_LABELS: dict[str, str] = {
    "news_article": "News article",
    "news_report": "News reporting",
    "un_record": "UN record",
    "un_press_release": "UN press release",
    "un_data": "UN data",
    "un_report": "UN report",
    "government_statement": "Government statement",
    "mission_statement": "Mission statement",
    "other": "Other",
}


@record
class Source:
    """Where facts come from. A source with ``text_file`` has its full text bundled."""

    kind: ClassVar[str] = "source"
    kind_label: ClassVar[str] = "Source"

    id: ItemId
    type: SourceKind
    title: Text
    publisher: Text | None = None
    """None when the source does not name its publisher (say so in ``note``)."""
    date: Edtf | None = None
    """Publication date; None when the source is undated (say why in ``note``)."""
    url: Url | None = None
    text_file: Str | None = None
    """Path of the bundled text, relative to the dossier file."""
    note: Str = ""

    @property
    def bundled(self) -> bool:
        return self.text_file is not None

    @property
    def type_label(self) -> str:
        return SOURCE_KIND_LABELS[self.type]

    def label(self) -> str:
        return self.title


@record
class Country:
    """A country as ISO 3166-1 knows it, with the names people type or articles use."""

    code: CountryCode
    """ISO 3166-1 alpha-3 code."""
    name: Text
    aliases: list[Text] = Field(default_factory=list)

