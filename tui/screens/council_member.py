"""Dialogs of the Council record view (8): a resolution's ballots, choosing a member,
and a member's record (ballots per year as a chart; agreement with another member,
the resolutions where they differed one key away)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from models.council import ATTRIBUTION, CouncilRecord, ResolutionRow
from models.council.record import Agreement, display_name
from tui.screens.dialog import Dialog
from tui.text import VisibleHighlighter, literal
from tui.widgets.year_bars import YearBars

__all__ = ["BallotsScreen", "MemberPicker", "MemberScreen"]

WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "did not vote"}
STYLES = {"Y": "", "N": "bold", "A": "bold", "X": "dim"}

CSS = """
BallotsScreen, MemberPicker, MemberScreen { align: center middle; }
.council-dialog {
    width: 95%; max-width: 110; height: 95%;
    border: round $accent; background: $surface; padding: 0 1;
}
MemberPicker .council-dialog { max-width: 70; max-height: 24; }
.council-dialog VerticalScroll { height: 1fr; }
#member-agreement { margin: 1 0; height: auto; }
#member-differing { display: none; height: auto; }
.council-attribution { color: $text-muted; text-style: italic; height: auto; }
"""


class BallotsScreen(Dialog[None]):
    """Every member's ballot on one resolution, and its link (escape closes)."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape,q,enter", "close", "Close")]

    def __init__(self, row: ResolutionRow, ballots: list[tuple[str, str, bool, str]]) -> None:
        super().__init__()
        self.row = row
        self.ballots = ballots

    def compose(self) -> ComposeResult:
        row = self.row
        with Vertical(classes="council-dialog") as dialog:
            dialog.border_title = literal(f"{row.symbol}, {row.date}")
            dialog.border_subtitle = "escape close"
            parts: list[Content | str | tuple[str, str]] = [
                literal(row.description), "\n", (f"{row.tally_text()} · {row.outcome}", "bold"), "\n"]
            if row.vote_note:
                parts += [("Note: ", "bold"), literal(row.vote_note), "\n"]
            parts.append("\n")
            if row.without_vote:
                parts.append(("Adopted without a vote: the file lists every member as X (no ballot).\n\n", "italic"))
            width = max((len(name) for _, name, _, _ in self.ballots), default=10)
            for code, name, permanent, vote in self.ballots:
                seat = "permanent" if permanent else "elected"
                parts += [literal(f"{display_name(name):<{width}}  {code:<4} {seat:<9}  "),
                          (WORDS[vote] if not row.without_vote else "—", STYLES[vote]), "\n"]
            parts += ["\n", ("Link: ", "bold"), literal(row.link)]
            with VerticalScroll():
                yield Static(Content.assemble(*parts))
            yield Static(ATTRIBUTION, classes="council-attribution", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class MemberPicker(Dialog[str | None]):
    """Type part of a name or a code; enter takes the highlighted member."""

    DEFAULT_CSS = CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, record: CouncilRecord, title: str, exclude: str = "") -> None:
        super().__init__()
        self.members = [m for m in record.members() if m[0] != exclude]
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="council-dialog") as dialog:
            dialog.border_title = literal(self.title_text)
            dialog.border_subtitle = "enter choose · escape cancel"
            yield Input(placeholder="a name or a code (KEN, SUN, United States…)", id="member-query",
                        highlighter=VisibleHighlighter())
            yield OptionList(id="member-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        q = query.strip().lower()
        found = [m for m in self.members if not q or q == m[0].lower() or q in m[1].lower()]
        found.sort(key=lambda m: (m[0].lower() != q, m[1]))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options([Option(Content.assemble(literal(display_name(name), "bold"), literal(f" {code}"),
                                                     (f"  {first}–{last}", "$text-muted")), id=code)
                             for code, name, first, last in found])
        if found:
            listing.highlighted = 0

    @on(Input.Changed, "#member-query")
    def _typed(self, event: Input.Changed) -> None:
        if self.is_open:
            self._fill(event.value)

    @on(Input.Submitted, "#member-query")
    def _submitted(self, event: Input.Submitted) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None and listing.option_count:
            self.dismiss(listing.get_option_at_index(listing.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            self.query_one(OptionList).focus()
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)


class MemberScreen(Dialog[None]):
    """A member's ballots per year (a chart), and on c its agreement with another
    member over the same years; d shows the resolutions where they differed."""

    DEFAULT_CSS = CSS
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("c", "compare", "Compare", tooltip="Agreement with another member"),
        Binding("d", "differing", "Differing", tooltip="The resolutions where the two members differed (again: "
                "the chart)"),
    ]

    def __init__(self, record: CouncilRecord, code: str, years: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.record = record
        self.code = code
        self.years = years
        self.agreement: Agreement | None = None

    def compose(self) -> ComposeResult:
        code, name, first, last = self.record.member(self.code) or (self.code, self.code, 0, 0)
        counts = self.record.member_counts(self.code, self.years)
        totals = {kind: sum(c[kind] for c in counts.values()) for kind in ("yes", "no", "abstain", "absent")}
        period = f" of {self.years[0]}–{self.years[1] if self.years[1] != 9999 else ''}" if self.years else ""
        with Vertical(classes="council-dialog") as dialog:
            dialog.border_title = literal(f"{display_name(name)} ({code}) on the Council")  # the file's words
            dialog.border_subtitle = "c compare · d differing · escape close"
            with VerticalScroll():
                yield Static(Content.assemble(
                    (f"{display_name(name)}", "bold"), literal(f" cast ballots in {len(counts)} year"
                                                         f"{'s' if len(counts) != 1 else ''}{period} "
                                                         f"(on the Council from {first} to {last}, not every year "
                                                         "between). "),
                    literal(f"Ballots on resolutions adopted by a vote: {totals['yes']} yes, {totals['no']} no, "
                            f"{totals['abstain']} abstain, {totals['absent']} did not vote.")))
                # The agreement above the chart (eighty years of bars are long); d puts the
                # resolutions where the two differed in the chart's place, and back.
                yield Static(Content.styled("c: agreement with another member", "$text-muted"),
                             id="member-agreement")
                yield YearBars(counts, id="member-years")
                yield Static("", id="member-differing")
            yield Static(ATTRIBUTION, classes="council-attribution", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_compare(self) -> None:
        def chosen(other: str | None) -> None:
            if other:
                self.show_agreement(other)

        self.app.push_screen(MemberPicker(self.record, f"Compare {self.code} with", exclude=self.code), chosen)

    def show_agreement(self, other: str) -> None:
        agreement = self.agreement = self.record.agreement(self.code, other, self.years)
        names = {code: display_name(name) for code, name, *_ in self.record.members()}
        a, b = names.get(self.code, self.code), names.get(other, other)
        if agreement.share is None:
            text = Content.assemble(literal(f"{a} and {b} never sat on the Council together"),
                                    literal(" in this period." if self.years else "."))
        else:
            text = Content.assemble(
                (f"Agreement with {b}: {agreement.share:.0%}", "bold"),
                literal(f" — the same ballot on {agreement.same} of the {agreement.both} resolutions adopted by "
                        f"a vote on which both sat; they differed on {len(agreement.differing)}"),
                (" (d lists them)" if agreement.differing else "", "$text-muted"))
        self.query_one("#member-agreement", Static).update(text)
        differing = self.query_one("#member-differing", Static)
        differing.display = False
        self.query_one(YearBars).display = True
        rows = self.record.rows([rid for rid, _, _ in agreement.differing])
        parts: list[Content | str | tuple[str, str]] = [(f"Where {a} and {b} differed", "bold underline"), "\n"]
        for rid, first, second in agreement.differing:
            row = rows[rid]
            parts += [literal(f"{row.date}  {row.symbol:<18} "), (f"{self.code} {WORDS[first]}", STYLES[first]),
                      " / ", (f"{other} {WORDS[second]}", STYLES[second]), "  ",
                      literal(_topic(row.description), "$text-muted"), "\n"]
        differing.update(Content.assemble(*parts))

    def action_differing(self) -> None:
        if self.agreement is None:
            self.notify("Press c first to choose a member to compare with.", timeout=3)
            return
        if not self.agreement.differing:
            self.notify("They never differed in this period.", timeout=3)
            return
        differing = self.query_one("#member-differing", Static)
        differing.display = not differing.display
        self.query_one(YearBars).display = not differing.display
        self.query_one(VerticalScroll).scroll_home(animate=False)


def _topic(description: str) -> str:
    start = description.find("[")
    return description[start + 1:].rstrip("]") if start != -1 else description


class ImportDialog(Dialog[str | None]):
    """Asks for the path of the Library's CSV to import (enter imports, escape cancels)."""

    DEFAULT_CSS = CSS + "ImportDialog { align: center middle; } ImportDialog .council-dialog { height: 12; }"
    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="council-dialog") as dialog:
            dialog.border_title = "Import the Security Council voting data"
            dialog.border_subtitle = "enter import · escape cancel"
            yield Static("The CSV file downloaded from https://digitallibrary.un.org/record/4055387 "
                         "(it replaces the record imported before, if any, once it has been read and checked):",
                         markup=False)
            yield Input(placeholder="~/Downloads/2026_02_06_sc_voting.csv", id="import-path",
                        highlighter=VisibleHighlighter())

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
