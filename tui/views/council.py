"""View 8: the official Security Council record, every resolution since 1946.

It reads the record imported by ``mss-explorer votes import`` (the UN Dag
Hammarskjöld Library's voting data; see :mod:`models.council`), not the dossier.
When none is imported it says how to import one. The search box above the list
takes words (searched in descriptions, agendas and subjects) and ``year:``,
``subject:`` and ``outcome:`` filters; the app's country filter lists the
resolutions that member voted on, with its ballot on each.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from models.council import ATTRIBUTION, DOWNLOAD_URL, CouncilRecord, Filters, RecordError, ResolutionRow
from models.council.record import OUTCOMES, display_name, parse_filters
from tui.messages import OpenEvidence
from tui.state import explorer
from tui.text import literal, visible
from tui.views.registry import view_info
from tui.views.table_view import TableRows, TableView
from tui.widgets.item_table import cell, plain_width, text_width

__all__ = ["CouncilView", "ballot_cell", "no_record_text"]

BALLOT_WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "did not vote"}
BALLOT_STYLE = {"Y": "", "N": "bold", "A": "bold", "X": "dim"}
#: Members whose ballots get a column of their own (the filter may name more).
BALLOT_COLUMNS = 3


def ballot_cell(letter: str | None) -> Text:
    if letter is None:
        return cell("not a member", "dim")
    return cell(BALLOT_WORDS[letter], BALLOT_STYLE[letter])


def _shown(path: Path) -> str:
    """A path as the reader would type it (``~`` for the home directory)."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def no_record_text(path: Path, why: str = "") -> str:
    return (f"No Council record is imported{f' ({why})' if why else ''}.\n\n"
            f"1. Download “Security Council Voting Data” (the CSV file) from\n   {DOWNLOAD_URL}\n"
            f"2. Import it:\n   mss-explorer votes import PATH-TO-THE-CSV\n\n"
            f"It is kept in {_shown(path)}; start with --votes DB to use another record.\n\n"
            "The file is the United Nations' (non-commercial use with attribution): MSS Explorer does not "
            "ship it.\n\nOr press i to import it from here.")


@dataclass(frozen=True)
class CouncilRows(TableRows):
    """The rows, and each filtered member's ballots (code -> resolution id -> letter)."""

    ballots: dict[str, dict[int, str]]
    members: tuple[str, ...]


