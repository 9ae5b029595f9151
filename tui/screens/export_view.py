"""`E` (and the palette): export this view, as filtered, or the search results.

:func:`view_export` and :func:`search_export` turn what is on screen into a
:class:`models.view_export.ViewExport`; :class:`ExportDialog` asks what, in which
format and where (a path in the current directory, editable), asks before replacing
a file, writes it atomically and says what it wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from models.files import describe_size, write_text_atomic
from models.schema import Item
from models.view_export import FORMATS, ExportRow, ViewExport, citations_of, default_name, render
from tui.screens.confirm import ConfirmDialog
from tui.screens.dialog import Dialog
from tui.state import explorer
from tui.text import VisibleHighlighter, literal, visible
from tui.widgets.item_list import ItemList
from tui.widgets.item_table import ItemTable

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

__all__ = ["ExportDialog", "export_from", "search_export", "view_export"]


def _scope(screen: MainScreen) -> str:
    codes = screen.country_filter.codes
    if not codes or screen.dossier is None:
        return ""
    return "Filtered to: " + ", ".join(screen.dossier.country_name(c) for c in sorted(codes))


def _row(screen: MainScreen, item_id: str, cells: tuple[str, ...]) -> ExportRow:
    dossier = screen.dossier
    assert dossier is not None
    if dossier.has_item(item_id):
        thing = dossier.item(item_id)
        citations = citations_of(dossier, thing) if isinstance(thing, Item) else ()
        return ExportRow(item_id, cells, thing.kind_label, citations)
    notes = explorer(screen).state.notes
    note = notes.get(item_id) if notes is not None else None
    return ExportRow(item_id, cells, "Note" if note is not None else "")


def _whole_words(screen: MainScreen, item_id: str, columns: tuple[str, ...], cells: list[str]) -> None:
    """A statement's words whole (the Statements list cuts them at 200 characters)."""
    from models.schema import Statement

    dossier = screen.dossier
    if "Words" in columns and dossier is not None and dossier.has_item(item_id):
        item = dossier.item(item_id)
        if isinstance(item, Statement):
            cells[columns.index("Words")] = f"“{item.text}”" if item.mode == "direct" else item.text


def view_export(screen: MainScreen) -> ViewExport:
    """The current view's rows as shown: filtered, in their order, its columns."""
    dossier = screen.dossier
    assert dossier is not None
    view = screen.current_view
    listing = view.listing
    rows: list[ExportRow] = []
    columns: tuple[str, ...] = ("Item",)
    if isinstance(listing, ItemTable):
        columns = tuple(column.label.plain for column in listing.columns)
        for index, item_id in enumerate(listing.ids):
            if item_id is not None:
                cells = [c.plain.strip() for c in listing.get_row_at(index)]
                _whole_words(screen, item_id, columns, cells)
                rows.append(_row(screen, item_id, tuple(cells)))
    elif isinstance(listing, ItemList):
        for index, item_id in enumerate(listing.ids):
            if item_id is not None:
                rows.append(_row(screen, item_id, (" ".join(listing.row_content(index).plain.split()),)))
    return ViewExport(f"{view.title} (view {view.key})", columns, tuple(rows), _scope(screen), str(dossier.as_of))


def search_export(screen: MainScreen) -> ViewExport | None:
    """The last search's results, or None when there has been no search."""
    from models.targets import SentenceRef, target_of
    from tui.present import item_title

    dossier = screen.dossier
    if dossier is None or not screen.search_ids:
        return None
    rows: list[ExportRow] = []
    for doc_id in screen.search_ids:
        notes = explorer(screen).state.notes
        note = notes.get(doc_id) if notes is not None else None
        target = target_of(dossier, doc_id)
        if note is not None:
            rows.append(ExportRow(doc_id, ("Note", note.text), "Note"))
        elif isinstance(target, SentenceRef):
            cells = ("Sentence", f"{target.source.title}, sentence {target.sentence.index + 1}: {target.sentence.text}")
            rows.append(ExportRow(doc_id, cells, "Sentence"))
        elif target is not None:
            rows.append(_row(screen, doc_id, (target.kind_label, item_title(dossier, target))))
    return ViewExport(f"Search results for “{screen.search_query}”", ("Kind", "Item"), tuple(rows),
                      _scope(screen), str(dossier.as_of))


