"""View 7: the reader's notes, with their targets; the notes file's path and health."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from models.notes import Note, NotesStore
from models.schema import Item
from tui.messages import OpenEvidence, OpenItem
from tui.present import Details
from tui.state import explorer
from tui.text import literal
from tui.views.registry import view_info
from tui.views.table_view import TableRows, TableView
from tui.widgets.item_table import cell

__all__ = ["NotesView"]


def _home_relative(path: Path) -> str:
    """The path with the home directory written as ~, as people read it."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class NotesView(TableView):
    key, name, title, kinds = view_info("notes")

    BINDINGS = [
        Binding("e", "edit_note", "Edit"),
        Binding("d", "delete_note", "Delete"),
        Binding("r", "recover", "New notes file", show=False,
                tooltip="When the notes file is damaged: go on beside it, in the file started last time or a new one"),
    ]

    def rows_key(self) -> Hashable | None:
        return None  # the notes change more often than anything else: never reused

    def compose_above(self) -> ComposeResult:
        yield Static("", id="notes-file", classes="keep-when-empty")

    def on_mount(self) -> None:
        self.table.add_column("Updated", key="updated")
        self.table.add_column("Note", key="text")
        self.table.add_column("On", key="target")

    @property
    def notes_store(self) -> NotesStore:
        notes = explorer(self).state.notes
        assert notes is not None, "the notes are loaded with the dossier"
        return notes

    def expected_rows(self) -> int:
        return len(self.notes_store.notes)

    def show_rows(self, rows: TableRows) -> None:
        store = self.notes_store
        header: list[Content | tuple[str, str] | str] = [("Notes file: ", "bold"), literal(_home_relative(store.path))]
        if store.error is not None:
            header += ["\n", ("⚠ ", "$text-error"), literal(str(store.error), "$text-error"),
                       ("\nThis file is left as it is. ", "bold")]
            earlier = store.recovered_files()
            if earlier:
                header += [("Press r to go on in ", "bold"), literal(earlier[0].name, "bold"),
                           (", started when it was found damaged before.", "bold")]
            else:
                header += [("Press r to start a new notes file beside it.", "bold")]
        elif store.protected is not None:
            header += ["\n", ("Read-only: ", "bold $text-warning"), literal(store.protected, "$text-warning")]
        elif store.dirty:
            header += ["\n", ("⚠ Some changes are not saved yet (they are kept in memory).", "$text-warning")]
        self.query_one("#notes-file", Static).update(Content.assemble(*header))
        super().show_rows(rows)

    def row_ids(self) -> Sequence[str]:
        return [note.id for note in self.notes_store.notes if self._passes_filter(note)]

    def cells(self, item_id: str) -> Sequence[Text]:
        note = self.notes_store.get(item_id)
        if note is None:  # deleted since the rows were made
            return [cell(""), cell(""), cell("")]
        target = explorer(self).state.note_target_title(note)
        first = note.text.strip().splitlines()[0] if note.text.strip() else ""
        tags = f"  [{', '.join(note.tags)}]" if note.tags else ""
        text = first + tags
        return [
            cell(f"{note.updated:%Y-%m-%d %H:%M}"),
            cell(text if len(text) <= 40 else text[:39] + "…"),
            cell(target, "italic" if explorer(self).state.note_is_orphan(note) else ""),
        ]

    def _passes_filter(self, note: Note) -> bool:
        """Under a country filter, a note shows when its item involves those countries
        (as in search); notes without a target, or orphaned, show only unfiltered."""
        if not self.country_filter.active:
            return True
        if note.target is None or not self.dossier.has_item(note.target.item_id):
            return False
        item = self.dossier.item(note.target.item_id)
        return isinstance(item, Item) and self.country_filter.allows(item)

    def empty_reason(self) -> str:
        if self.notes_store.notes:
            return ("No notes on the items the country filter shows (notes without a target show "
                    "only unfiltered). Press x to clear the filter.")
        return ("No notes yet. Press a on any item (or here, for a note without a target) "
                "to write one; it is saved at once to the file above.")

    def refresh_details(self, item_id: str | None = None) -> None:
        if not self.started:
            return
        note_id = item_id or self.current_id
        note = self.notes_store.get(note_id) if note_id else None
        if note is None:
            return
        state = explorer(self).state
        orphan = state.note_is_orphan(note)
        fields = [
            ("On", literal(state.note_target_title(note))),
            ("Tags", literal(", ".join(note.tags) or "—")),
            ("Created", Content(f"{note.created:%Y-%m-%d %H:%M:%S} UTC")),
            ("Updated", Content(f"{note.updated:%Y-%m-%d %H:%M:%S} UTC")),
            ("Id", Content(note.id)),
        ]
        sections = [("Text", "bold", literal(note.text))]
        if orphan:
            sections.insert(0, ("Orphaned", "bold $text-warning", Content(
                "The item this note was attached to is no longer in the dossier. "
                "The words it had then are kept above.")))
        hint = "enter: go to its item · e: edit · d: delete" if note.target else "e: edit · d: delete"
        self.detail.show(note.id, Details(
            title=literal(note.text.strip().splitlines()[0] if note.text.strip() else "(empty)", "bold $accent"),
            subtitle=Content.styled(f"Note · {hint}", "dim"),
            fields=fields,
            sections=sections,
        ))

    @on(OpenEvidence)
    def _go_to_target(self, event: OpenEvidence) -> None:
        """Enter on a note leads to the item it is attached to."""
        event.stop()
        note = self.notes_store.get(event.item_id)
        if note is None:
            return
        if note.target is None:
            self.notify("This note has no target.", timeout=3)
        elif explorer(self).state.note_is_orphan(note):
            self.notify("This note's item is no longer in the dossier (orphaned).", severity="warning")
        else:
            self.post_message(OpenItem(note.target.item_id))

    def action_edit_note(self) -> None:
        if self.current_id:
            explorer(self).note_actions.edit(self.current_id)

    def action_delete_note(self) -> None:
        if self.current_id:
            explorer(self).note_actions.delete(self.current_id)

    def action_recover(self) -> None:
        explorer(self).note_actions.recover()
