"""What is wrong with a dossier, said so a reader can find it: the file, the item, the field.

Every fault found while loading becomes a :class:`Problem`; a dossier that cannot be
loaded raises one :class:`DossierError` holding them all. :func:`from_validation` turns
pydantic's errors into problems, each at the nearest item's id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

__all__ = ["DossierError", "Problem", "from_validation"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a dossier."""

    file: str
    item: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.item:
            where.append(f"item '{self.item}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{': '.join(where)}: {self.message}"


class DossierError(Exception):
    """A dossier that cannot be loaded; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            shown.append(f"… and {len(self.problems) - 20} more problems")
        return "\n".join(shown)


def from_validation(name: str, data: Any, exc: ValidationError) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        item, field = _locate(data, error["loc"])
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] == "unexpected_keyword_argument":
            message = "unknown field"
        elif "input" in error and error["type"] not in {"model_type", "dataclass_type", "list_type", "dict_type"}:
            shown = _as_written(error["input"])
            message = f"{message} (got {shown[:60] + '…' if len(shown) > 60 else shown})"
        yield Problem(name, item, field, message)


def _as_written(value: Any) -> str:
    """A value as the file spells it where Python's repr would not: ``true``, ``false``
    (JSON and TOML alike), ``null`` (JSON); anything else as repr (control characters escaped)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return repr(value)


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str | None]:
    """Turn a pydantic error location into (nearest item id, field path below it)."""
    item: str | None = None
    field_start = 0
    node = data
    for depth, key in enumerate(loc):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            item, field_start = node["id"], depth
        try:
            node = node[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            node = None
    if isinstance(node, dict) and isinstance(node.get("id"), str) and item is None:
        item, field_start = node["id"], len(loc)
    parts: list[str] = []
    for key in loc[field_start:]:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + str(key))
    return item, "".join(parts) or None

