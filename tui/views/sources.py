"""View 6: every source; the bundled text with the selected evidence highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from models.schema import Citation, Item, Source
from tui.messages import ItemHighlighted
from tui.present import describe, emphasis_span, evidence, item_title
from tui.text import literal
from tui.views.base import MARK, dossier_size
from tui.views.registry import view_info
from tui.views.table_view import TableView
from tui.widgets.detail_panel import DetailPanel
from tui.widgets.item_table import cell, column_width
from tui.widgets.source_reader import SourceReader

__all__ = ["SourcesView"]


def citation_status(citation: Citation) -> str:
    """What a citation holds, for the evidence header."""
    if citation.quote is not None:
        return "quote, verified word for word" if citation.checkable else "external quote, not checkable here"
    if citation.summary is not None:
        return "summary, not the source's words"
    return "a place in the source"


def _held(source: Source) -> str:
    """Whether the source's text is bundled (and its quotes checked)."""
    return "bundled ✓" if source.bundled else "external"


class SourcesView(TableView):
    key, name, title, kinds = view_info("sources")

    BINDINGS = [Binding("c", "next_citation", "Next cite", tooltip="Show the item's next citation")]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The item whose evidence is shown, and which of its citations.
        self.evidence_for: Item | None = None
        self.citation_index = 0
        #: What _show_source last showed: (source id, evidence_for, citation index).
        self._source_shown: tuple[str, Item | None, int] | None = None

    def compose_details(self) -> ComposeResult:
        with Vertical(classes="detail-pane source-pane"):
            yield Static("", id="evidence-header")
            yield SourceReader(id="reader")
            yield DetailPanel(id="source-detail")

    @property
    def reader(self) -> SourceReader:
        return self.query_one(SourceReader)

    def on_mount(self) -> None:
        self.table.add_column("Text", key="text")
        self.table.add_column("Type", key="type")
        self.table.add_column("Source", key="title")

    def expected_rows(self) -> int:
        # Under a filter, which sources are cited is worked out over every item.
        return dossier_size(self.dossier) if self.country_filter.active else len(self.dossier.sources)

    def row_ids(self) -> Sequence[str]:
        return [source.id for source in self.country_filter.sources(self.dossier)]

    def cells(self, item_id: str) -> Sequence[Text]:
        # measure() measures the same texts without making the cells: change both.
        source = self.dossier.source(item_id)
        return [
            cell(self.marker(source.id) + _held(source)),
            cell(source.type_label),
            cell(source.title, "bold" if source.bundled else ""),
        ]

    def measure(self, ids: Sequence[str]) -> list[int]:
        """What :meth:`cells` gives, measured as texts (see ``TableView.measure``); the
        title takes the width left."""
        sources: list[Source] = self.items_of(ids)
        noted = self.noted()
        return [
            column_width(f"{MARK if s.id in noted else ''}{_held(s)}" for s in sources),
            column_width(s.type_label for s in sources),
            0,
        ]

    @on(ItemHighlighted)
    def show_details(self, event: ItemHighlighted) -> None:
        event.stop()
        if event.item_id != self.table.current_id:
            return  # a highlight the cursor has already moved on from
        self.refresh_details(event.item_id)

    def refresh_details(self, item_id: str | None = None) -> None:
        """The source's text or details, with the evidence being shown if it is this
        source's (the base view's details would leave the evidence out)."""
        if not self.started:
            return
        item_id = item_id or self.current_id
        if item_id is None or not self.dossier.has_item(item_id):
            return
        item = self.dossier.item(item_id)
        if not isinstance(item, Source):
            return
        if self.evidence_for is not None:
            citation = self.evidence_for.citations[self.citation_index]
            if citation.source != item.id:
                self.evidence_for = None
        if self._shows(item):
            # Shown already: every view switch asks again, and setting the reader's
            # text anew restyled, laid out and painted every line of it (and scrolled
            # it back), benchmarks/README.md "View switches: lines kept".
            return
        self._show_source(item)

    def _shows(self, source: Source) -> bool:
        """Whether the source is on show as _show_source would show it now."""
        shown = self._source_shown
        if shown is None or shown[0] != source.id or shown[1] is not self.evidence_for \
                or shown[2] != self.citation_index:
            return False
        reader = self.reader
        if reader.display:
            return reader.source is not None and reader.source.id == source.id
        return self.query_one("#source-detail", DetailPanel).item_id == source.id  # cleared when empty

    def _show_source(self, source: Source) -> None:
        self._source_shown = (source.id, self.evidence_for, self.citation_index)
        text = self.dossier.text(source.id)
        reader, detail = self.reader, self.query_one("#source-detail", DetailPanel)
        header = self.query_one("#evidence-header", Static)
        span = emphasis = None
        if self.evidence_for is not None:
            item = self.evidence_for
            citation = item.citations[self.citation_index]
            span, emphasis = citation.span, emphasis_span(item, citation)
            total = len(item.citations)
            more = "  (c: next citation)" if total > 1 else ""
            status = citation_status(citation)
            # One line for the item (its full words are in the text below), one for the
            # citation: the header never grows past what it can show.
            title = item_title(self.dossier, item)
            title = title if len(title) <= 70 else title[:69] + "…"
            header.update(Content.assemble(
                ("Evidence for ", "bold"), literal(title, "bold $accent"),
                f"\ncitation {self.citation_index + 1} of {total}, {status}{more}",
            ))
        else:
            header.update(Content.assemble(literal(source.title, "bold"), ("\n" + source.type_label, "dim")))
        header.display = True
        if text is not None:
            reader.display, detail.display = True, False
            reader.show(source, text, span, emphasis)
        else:
            reader.display, detail.display = False, True
            details = describe(self.dossier, source)
            if self.evidence_for is not None:
                # Not bundled: what the citation takes from the source comes first,
                # then the source's fields.
                citation = self.evidence_for.citations[self.citation_index]
                cited = ("What is cited", "bold $accent", evidence(self.dossier, citation, item=self.evidence_for))
                about = Content("\n").join(Content.assemble((f"{label}: ", "bold"), value)
                                           for label, value in details.fields)
                details = replace(details, fields=[], sections=[cited, ("The source", "bold", about)])
            detail.show(source.id, details)

    def open_evidence(self, item: Item, citation_index: int = 0) -> None:
        """Show ``item``'s citation in its source, highlighted and scrolled into view."""
        if not self.started:  # mounted just now: once it is composed
            self.call_later(self.open_evidence, item, citation_index)
            return
        self.evidence_for = item
        self.citation_index = citation_index % len(item.citations)
        source = self.dossier.source(item.citations[self.citation_index].source)
        # The source may be hidden by the country filter: it is shown anyway.
        self.select(source.id)
        self._show_source(source)

    def show_sentence(self, source: Source, index: int) -> None:
        """Show a source with the reader's cursor on one of its sentences."""
        if not self.started:  # mounted just now: once it is composed
            self.call_later(self.show_sentence, source, index)
            return
        self.evidence_for = None
        self.select(source.id)
        self._show_source(source)
        self.reader.set_cursor(index)

    def action_next_citation(self) -> None:
        if self.evidence_for is None:
            self.notify("Open an item's evidence first (enter on any item).", timeout=3)
            return
        self.open_evidence(self.evidence_for, self.citation_index + 1)
