"""A member's ballots per year, drawn as one stacked bar a year.

Each kind of ballot has its own character as well as its colour (█ yes, ▓ no,
▒ abstain, ░ did not vote), so the chart reads the same without colour
(``NO_COLOR``) and in a screenshot. The bars share one scale: the longest is the
year with the most resolutions voted on; a year with fewer is shorter.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.widget import Widget

__all__ = ["KINDS", "YearBars"]

#: (ballot, character, style, short label)
KINDS = (
    ("yes", "█", "green", "yes"),
    ("no", "▓", "bold red", "no"),
    ("abstain", "▒", "yellow", "abst"),
    ("absent", "░", "dim", "nv"),
)


class YearBars(Widget):
    """Counts per year (``{year: Counter(yes=…, no=…, abstain=…, absent=…)}``)."""

    DEFAULT_CSS = """
    YearBars { height: auto; width: 1fr; }
    """

    def __init__(self, counts: dict[int, Counter[str]] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: dict[int, Counter[str]] = counts or {}

    def show(self, counts: dict[int, Counter[str]]) -> None:
        self.counts = counts
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.counts) + 2 if self.counts else 1

    @staticmethod
    def legend() -> Text:
        text = Text("")
        for index, (_, char, style, label) in enumerate(KINDS):
            if index:
                text.append("  ")
            text.append(char * 2, style=style)
            text.append(" " + {"nv": "did not vote", "abst": "abstain"}.get(label, label))
        return text

    def render(self) -> Text:
        if not self.counts:
            return Text("No ballots in this period.", style="italic")
        width = max(self.size.width, 20)
        numbers = {year: "  ".join(f"{c[kind]:>3} {label}" for kind, _, _, label in KINDS if c[kind])
                   for year, c in self.counts.items()}
        label_width = max(len(n) for n in numbers.values())
        room = max(5, width - 5 - 2 - label_width)
        most = max(sum(c.values()) for c in self.counts.values()) or 1
        out = self.legend()
        out.append("\n")
        for year in sorted(self.counts):
            c = self.counts[year]
            out.append(f"\n{year} ")
            used = upto = 0
            for kind, char, style, _ in KINDS:
                if not c[kind]:
                    continue
                # Cumulative rounding: the pieces add up to the bar of the year's total.
                upto += c[kind]
                end = round(upto * room / most)
                cells = max(1, end - used)
                out.append(char * cells, style=style)
                used += cells
            out.append(" " * max(1, room - used + 2))
            out.append(numbers[year])
        return out
