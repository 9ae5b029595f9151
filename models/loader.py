"""Loading and checking a dossier from TOML or JSON: :func:`load_dossier`.

``load_dossier(path)`` reads the file, reads and repairs every bundled source text,
validates the models, then checks what pydantic cannot see on its own (ids, countries,
quotes found in their texts, tallies, Council seats: :mod:`models.dossier.checks`).

Everything wrong is reported at once as a :class:`DossierError`, each problem naming
the file, the item id and the field. The parts, by job, are in :mod:`models.dossier`:
``reading`` (bytes to data, bundled texts), ``problems``, ``checks``, ``pieces``.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.dossier.checks import check, quoted_words
from models.dossier.dossier import Dossier
from models.dossier.pieces import validate_in_pieces
from models.dossier.problems import DossierError, Problem, from_validation
from models.dossier.reading import (
    check_json_keys,
    decode,
    is_json,
    parse,
    parse_json_strictly,
    read_bytes,
    read_data,
    read_texts,
)
from models.load_cache import load_with_cache
from models.salvage import without_refused_items
from models.sources import SourceText

__all__ = ["DossierError", "Problem", "load_dossier", "quoted_words", "read_data"]


def load_dossier(path: str | Path) -> Dossier:
    """Load, validate and check a dossier; raise DossierError naming every problem."""
    # Loading makes hundreds of thousands of objects that all live on: the cyclic
    # garbage collector would walk them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        # The checked dossier kept for next time (models/load_cache.py); the file is read
        # once, so the entry's key is always of the bytes that were loaded.
        return load_with_cache(Path(path), read_bytes, _load)
    finally:
        if enabled:
            gc.enable()


def _load(path: Path, handed: list[bytes]) -> Dossier:
    """The dossier in the bytes of ``path`` (read by :func:`read_bytes`), handed over in
    a list this empties: they are dropped below as soon as they are parsed."""
    name = str(path)
    raw = handed.pop()
    dossier = None
    if is_json(path, raw[:64]):
        # The fast way: jiter parses the bytes, refusing duplicate keys as it goes, and
        # pydantic validates the data; a big file in pieces (each parsed and validated
        # before the next), so that the interface's thread is never kept waiting for
        # long and no tree of the whole file is ever held. Anything wrong, and the file
        # is read the old way below, which names the file, the item and the field.
        dossier = _parse_and_validate(raw)
        if dossier is None:
            # Pydantic parses the bytes itself (in pieces); it keeps the last of two
            # equal keys silently, and takes numbers of any length: json.loads checks
            # both first. Anything wrong, and the slow way below says where.
            check_json_keys(name, raw)
            dossier = _validate_json(raw)
    if dossier is not None:
        del raw
        texts, problems = read_texts(path, [(s.id, s.text_file) for s in dossier.sources])
    else:
        data = parse(name, path, decode(name, raw))
        del raw
        sources = data.get("sources")
        texts, problems = read_texts(path, [(s.get("id"), s.get("text_file")) for s in sources
                                            if isinstance(s, dict)] if isinstance(sources, list) else [])
        try:
            dossier = Dossier.model_validate(data)
        except ValidationError as exc:
            problems.extend(from_validation(name, data, exc))
            problems.extend(_checked_without_refused(name, data, exc, texts))
            raise DossierError(problems) from None
        except RecursionError:
            raise DossierError([Problem(name, None, None, "nested too deeply")]) from None
        del data
    problems.extend(check(name, dossier, texts))
    if problems:
        raise DossierError(problems)
    dossier.read_from(path, texts)
    # The events in timeline order, which every start needs at once (tui/loading.py), put
    # in order here rather than on first use: the load cache's entry then carries the
    # order (a warm start does not sort 30,000 events again at 1,000x), and a dossier is
    # the same, equal, whether it came from the file or from the cache (pydantic's
    # equality counts the private attribute holding the order).
    dossier.events_in_order()
    return dossier


#: The words a problem's message quotes ('vote-1').
_QUOTED_IDS = re.compile(r"'([^']*)'")


def _checked_without_refused(name: str, data: Any, exc: ValidationError,
                             texts: dict[str, SourceText]) -> list[Problem]:
    """The whole-dossier checks, run on the items pydantic accepted, so that one run
    reports every problem; none that only names an item set aside (it would be one
    more report of the same fault)."""
    try:
        rest, set_aside = without_refused_items(data, exc) if isinstance(data, dict) else (None, set())
        if rest is None:
            return []
        return [p for p in check(name, rest, texts)
                if p.item not in set_aside and set_aside.isdisjoint(_QUOTED_IDS.findall(p.message))]
    except RecursionError:  # nested too deeply: pydantic's own problems are reported
        return []


def _parse_and_validate(raw: bytes) -> Dossier | None:
    """The dossier in ``raw``, parsed by jiter (which refuses duplicate keys) and
    validated by pydantic (in pieces when it is big); None when anything is wrong,
    whatever it is (the caller reads the file again the way that can say what).

    A document this accepts, the old way accepts as the same dossier: jiter refuses all
    that json.loads refuses and more (tests/test_load_speed_equivalence.py), and pydantic
    validates its data as it validates json.loads' data in the slow way."""
    try:
        dossier = validate_in_pieces(raw, parse=parse_json_strictly)
        return dossier if dossier is not None else Dossier.model_validate(parse_json_strictly(raw))
    except (ValueError, RecursionError):  # pydantic's ValidationError is a ValueError
        return None


def _validate_json(raw: bytes) -> Dossier | None:
    """The dossier in ``raw``, validated by pydantic straight from the bytes (in pieces
    when it is big); None when it is not valid, whatever the reason."""
    try:
        dossier = validate_in_pieces(raw)
    except ValidationError as exc:
        if any(error["type"] != "json_invalid" for error in exc.errors(include_url=False)):
            return None  # the data is wrong, not (perhaps) a cut between pieces
        dossier = None
    except RecursionError:
        return None
    if dossier is not None:
        return dossier
    try:
        return Dossier.model_validate_json(raw)
    except (ValidationError, RecursionError):
        return None


