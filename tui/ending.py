"""How the explorer ends: nothing acted on once it is quitting, and a note being
written is never lost to an unexpected error.

:class:`EndsSafely` is mixed into :class:`tui.app.ExplorerApp` (before ``App``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.await_complete import AwaitComplete

from models.text import visible

__all__ = ["EndsSafely"]


class EndsSafely(App[None]):
    """Quitting is final, and an unexpected end saves the open note drafts first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._quitting = False
        #: Where the notes being written were saved when the app ended unexpectedly.
        self.draft_messages: list[str] = []

    def _notes_file(self):  # noqa: ANN202 - the app's (the notes file's path)
        raise NotImplementedError

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self._quitting = True
        super().exit(*args, **kwargs)

    # Once exit() is called, Textual takes every widget as detached (is_attached is False)
    # and mount() raises MountError, yet the keys queued behind q are still handled: the
    # app forwards each key to the focused widget before the one in front of it is acted
    # on, so "q 2" switched to a view not built yet, and "q a" pushed the note editor,
    # while the app closed, and ended it with a traceback. Nothing the reader does after
    # q is acted on: no action runs once quitting.

    async def run_action(self, *args: Any, **kwargs: Any) -> bool:
        if self._quitting:
            return True  # handled: by ignoring it
        return await super().run_action(*args, **kwargs)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """As App.push_screen, except once the app is quitting (a dialog opened by a
        message that was already on its way)."""
        if self._quitting:
            return AwaitComplete()
        return super().push_screen(*args, **kwargs)

    # -- an unexpected end -------------------------------------------------------------

    def _save_open_drafts(self) -> None:
        """Before the app ends on an unexpected error: every note being written (with
        changes) goes to a recovery file beside the notes file, named in the message
        printed on exit."""
        from models.drafts import save_draft
        from tui.screens.note_editor import NoteEditor

        for screen in self.screen_stack:
            if not isinstance(screen, NoteEditor) or screen.draft_saved:
                continue
            try:
                if not screen.changed:
                    continue
                draft = screen.draft
                path = save_draft(self._notes_file(), draft.text, draft.tags, screen.about)
            except Exception as exc:  # noqa: BLE001 - the app is ending: say it, do not raise again
                message = f"MSS Explorer: the note being written could not be saved: {exc}"
            else:
                screen.draft_saved = True
                message = f"MSS Explorer: the note being written was saved to {path}"
            self.draft_messages.append(visible(message))

    def _handle_exception(self, error: Exception) -> None:
        self._save_open_drafts()
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        super()._print_error_renderables()  # the error (Textual prints only the first)
        for message in self.draft_messages:
            self.error_console.print(Text(message))
        self.draft_messages.clear()

    def panic(self, *renderables: Any) -> None:
        # Textual's driver threads end the app with panic(), whose exit status is 0.
        self._save_open_drafts()
        if not self._return_code:
            self._return_code = 1
        super().panic(*renderables)
