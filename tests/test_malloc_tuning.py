"""tui/malloc_tuning.py asks glibc, where there is glibc, and does nothing elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui import malloc_tuning


def _on_glibc() -> bool:
    try:
        return sys.platform.startswith("linux") and bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (ValueError, OSError):
        return False


@pytest.mark.skipif(not _on_glibc(), reason="glibc only")
def test_glibc_takes_every_call() -> None:
    # In a fresh interpreter: the cap and the threshold stay for the rest of a process.
    code = ("from tui.malloc_tuning import limit_arenas, give_back_free_memory, fix_mmap_threshold\n"
            "assert limit_arenas() is True\nassert give_back_free_memory() is True\n"
            "assert fix_mmap_threshold() is True\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_nothing_is_asked_off_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(malloc_tuning.sys, "platform", "darwin")
    assert malloc_tuning.limit_arenas() is False
    assert malloc_tuning.give_back_free_memory() is False
    assert malloc_tuning.fix_mmap_threshold() is False
