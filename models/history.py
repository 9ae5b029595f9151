"""Back and forward: the places a reader has left, as a list with a position.

Pure and generic: what a place is (a view, its selected row, its scroll) is the
interface's business; this module only keeps them in order, like a browser does.
Going somewhere new drops the places ahead; going back from the newest place keeps it,
so forward returns to it; the list is capped (the oldest places go first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

__all__ = ["History"]

Place = TypeVar("Place")


class History(Generic[Place]):
    """The places behind and ahead of the reader.

    ``places[:position]`` are behind (the last one is where back goes);
    ``places[position + 1:]`` are ahead. When ``position == len(places)`` the reader
    is somewhere new, not in the list yet (it is added on the way back).
    """

    def __init__(self, cap: int = 100) -> None:
        if cap < 1:
            raise ValueError("a history holds at least one place")
        self.cap = cap
        self._places: list[Place] = []
        self._position = 0

    @property
    def places(self) -> Sequence[Place]:
        return tuple(self._places)

    @property
    def position(self) -> int:
        return self._position

    @property
    def can_go_back(self) -> bool:
        return self._position > 0

    @property
    def can_go_forward(self) -> bool:
        return self._position < len(self._places) - 1

    def leave(self, here: Place) -> None:
        """The reader goes somewhere new from ``here``: remember it, forget what was ahead."""
        del self._places[self._position:]
        if not self._places or self._places[-1] != here:  # the same place twice in a row: once
            self._places.append(here)
        self._position = len(self._places)
        self._trim()

    def back(self, here: Place) -> Place | None:
        """Where back goes from ``here`` (None: nowhere); ``here`` is kept for forward."""
        if not self.can_go_back:
            return None
        self._keep(here)
        if self._position == 0:  # what was behind made room for here (a cap of 1)
            return None
        self._position -= 1
        while self._position > 0 and self._places[self._position] == here:
            self._position -= 1  # a place the reader is already at is no step back
        return self._places[self._position]

    def forward(self, here: Place) -> Place | None:
        """Where forward goes from ``here`` (None: nowhere); ``here`` is kept for back."""
        if not self.can_go_forward:
            return None
        self._keep(here)
        self._position += 1
        return self._places[self._position]

    def _keep(self, here: Place) -> None:
        """Record ``here`` at the position (where the reader may have moved since arriving)."""
        if self._position == len(self._places):
            self._places.append(here)
            self._trim()
        else:
            self._places[self._position] = here

    def _trim(self) -> None:
        extra = len(self._places) - self.cap
        if extra > 0:
            del self._places[:extra]
            self._position = max(0, self._position - extra)
