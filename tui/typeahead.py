"""Keys typed ahead: kept while the screen they are for is not ready, then acted on in order.

Textual sends a key to whatever has the focus when the app takes the key from its
queue. A fast typist (or a browser tab, which sends keys in bursts) gets ahead of the
screen: the keys typed right after ``/`` or ``a`` reach the new dialog before it has
focused its text box, and are dropped; the keys typed while the dossier loads find
no view to act on (``/`` is disabled until then), and are dropped too.

:class:`Typeahead` sits in front of the app's key handling (``ExplorerApp.on_event``):
every key is handed back to the app in turn, once the screen on top is ready for it
(mounted, its focus given; the main screen's dossier loaded and the shown view's rows
made), and only once the key before it has been acted on (a dialog opened, the focus
moved), exactly as if typed slowly.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import deque
from time import monotonic
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

__all__ = ["Typeahead"]

#: How long (seconds) to wait between looks at whether the screen is ready.
POLL = 1 / 60
#: How long (seconds) a screen just put on top is given to focus what keys are for.
FOCUS_GRACE = 1.0
#: The most turns of the event loop given to a released key to be acted on.
SETTLE_TURNS = 200


class Typeahead:
    def __init__(self, app: App) -> None:
        self.app = app
        self._held: deque[events.Key] = deque()
        self._releasing: asyncio.Task[None] | None = None
        #: The keys handed back, not yet taken by the app (acted on, not kept again).
        self._released: set[events.Key] = set()
        #: The screen last seen on top, and since when.
        self._top: weakref.ref[object] | None = None
        self._top_since = 0.0

    @property
    def held(self) -> list[str]:
        """The keys kept (for tests and the curious)."""
        return [key.key for key in self._held]

    @property
    def pending(self) -> bool:
        """True while keys are kept, or being handed back and acted on (a test waits
        for this: the kept keys are in no message queue, where Pilot would see them)."""
        return bool(self._held) or self._releasing is not None

    def keeps(self, event: events.Key) -> bool:
        """Called by the app with each key it takes from its queue: True when the key
        is kept for later (the app must not act on it now)."""
        if event.is_forwarded or event in self._released:
            self._released.discard(event)
            return False
        # Every key is handed back in turn, even to a ready screen: a key the focused
        # widget does not take travels back up to the app's bindings (a, /, a view's
        # number) through the queues of every widget on the way, and the keys behind it
        # must wait until it has been acted on (typed fast, the letters after a went to
        # the list instead of the note editor it opens).
        self._held.append(event)
        if self._releasing is None:
            self._releasing = asyncio.create_task(self._release())
        return True

    def ready_for(self, key: str) -> bool:
        """True when the screen on top can act on ``key`` now."""
        app = self.app
        try:
            screen = app.screen
        except Exception:  # no screen yet (starting) or none any more (ending)
            return False
        if not screen.is_mounted:
            return False
        loading = getattr(screen, "ready", True) is False
        if loading:
            # While the dossier loads, only what works without it (a view's number
            # key chooses the first view, ? and q) is acted on at once.
            active = app.active_bindings.get(key)
            return active is not None and active.enabled
        view = getattr(screen, "current_view", None)  # the main screen's
        if view is not None and view.busy:
            return False  # its rows are being made: j, g, enter act on them once there
        if screen.focused is None and self._just_shown(screen) and screen.focus_chain:
            return False  # its focus is about to be given (a dialog's on_mount, a view's list)
        return True

    def _just_shown(self, screen: object) -> bool:
        """True for a screen on top since less than :data:`FOCUS_GRACE` seconds (a screen
        left without focus later is not waited for: its keys go to it as they come)."""
        now = monotonic()
        top = self._top() if self._top is not None else None
        if top is not screen:
            self._top = weakref.ref(screen)
            self._top_since = now
        return now - self._top_since < FOCUS_GRACE

    async def _release(self) -> None:
        app = self.app
        try:
            while self._held:
                if not app.is_running:
                    return
                key = self._held[0]
                if not self.ready_for(key.key):
                    await asyncio.sleep(POLL)
                    continue
                self._held.popleft()
                released = events.Key(key.key, key.character)
                self._released.add(released)
                app.post_message(released)
                await self._settle()
        finally:
            self._releasing = None

    async def _settle(self) -> None:
        """Let the key just handed back be acted on: until every queue of the app and
        its screens is empty (a key travels from the app to the focused widget and
        bubbles back up to the app's bindings, each a queue)."""
        for _ in range(SETTLE_TURNS):
            await asyncio.sleep(0)
            if all(pump.message_queue_size == 0 for pump in self._pumps()):
                return

    def _pumps(self) -> list[MessagePump]:
        app = self.app
        pumps: list[MessagePump] = [app]
        for screen in app.screen_stack:
            pumps.append(screen)
            pumps.extend(screen.walk_children(with_self=False))
        return pumps