def export_from(screen: MainScreen) -> None:
    """Open the export dialog for what the screen shows."""
    if not screen.ready:
        return
    screen.app.push_screen(ExportDialog(view_export(screen), search_export(screen)))


class ExportDialog(Dialog[Path | None]):
    """What to export, the format and the file; dismisses with the path written."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ExportDialog RadioSet { width: 100%; height: auto; border: none; padding: 0; }
    ExportDialog #export-format { layout: horizontal; }
    ExportDialog .export-label { text-style: bold; }
    ExportDialog #export-status { height: auto; color: $text-warning; }
    ExportDialog Horizontal { height: auto; width: auto; }
    ExportDialog Button { margin-right: 2; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+s", "write", "Write", priority=True),
    ]

    def __init__(self, view: ViewExport, search: ViewExport | None = None, directory: Path | None = None) -> None:
        super().__init__()
        self.choices = [view] + ([search] if search is not None else [])
        self.directory = directory or Path.cwd()
        self.fmt = "markdown"

    @property
    def export(self) -> ViewExport:
        index = self.query_one("#export-what", RadioSet).pressed_index
        return self.choices[max(index, 0)]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Export"
            box.border_subtitle = "ctrl+s write · escape cancel"
            yield Static("What", classes="export-label")
            with RadioSet(id="export-what"):
                for n, choice in enumerate(self.choices):
                    scope = f" · {choice.scope}" if choice.scope else ""
                    label = Content(visible(f"{choice.title}: {len(choice.rows)} rows{scope}"))
                    yield RadioButton(label, value=n == 0)
            yield Static("Format", classes="export-label")
            with RadioSet(id="export-format"):
                for n, (word, ext) in enumerate(FORMATS.values()):
                    yield RadioButton(f"{word} ({ext})", value=n == 0)
            yield Static("File (in the current directory unless you give a path)", classes="export-label")
            yield Input(str(self.directory / default_name(self.choices[0].title, self.fmt)), id="export-path",
                        highlighter=VisibleHighlighter())
            yield Static("", id="export-status")
            with Horizontal():
                yield Button("Write (ctrl+s)", variant="primary", id="write")
                yield Button("Cancel (escape)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        """A new choice or format: the default file name follows it (the folder kept)."""
        self.fmt = list(FORMATS)[max(self.query_one("#export-format", RadioSet).pressed_index, 0)]
        path_input = self.query_one("#export-path", Input)
        folder = Path(path_input.value).expanduser().parent if path_input.value.strip() else self.directory
        path_input.value = str(folder / default_name(self.export.title, self.fmt))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "write":
            self.action_write()
        else:
            self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _say(self, text: str) -> None:
        self.query_one("#export-status", Static).update(literal(text))

    def action_write(self) -> None:
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            self._say("Give a file name.")
            return
        path = Path(typed).expanduser()
        if not path.is_absolute():
            path = self.directory / path
        if path.is_dir():
            self._say(f"{path} is a directory: give a file name.")
            return
        if path.exists() or path.is_symlink():
            def answered(replace: bool | None) -> None:
                if replace:
                    self._write(path, overwrite=True)
                else:
                    self._say("Not written: give another file name.")

            self.app.push_screen(ConfirmDialog(f"{path} exists. Replace it?", "Replace", "Keep it"), answered)
            return
        self._write(path, overwrite=False)

    def _write(self, path: Path, *, overwrite: bool) -> None:
        export, fmt = self.export, self.fmt
        try:
            size = write_text_atomic(path, render(export, fmt), overwrite=overwrite)
        except FileExistsError:
            self._say(f"{path} exists (it appeared just now): not replaced.")
            return
        except OSError as exc:
            self._say(f"Not written: {path}: {exc.strerror or exc}.")
            return
        word = FORMATS[fmt][0]
        self.notify(visible(f"{export.title}: {len(export.rows)} rows as {word} ({describe_size(size)}) to {path}"),
                    title="Exported", timeout=6, markup=False)
        self.dismiss(path)
