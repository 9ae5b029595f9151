"""The base of the explorer's dialogs: a modal screen that is dismissed once."""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, ScreenResultType

__all__ = ["Dialog"]


class Dialog(ModalScreen[ScreenResultType]):
    """A modal screen that ignores being dismissed again once it is closed.

    Textual 8.2.8's ``Screen.dismiss`` pops whichever screen is on top. Keys already
    queued for a dialog when it closes (y y in a confirmation, n n in "Discard the
    changes?", escape twice in help) would dismiss it twice: the second time pops the
    screen below it instead — the note editor with its unsaved text, or the main
    screen, which ends the app.
    """

    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        if not self.is_open:
            return AwaitComplete()
        return super().dismiss(result)

    @property
    def is_open(self) -> bool:
        """True while this dialog is the screen on top (not closing or closed)."""
        return bool(self.app.screen_stack) and self.app.screen is self
