"""A bundled source text, read sentence by sentence, with the evidence highlighted.

Each line of the text is its own widget, so the highlighted evidence can be scrolled
into view exactly. j/k move a sentence cursor (a note can be attached to the
sentence under it); the quoted words of the evidence being shown are underlined and
coloured; repaired characters are marked and the repairs are listed at the top.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from models.schema import Source
from models.sources import Sentence, SourceText
from tui.text import literal

__all__ = ["SourceReader"]

CURSOR_STYLE = "on $boost"
EVIDENCE_STYLE = "underline $text-accent"
EMPHASIS_STYLE = "bold underline $accent"
REPAIR_STYLE = "italic $warning"


class SourceReader(VerticalScroll, can_focus=True):
    """The text of one source; ``show`` it with a span to highlight."""

    BINDINGS = [
        Binding("j,down", "move(1)", "Next sentence", show=False),
        Binding("k,up", "move(-1)", "Previous sentence", show=False),
        Binding("g,home", "first", "First sentence", show=False),
        Binding("G,end", "last", "Last sentence", show=False),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    @dataclass
    class SentenceHighlighted(Message):
        reader: SourceReader
        source_id: str
        sentence: Sentence

        @property
        def control(self) -> SourceReader:
            return self.reader

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: Source | None = None
        self.text: SourceText | None = None
        self.span: tuple[int, int] | None = None
        self.emphasis: tuple[int, int] | None = None
        self._lines: list[tuple[int, int]] = []
        #: Set while a shown span still has to be scrolled into view (True: centred).
        self._pending_center: bool | None = None

    def show(
        self,
        source: Source,
        text: SourceText | None,
        span: tuple[int, int] | None = None,
        emphasis: tuple[int, int] | None = None,
    ) -> None:
        """Show a source; scroll its evidence ``span`` (if any) into view, the words
        that matter most in it (``emphasis``) marked more strongly."""
        same = self.source is not None and self.source.id == source.id
        self.source, self.text, self.span, self.emphasis = source, text, span, emphasis
        if not same:
            self._rebuild()
        target = 0
        if text is not None and span is not None:
            target = text.sentence_at(span[0]).index
        if same and span is None:
            target = self.cursor
        self.set_cursor(target)
        self._paint()
        # The lines may still be laid out: scroll now, and again whenever the
        # layout changes, until the reader moves the cursor.
        self._pending_center = span is not None
        self.call_after_refresh(self._scroll_to_cursor, center=self._pending_center)

    def set_cursor(self, index: int) -> None:
        if self.text is None:
            return
        index = max(0, min(index, len(self.text.sentences) - 1))
        if index != self.cursor:
            self.cursor = index
        else:
            self._announce()

    def _rebuild(self) -> None:
        self.remove_children()
        if self.text is None:
            self._lines = []
            return
        widgets: list[Static] = []
        if self.text.repairs:
            lines = ["Encoding repairs in this text (shown in italics below):"]
            lines += [f"  {repair.describe()}" for repair in self.text.repairs]
            widgets.append(Static(literal("\n".join(lines)), classes="repairs"))
        self._lines = []
        offset = 0
        for line in self.text.text.split("\n"):
            self._lines.append((offset, offset + len(line)))
            offset += len(line) + 1
        widgets += [Static("", classes="source-line") for _ in self._lines]
        self.mount_all(widgets)

    def _paint(self) -> None:
        if self.text is None:
            return
        lines = list(self.query(".source-line").results(Static))
        text = self.text.text
        cursor = self.text.sentences[self.cursor] if self.text.sentences else None
        for widget, (start, end) in zip(lines, self._lines):
            content = literal(text[start:end] or " ")
            for repair in self.text.repairs:
                a, b = repair.repaired_start, repair.repaired_end
                if a < end and b > start:
                    content = content.stylize(REPAIR_STYLE, max(a, start) - start, min(b, end) - start)
            if cursor and cursor.start < end and cursor.end > start:
                content = content.stylize_before(CURSOR_STYLE, max(cursor.start, start) - start,
                                                 min(cursor.end, end) - start)
            for span, style in ((self.span, EVIDENCE_STYLE), (self.emphasis, EMPHASIS_STYLE)):
                if span and span[0] < end and span[1] > start:
                    content = content.stylize(style, max(span[0], start) - start, min(span[1], end) - start)
            widget.update(content)

    def _line_of(self, offset: int) -> int:
        for index, (start, end) in enumerate(self._lines):
            if start <= offset <= end:
                return index
        return 0

    def _scroll_to_cursor(self, center: bool = False) -> None:
        if self.text is None or not self.text.sentences:
            return
        lines = list(self.query(".source-line").results(Static))
        if not lines:
            return
        sentence = self.text.sentences[self.cursor]
        widget = lines[self._line_of(sentence.start)]
        if center:
            # Evidence: its paragraph near the top, with a little context above it.
            # (Not centred: the centre moves with the height of the header above.)
            self.scroll_to(y=max(0, widget.virtual_region.y - 3), animate=False)
        else:
            self.scroll_to_widget(widget, animate=False)

    def watch_cursor(self) -> None:
        self._paint()
        self._scroll_to_cursor()
        self._announce()

    def _announce(self) -> None:
        if self.text is not None and self.source is not None and self.text.sentences:
            self.post_message(self.SentenceHighlighted(self, self.source.id, self.text.sentences[self.cursor]))

    def watch_virtual_size(self) -> None:
        if self._pending_center is not None:
            self._scroll_to_cursor(center=self._pending_center)

    def on_resize(self) -> None:
        self.watch_virtual_size()

    def action_move(self, delta: int) -> None:
        self._pending_center = None
        self.set_cursor(self.cursor + delta)

    def action_first(self) -> None:
        self._pending_center = None
        self.set_cursor(0)

    def action_last(self) -> None:
        self._pending_center = None
        if self.text is not None:
            self.set_cursor(len(self.text.sentences) - 1)

    @property
    def current_sentence(self) -> Sentence | None:
        if self.text is None or not self.text.sentences:
            return None
        return self.text.sentences[self.cursor]

