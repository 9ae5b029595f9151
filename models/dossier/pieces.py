"""Validating a big JSON dossier in pieces.

pydantic parses a JSON document in one go, holding the interpreter's lock all the
while: 150 ms for a 60 MB dossier, during which no other thread runs, the interface's
event loop included. :func:`validate_in_pieces` cuts the document's big lists of items
into pieces of about :data:`PIECE_BYTES` and validates each on its own (the lock is
given back between pieces), then the rest of the document with those lists left
empty, and puts the two together.

The cuts are found by looking at the bytes, not by parsing them, and are then proved
by the parse itself:

* a list is found by its key, ``"statements": [``, which must occur exactly once in
  the whole document (so it cannot be a nested or a repeated key) and must not
  follow a backslash (so it cannot be inside a string);
* the list must be followed by nothing but ``]`` and a comma before the next key
  found that way (or by the document's closing ``}``);
* a piece ends at a comma followed by ``{"id":``, where an item usually starts.

Each piece is parsed as ``[`` piece ``]``. A piece that parses is a run of whole
values (a cut inside a string leaves it unterminated, one inside an item leaves a
bracket open), so pieces that all parse, joined with their commas, are the list as it
was; the rest, which must parse too, holds ``[]`` exactly where the list was. Whatever
does not fit gives up: :func:`validate_in_pieces` returns None, and the caller
validates the document whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, get_origin

from pydantic import TypeAdapter

from models.dossier.dossier import Dossier

__all__ = ["PIECE_BYTES", "LISTS", "validate_in_pieces"]

#: About how many bytes of JSON each piece holds: pydantic parses a megabyte in
#: 2–3 ms, so a piece holds the lock for about 10 ms.
PIECE_BYTES = 4_000_000

#: The dossier's lists that are cut into pieces: the ones whose items nest no object
#: with an ``"id"`` key, so that ``{"id":`` after a comma can only start an item.
#: (Participants nest pledges, votes nest ballots: those are validated with the rest.)
LISTS = ("facts", "statements", "events", "figures", "caveats")

#: Every list key looked for: the lists cut, and the others, which can follow them.
#: (Derived from the model, so a list added to the Dossier is looked for without a change
#: here; but not "countries", which items have too. The model writes it before the lists
#: that are cut; in a file that puts it after one, the cut runs over it, does not parse,
#: and the file is validated whole.)
_LIST_FIELDS = tuple(name for name, info in Dossier.model_fields.items()
                     if get_origin(info.annotation) is list and name != "countries")
_KEYS = re.compile(rb'"(' + "|".join(_LIST_FIELDS).encode() + rb')"[ \t\r\n]*:[ \t\r\n]*\[')
_ITEM_START = re.compile(rb',[ \t\r\n]*\{[ \t\r\n]*"id"[ \t\r\n]*:')
_WHITE_SPACE = frozenset(b" \t\r\n")  # JSON's


class _NotInPieces(Exception):
    """The document is not shaped for validation in pieces."""


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(Dossier.model_fields[name].annotation)


def validate_in_pieces(raw: bytes, piece_bytes: int | None = None,
                       parse: Callable[[bytes], Any] | None = None) -> Dossier | None:
    """The dossier in ``raw`` (JSON), validated in pieces; None when the document is not
    shaped for that or is too small to need it (validate it whole, then).

    With ``parse``, each piece is parsed by it and its data validated (pydantic's Python
    mode); without, pydantic parses each piece itself.

    Raises pydantic's ValidationError for a document that is not valid: a piece or the
    rest did not validate. (An error of type ``json_invalid`` may also mean a cut was
    wrong in a document this module misread: validating it whole tells.) ``parse``'s
    own errors go through.
    """
    piece_bytes = piece_bytes or PIECE_BYTES
    if len(raw) <= piece_bytes:
        return None
    try:
        spans = _list_spans(raw)
    except _NotInPieces:
        return None
    if not spans:
        return None
    lists: dict[str, list[Any]] = {}
    rest: list[bytes] = []
    at = 0
    for name, start, end in spans:
        rest.append(raw[at:start])
        at = end
        items: list[Any] = []
        adapter = _adapter(name)
        for piece_start, piece_end in _pieces(raw, start, end, piece_bytes):
            piece = b"[" + raw[piece_start:piece_end] + b"]"
            items.extend(adapter.validate_json(piece) if parse is None else adapter.validate_python(parse(piece)))
        lists[name] = items
    rest.append(raw[at:])
    rest_bytes = b"".join(rest)
    skeleton = (Dossier.model_validate_json(rest_bytes) if parse is None
                else Dossier.model_validate(parse(rest_bytes)))
    if not all(name in skeleton.model_fields_set and getattr(skeleton, name) == [] for name in lists):
        return None  # a key found was not the dossier's own (the whole validation says why)
    return skeleton.model_copy(update=lists)


def _list_spans(raw: bytes) -> list[tuple[str, int, int]]:
    """(name, start, end) of each list to cut: ``raw[start:end]`` is what lies between
    its brackets. In the order they come in the document."""
    found: dict[str, list[re.Match[bytes]]] = {}
    for match in _KEYS.finditer(raw):
        found.setdefault(match.group(1).decode(), []).append(match)
    if any(len(matches) > 1 for matches in found.values()):
        raise _NotInPieces("a list's key occurs more than once")
    keys = sorted((matches[0] for matches in found.values()), key=lambda match: match.start())
    spans = []
    for index, match in enumerate(keys):
        name = match.group(1).decode()
        if name not in LISTS or (match.start() and raw[match.start() - 1] == ord("\\")):
            continue
        start = match.end()
        if index + 1 < len(keys):
            end = _before(raw, keys[index + 1].start(), b",]")
        else:
            end = _before(raw, len(raw), b"}]")
        if end is not None and end >= start:
            spans.append((name, start, end))
        # else something else comes after the list: it stays with the rest
    return spans


def _before(raw: bytes, at: int, expected: bytes) -> int | None:
    """Where the bytes just before ``at`` are ``expected`` read backwards (``b",]"``:
    a comma, and before it a closing bracket), with white space around them: the
    position of the last one expected, or None."""
    for byte in expected:
        at -= 1
        while at >= 0 and raw[at] in _WHITE_SPACE:
            at -= 1
        if at < 0 or raw[at] != byte:
            return None
    return at


def _pieces(raw: bytes, start: int, end: int, piece_bytes: int) -> list[tuple[int, int]]:
    """Cut ``raw[start:end]`` (a list's items) at item starts about ``piece_bytes`` apart."""
    pieces = []
    while end - start > piece_bytes:
        cut = _ITEM_START.search(raw, start + piece_bytes, end)
        if cut is None:
            break
        pieces.append((start, cut.start()))
        start = cut.start() + 1  # after the comma
    pieces.append((start, end))
    return pieces
