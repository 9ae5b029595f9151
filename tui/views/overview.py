"""View 1: the mission in a minute — what it is, the vote, who takes part, the figures,
the caveats and what happened next. Every line leads to its item."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from models.edtf import parse_edtf
from models.query import timeline
from models.schema import Item
from tui.messages import ItemHighlighted, OpenEvidence, OpenItem
from tui.present import item_title
from tui.text import literal
from tui.views.option_view import ItemOptionList, OptionView

__all__ = ["OverviewView"]


class OverviewList(ItemOptionList):
    """The overview's lines, under section headings."""


class OverviewView(OptionView):
    key, title = "1", "Overview"
    name = "overview"
    kinds = frozenset({"mission", "fact", "figure", "caveat"})

    def make_list(self) -> OverviewList:
        return OverviewList()

    @property
    def options(self) -> OverviewList:
        return self.query_one(OverviewList)

    def _heading(self, text: str) -> Option:
        return Option(Content.styled(text.upper(), "bold $text-accent"), disabled=True)

    def _line(self, item: Item, text: str | None = None) -> Option:
        return Option(literal(self.marker(item.id) + (text or item_title(self.dossier, item))), id=item.id)

    def refill(self) -> None:
        d, f = self.dossier, self.country_filter
        name = d.country_name
        options: list[Option] = []
        m = d.mission
        if f.allows(m):
            options += [self._heading("The mission"), self._line(m, f"{m.name} ({m.acronym}): {m.summary}")]
        votes = [v for v in d.votes if f.apply(v.ballots)]
        facts = f.apply(d.facts)
        if votes or facts:
            options.append(self._heading("The resolution"))
            for vote in votes:
                t = vote.tally
                abstained = ", ".join(name(b.country) for b in vote.ballots if b.vote == "abstain")
                text = (f"{vote.resolution}, adopted {parse_edtf(vote.date).label()}: {t.yes} in favour, "
                        f"{t.no} against, {t.abstain} abstaining" + (f" ({abstained})" if abstained else ""))
                options.append(self._line(vote, text))
            options += [self._line(fact) for fact in facts]
        participants = f.apply(d.participants)
        if participants:
            options.append(self._heading("Lead nation and contributors"))
            for p in participants:
                pledges = "; ".join(pl.amount_text() for pl in p.pledges)
                text = f"{name(p.country)} — {p.roles_text()}" + (f": {pledges}" if pledges else "")
                options.append(self._line(p, text))
        figures = f.apply(d.figures)
        if figures:
            options.append(self._heading("Key figures"))
            for figure in figures:
                warn = " ⚠" if d.caveats_for(figure.id) else ""
                options.append(self._line(figure, f"{item_title(d, figure)} — {figure.issuer}{warn}"))
        caveats = f.apply(d.caveats)
        if caveats:
            options.append(self._heading("Where sources disagree"))
            options += [self._line(c, f"⚠ {c.summary}") for c in caveats]
        if d.votes:
            after = parse_edtf(d.votes[0].date).end
            later = [e for e in timeline(d, f) if e.interval.start and after and e.interval.start > after]
            if later:
                options.append(self._heading("What happened next"))
                options += [self._line(e) for e in later]
        current = self.current_id
        ol = self.options
        ol.clear_options()
        ol.add_options(options)
        if current and self.select(current):
            pass
        else:
            first = next((i for i, o in enumerate(options) if not o.disabled), None)
            ol.highlighted = first
        self.show_empty(not options)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ItemHighlighted(event.option.id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item_id = event.option.id
        if item_id is None:
            return
        if self.dossier.item(item_id).kind in self.kinds:
            self.post_message(OpenEvidence(item_id))
        else:
            self.post_message(OpenItem(item_id))
