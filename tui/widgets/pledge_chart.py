"""Pledged against deployed, per contributor, as bars drawn in text.

Two bars a contributor, on one scale: the pledge (▒) and what was sent (█), each
with its number and date written out, so the chart reads the same without colour
and at 80 columns. Our own widget rather than a plotting library: a plot's axes and
legend take a third of an 80-column screen, where these bars need one line each.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from models.contributions import Contribution
from models.edtf import parse_edtf
from models.schema import Deployment, Dossier, Pledge
from tui.text import literal

__all__ = ["PledgeChart"]

PLEDGED, SENT = ("▒", "$warning"), ("█", "$success")


class PledgeChart(Widget, can_focus=True):
    """Set ``rows`` (with the dossier) and it draws them at its width."""

    DEFAULT_CSS = """
    PledgeChart { height: 1fr; padding: 0 1; overflow-y: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.dossier: Dossier | None = None
        self.rows: list[Contribution] = []

    def show(self, dossier: Dossier, rows: list[Contribution]) -> None:
        self.dossier, self.rows = dossier, rows
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 2 + 2 * len(self.rows) + (1 if not self.rows else 0)

    def render(self) -> Content:
        dossier = self.dossier
        head = Content.assemble(("Pledged ", "bold"), PLEDGED, (" against sent ", "bold"), SENT,
                                (" · people; the largest pledge, the largest reported deployment", "dim"))
        if dossier is None or not self.rows:
            return Content.assemble(head, "\n", ("No pledge or deployment of people for these countries.", "dim"))
        width = max(20, self.content_size.width)
        names = {c.country: dossier.country_name(c.country) for c in self.rows}
        name_width = min(18, max(len(n) for n in names.values()))
        text_width = 34
        bar_width = max(6, width - name_width - 2 - 8 - text_width)
        top = max(c.largest for c in self.rows) or 1.0
        lines: list[Content] = [head, Content("")]
        for row in self.rows:
            name = names[row.country]
            name = name if len(name) <= name_width else name[: name_width - 1] + "…"
            for index, (label, thing, glyph) in enumerate((("pledged", row.pledged, PLEDGED),
                                                            ("sent", row.deployed, SENT))):
                lead = literal(name.ljust(name_width), "bold") if index == 0 else Content(" " * name_width)
                lines.append(Content.assemble(lead, "  ", (f"{label:<8}", "dim"),
                                              *self._bar(thing, top, bar_width, glyph)))
        return Content("\n").join(lines)

    @staticmethod
    def _bar(thing: Pledge | Deployment | None, top: float, width: int, glyph: tuple[str, str]):
        if thing is None:
            return [("none recorded", "dim italic")]
        when = parse_edtf(thing.date).label()
        if thing.amount is None:
            return [("number not known", "dim italic"), literal(f" ({thing.unit}, {when})")]
        cells = max(1, round(width * float(thing.amount) / top))
        return [(glyph[0] * cells, glyph[1]), " ", literal(f"{thing.amount_text()} ({when})")]
