"""Driving the app fast: key events sent in bursts, as a fast typist or key repeat would.

``Pilot.press`` waits for the process to go idle after every key (about 0.15 s here),
which makes thousands of keys take minutes. :func:`send_keys` queues a burst of key
events exactly as ``Pilot.press`` builds them; ``await pilot.pause()`` then lets the
app work through them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

__all__ = ["key_event", "send_keys"]


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
