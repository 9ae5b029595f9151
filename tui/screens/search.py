"""Incremental search over every kind of item, grouped by kind, matches highlighted."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from models.query import CountryFilter
from models.search import Hit, SearchIndex, SearchResults, snippet_range
from models.text import visible
from tui.screens.dialog import Dialog
from tui.state import explorer
from tui.text import VisibleHighlighter, literal
from tui.widgets.paging import SafePaging
from tui.widgets.recall_input import RecallInput
from tui.worker_errors import ReportsWorkerErrors

__all__ = ["HitRow", "PlainRow", "Rows", "SearchScreen", "hit_content"]

MATCH_STYLE = "bold underline $accent"
SNIPPET = 70


def _highlight(text: str, spans: list[tuple[int, int]], start: int, end: int) -> Content:
    content = literal(text[start:end])
    for a, b in spans:
        if a < end and b > start:
            content = content.stylize(MATCH_STYLE, max(a, start) - start, min(b, end) - start)
    return content


def _snippet(hit: Hit) -> tuple[int, int]:
    """(start, end) of the part of the hit's body shown: around its first match."""
    spans = hit.body_spans
    return snippet_range(hit.doc.body, spans[0][0] if spans else 0, SNIPPET)


def hit_content(hit: Hit) -> Content:
    """A result: its title, and the part of its body around the first match."""
    doc = hit.doc
    title = _highlight(doc.title, hit.title_spans, 0, len(doc.title))
    body = doc.body
    if not body:
        return title
    start, end = _snippet(hit)
    snippet = _highlight(body, hit.body_spans, start, end)
    lead = "…" if start else ""
    tail = "…" if end < len(body) else ""
    return Content.assemble(title, "\n  ", (lead, "dim"), snippet, (tail, "dim"))


class HitRow(Visual):
    """A result as the list draws it: :func:`hit_content`, made only once it is drawn.

    The list asks every option for its height whenever its options change, and draws
    only the rows on screen. Asked of a Content, a height means wrapping the text; here
    it is the number of lines when every line fits the width (a result's title, and
    its snippet of at most 70 characters, nearly always do), worked out from the plain
    text; only a line too long (a narrow terminal) is wrapped, by the Content itself.
    Typing into the search at 1,000x (200 results a keystroke), the results were put
    in the list in 15 ms a keystroke, 3 ms with this (benchmarks/README.md, "Search
    dialog keystroke").

    A row made again for the same result (:class:`Rows`) keeps what it worked out: its
    text's lines and heights (shared by the rows of the same document and snippet,
    whatever is highlighted), and what it drew, by width and style.
    """

    __slots__ = ("hit", "_content", "_plain", "_drawn")

    def __init__(self, hit: Hit, plain: PlainRow | None = None) -> None:
        self.hit = hit
        self._content: Content | None = None
        self._plain = plain if plain is not None else PlainRow(hit)
        self._drawn: dict[tuple[int, int | None, Style], list[Strip]] = {}

    @property
    def content(self) -> Content:
        if self._content is None:
            self._content = hit_content(self.hit)
        return self._content

    @property
    def plain_lines(self) -> list[str]:
        """The lines of :attr:`content`'s text, worked out without making it."""
        return self._plain.lines

    def __str__(self) -> str:
        return "\n".join(self.plain_lines)

    def get_height(self, rules: RulesMap, width: int) -> int:
        plain = self._plain
        key = (width, rules.get("line_pad", 0), rules.get("text_overflow", "fold"), rules.get("text_wrap", "wrap"))
        height = plain.heights.get(key)
        if height is None:
            lines = plain.lines
            if not key[1] and all("\n" not in line and "\t" not in line and cell_len(line) <= width
                                  for line in lines):
                height = len(lines)
            else:
                height = self.content.get_height(rules, width)  # the same text: the same height
            plain.heights[key] = height
        return height

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        if options.selection is not None:  # text being selected with the mouse: drawn as it is
            return self.content.render_strips(width, height, style, options)
        key = (width, height, style)
        strips = self._drawn.get(key)
        if strips is None:
            strips = self._drawn[key] = self.content.render_strips(width, height, style, options)
        return strips


class PlainRow:
    """A result's text without its highlights: its lines (the title; the snippet), and
    its height at each width asked."""

    __slots__ = ("lines", "heights")

    def __init__(self, hit: Hit) -> None:
        doc = hit.doc
        lines = [visible(doc.title)]
        if doc.body:
            start, end = _snippet(hit)
            lead = "…" if start else ""
            tail = "…" if end < len(doc.body) else ""
            lines.append(f"  {lead}{visible(doc.body[start:end])}{tail}")
        self.lines = lines
        self.heights: dict[tuple[object, ...], int] = {}


