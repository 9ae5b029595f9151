"""The MSS Explorer app, built by ``create_app`` (the CLI and the tests share it)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from tui.commands import ItemProvider
from tui.ending import EndsSafely
from tui.loading import Loaded, LoadFailed, import_views, kept_for_good, load_everything
from tui.option_list_paging import guard_paging
from tui.preferences import PreferencesFile, remember_theme
from tui.screens.main import MainScreen
from tui.text import VisibleHighlighter, visible

if TYPE_CHECKING:
    from textual.driver import Driver

    from models.countries import CountryIndex
    from models.notes import Note, NotesStore, NoteTarget
    from models.query import CountryFilter
    from models.schema import Dossier
    from models.search import SearchIndex

__all__ = ["ExplorerApp", "create_app"]

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
        #: The imported Council record (``--votes``; None: the one in the user data dir).
        self.votes_path = votes_path
        if dossier is None and path is None:
            raise ValueError("give a dossier or the path of one")
        self.dossier: Dossier | None = None
        self._path = path
        self._countries = list(countries)
        self._notes_path = notes_path
        self.notes: NotesStore | None = None
        self.country_index: CountryIndex | None = None
        self.country_filter: CountryFilter | None = None
        #: Why the dossier could not be shown (the app then exits with return code 2).
        self.load_error: str | None = None
        #: Built in a thread after the first screen is up (see build_search_index).
        self.search_index: SearchIndex | None = None
        self.content_shown = False
        self._started = perf_counter()
        #: Counts changes to the notes (the search index is told of them).
        self._notes_version = 0
        self._reindexing = threading.Lock()
        #: The reader's theme, layout and last view, remembered between runs.
        self.preferences = PreferencesFile()
        self.preferences.load()
        if dossier is not None:  # loaded already: set up now, the views are built at once
            self.css_path.append(VIEWS_CSS)
            self._set_up(load_everything(None, self._countries, self._notes_file(), dossier=dossier))
        else:
            self.sub_title = f"Loading {path.name}…" if path is not None else "Loading…"

    def _notes_file(self) -> Path:
        from models.paths import notes_path as default_notes_path

        return self._notes_path or default_notes_path()

    def _set_up(self, loaded: Loaded | LoadFailed) -> None:
        if isinstance(loaded, LoadFailed):
            self.load_error = loaded.message
            return
        from models.query import CountryFilter

        self.dossier = loaded.dossier
        self.country_index = loaded.country_index
        self.country_filter = CountryFilter.of(loaded.codes, loaded.dossier)
        self.notes = loaded.notes
        self.sub_title = loaded.dossier.title

    @property
    def ready(self) -> bool:
        """True once the dossier is loaded (the views may still be being filled)."""
        return self.dossier is not None

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
            self.load_in_thread()

    @work(thread=True, exclusive=True, group="load", description="Loading the dossier")
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
        assert self.notes is not None
        if self.notes.error is not None:
            self.notify(
                visible(f"{self.notes.error}\nIt is left untouched; open Notes (7) for what to do."),
                title="Notes file not readable", severity="error", timeout=15, markup=False,
            )
        elif self.notes.protected is not None:
            self.notify(visible(self.notes.protected), title="Notes are read-only", severity="warning",
                        timeout=10, markup=False)

    def show_content(self) -> None:
        """Called after the first paint of the dossier's content (once). A dossier
        loaded by the app is indexed for search from now on, and the other views'
        modules are imported (in threads: the interface is already usable)."""
        if self.content_shown:
            return
        self.content_shown = True
        self.post_message(self.ContentShown(perf_counter() - self._started))
        if self.search_index is None and not self.workers_in("search-index"):
            self.build_search_index()
        self.run_worker(import_views, thread=True, group="import-views", description="Importing the views")

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
            for name, view in screen.views.items():
                yield SystemCommand(
                    f"View {view.key}: {view.title}",
                    f"Switch to the {view.title} view (key {view.key})",
                    lambda name=name: screen.action_show_view(name),
                )
        yield SystemCommand("Help: keys", "Show every key", self.action_help)

    def go_to_item(self, item_id: str) -> None:
        self.main.go_to_item(item_id)

    # -- search -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search-index", description="Building the search index")
    def build_search_index(self) -> None:
        """Index every item, sentence and note once, off the event loop."""
        from models.search import build_index

        assert self.dossier is not None and self.notes is not None
        version = self._notes_version
        if self._path is not None:  # the app loaded the dossier: the index lives as long as the app
            with kept_for_good():
                index = build_index(self.dossier)
                index.set_notes(self.notes.notes)
        else:
            index = build_index(self.dossier)
            index.set_notes(self.notes.notes)
        self.call_from_thread(self._index_ready, index, version)

    def _index_ready(self, index: SearchIndex, version: int) -> None:
        assert self.notes is not None
        if version != self._notes_version:  # notes changed while it was being built
            index.set_notes(self.notes.notes)
        self.search_index = index

    # -- notes ----------------------------------------------------------------------------

    def has_notes(self, item_id: str) -> bool:
        return self.notes is not None and self.notes.has_notes(item_id)

    def notes_text_for(self, item_id: str) -> list[str]:
        return [note.text for note in self.notes.for_item(item_id)] if self.notes is not None else []

    def note_is_orphan(self, note: Note) -> bool:
        """True when the note's item is gone from the dossier (its words are kept)."""
        from models.targets import target_of

        if note.target is None or self.dossier is None:
            return False
        return target_of(self.dossier, note.target.item_id) is None

    def note_target_title(self, note: Note) -> str:
        if note.target is None:
            return "(no target)"
        if self.note_is_orphan(note):
            return f"(orphaned) {note.target.label}"
        return note.target.label

    def notes_protected(self) -> bool:
        """True (and says so) when the notes file is read-only: no editor is opened."""
        if self.notes is None or self.notes.protected is None:
            return False
        self.notify(visible(self.notes.protected), title="Notes are read-only", severity="warning",
                    timeout=8, markup=False)
        return True

    def add_note(self, target: NoteTarget | None) -> None:
        """Open the editor for a new note on ``target`` (None: a note without a target)."""
        from tui.screens.note_editor import NoteDraft, NoteEditor

        assert self.notes is not None
        if self.notes_protected():
            return

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._change_notes(lambda: self.notes.add(draft.text, draft.tags, target))

        self.push_screen(NoteEditor(target.label if target else None), saved)

    def edit_note(self, note_id: str) -> None:
        from tui.screens.note_editor import NoteDraft, NoteEditor

        assert self.notes is not None
        note = self.notes.get(note_id)
        if note is None or self.notes_protected():
            return

        def saved(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._change_notes(lambda: self.notes.update(note_id, text=draft.text, tags=draft.tags))

        label = self.note_target_title(note) if note.target else None
        self.push_screen(NoteEditor(label, note.text, note.tags), saved)

    def delete_note(self, note_id: str) -> None:
        from tui.screens.confirm import ConfirmDialog

        assert self.notes is not None
        note = self.notes.get(note_id)
        if note is None or self.notes_protected():
            return
        first = note.text.strip().splitlines()[0] if note.text.strip() else ""

        def answered(yes: bool | None) -> None:
            if yes:
                self._change_notes(lambda: self.notes.delete(note_id))

        self.push_screen(ConfirmDialog(f"Delete this note?\n\n{first[:200]}", "Delete", "Keep"), answered)

    def recover_notes(self) -> None:
        """Leave a damaged notes file untouched and go on beside it: in the file started
        the last time it was found damaged, if there is one, or in a new one."""
        from models.notes import NotesError, NotesFileError

        assert self.notes is not None
        if self.notes.error is None:
            self.notify("The notes file is fine: nothing to recover.", timeout=3)
            return
        for earlier in self.notes.recovered_files():
            try:
                self.notes.continue_in(earlier)
            except NotesFileError:
                continue  # damaged too: try the one before, or start a new one
            except NotesError as exc:
                self.notify(visible(str(exc)), title="Not saved", severity="error", markup=False, timeout=10)
            else:
                count = len(self.notes.notes)
                self.notify(visible(f"Going on in {earlier}, started when this notes file was found damaged "
                                    f"before ({count} note{'s' if count != 1 else ''}). "
                                    "The damaged file was left as it was."),
                            title="Notes", markup=False, timeout=8)
            self._notes_changed()
            return
        try:
            path = self.notes.start_new_file_beside()
        except NotesError as exc:
            self.notify(visible(str(exc)), title="Could not start a new notes file", severity="error",
                        markup=False)
            return
        self.notify(visible(f"New notes file: {path}. The damaged file was left as it was."),
                    title="Notes", markup=False, timeout=8)
        self._notes_changed()

    def _change_notes(self, change: Callable[[], object]) -> None:
        from models.notes import NotesProtectedError, NotesReadOnlyError, NotesSaveError, NoteTextError

        assert self.notes is not None
        try:
            change()
        except (NoteTextError, NotesProtectedError) as exc:  # refused before anything changed
            self.notify(visible(str(exc)), title="Not saved", severity="error", timeout=10, markup=False)
            return
        except NotesReadOnlyError:
            self.notify(
                "The notes file is damaged, so nothing was written to it. Your change is kept in memory: "
                "open Notes (7) and press r to save it beside the damaged file.",
                title="Not saved", severity="error", timeout=10, markup=False,
            )
        except NotesSaveError as exc:
            self.notify(visible(f"{exc} Your change is kept in memory and saved with the next change."),
                        title="Not saved", severity="error", timeout=10, markup=False)
        else:
            report = self.notes.last_report
            if report is not None and report.describe():
                self.notify(visible(report.describe().capitalize() + "."), title="Notes merged", markup=False)
        self._notes_changed()

    def _notes_changed(self) -> None:
        """The notes changed (or the store holds another file's): the search index and
        the views follow."""
        assert self.notes is not None
        self._notes_version += 1
        index = self.search_index
        if index is not None:
            if len(index) <= self.REINDEX_NOTES_AT_ONCE:
                index.set_notes(self.notes.notes)
            else:  # 30 ms and more at 1,000x the bundled dossier: not on the event loop
                self._reindex_notes(index, list(self.notes.notes), self._notes_version)
        self.main.notes_changed()

    #: Up to this many documents in the search index, notes are re-indexed at once;
    #: above, in a thread.
    REINDEX_NOTES_AT_ONCE = 20_000

    @work(thread=True, group="notes-index", description="Indexing the notes")
    def _reindex_notes(self, index: SearchIndex, notes: list[Note], version: int) -> None:
        with self._reindexing:  # one at a time; one overtaken by a later change is skipped
            if version == self._notes_version:
                index.set_notes(notes)

    async def action_quit(self) -> None:
        """Quit, but never silently drop notes that could not be saved."""
        from tui.screens.confirm import ConfirmDialog

        if self.notes is None or not self.notes.dirty:
            self.exit()
            return
        where = ("the notes file is damaged: open Notes (7) and press r to save them beside it"
                 if self.notes.read_only else "saving them failed")
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
