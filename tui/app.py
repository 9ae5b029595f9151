"""The MSS Explorer app, built by ``create_app`` (the CLI and the tests share it)."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from tui.commands import ItemProvider
from tui.ending import EndsSafely
from tui.loading import Loaded, LoadFailed, after_content, kept_for_good, load_everything
from tui.note_actions import NoteActions
from tui.option_list_paging import guard_paging
from tui.preferences import PreferencesFile, remember_theme
from tui.screens.main import MainScreen
from tui.state import UiState
from tui.strip_cycles import install as install_uncut_lines_without_cycles
from tui.text import VisibleHighlighter, visible
from tui.typeahead import Typeahead
from tui.views.registry import VIEWS

if TYPE_CHECKING:
    from textual.driver import Driver

    from models.notes import NotesStore
    from models.query import CountryFilter
    from models.schema import Dossier
    from models.search import SearchIndex

__all__ = ["ExplorerApp", "create_app"]

# Textual's lines not cut by the compositor refer to themselves: garbage only full
# collections free, half of what they freed at 1x (tui/strip_cycles.py).
install_uncut_lines_without_cycles()

guard_paging()  # pagedown in the command palette at 1x1 ended the app (KeyError)

#: The styles of the views and dialogs; app.tcss (CSS_PATH) has only the first frame's.
VIEWS_CSS = Path(__file__).with_name("views.tcss")


class ExplorerApp(EndsSafely, App[None]):
    """Keyboard-first explorer of one mission dossier.

    Given a dossier already loaded, it builds its views at once. Given a path, it
    paints its frame first (header, tabs, footer, a loading indicator) and loads the
    dossier and the notes in a thread; what cannot be loaded ends the app with return
    code 2 and :attr:`load_error` saying why (the CLI prints it).
    """

    TITLE = "MSS Explorer"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ItemProvider}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    class ContentShown(Message):
        """The dossier's content has been painted for the first time."""

        def __init__(self, seconds: float) -> None:
            super().__init__()
            #: Seconds from the app's creation to that paint.
            self.seconds = seconds

    #: The country filter every view shows (None until the dossier is loaded); views
    #: watch it. Set it to filter (MainScreen.apply_filter does, with the sub-title).
    #: Not repainting: the views and the header repaint what changes (an app's reactive
    #: that repaints repaints the whole screen, every widget on it).
    country_filter: reactive[CountryFilter | None] = reactive(None, init=False, repaint=False)
    #: Textual's, not repainting the whole screen either: its header watches it.
    #: Their repaints were a third of a filter's paint at 1x (benchmarks/README.md,
    #: "Freezes and the Timeline's first visit").
    sub_title: Reactive[str] = Reactive("", compute=False, repaint=False)

    def __init__(
        self,
        dossier: Dossier | None = None,
        *,
        path: Path | None = None,
        countries: Iterable[str] = (),
        notes_path: Path | None = None,
        votes_path: Path | None = None,
    ) -> None:
        super().__init__()
        if dossier is None and path is None:
            raise ValueError("give a dossier or the path of one")
        #: What the screens and views share (see tui/state.py).
        self.state = UiState(votes_path=votes_path)
        #: Adding, editing, deleting notes (see tui/note_actions.py).
        self.note_actions = NoteActions(self)
        self._path = path
        self._countries = list(countries)
        self._notes_path = notes_path
        #: Why the dossier could not be shown (the app then exits with return code 2).
        self.load_error: str | None = None
        self.content_shown = False
        self._started = perf_counter()
        #: Keys typed ahead of the screen they are for (tui/typeahead.py).
        self.typeahead = Typeahead(self)
        #: The reader's theme, layout and last view, remembered between runs.
        self.preferences = PreferencesFile()
        self.preferences.load()
        if dossier is not None:  # loaded already: set up now, the views are built at once
            self.css_path.append(VIEWS_CSS)
            self._set_up(load_everything(None, self._countries, self._notes_file(), dossier=dossier))
        else:
            self.sub_title = f"Loading {path.name}…" if path is not None else "Loading…"

    # Shortcuts to the state, typed (the CLI and the tests read them).

    @property
    def dossier(self) -> Dossier | None:
        return self.state.dossier

    @property
    def notes(self) -> NotesStore | None:
        return self.state.notes

    @property
    def search_index(self) -> SearchIndex | None:
        return self.state.search_index

    @property
    def votes_path(self) -> Path | None:
        return self.state.votes_path

    def _notes_file(self) -> Path:
        from models.paths import notes_path as default_notes_path

        return self._notes_path or default_notes_path()

    def _set_up(self, loaded: Loaded | LoadFailed) -> None:
        if isinstance(loaded, LoadFailed):
            self.load_error = loaded.message
            return
        from models.query import CountryFilter

        state = self.state
        state.dossier, state.country_index, state.notes = loaded.dossier, loaded.country_index, loaded.notes
        self.sub_title = loaded.dossier.title  # the main screen shows the filter instead, when there is one
        self.country_filter = CountryFilter.of(loaded.codes, loaded.dossier)

    @property
    def ready(self) -> bool:
        """True once the dossier is loaded (the views may still be being filled)."""
        return self.state.dossier is not None

    def on_mount(self) -> None:
        remember_theme(self, self.preferences)
        if self.dossier is not None:
            self._dossier_ready()
            self.build_search_index()
        elif self.load_error is not None:
            self.exit(return_code=2)

    def on_ready(self) -> None:
        # The first frame is on screen: now read the rest of the styles, and load in a
        # thread what the first frame did without.
        if VIEWS_CSS not in self.css_path:
            self.css_path.append(VIEWS_CSS)
            self.stylesheet.add_source(VIEWS_CSS.read_text(encoding="utf-8"), read_from=(str(VIEWS_CSS), ""))
        if self.dossier is None and self.load_error is None:
            from tui.malloc_tuning import fix_mmap_threshold, limit_arenas

            limit_arenas()  # before the load's threads (tui/malloc_tuning.py; ~5 ms, after the first frame)
            fix_mmap_threshold()
            self.load_in_thread()

    @work(thread=True, exclusive=True, group="load", description="Loading the dossier", exit_on_error=False)
    def load_in_thread(self) -> None:
        assert self._path is not None
        with kept_for_good():
            loaded = load_everything(self._path, self._countries, self._notes_file(),
                                     first_view=self.main.first_view)
        self.call_from_thread(self._loaded, loaded)

    def _loaded(self, loaded: Loaded | LoadFailed) -> None:
        self._set_up(loaded)
        if self.load_error is not None:
            self.exit(return_code=2)
            return
        assert self.dossier is not None
        self.main.show_dossier(self.dossier)
        self._dossier_ready()

    def _dossier_ready(self) -> None:
        """The dossier is loaded and the main screen has its views."""
        notes = self.state.notes
        assert notes is not None
        if notes.error is not None:
            self.notify(
                visible(f"{notes.error}\nIt is left untouched; open Notes (7) for what to do."),
                title="Notes file not readable", severity="error", timeout=15, markup=False,
            )
        elif notes.protected is not None:
            self.notify(visible(notes.protected), title="Notes are read-only", severity="warning",
                        timeout=10, markup=False)

    def show_content(self) -> None:
        """Called after the first paint of the dossier's content (once). A dossier
        loaded by the app is indexed for search from now on, the other views'
        modules are imported and the country index built (in threads: the interface
        is already usable)."""
        if self.content_shown:
            return
        self.content_shown = True
        self.post_message(self.ContentShown(perf_counter() - self._started))
        if self.search_index is None and not self.workers_in("search-index"):
            self.build_search_index()
        self.run_worker(partial(after_content, self.dossier), thread=True, group="import-views",
                        description="Importing the views", exit_on_error=False)

    def settled(self) -> None:
        """A view has been filled and painted for the first time: its widgets, their
        drawn lines and its rows live on. When the app loaded the dossier itself, they
        are frozen out of the garbage collector's sight (as the dossier was, see
        :func:`tui.loading.kept_for_good`): otherwise each full collection walks them
        all, tens of milliseconds more the more views have been visited. (What is
        garbage at that moment is kept for good too: a few widgets at most, once per
        view.)"""
        if self._path is not None:
            gc.freeze()

    def workers_in(self, group: str) -> bool:
        return any(worker.group == group for worker in self.workers)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.typeahead.keeps(event):
            return  # acted on once the screen it is for is ready
        await super().on_event(event)

    @on(events.DescendantFocus)
    def _show_input_literally(self, event: events.DescendantFocus) -> None:
        """Textual's own inputs (the command palette's, the theme picker's) draw pasted
        control characters raw; give them the highlighter ours have."""
        if isinstance(event.widget, Input) and event.widget.highlighter is None:
            event.widget.highlighter = VisibleHighlighter()

    def format_title(self, title: str, sub_title: str) -> Content:
        # The sub-title holds the dossier's title (or the filter's country names); it is
        # shortened to fit the width rather than cut (tui/layout.py).
        from tui.layout import fit_title

        return fit_title(visible(title), visible(sub_title), self.size.width)

    def copy_to_clipboard(self, text: str) -> None:
        """Whatever goes to the clipboard (y, or a copy in an input) has no control
        character live: a quote holding ESC[201~ ended a shell's bracketed paste."""
        from models.safe_text import for_terminal

        super().copy_to_clipboard(for_terminal(text))

    def get_driver_class(self) -> type[Driver]:
        from tui.terminal_input import tolerate_bad_bytes

        return tolerate_bad_bytes(super().get_driver_class())

    def get_default_screen(self) -> Screen:
        screen = MainScreen(self.dossier)
        screen.show_first(self.preferences.preferences.view)
        return screen

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0] if self.screen_stack else self.screen
        assert isinstance(screen, MainScreen)
        return screen

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        if isinstance(screen, MainScreen):
            # Named from the registry: listing the views does not make those not yet visited.
            for info in VIEWS if screen.ready else ():
                yield SystemCommand(
                    f"View {info.key}: {info.title}",
                    f"Switch to the {info.title} view (key {info.key})",
                    lambda name=info.name: screen.action_show_view(name),
                )
            if screen.ready:
                yield SystemCommand("Export: this view or the search results",
                                    "To Markdown, JSON or CSV, the file confirmed (key E)", screen.action_export_view)
                yield SystemCommand("Open the selected source's URL",
                                    "In the web browser, the URL shown first (key w)", screen.action_open_link)
        yield SystemCommand("Help: keys", "Show every key", self.action_help)

    def go_to_item(self, item_id: str) -> None:
        self.main.go_to_item(item_id)

    # -- search -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search-index", description="Building the search index",
          exit_on_error=False)
    def build_search_index(self) -> None:
        """Index every item, sentence and note once, off the event loop: read from the
        index cache when it holds this dossier's index (models/index_cache.py), else
        built, handed to the app, then written to the cache for the next start."""
        from models.index_cache import cache_index, cached_index
        from models.search import build_index

        state = self.state
        dossier = state.dossier
        assert dossier is not None and state.notes is not None
        version = state.notes_version
        # When the app loaded the dossier (as the CLI has it do), the index lives as long
        # as the app, and is kept in the cache for the next start.
        loaded_here = self._path is not None
        with kept_for_good() if loaded_here else nullcontext():
            index = cached_index(dossier) if loaded_here else None
            built = index is None
            if index is None:
                index = build_index(dossier)
            index.set_notes(state.notes.notes)
        from tui.malloc_tuning import give_back_free_memory

        give_back_free_memory()  # the load's and the build's temporaries (tui/malloc_tuning.py)
        self.call_from_thread(self._index_ready, index, version)
        if loaded_here and built:  # after search is usable: nobody waits for the write
            cache_index(dossier, index)
            give_back_free_memory()  # the pickler's memo

    def _index_ready(self, index: SearchIndex, version: int) -> None:
        state = self.state
        assert state.notes is not None
        if version != state.notes_version:  # notes changed while it was being built
            index.set_notes(state.notes.notes)
        state.search_index = index
        self.prepare_timeline()

    @work(thread=True, exclusive=True, group="prepare", description="Working out the timeline",
          exit_on_error=False)
    def prepare_timeline(self) -> None:
        """The Timeline's whole axis, worked out ahead (after the search index, so as not
        to delay it), so that its first visit has only to wrap its rows: at 1,000x the axis
        is 1.5-2 s of work (benchmarks/README.md, "View switches")."""
        from tui.views.timeline import whole_axis

        dossier = self.state.dossier
        if dossier is not None:
            whole_axis(dossier)  # kept there for the view (a view that asks meanwhile waits for it)

    # -- a worker that failed --------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """Every worker that raised comes here (its node forwards it, see
        tui/worker_errors.py): the reader gets a message saying what could not be done,
        never a traceback, and the app goes on where it can."""
        from tui.worker_errors import recover_from

        recover_from(self, worker)

    async def action_quit(self) -> None:
        """Quit, but never silently drop notes that could not be saved."""
        from tui.screens.confirm import ConfirmDialog

        notes = self.state.notes
        if notes is None or not notes.dirty:
            self.exit()
            return
        where = ("the notes file is damaged: open Notes (7) and press r to save them beside it"
                 if notes.read_only else "saving them failed")
        question = f"Some of your notes are not saved ({where}).\n\nQuit and lose them?"

        def answered(lose: bool | None) -> None:
            if lose:
                self.exit()

        if not isinstance(self.screen, ConfirmDialog):
            self.push_screen(ConfirmDialog(question, "Quit, losing them", "Stay"), answered)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen  # Markdown is only needed here

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def create_app(
    dossier: Dossier | str | Path | None = None,
    *,
    countries: Iterable[str] = (),
    notes_path: Path | None = None,
    votes_path: Path | None = None,
) -> ExplorerApp:
    """Build the explorer (the CLI and the tests call this).

    ``dossier`` is a loaded dossier (the views are built at once), or the path of one
    to load after the first frame (None: the bundled dossier). ``countries`` are codes,
    names or aliases, as ``--country`` takes them.
    """
    if dossier is None or isinstance(dossier, (str, Path)):
        if dossier is None:
            from models.paths import bundled_dossier_path

            dossier = bundled_dossier_path()
        return ExplorerApp(path=Path(dossier), countries=countries, notes_path=notes_path, votes_path=votes_path)
    return ExplorerApp(dossier, countries=countries, notes_path=notes_path, votes_path=votes_path)
