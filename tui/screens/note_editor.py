"""The note editor: multi-line text and tags; ctrl+s saves, escape cancels."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from tui.screens.confirm import ConfirmDialog
from tui.screens.dialog import Dialog
from tui.text import VisibleHighlighter, literal, visible

__all__ = ["NoteDraft", "NoteEditor", "parse_tags"]


@dataclass(frozen=True)
class NoteDraft:
    text: str
    tags: list[str]


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, trimmed, empty ones and repeats dropped, order kept."""
    tags: list[str] = []
    for tag in text.split(","):
        tag = tag.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class NoteText(TextArea):
    """The note's text, drawn made visible: a control character pasted in (or read from
    the notes file) shows as a picture and is kept in the note as it is."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        line.plain = visible(line.plain)
        return line


class NoteEditor(Dialog[NoteDraft | None]):
    """Edit a note. Dismisses with the draft on save, None on cancel."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, about: str | None, text: str = "", tags: list[str] | None = None) -> None:
        super().__init__()
        self.about = about
        self.initial = NoteDraft(text, list(tags or []))
        #: Set once the draft was saved to a recovery file (the app was ending).
        self.draft_saved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = "Note"
            dialog.border_subtitle = "ctrl+s save · escape cancel · tab: tags"
            about = literal(self.about) if self.about else Content("A note without a target")
            yield Static(Content.assemble(("On: ", "bold"), about), id="note-about")
            yield NoteText(self.initial.text, id="note-text", soft_wrap=True, tab_behavior="focus")
            yield Input(", ".join(self.initial.tags), placeholder="tags, comma-separated", id="note-tags",
                        highlighter=VisibleHighlighter())

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @property
    def draft(self) -> NoteDraft:
        return NoteDraft(self.query_one(TextArea).text, parse_tags(self.query_one(Input).value))

    @property
    def changed(self) -> bool:
        return self.draft != self.initial

    def action_save(self) -> None:
        from models.notes import unsavable

        draft = self.draft
        if not draft.text.strip():
            self.notify("A note needs some text (escape cancels).", severity="warning", timeout=3)
            return
        problem = unsavable(draft.text) or next(filter(None, (unsavable(t, "a tag") for t in draft.tags)), None)
        if problem is not None:  # kept open: the draft is not lost
            self.notify(problem[0].upper() + problem[1:] + ".", title="Not saved", severity="error",
                        timeout=10, markup=False)
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?", "Discard", "Keep editing"),
                             answered)
