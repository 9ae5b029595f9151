"""View 1: the mission in a minute — what it is, the vote, who takes part, the figures,
the caveats and what happened next. Every line leads to its item."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from models.edtf import parse_edtf
from models.query import timeline
from models.schema import Caveat, Council, Figure, Item, Mission, Participant, Unknown, Vote
from models.vote_grid import votes_in_order
from tui.messages import OpenEvidence, OpenItem
from tui.present import item_title
from tui.text import literal
from tui.views.option_view import ListRows, OptionView
from tui.views.registry import view_info
from tui.widgets.item_list import ItemList

__all__ = ["OverviewView"]


def as_of_line(as_of: str, not_covered: str) -> Content:
    """The date the dossier is current to, and what it does not cover: the first
    thing a reader sees."""
    head = Content.styled(f"As of {parse_edtf(as_of).label()}", "bold $text-warning")
    if not not_covered:
        return head
    return Content.assemble(head, (" · not covered: ", "bold"), literal(" ".join(not_covered.split())))


class OverviewList(ItemList):
    """The overview's lines, under section headings (down from the last goes to the first)."""


class OverviewView(OptionView):
    key, name, title, kinds = view_info("overview")

    def compose_above(self) -> ComposeResult:
        yield Static(as_of_line(self.dossier.as_of, self.dossier.not_covered), id="as-of")

    def new_list(self) -> OverviewList:
        return OverviewList()

    def expected_rows(self) -> int:
        d = self.dossier
        return (len(d.facts) + len(d.participants) + len(d.figures) + len(d.caveats) + len(d.events) + len(d.votes)
                + len(d.losses) + len(d.unknowns) + len(d.councils))

    def compute(self) -> ListRows:
        """The sections, each a heading and one line per item (what a line says is
        worked out when it is drawn)."""
        d, f = self.dossier, self.country_filter

        def kept(items):
            return f.apply(items) if f.active else items

        # Each row: its item's id and the item, or None and a heading (two lists rather
        # than a tuple per row: fewer objects for the garbage collector to walk).
        ids: list[str | None] = []
        entries: list[str | Item] = []

        def section(heading: str, items) -> None:
            if items:
                ids.append(None)
                entries.append(heading)
                ids.extend(item.id for item in items)
                entries.extend(items)

        m = d.mission
        section("The mission", [m] if f.allows(m) else [])
        ordered = votes_in_order(d)
        votes = [v for v in ordered if f.apply(v.ballots)] if f.active else ordered
        section("The Council's decisions", votes)
        section("The resolutions and the force", kept(d.facts))
        section("Lead nation and contributors", kept(d.participants))
        section("Key figures", kept(d.figures))
        section("Mission personnel lost", kept(d.losses))
        section("Where sources disagree", kept(d.caveats))
        authorising = next((v for v in d.votes if v.id == m.authorised_by), None)
        if authorising is not None:
            after = parse_edtf(authorising.date).end
            section("What happened next", [e for e in timeline(d, f)
                                           if e.interval.start and after and e.interval.start > after])
        section("What is not known", kept(d.unknowns))
        section("The Security Council by year", kept(d.councils))
        kept_entries = tuple(entries)
        return ListRows(ids, lambda index: self._line(kept_entries[index]))

    def _line(self, entry: str | Item) -> Content:
        """A heading, or one line naming an item (its newlines made spaces)."""
        if isinstance(entry, str):
            return Content.styled(entry.upper(), "bold $text-accent")
        text = self.marker(entry.id) + self._text(entry)
        return literal(text.replace("\n", " "))

    def _text(self, item: Item) -> str:
        d = self.dossier
        name = d.country_name
        match item:
            case Mission():
                return f"{item.name} ({item.acronym}): {item.summary}"
            case Vote():
                t = item.tally
                abstained = ", ".join(name(b.country) for b in item.ballots if b.vote == "abstain")
                return (f"{item.resolution}, adopted {parse_edtf(item.date).label()}: {t.yes} in favour, "
                        f"{t.no} against, {t.abstain} abstaining" + (f" ({abstained})" if abstained else ""))
            case Participant():
                pledges = "; ".join(pl.amount_text() for pl in item.pledges)
                return f"{name(item.country)} — {item.roles_text()}" + (f": {pledges}" if pledges else "")
        if isinstance(item, Figure):
            warn = " ⚠" if d.caveats_for(item.id) else ""
            return f"{item_title(d, item)} — {item.issuer}{warn}"
        if isinstance(item, Caveat):
            return f"⚠ {item.summary}"
        if isinstance(item, Unknown):
            due = f" (due {parse_edtf(item.due).label()})" if item.due else ""
            return f"? {item.topic}: {item.summary}{due}"
        if isinstance(item, Council):
            return f"{item.year}: " + ", ".join(name(c) for c in item.members)
        return item_title(d, item)

    @on(OverviewList.Chosen)
    def _chosen(self, event: OverviewList.Chosen) -> None:
        event.stop()
        item_id = event.item_id
        if item_id is None:
            return
        if self.dossier.item(item_id).kind in self.kinds:
            self.post_message(OpenEvidence(item_id))
        else:
            self.post_message(OpenItem(item_id))