class CouncilView(TableView):
    """Every resolution of the imported record: date, symbol, tally, modality and
    description; its ballots and link in the details (and on enter)."""

    key, name, title, kinds = view_info("council")

    DEFAULT_CSS = """
    CouncilView #council-status { color: $text-muted; height: auto; max-height: 2; padding: 0 1; }
    CouncilView #council-detail { padding: 0 1; }
    CouncilView #council-detail:focus { background-tint: $foreground 3%; }
    """

    BINDINGS = [
        Binding("slash", "focus_search", "Search", tooltip="Search the record: words, year:, subject:, outcome:"),
        Binding("o", "cycle_outcome", "Outcome", show=False),
        Binding("m", "member", "Member", tooltip="A member's record: ballots per year, agreement with another"),
        Binding("i", "import_record", "Import", tooltip="Import the UN's voting data CSV (replaces the record)"),
        # Notes and quotes are the dossier's: the record's rows carry neither (not in the footer here).
        Binding("a", "not_here('notes')", show=False),
        Binding("y", "not_here('quotes')", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.record: CouncilRecord | None = None
        self.record_error: str | None = None
        self.filters = Filters()
        self.problems: list[str] = []
        self._by_id: dict[int, ResolutionRow] = {}
        self._ballots: dict[str, dict[int, str]] = {}
        self._members: tuple[str, ...] = ()
        self._names: dict[str, str] = {}
        self._count = 0
        #: A resolution to put the cursor on once the record is open (from the Vote view's u).
        self._pending_symbol: str | None = None
        self._widths: dict[int, tuple[int, ...]] = {}

    @property
    def record_path(self) -> Path:
        from models.council import default_record_path

        path = explorer(self).state.votes_path
        return Path(path) if path else default_record_path()

    # -- layout ------------------------------------------------------------------------

    def compose_above(self) -> ComposeResult:
        yield Input(placeholder="search · year:1990-2000 · subject:haiti · outcome:against", id="council-search",
                    compact=True)
        yield Static("", id="council-status", markup=False)
        yield ProgressBar(id="council-progress", show_eta=False)

    def compose_details(self) -> ComposeResult:
        with VerticalScroll(classes="detail-pane", id="council-detail", can_focus=True):
            yield Static(Content(""), id="council-detail-text")

    def on_mount(self) -> None:
        self.query_one("#council-progress").display = False
        table = self.table
        self._set_columns(())
        table.flex_column = "description"
        table.flex_share = 0.3

    # -- rows --------------------------------------------------------------------------

    def open_record(self) -> CouncilRecord | None:
        """The record, opened on first use (perhaps in a thread); None when there is none."""
        if self.record is None and self.record_error is None:
            try:
                self.record = CouncilRecord.open(self.record_path)
            except RecordError as exc:
                self.record_error = str(exc)
                return None
            self._by_id = {row.id: row for row in self.record.resolutions()}
            self._names = {code: name for code, name, *_ in self.record.members()}
            # Each row's cell widths, measured once: a keystroke's widths are then a max
            # over numbers, not a measure of every cell again.
            self._widths = {row.id: (plain_width(visible(row.date)), plain_width(visible(row.short_symbol)),
                                     plain_width(row.tally), plain_width(visible(_short(row.description))))
                            for row in self._by_id.values()}
        return self.record

    def expected_rows(self) -> int:
        if self.record is not None:
            return len(self._by_id)
        if self.record_error is not None or not self.record_path.is_file():
            return 0  # nothing to open: how to import, shown at once
        return 10_000  # not opened yet: in a thread

    def rows_key(self) -> Hashable | None:
        return (super().rows_key(), self.filters)

    def compute(self) -> CouncilRows:
        record = self.open_record()
        if record is None:
            return CouncilRows((), [0] * 4, {}, ())
        members = tuple(sorted(self.country_filter.codes))[:BALLOT_COLUMNS]
        ballots = {code: record.member_ballots(code) for code in members}
        ids = record.ids(self.filters)
        pending, self._pending_symbol = self._pending_symbol, None
        if pending is not None:
            row = record.resolution(pending)
            self._pending_select = str(row.id) if row is not None else None
        if members:
            voted = set().union(*(b.keys() for b in ballots.values()))
            ids = [i for i in ids if i in voted]
        keys = self.table.order([str(i) for i in ids], lambda i: self.row_cells(i, members, ballots))
        return CouncilRows(keys, self._measure(ids, members, ballots), ballots, members)

    def _measure(self, ids: list[int], members: tuple[str, ...], ballots: dict[str, dict[int, str]]) -> list[int]:
        """The widest cell of each column over the rows ``ids`` (what
        :func:`~tui.widgets.item_table.measure_widths` gives, from the widths kept)."""
        kept = self._widths
        fixed = [max(column) for column in zip(*(kept[i] for i in ids))] if ids else [0] * 4
        extra = []
        for code in members:
            letters = {ballots[code].get(i) for i in ids}
            extra.append(max((text_width(ballot_cell(letter)) for letter in letters), default=0))
        return [*fixed[:3], *extra, fixed[3]]

    def show_rows(self, rows: CouncilRows) -> None:
        self._ballots, self._members = rows.ballots, rows.members
        self._set_columns(rows.members)
        self.table.set_rows(rows.ids, self.cells, rows.widths)
        self._count = len(rows.ids)
        self.show_empty(not rows.ids)
        self.show_status(len(rows.ids))

    def _set_columns(self, members: tuple[str, ...]) -> None:
        table = self.table
        wanted = ["date", "symbol", "tally", *[f"m-{c}" for c in members], "description"]
        if [c.key for c in table.columns] == wanted:
            return
        table.columns.clear()
        table._widths.clear()
        # The vote column is the tally and the modality at once ("no vote": adopted without one).
        for key, label in (("date", "Date"), ("symbol", "Resolution"), ("tally", "Vote")):
            table.add_column(label, key=key)
        for code in members:
            table.add_column(code, key=f"m-{code}")
        table.add_column("Description", key="description")

    def cells(self, item_id: str) -> Sequence[Text]:
        return self.row_cells(item_id, self._members, self._ballots)

    def row_cells(self, item_id: str, members: tuple[str, ...], ballots: dict[str, dict[int, str]]) -> list[Text]:
        """A row's cells for these members' ballot columns (safe in a thread)."""
        row = self._by_id[int(item_id)]
        out = [cell(row.date), cell(row.short_symbol), cell(row.tally, "italic" if row.without_vote else "")]
        for code in members:
            out.append(ballot_cell(ballots.get(code, {}).get(row.id)))
        out.append(cell(_short(row.description)))
        return out

    def show_status(self, count: int) -> None:
        status = self.query_one("#council-status", Static)
        if self.record is None:
            status.update("")
            return
        edition = self.record.edition
        parts = [f"{count:,} of {len(self._by_id):,} resolutions"]
        f = self.filters
        if f.years:
            parts.append(f"{f.years[0]}–{f.years[1] if f.years[1] != 9999 else ''}")
        if f.subject:
            parts.append(f"subject “{f.subject}”")
        if f.outcome:
            parts.append(OUTCOMES_SHORT[f.outcome])
        if self._members:
            parts.append("voted on by " + ", ".join(display_name(self._names.get(c, c)) for c in self._members))
        text = " · ".join(parts) + f" · record: {edition.get('file', '?')}"
        if self.problems:
            text += " · not understood: " + "; ".join(self.problems)
        status.update(visible(text))  # the file's name, the reader's words: never controls

    def empty_reason(self) -> str:
        if self.record is None:
            why = self.record_error or ""
            return no_record_text(self.record_path, "" if why.startswith("no Council record at") else why)
        missing = [c for c in self.country_filter.in_order if c not in self._names]
        if missing:
            names = ", ".join(self.dossier.country_name(c) for c in missing)
            return (f"{names} never sat on the Council in this record (imported from "
                    f"{self.record.edition.line()}). Press x to clear the country filter.")
        return "No resolution matches. Change the search above (/), or press x to clear the country filter."

    def show_empty(self, empty: bool) -> None:
        # Without a record there is nothing to search or list: only how to import one.
        # Empty under a filter or a search: the search and the status stay (they say what
        # narrowed it), the table's bare header and the details go.
        self.set_class(empty, "-empty")
        for widget in (self.query_one("#council-search"), self.query_one("#council-status")):
            widget.display = self.record is not None
        for widget in (self.table, self.query_one("#council-detail")):
            widget.display = self.record is not None and not empty
        if self.record is None:  # the instructions take the whole view, at any width
            self.query_one(".list-pane").styles.height = "1fr"
        else:
            self.query_one(".list-pane").styles.clear_rule("height")
        notice = self.query_one(".empty-notice", Static)
        notice.display = empty
        if empty:
            notice.update(literal(self.empty_reason()))
            self.query_one("#council-detail-text", Static).update(
                Content(ATTRIBUTION) if self.record is not None else Content(""))

    # -- details -----------------------------------------------------------------------

    def refresh_details(self, item_id: str | None = None) -> None:
        if not self.started or self.record is None:
            return
        item_id = item_id or self.current_id
        if item_id is None or not item_id.isdigit() or int(item_id) not in self._by_id:
            return
        self.query_one("#council-detail-text", Static).update(self.details(int(item_id)))

    def details(self, resolution_id: int) -> Content:
        assert self.record is not None
        row = self._by_id[resolution_id]
        ballots = self.record.ballots(resolution_id)
        parts: list[Content | str | tuple[str, str]] = [literal(row.symbol, "bold"), "  ", literal(row.date), "\n",
                                                        literal(row.description), "\n\n"]
        for label, value in (("Agenda", row.agenda), ("Subjects", row.subjects), ("Meeting", row.meeting),
                             ("Draft", row.draft), ("Note", row.vote_note)):
            if value:
                parts += [(f"{label}: ", "bold"), literal(value), "\n"]
        parts += [("Vote: ", "bold"), literal(f"{row.tally_text()} ({row.outcome}); {row.members} members"), "\n"]
        for symbol, what in self.record.disagreements(resolution_id):
            parts += [("⚠ the file's totals disagree: ", "bold $text-warning"), literal(what), "\n"]
        parts.append("\n")
        if row.without_vote:
            parts += ["Adopted without a vote: no member cast a ballot.\n"]
        else:
            for letter in "YNAX":
                names = [display_name(name) for _, name, _, vote in ballots if vote == letter]
                if names:
                    parts += [(f"{BALLOT_WORDS[letter].capitalize()} ({len(names)}): ", "bold"),
                              literal(", ".join(names)), "\n"]
        parts += ["\n", ("Link: ", "bold"), literal(row.link), "\n", ("enter: every ballot", "dim"), "\n\n",
                  (ATTRIBUTION, "dim italic")]
        return Content.assemble(*parts)

    @on(OpenEvidence)
    def _open_ballots(self, event: OpenEvidence) -> None:
        """Enter on a resolution: its ballots, one a line, and its link."""
        event.stop()
        if self.record is None or not event.item_id.isdigit():
            return
        from tui.screens.council_member import BallotsScreen

        row = self._by_id[int(event.item_id)]
        self.app.push_screen(BallotsScreen(row, self.record.ballots(row.id)))

    # -- the search box ------------------------------------------------------------------

    def action_focus_search(self) -> None:
        self.query_one("#council-search", Input).focus()

    @on(Input.Changed, "#council-search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        filters, self.problems = parse_filters(event.value)
        if filters != self.filters:
            self.filters = filters
            self.refill()
        else:
            self.show_status(self._count)

    @on(Input.Submitted, "#council-search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def key_escape(self) -> None:
        if self.query_one("#council-search", Input).has_focus:
            self.table.focus()

    def action_cycle_outcome(self) -> None:
        """o: no outcome filter → unanimous → with abstentions → with votes against →
        adopted without a vote → none (written into the search box, where it can be edited)."""
        search = self.query_one("#council-search", Input)
        names = ["", *OUTCOMES]
        following = names[(names.index(self.filters.outcome) + 1) % len(names)]
        text = re.sub(r"\s*outcome:\S*", "", search.value).strip()
        search.value = f"{text} outcome:{following}".strip() if following else text
        self.notify(f"Outcome: {OUTCOMES_SHORT.get(following, 'any')}", timeout=2)

    def action_member(self) -> None:
        if self.record is None:
            self.notify("No Council record is imported: see this view for how.", severity="warning", timeout=3)
            return
        from tui.screens.council_member import MemberPicker, MemberScreen

        record = self.record
        years = self.filters.years

        def chosen(code: str | None) -> None:
            if code:
                self.app.push_screen(MemberScreen(record, code, years))

        codes = sorted(self.country_filter.codes)
        if codes and codes[0] in self._names:
            chosen(codes[0])
        else:
            self.app.push_screen(MemberPicker(record, "Whose record?"), chosen)

    def show_symbol(self, symbol: str) -> None:
        """Put the cursor on a resolution of the record (the Vote view's u asks)."""
        if self.record is None:
            self._pending_symbol = symbol  # found when the rows are worked out
            return
        row = self.record.resolution(symbol)
        if row is None:
            self.notify(visible(f"{symbol} is not in the record imported from {self.record.edition.line()}."),
                        severity="warning", timeout=5, markup=False)
            return
        search = self.query_one("#council-search", Input)
        if self.filters.active:
            self._pending_select = str(row.id)
            search.value = ""  # the search would hide it: cleared (the rows come back, then the cursor)
        elif not self.select(str(row.id)):
            self.notify("That resolution is hidden by the country filter (x clears it).", severity="warning")
        else:
            self.refresh_details(str(row.id))

    def action_not_here(self, what: str) -> None:
        self.notify(f"The UN record has no {what}: they belong to the dossier's items (views 1–7).", timeout=3)

    # -- importing from the app ---------------------------------------------------------

    def action_import_record(self) -> None:
        from tui.screens.council_member import ImportDialog

        if self.workers_running():
            self.notify("An import is already under way.", timeout=3)
            return

        def chosen(path: str | None) -> None:
            if path:
                self.start_import(Path(path).expanduser())

        self.app.push_screen(ImportDialog(), chosen)

    def workers_running(self) -> bool:
        return any(w.group == "council-import" and w.is_running for w in self.workers)

    def start_import(self, source: Path) -> None:
        """Read, check and store ``source`` in a thread, a progress bar meanwhile; the
        record in use is closed first (the new one is renamed over it)."""
        bar = self.query_one("#council-progress", ProgressBar)
        bar.update(total=100, progress=0)
        bar.display = True
        if self.record is not None:
            self.record.close()
        self.record, self.record_error = None, "an import is under way"
        self._kept_rows.clear()
        self.run_worker(lambda: self._import(source), thread=True, group="council-import",
                        description="Importing the Council record", exit_on_error=False)

    def _import(self, source: Path) -> None:
        from models.council import CouncilFileError, import_csv

        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, 100 * done / total if total else 100)

        try:
            parsed, _ = import_csv(source, self.record_path, progress=progress)
        except CouncilFileError as exc:
            self.app.call_from_thread(self._imported, None, exc.describe())
            return
        except OSError as exc:
            self.app.call_from_thread(self._imported, None, f"{source}: {exc.strerror or exc}")
            return
        first, last = parsed.years or (0, 0)
        self.app.call_from_thread(
            self._imported, f"Imported {source.name}: {parsed.rows:,} rows, {len(parsed.resolutions):,} "
            f"resolutions, {first}–{last}, {len(parsed.disagreements)} disagreements with their totals.", None)

    def _progress(self, percent: float) -> None:
        self.query_one("#council-progress", ProgressBar).update(progress=min(percent, 99))

    def import_failed(self, message: str) -> None:
        """The import's worker raised (said by tui/worker_errors.py): as a refused file."""
        self._imported(None, message)

    def _imported(self, summary: str | None, error: str | None) -> None:
        self.query_one("#council-progress").display = False
        self.record_error = None  # open the record anew (the new one, or the old one kept)
        if error is not None:
            self.notify(visible(error + "\nNothing was imported."), title="Not imported", severity="error",
                        timeout=15, markup=False)
        else:
            self.notify(visible(summary or ""), title="Council record imported", timeout=8, markup=False)
        self._kept_rows.clear()
        self.refill()


OUTCOMES_SHORT = {"": "any", "unanimous": "unanimous", "abstentions": "with abstentions",
                  "against": "with votes against", "without-vote": "adopted without a vote"}


def _short(description: str) -> str:
    """"Security Council resolution 2699 (2023) [on authorization of …]" → "on
    authorization of …" (the symbol has a column of its own)."""
    start = description.find("[")
    if description.startswith("Security Council resolution") and start != -1:
        return description[start + 1:].rstrip("]").strip()
    return description
