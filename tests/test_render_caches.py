"""The lists' caches of drawn lines free what they drop at once, without the garbage
collector (tui/render_caches.py): Textual's LRUCache left a cleared cache as a ring of
reference cycles, kept with its lines until a full collection."""

from __future__ import annotations

import gc
import weakref

from hypothesis import given
from hypothesis import strategies as st

from tui.render_caches import LineCache
from tui.widgets.item_list import ItemList
from tui.widgets.item_table import ItemTable
from tui.widgets.lazy_rows import LazyRows


class Line:
    """Stands for a drawn line (a Strip cannot be weakly referenced)."""


def _dropped_at_once(cache, drop) -> bool:
    """Put a line in ``cache``, ``drop`` it, and say whether it was freed at once (the
    garbage collector paused: only reference counting frees anything)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        line = Line()
        ref = weakref.ref(line)
        cache[("row", 0)] = line
        cache[("row", 1)] = Line()
        del line
        drop()
        return ref() is None
    finally:
        if enabled:
            gc.enable()


def test_a_cleared_cache_frees_its_lines_at_once() -> None:
    cache: LineCache[tuple, Line] = LineCache(4)
    assert _dropped_at_once(cache, cache.clear)
    assert len(cache) == 0


def test_the_least_recently_used_line_is_dropped_and_freed_at_once() -> None:
    cache: LineCache[tuple, Line] = LineCache(2)

    def fill() -> None:
        cache.get(("row", 1))  # used: ("row", 0) is now the least recently used
        cache[("row", 2)] = Line()

    assert _dropped_at_once(cache, fill)
    assert ("row", 1) in cache and ("row", 2) in cache and ("row", 0) not in cache


def test_the_lists_caches_free_what_they_clear_at_once() -> None:
    rows, table, items = LazyRows(), ItemTable(), ItemList()
    assert _dropped_at_once(rows._line_cache, rows._line_cache.clear)
    assert _dropped_at_once(table._cell_cache, table._cell_cache.clear)
    assert _dropped_at_once(items._row_strips, items._row_strips.clear)


@given(st.integers(min_value=1, max_value=5),
       st.lists(st.tuples(st.booleans(), st.integers(min_value=0, max_value=8)), max_size=60))
def test_it_keeps_the_most_recently_used(maxsize: int, ops: list[tuple[bool, int]]) -> None:
    """Against a model: a list of keys, most recently used last."""
    cache: LineCache[int, str] = LineCache(maxsize)
    model: list[int] = []
    for is_set, key in ops:
        if is_set:
            cache[key] = f"v{key}"
            if key in model:
                model.remove(key)
            model.append(key)
            del model[:-maxsize]
        else:
            found = cache.get(key)
            assert (found is not None) == (key in model)
            if key in model:
                assert found == f"v{key}"
                model.remove(key)
                model.append(key)
        assert len(cache) == len(model) <= maxsize
        assert all(key in cache for key in model)
