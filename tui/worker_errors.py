"""A worker that raised: one place says so and recovers, the app goes on.

Every worker is started with ``exit_on_error=False`` (Textual's default ends the app
and prints a traceback on the reader's terminal). Textual tells a worker's end to the
node that started it, without bubbling: the nodes that run workers (the app, the main
screen, the search dialog, the views) forward a failure to
``ExplorerApp.worker_failed``, which calls :func:`recover_from`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.worker import Worker, WorkerState

from tui.state import explorer

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.app import ExplorerApp

__all__ = ["ReportsWorkerErrors", "describe_failure", "recover_from"]


class ReportsWorkerErrors:
    """Mixed into a widget or screen that runs workers: their failures go to the app."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A handler by name (not @on): Textual finds those in a mixin too.
        if event.state == WorkerState.ERROR:
            event.stop()
            explorer(cast("DOMNode", self)).worker_failed(event.worker)


def describe_failure(worker: Worker) -> str:
    """What could not be done, and why, in a sentence."""
    what = worker.description or worker.name or "A background task"
    error = worker.error
    why = f"{type(error).__name__}: {error}" if error is not None and str(error) else type(error).__name__
    return f"{what} failed ({why})."


def recover_from(app: ExplorerApp, worker: Worker) -> None:
    """Say what failed and put back what the worker left half-done."""
    from models.safe_text import for_terminal

    message = for_terminal(describe_failure(worker))
    group = worker.group
    if group == "load":  # nothing to show: end as a dossier that cannot be read does (exit 2)
        app.load_error = f"{message} Nothing was changed."
        app.exit(return_code=2)
        return
    if group == "prepare":  # work done ahead: the view works it out itself when shown
        return
    node = worker.node
    if group.startswith("rows-"):
        from tui.views.base import ItemsView

        if isinstance(node, ItemsView):
            node.rows_failed()
        message += " The list keeps what it showed; switch views or change the filter to try again."
    elif group == "council-import":
        from tui.views.council import CouncilView

        if isinstance(node, CouncilView):
            node.import_failed(message)
            return
    elif group == "search-index":
        app.state.search_failed = message  # the search dialog says so instead of waiting
        message += " Search is not available in this session; everything else works."
    elif group == "search":
        message += " Type again to search again."
    elif group == "notes-index":
        message += " Your notes are saved; search may not find the latest until the next change."
    app.notify(message, title="Something went wrong", severity="error", timeout=12, markup=False)
