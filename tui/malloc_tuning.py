"""Three calls to glibc's malloc that keep the app's memory from depending on timing.

Measured in ``benchmarks/README.md`` ("Why RSS nearly doubles", ``benchmarks.memory rss``,
1,000x dossier, load and index): glibc gives each thread that allocates its own malloc
arena (up to 8 per core), and the load's temporaries freed in the loading thread's arena
are not reused by the others, so the same work left 366–464 MB resident from one run to
the next (380–385 MB on one thread). Capping the arenas at two, before the threads,
gave 386–399 MB; giving free memory back once the index is built gave 355–366 MB.

The third, :func:`fix_mmap_threshold`, keeps glibc from raising its mmap threshold (and
with it the threshold above which free memory at the heap's top is given back) each time
a big block is freed: at 1,000x the walk through every view, the search dialog and a
filter (``benchmarks.probe start --interact``) left 28–49 MB more resident with it fixed,
29–65 MB more without; after the walk 423 MB against 433.5 (medians of six runs each,
alternately; "Memory at 1,000x" in ``benchmarks/README.md``).

Only on glibc (Linux); elsewhere, or when the C library cannot be loaded, nothing
happens. Both calls are the C library's own API, not a Python internal.
"""

from __future__ import annotations

import os
import sys

__all__ = ["fix_mmap_threshold", "give_back_free_memory", "limit_arenas"]

M_ARENA_MAX = -8  # glibc's malloc.h
M_MMAP_THRESHOLD = -3
#: glibc's own starting value: blocks this big or bigger are mapped on their own.
MMAP_THRESHOLD = 128 * 1024


def _glibc():  # -> ctypes.CDLL | None
    """glibc, already loaded in the process (no library search: that runs a program)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):  # "glibc 2.36"; musl has none
            return None
        import ctypes

        return ctypes.CDLL("libc.so.6")
    except (OSError, ValueError):
        return None


def limit_arenas(arenas: int = 2) -> bool:
    """Cap glibc's malloc arenas: arenas made already stay, no more are made. Called
    after the first frame, before the load's threads (importing ctypes takes ~5 ms,
    which the first paint does not wait for)."""
    libc = _glibc()
    return libc is not None and libc.mallopt(M_ARENA_MAX, arenas) == 1  # 1: done


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Keep the mmap threshold where it is (glibc's start value by default). By default
    glibc raises it, up to 32 MB, whenever a block it mapped is freed, and the trim
    threshold with it: after the load's big blocks, a view's or a search's temporaries of
    hundreds of kilobytes came from the heap and stayed resident once freed. Set once
    the dynamic adjustment is off for good, for both thresholds."""
    libc = _glibc()
    return libc is not None and libc.mallopt(M_MMAP_THRESHOLD, threshold) == 1  # 1: done


def give_back_free_memory() -> bool:
    """Return the free memory of every arena to the system (``malloc_trim(0)``): True
    where glibc was asked (its answer, whether anything was given back, varies)."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
