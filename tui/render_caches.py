"""A bounded cache of drawn lines that the garbage collector never has to free.

Textual's ``LRUCache`` keeps its entries in a ring, each entry a list that points at the
one before and the one after. ``clear()`` drops the dict and the ring's head, but the
ring still points at itself: every cleared cache becomes a reference cycle, and the
lines in it (each ``Strip`` with seven small caches of its own, more ``Strip`` s inside)
live on until a garbage collection finds them. The explorer's lists clear their caches
on every change of rows, width, style, focus and on being hidden, so the collector had
thousands of such objects to find per view switch, and collections ran more often and
longer on the event loop ("View switches and freezes" in ``benchmarks/README.md``).

:class:`LineCache` is the same least-recently-used cache on a plain ``dict`` (which keeps
its keys in insertion order): nothing in it points back, so what it drops or clears is
freed at once by reference counting.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["LineCache"]

K = TypeVar("K")
V = TypeVar("V")


class LineCache(Generic[K, V]):
    """At most ``maxsize`` values; the least recently used is dropped first."""

    __slots__ = ("_items", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        items = self._items
        value = items.pop(key, None)
        if value is not None:
            items[key] = value  # now the most recently used (last in order)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        items = self._items
        items.pop(key, None)
        items[key] = value
        if len(items) > self.maxsize:
            del items[next(iter(items))]  # the least recently used

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def clear(self) -> None:
        self._items.clear()