class Rows:
    """The rows made for the results listed in one search dialog, kept by what they
    show, so that a result listed again is not worked out and drawn again.

    Erasing a query shows again, key by key, the results of the queries typed; typing
    on keeps many of the same documents, often with the same highlights (a prefix
    highlights the whole word it begins), else with the same snippet. At 1,000x a
    keystroke lists 200 results and draws ~15: benchmarks/README.md, "One paint per key".
    """

    #: Rows kept (the least recently listed are forgotten first): a typing session of
    #: ~30 queries lists ~6,000.
    SIZE = 4_000

    def __init__(self) -> None:
        self._rows: OrderedDict[tuple[object, ...], HitRow] = OrderedDict()
        self._plain: OrderedDict[tuple[object, ...], PlainRow] = OrderedDict()

    def row(self, hit: Hit) -> HitRow:
        doc = hit.doc
        key: tuple[object, ...] = (doc.kind, doc.id, tuple(hit.spans))
        if doc.kind == "note":  # the one kind whose text may change while the app runs
            key += (doc.title, doc.body)
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
            return row
        body = hit.body_spans
        plain_key = (*key[:2], body[0][0] if body else 0, *key[3:])
        plain = self._plain.get(plain_key)
        if plain is None:
            plain = self._plain[plain_key] = PlainRow(hit)
            if len(self._plain) > self.SIZE:
                self._plain.popitem(last=False)
        else:
            self._plain.move_to_end(plain_key)
        row = self._rows[key] = HitRow(hit, plain)
        if len(self._rows) > self.SIZE:
            self._rows.popitem(last=False)
        return row

    def clear(self) -> None:
        self._rows.clear()
        self._plain.clear()


