"""ctrl+e in the note editor: write a long note in $VISUAL or $EDITOR.

The app is suspended (the editor gets the terminal), the editor opens a temporary file
holding the note's text, and what it saved comes back into the note editor when it
exits. An editor that fails (non-zero exit) or leaves the text as it was changes
nothing, and the reader is told so. Where the app cannot hand over its terminal (a
browser tab) it says so instead.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from textual.app import App, SuspendNotSupported

from tui.text import visible

__all__ = ["editor_command", "edit_in_editor"]


def editor_command() -> list[str] | None:
    """$VISUAL, else $EDITOR, split as a shell would ("code --wait" works); None when
    neither is set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:  # an unbalanced quotation mark: take it as one program name
                return [value]
    return None


def edit_in_editor(app: App, text: str) -> str | None:
    """The text as the editor left it, or None (kept as it was; the reader is told why)."""
    command = editor_command()
    if command is None:
        app.notify("No editor is set: set $VISUAL or $EDITOR (for example EDITOR=nano) and start again.",
                   title="No editor", severity="warning", timeout=6)
        return None
    fd, name = tempfile.mkstemp(prefix="mss-note-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        try:
            status = _run(app, [*command, str(path)])
        except SuspendNotSupported:
            app.notify("An editor cannot be opened here (the app cannot hand over its terminal, "
                       "as in a browser tab).", severity="warning", timeout=6)
            return None
        except OSError as exc:
            app.notify(visible(f"The editor {command[0]!r} could not be started: {exc.strerror or exc}. "
                               "The note is kept as it was."), title="No editor", severity="error",
                       timeout=8, markup=False)
            return None
        if status != 0:
            app.notify(visible(f"The editor ({command[0]}) exited with status {status}: the note is kept as it was."),
                       severity="warning", timeout=6, markup=False)
            return None
        try:
            edited = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            app.notify(visible(f"The edited text could not be read ({exc}): the note is kept as it was."),
                       severity="error", timeout=8, markup=False)
            return None
    finally:
        path.unlink(missing_ok=True)
    if not text.endswith("\n") and edited.endswith("\n"):
        edited = edited[:-1]  # editors end the file with a newline the note did not have
    if edited == text:
        app.notify("The text was not changed in the editor: the note is as it was.", timeout=4)
        return None
    app.notify("The note's text is back from the editor (ctrl+s saves it).", timeout=4)
    return edited


def _run(app: App, argv: list[str]) -> int:
    """Run the editor on the terminal, the app suspended meanwhile. A headless app (the
    tests) has no terminal to hand over: the editor is run as it is."""
    if app.is_headless:
        return subprocess.run(argv, stdin=subprocess.DEVNULL, check=False).returncode
    with app.suspend():
        return subprocess.run(argv, check=False).returncode
