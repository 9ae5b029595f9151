"""Driving the app fast: key events sent in bursts, as a fast typist or key repeat would.

``Pilot.press`` waits for the process to go idle after every key (about 0.15 s here),
which makes thousands of keys take minutes. :func:`send_keys` queues a burst of key
events exactly as ``Pilot.press`` builds them; ``await settle(pilot)`` then lets the
app work through them.

``pilot.pause()`` alone is not enough under load (CI's two cores, or the whole suite
beside other work): it waits for the messages already queued, then until the process
uses little CPU, which a process starved of CPU does too, and at most a second. Keys the
app keeps (:mod:`tui.typeahead`) are in no queue, and a view's rows are worked out in a
thread, so it returned before the keys were acted on. :func:`settle` waits for what the
app itself says: no key kept or being acted on, the shown view's rows made, no
search running in a thread.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections.abc import Callable, Iterable
from time import monotonic

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

__all__ = ["key_event", "press", "send_keys", "settle", "settled", "until"]


def key_event(key: str) -> events.Key:
    """The Key event ``Pilot.press(key)`` would send (Textual 8.2.8's own mapping)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def send_keys(app: App, keys: Iterable[str]) -> None:
    """Queue key events for ``app``, as the terminal driver would."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)


def settled(app: App) -> bool:
    """True when every key sent has been acted on and the main screen's shown view has
    its rows (a dialog on top: its keys acted on), no search running in a thread, or the
    app is closing."""
    from tui.screens.main import MainScreen

    if app._exit or not app.is_running:  # closing or closed (q): nothing more will be acted on
        return True
    if getattr(app, "typeahead", None) is not None and app.typeahead.pending:
        return False
    try:
        screen = app.screen
    except Exception:  # noqa: BLE001 - no screen: starting or ending
        return False
    if isinstance(screen, MainScreen):
        return screen.ready and not screen.current_view.busy
    if any(worker.group == "search" and not worker.is_finished for worker in app.workers):
        return False  # a search worked out in a thread (a big index) is not shown yet
    return screen.is_mounted


async def until(pilot, condition: Callable[[], bool], *, seconds: float = 60.0) -> None:
    """Let the app run until ``condition()`` holds after its queued messages are handled;
    ``seconds`` only bounds a hang (no test is timed by it)."""
    give_up = monotonic() + seconds
    while True:
        await pilot.pause(0)  # the messages queued now are handled
        if condition():
            return
        if monotonic() > give_up:
            raise AssertionError(f"not reached in {seconds:.0f} s: {getattr(condition, '__name__', condition)}")
        await asyncio.sleep(0.01)


async def settle(pilot, *, seconds: float = 60.0) -> None:
    """Until :func:`settled`, then the messages that queued meanwhile handled too."""
    await until(pilot, lambda: settled(pilot.app), seconds=seconds)
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """The keys, sent at once, then until each is acted on."""
    send_keys(pilot.app, keys)
    await settle(pilot)
