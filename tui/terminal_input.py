"""Bytes from the terminal that are not UTF-8 never end the app.

Textual's drivers decode what they read from the terminal with a strict incremental
UTF-8 decoder (``getincrementaldecoder("utf-8")()``, a global of each driver's
module), in their input thread. One byte that is not UTF-8 (Alt+key on a terminal
that sends 8-bit meta, a Latin-1 paste) raised ``UnicodeDecodeError`` there: the app
panicked with a traceback, a note being written was lost, and the exit status was 0.

:func:`tolerate_bad_bytes` gives the driver's module a decoder that replaces each
bad byte with U+FFFD (shown as "�", and in a note the reader can delete it), so input
goes on. Reproduction for upstream (Textual 8.2.8, Linux)::

    import os, pty, sys, time
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.executable, [sys.executable, "-c", "from textual.app import App; App().run()"])
    time.sleep(2); os.write(fd, b"\\xff"); time.sleep(1)
    # -> UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0
    #    (linux_driver.py, run_input_thread); the app exits, with status 0.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["tolerate_bad_bytes"]


def _tolerant_incremental_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """As codecs.getincrementaldecoder, the decoder made with errors="replace" unless
    told otherwise."""
    decoder_class = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "replace") -> codecs.IncrementalDecoder:
        return decoder_class(errors)

    return make


def tolerate_bad_bytes(driver_class: type[Any]) -> type[Any]:
    """Make the module of ``driver_class`` (and of the drivers it derives from) decode
    terminal input with bad bytes replaced; return the class."""
    for cls in driver_class.__mro__:
        module = sys.modules.get(cls.__module__)
        if module is not None and getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            setattr(module, "getincrementaldecoder", _tolerant_incremental_decoder)  # noqa: B010 - a module's name, replaced
    return driver_class
