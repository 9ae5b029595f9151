"""The tally of a vote as a labelled bar that does not rely on colour alone.

Each ballot value has its own glyph as well as its own colour, and the counts are
written out, so the bar reads the same in monochrome (NO_COLOR) and to a screen reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widget import Widget

from tui.text import literal

if TYPE_CHECKING:
    from models.schema import Tally

__all__ = ["TallyBar"]

GLYPHS = {"yes": ("█", "$success"), "no": ("▓", "$error"), "abstain": ("░", "$warning"), "absent": ("·", "dim")}
LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstain", "absent": "Absent"}


class TallyBar(Widget):
    DEFAULT_CSS = """
    TallyBar { height: 2; }
    """

    def __init__(self, tally: Tally, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tally = tally
        self.title = title

    def show(self, tally: Tally, title: str) -> None:
        """Show another vote's tally."""
        if (tally, title) != (self.tally, self.title):
            self.tally, self.title = tally, title
            self.refresh()

    def render(self) -> Content:
        counts = {"yes": self.tally.yes, "no": self.tally.no, "abstain": self.tally.abstain,
                  "absent": self.tally.absent}
        total = sum(counts.values()) or 1
        legend: list[Content | tuple[str, str] | str] = []
        for key, count in counts.items():
            if key == "absent" and not count:
                continue
            glyph, style = GLYPHS[key]
            legend += [(glyph, style), f" {LABELS[key]} {count}   "]
        width = max(10, self.content_size.width)
        # However long the resolution's name, the counts stay on the line.
        counts_line = Content.assemble(*legend)
        room = max(10, width - counts_line.rstrip().cell_length - 2)
        title = literal(self.title, "bold")
        if title.cell_length > room:
            title = title.truncate(room, ellipsis=True)
        legend = [title, "  ", counts_line]
        bar: list[tuple[str, str]] = []
        used = 0
        keys = [k for k in counts if counts[k]]
        for index, key in enumerate(keys):
            cells = width - used if index == len(keys) - 1 else round(width * counts[key] / total)
            used += cells
            bar.append((GLYPHS[key][0] * cells, GLYPHS[key][1]))
        return Content.assemble(*legend, "\n", *bar)
