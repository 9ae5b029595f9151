"""The note editor: multi-line text and tags; ctrl+s saves, escape cancels."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
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
        # Priority: the focus moves as the key is taken, so the keys typed after tab go to
        # the tags (unbound, tab moved it only once it had been through the text box,
        # and the tags typed fast went into the text).
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
        Binding("ctrl+e", "external_editor", "Edit in $EDITOR", priority=True),
    ]

    def __init__(self, about: str | None, text: str = "", tags: list[str] | None = None) -> None:
        super().__init__()
        self.about = about
        self.initial = NoteDraft(text, list(tags or []))
        #: Keys typed while a save waits for the text box (None: not saving).
        self._held: list[events.Key] | None = None
        #: Set once the draft was saved to a recovery file (the app was ending).
        self.draft_saved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = "Note"
            dialog.border_subtitle = "ctrl+s save · escape cancel · tab: tags · ctrl+e $EDITOR"
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
        # ctrl+s is a priority key: it is acted on as it arrives, while the keys typed just
        # before it may still wait in the text box's queue (a browser tab sends keys in
        # bursts; the last letters of a note were lost so). Save once the box has them;
        # the keys typed after ctrl+s meanwhile are held, then given to the screen below.
        focused = self.focused
        if focused is None or self._held is not None:
            self._save()
            return
        self._held = []
        self.set_focus(None)
        focused.call_later(self._save, focused)

    def on_key(self, event: events.Key) -> None:
        if self._held is not None:  # saving: see action_save
            event.stop()
            event.prevent_default()
            self._held.append(event)

    def _save(self, focused: Widget | None = None) -> None:
        held, self._held = self._held or [], None
        if not self.is_attached or self.app.screen is not self:
            return  # already saved or cancelled
        from models.notes import unsavable

        draft = self.draft
        if not draft.text.strip():
            self.notify("A note needs some text (escape cancels).", severity="warning", timeout=3)
            if focused is not None:
                self.set_focus(focused)
            self.call_later(self._pass_on, held)
            return
        problem = unsavable(draft.text) or next(filter(None, (unsavable(t, "a tag") for t in draft.tags)), None)
        if problem is not None:  # kept open: the draft is not lost
            self.notify(problem[0].upper() + problem[1:] + ".", title="Not saved", severity="error",
                        timeout=10, markup=False)
            if focused is not None:
                self.set_focus(focused)
            self.call_later(self._pass_on, held)
            return
        self.dismiss(draft)
        # After the screen below has resumed (its focus back), as if typed there. Through
        # the app, not this screen: a callback of a screen being removed may never run.
        self.app.call_later(self._pass_on_below, held)

    def _pass_on(self, keys: list[events.Key]) -> None:
        for key in keys:
            self.app.post_message(events.Key(key.key, key.character))

    def _pass_on_below(self, keys: list[events.Key]) -> None:
        """Once this editor is off the screen stack, give the held keys to what is below."""
        if self in self.app.screen_stack:
            self.app.call_later(self._pass_on_below, keys)  # not popped yet: wait a turn
            return
        self._pass_on(keys)

    def action_external_editor(self) -> None:
        """Edit the text in $VISUAL or $EDITOR (see :mod:`tui.external_editor`)."""
        from tui.external_editor import edit_in_editor

        text_area = self.query_one(TextArea)
        edited = edit_in_editor(self.app, text_area.text)
        if edited is not None:
            text_area.replace(edited, (0, 0), text_area.document.end)  # one step to undo
            text_area.move_cursor(text_area.document.end)
        text_area.focus()

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?", "Discard", "Keep editing"),
                             answered)
