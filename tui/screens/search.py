"""Incremental search over every kind of item, grouped by kind, matches highlighted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from models.query import CountryFilter
from models.search import Hit, SearchIndex, SearchResults, snippet_range
from tui.screens.dialog import Dialog
from tui.state import explorer
from tui.text import VisibleHighlighter, literal
from tui.widgets.paging import SafePaging
from tui.widgets.recall_input import RecallInput
from tui.worker_errors import ReportsWorkerErrors

__all__ = ["SearchScreen", "hit_content"]

MATCH_STYLE = "bold underline $accent"
SNIPPET = 70


def _highlight(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Content:
    content = literal(text[start:end])
    for a, b in spans:
        if a < end and b > start:
            content = content.stylize(MATCH_STYLE, max(a, start) - start, min(b, end) - start)
    return content


def hit_content(hit: Hit) -> Content:
    """A result: its title, and the part of its body around the first match."""
    doc = hit.doc
    title = _highlight(doc.title, hit.title_spans, 0, len(doc.title))
    body = doc.body
    if not body:
        return title
    spans = hit.body_spans
    start, end = snippet_range(body, spans[0][0] if spans else 0, SNIPPET)
    snippet = _highlight(body, spans, start, end)
    lead = "…" if start else ""
    tail = "…" if end < len(body) else ""
    return Content.assemble(title, "\n  ", (lead, "dim"), snippet, (tail, "dim"))


class ResultList(SafePaging, OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class SearchScreen(ReportsWorkerErrors, Dialog[tuple[str, list[str], int] | None]):
    """Type to search; enter opens a result. Dismisses with (query, result ids, index)."""

    BINDINGS = [Binding("escape", "close", "Close search", priority=True)]

    #: Indexes of more documents than this are searched in a thread.
    THREAD_DOCS = 20_000
    #: Seconds before "Searching…" is shown for a search still running in its thread.
    SAY_SEARCHING_AFTER = 0.15

    def __init__(
        self,
        index: Callable[[], SearchIndex | None],
        country_filter: CountryFilter,
        query: str = "",
    ) -> None:
        super().__init__()
        self._index = index
        self.country_filter = country_filter
        self.initial = query
        self.results: SearchResults | None = None
        #: How many searches have been asked for: a thread's results are shown only if
        #: no search was asked for after it.
        self._searching = 0
        self._turn = threading.Lock()

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = "Search everything"
            dialog.border_subtitle = "enter open · ↓ results · ↑ recent · \"exact phrase\" · escape close"
            yield RecallInput(self.initial, placeholder="search: words, names, “a phrase”…", id="search-query",
                              highlighter=VisibleHighlighter(), history="search")
            yield Static("", id="search-count")
            yield ResultList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.run_search(self.initial)
        if self._index() is None and explorer(self).state.search_failed is None:
            self._waiting = self.set_interval(0.2, self._retry)

    def _retry(self) -> None:
        """Search once the index is ready, or say that it will not be."""
        if self._index() is not None or explorer(self).state.search_failed is not None:
            self._waiting.stop()
            self.run_search(self.query_one(Input).value)

    @on(Input.Changed, "#search-query")
    def _typed(self, event: Input.Changed) -> None:
        if self.is_open:  # not a change that arrives as the search closes
            self.run_search(event.value)

    def run_search(self, query: str) -> None:
        """Search, at once for a small index; in a thread for a big one, where a query
        of very common words can take longer than a frame (the newest query wins)."""
        index = self._index()
        if index is None:
            failed = explorer(self).state.search_failed
            self.query_one("#search-count", Static).update(Content(
                "Preparing the search index…" if failed is None
                else f"Search is not available in this session: {failed}"))
            return
        self._searching += 1
        if len(index) <= self.THREAD_DOCS:
            self._show_results(index.search(query, self.country_filter))
            return
        self.run_worker(partial(self._search_in_thread, index, query, self._searching), thread=True,
                        exclusive=True, group="search", description="Searching", exit_on_error=False)
        self.set_timer(self.SAY_SEARCHING_AFTER, partial(self._say_searching, self._searching))

    def _search_in_thread(self, index: SearchIndex, query: str, searching: int) -> None:
        with self._turn:  # one search at a time; those overtaken while waiting are skipped
            if searching != self._searching:
                return
            results = index.search(query, self.country_filter)
            for hit in results.hits:
                hit.spans  # noqa: B018 (worked out here, not on the event loop)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._searched, searching, results)

    def _searched(self, searching: int, results: SearchResults) -> None:
        if searching == self._searching and self.is_open and self.is_attached:
            self._show_results(results)

    def _say_searching(self, searching: int) -> None:
        if searching == self._searching and self.is_open and (self.results is None
                                                              or self.results.query != self._typed_query()):
            self.query_one("#search-count", Static).update(Content("Searching…"))

    def _typed_query(self) -> str:
        return self.query_one(Input).value

    def _show_results(self, results: SearchResults) -> None:
        count = self.query_one("#search-count", Static)
        listing = self.query_one(ResultList)
        query = results.query
        self.results = results
        options: list[Option] = []
        position = 0
        for label, hits in results.groups():
            shown = results.counts.get(hits[0].doc.kind, len(hits))
            options.append(Option(Content.styled(f"{label} ({shown})", "bold $text-accent"), disabled=True))
            for hit in hits:
                position += 1
                options.append(Option(hit_content(hit), id=f"{position}:{hit.doc.id}"))
        listing.clear_options()
        listing.add_options(options)
        if not query.strip():
            count.update(Content("Type to search every item, sentence and note."))
        elif not results.total:
            where = " with the country filter on" if self.country_filter.active else ""
            count.update(Content(f"No matches{where}."))
        else:
            more = f" (showing the best {len(results.hits)})" if len(results.hits) < results.total else ""
            count.update(Content(f"{results.total} result{'s' if results.total != 1 else ''}{more}"))
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first
        self._show_position()
        if self._open_when_shown and query == self._typed_query():
            self._open_when_shown = False
            self._open(first)

    @on(OptionList.OptionHighlighted, "#search-results")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        if self.is_open:
            self._show_position()

    def _show_position(self) -> None:
        results = self.results
        listing = self.query_one(ResultList)
        if results is None or not results.total or listing.highlighted is None:
            return
        option = listing.get_option_at_index(listing.highlighted)
        if option.id is None:
            return
        number = int(option.id.split(":", 1)[0])
        self.query_one("#search-count", Static).update(Content(f"{number} of {results.total}"))

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one(Input).has_focus:
            self.query_one(ResultList).focus()
            event.stop()

    #: Enter was pressed before the results for the query typed were there (the index
    #: still being built after a start, keys typed ahead): open the first when they come.
    _open_when_shown = False

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        if not self.is_open:
            return
        if self.results is None or self.results.query != self._typed_query():
            self._open_when_shown = True
            return
        self._open(self.query_one(ResultList).highlighted)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self.is_open:
            self._open(event.option_index)

    def _open(self, option_index: int | None) -> None:
        if self.results is None or option_index is None:
            return
        option = self.query_one(ResultList).get_option_at_index(option_index)
        if option.id is None:
            return
        number = int(option.id.split(":", 1)[0])
        ids = [hit.doc.id for hit in self.results.hits]
        self.query_one(RecallInput).remember()
        self.dismiss((self.results.query, ids, number - 1))

    def action_close(self) -> None:
        self.query_one(RecallInput).remember()  # a query looked at and left is recalled too
        self.dismiss(None)