class ResultList(SafePaging, OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    #: What the scroll bar was last updated for (see :meth:`_scroll_update`).
    _scrolled_for: tuple[object, ...] = ()

    def _scroll_update(self, virtual_size: Size) -> None:
        """Update the scroll bar only when what it shows has changed.

        Textual 8.2.8 updates a scroll view's bars on every layout of its screen, and
        repaints them a frame (16 ms) later: each keystroke lays the dialog out (the
        text box grows by a character), so the last paint of a keystroke came a frame
        after the results were painted, to draw the same scroll bar again.
        """
        key = (self.size, self.container_size, virtual_size,
               self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        if key != self._scrolled_for:
            self._scrolled_for = key
            super()._scroll_update(virtual_size)


class QueryBox(RecallInput):
    """The search's text box: tells its screen of each change of its text at once, before
    the box is repainted (a watcher runs as the value is set, in the box's own handler
    of the key; ``Input.Changed`` reaches the screen only after the screen has had the
    box's repaint), so that the screen can hold that paint until the results are in."""

    def __init__(self, *args, changing: Callable[[], None], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._changing = changing

    def watch_value(self) -> None:
        if self.is_mounted:
            self._changing()


class SearchScreen(ReportsWorkerErrors, Dialog[tuple[str, list[str], int] | None]):
    """Type to search; enter opens a result. Dismisses with (query, result ids, index)."""

    BINDINGS = [Binding("escape", "close", "Close search", priority=True)]

    #: Indexes of more documents than this are searched in a thread.
    THREAD_DOCS = 20_000
    #: Seconds before "Searching…" is shown for a search still running in its thread.
    SAY_SEARCHING_AFTER = 0.15
    #: At most this long (seconds) the screen is not painted while a search typed is in
    #: its thread, so that the key typed and its results are painted at once (see
    #: :meth:`_hold_paint`); 0: never held. Four frames: longer than the slowest common
    #: query at 1,000x (a phrase like ``"the s``, 45-60 ms), whose key would otherwise be
    #: painted at the hold's end and its results up to two frames after they came.
    HOLD_PAINT = 0.07

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
        #: What the line above the results says.
        self._said = ""
        #: The app's paints held while a search runs (:meth:`_hold_paint`), or None.
        self._held: ExitStack | None = None
        #: The rows of the results listed so far.
        self._rows = Rows()

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog") as dialog:
            dialog.border_title = "Search everything"
            dialog.border_subtitle = "enter open · ↓ results · ↑ recent · \"exact phrase\" · escape close"
            yield QueryBox(self.initial, placeholder="search: words, names, “a phrase”…", id="search-query",
                           highlighter=VisibleHighlighter(), history="search", changing=self._hold_paint)
            yield Static("", id="search-count")
            yield ResultList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
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
        else:
            self._release_paint()

    def run_search(self, query: str) -> None:
        """Search, at once for a small index; in a thread for a big one, where a query
        of very common words can take longer than a frame (the newest query wins)."""
        index = self._index()
        if index is None or len(index) <= self.THREAD_DOCS:
            self._release_paint()  # no search in a thread to wait for
        if index is None:
            failed = explorer(self).state.search_failed
            self._say("Preparing the search index…" if failed is None
                      else f"Search is not available in this session: {failed}")
            return
        self._searching += 1
        if len(index) <= self.THREAD_DOCS:
            self._show_results(index.search(query, self.country_filter))
            return
        self._hold_paint()  # held already by the text box's change, unless searched otherwise
        self.run_worker(partial(self._search_in_thread, index, query, self._searching), thread=True,
                        exclusive=True, group="search", description="Searching", exit_on_error=False)
        self.set_timer(self.SAY_SEARCHING_AFTER, partial(self._say_searching, self._searching))

    def _hold_paint(self) -> None:
        """Hold the app's paints until this search's results are shown, or for at most
        :data:`HOLD_PAINT` from the first key not yet painted.

        Without this each key was painted twice: the key in the text box at once, then
        its results, which waited for the next tick of Textual's screen refresh (a
        60 Hz timer that ticks at once after an idle spell, then every 17 ms after the
        tick before: the results came 17-33 ms after the key's own paint). Held, the
        key and its results are one paint, made as soon as the results are in
        (Textual's public ``App.batch_update``, entered here and left in
        :meth:`_release_paint`). A query slower than the hold has its key painted when
        the hold ends, and its results when they come.
        At 1,000x, key to last paint: benchmarks/README.md, "One paint per key".
        """
        if self._held is not None or not self.is_open or self.HOLD_PAINT <= 0:
            return  # keys typed ahead: the hold already running bounds their wait
        index = self._index()
        if index is None or len(index) <= self.THREAD_DOCS:
            return  # searched at once, or not at all: one paint anyway
        held = self._held = ExitStack()
        held.enter_context(self.app.batch_update())
        # On the app, not this screen: a screen's timers end with it, and the hold must not.
        self.app.set_timer(self.HOLD_PAINT, partial(self._release_paint, held))

    def _release_paint(self, held: ExitStack | None = None) -> None:
        """End the hold ``held`` (by default the one running), once, then let the screen
        on top paint what changed meanwhile."""
        held = self._held if held is None else held
        if held is None:
            return
        if held is self._held:
            self._held = None
        held.close()  # closing a closed ExitStack does nothing
        if self.app.screen_stack:
            # The screen skipped its paint while held (Screen._on_idle): ask again.
            self.app.screen.check_idle()

    def _theme_changed(self, _theme: object) -> None:
        self._rows.clear()  # the rows keep what they drew, in the theme's colours

    def on_unmount(self) -> None:
        self._release_paint()
        # Not left to Textual (it drops closed screens at the next theme change): the
        # subscription holds this screen, and its rows, until then.
        self.app.theme_changed_signal.unsubscribe(self)

    def dismiss(self, result: tuple[str, list[str], int] | None = None) -> AwaitComplete:
        self._release_paint()  # before the screen below is painted again
        return super().dismiss(result)

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
            self._say("Searching…")

    def _typed_query(self) -> str:
        return self.query_one(Input).value

    def _say(self, text: str) -> None:
        """Show ``text`` above the results (not again when it is shown already: each
        update of the line is another paint). The line is one row high whatever it says,
        so no layout of the dialog."""
        if text != self._said:
            self._said = text
            self.query_one("#search-count", Static).update(Content(text), layout=False)

    def _show_results(self, results: SearchResults) -> None:
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
                options.append(Option(self._rows.row(hit), id=f"{position}:{hit.doc.id}"))
        # Not clear_options then add_options: the list's height in lines would go to
        # nothing and back, each change of it a layout of the dialog.
        listing.set_options(options)
        if not query.strip():
            self._say("Type to search every item, sentence and note.")
        elif not results.total:
            where = " with the country filter on" if self.country_filter.active else ""
            self._say(f"No matches{where}.")
        else:
            more = f" (showing the best {len(results.hits)})" if len(results.hits) < results.total else ""
            self._say(f"{results.total} result{'s' if results.total != 1 else ''}{more}")
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        listing.highlighted = first
        self._show_position()
        self._release_paint()
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
        self._say(f"{number} of {results.total}")

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
