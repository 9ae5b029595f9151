"""What is left of a dossier once the items pydantic refused are set aside, so that the
whole-dossier checks can still run and one ``validate`` reports every problem at once.

Only whole top-level items are set aside (a participant, a vote, an event): dropping
a part of one (a ballot) would make its other checks (a tally) fail for nothing.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from models.schema import Dossier

__all__ = ["without_refused_items"]

#: How many times items are set aside and the rest validated again.
_ROUNDS = 4


def without_refused_items(data: dict[str, Any], error: ValidationError) -> tuple[Dossier | None, set[str]]:
    """The dossier validated without the items ``error`` names, and those items' ids; None
    when an error is not inside a top-level item (a field of the dossier itself) or the
    rest still does not validate after a few rounds."""
    # Only top-level items are taken out: a copy of the top-level lists is enough.
    rest = {key: list(value) if isinstance(value, list) else value for key, value in data.items()}
    set_aside: set[str] = set()
    for _ in range(_ROUNDS):
        places: set[tuple[str, int]] = set()
        for detail in error.errors(include_url=False):
            loc = detail["loc"]
            if len(loc) < 2 or not isinstance(loc[0], str) or not isinstance(loc[1], int):
                return None, set_aside
            if not isinstance(rest.get(loc[0]), list) or not 0 <= loc[1] < len(rest[loc[0]]):
                return None, set_aside
            places.add((loc[0], loc[1]))
        for key, index in sorted(places, reverse=True):
            set_aside |= _ids_in(rest[key].pop(index))
        try:
            return Dossier.model_validate(rest), set_aside
        except ValidationError as again:
            error = again
        except RecursionError:
            return None, set_aside
    return None, set_aside


def _ids_in(node: Any) -> set[str]:
    """Every id in an item, its own and its parts' (a participant's pledges)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.add(node["id"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found
