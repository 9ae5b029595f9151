"""Textual's drawn lines without a reference cycle each: fewer objects for full collections.

Textual's compositor cuts each drawn line (a ``Strip``) at the edges of the widgets over
it (``Strip.divide``); a line that is not cut (one cut, at its end) gives back a list
holding the line itself, which it also keeps in its own cache of cuts. So the line refers
to itself: when the screen drops it, reference counting cannot free it, only a garbage
collection of the generation it has reached, usually a full one. At 1x, over a round of
filters and view switches, such lines (each with its seven caches, its segments and
their lists) were about half of the 70,000 objects full collections freed
(benchmarks/README.md, "Freezes and the Timeline's first visit").

:func:`install` makes that one case (the line not cut) give back a new list each time,
not kept: the same lines are drawn, and no line refers to itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.strip import Strip

__all__ = ["install", "installed"]

_textual_divide = Strip.divide


def _divide(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
    cuts = list(cuts)
    length = self.cell_length
    if [cut for cut in cuts if cut <= length] == [length]:
        return [self]  # not cut: what Textual gives, without keeping it in the line's own cache
    return _textual_divide(self, cuts)


def install() -> None:
    """Use :func:`_divide` for every ``Strip`` (once; the app does it as it starts)."""
    Strip.divide = _divide  # type: ignore[method-assign]


def installed() -> bool:
    return Strip.divide is _divide
