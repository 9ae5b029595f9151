"""A dossier file's bytes to plain data, and its bundled texts read beside it.

Nothing is taken silently and nothing ends in a traceback: a file too big, not UTF-8,
not valid TOML or JSON, with a key given twice in one object, a number too long to
convert or nesting too deep is refused with a :class:`DossierError` that names the file
and, where it can be told, the item the fault is in or after.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

import jiter

from models.dossier.problems import DossierError, Problem
from models.files import FileRefused, FolderResolver, is_link_loop, read_regular_file
from models.sources import SourceText, read_source_text

__all__ = ["MAX_DOSSIER_BYTES", "MAX_TEXT_BYTES", "check_json_keys", "decode", "is_json", "parse", "parse_json_strictly",
           "read_bytes", "read_data", "read_texts"]


def is_json(path: Path, start: str | bytes) -> bool:
    """JSON by its name, or (with no .toml name) by its first character."""
    suffix = path.suffix.lower()
    return suffix == ".json" or (suffix != ".toml" and start.lstrip()[:1] in ("{", "[", b"{", b"["))


#: The largest dossier file read (the 1,000x benchmark dossier is 61 MB of JSON).
MAX_DOSSIER_BYTES = 512 << 20
#: The largest bundled source text read.
MAX_TEXT_BYTES = 64 << 20
#: Python refuses to convert longer integers (sys.get_int_max_str_digits()).
_MAX_DIGITS = 4300
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{%d,}" % _MAX_DIGITS)


def read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        return read_regular_file(path, MAX_DOSSIER_BYTES)
    except FileNotFoundError:
        raise DossierError([Problem(name, None, None, "file not found")]) from None
    except FileRefused as exc:
        reason = "is a directory, not a dossier file" if exc.reason.startswith("is a directory") else exc.reason
        raise DossierError([Problem(name, None, None, reason)]) from None
    except OSError as exc:
        if is_link_loop(exc):
            raise DossierError([Problem(name, None, None, "is a symbolic link loop")]) from None
        raise DossierError([Problem(name, None, None, f"cannot be read: {exc.strerror}")]) from None


def decode(name: str, raw: bytes) -> str:
    """The file's text (UTF-8), or DossierError naming the byte and the item before it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        return _fail(name, f"is not UTF-8 text (byte {exc.start})", _item_before(before, len(before)))
    return text


class _DuplicateKey(Exception):
    def __init__(self, key: str, item: str | None) -> None:
        super().__init__(key)
        self.key, self.item = key, item


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when it names a key twice (json.loads keeps the last)."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        _duplicate(pairs)
    return obj


def _only_check_keys(pairs: list[tuple[str, Any]]) -> None:
    """As _object, building nothing: for a file pydantic reads itself."""
    if len(dict(pairs)) != len(pairs):  # in C: 10% quicker than a set of the keys (100x)
        _duplicate(pairs)


def _duplicate(pairs: list[tuple[str, Any]]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            ids = [value for k, value in pairs if k == "id" and isinstance(value, str)]
            raise _DuplicateKey(key, ids[0] if ids else None)
        seen.add(key)


def _json(name: str, text: str | bytes, build: bool = True) -> Any:
    """json.loads, refusing what it would take silently or fail on with a traceback:
    duplicate keys, numbers too long to convert, nesting too deep."""
    try:
        return json.loads(text, object_pairs_hook=_object if build else _only_check_keys)
    except json.JSONDecodeError as exc:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return _fail(name, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                     _item_before(text, exc.pos))
    except _DuplicateKey as exc:
        raise DossierError([Problem(name, exc.item, exc.key, "duplicate key: the same key is given twice "
                                    "in one object (which one holds?)")]) from None
    except RecursionError:
        return _fail(name, "is not valid JSON: nested too deeply")
    except ValueError:  # an integer of more than 4,300 digits
        return _long_number(name, text)


def _long_number(name: str, text: str | bytes) -> NoReturn:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    found = _LONG_NUMBER.search(text)
    item = _item_before(text, found.start()) if found else None
    raise DossierError([Problem(name, item, None, f"holds a number of more than {_MAX_DIGITS:,} digits"
                                + (" (in this item or after it)" if item else ""))])


def parse(name: str, path: Path, text: str) -> dict[str, Any]:
    if is_json(path, text):
        data = _json(name, text)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return _fail(name, f"is not valid TOML: {exc}", _item_before(text, _toml_offset(text, str(exc))))
        except RecursionError:
            return _fail(name, "is not valid TOML: nested too deeply")
        except ValueError:  # an integer of more than 4,300 digits
            return _long_number(name, text)
    if not isinstance(data, dict):
        return _fail(name, "must hold a table (object) at the top level")
    return data


def _fail(name: str, message: str, item: str | None = None) -> Any:
    if item is not None:
        message += f" (in or after item '{item}')"
    raise DossierError([Problem(name, None, None, message)])


#: An item's id, as TOML (``id = "x"``) or JSON (``"id": "x"``) writes it.
_ID_KEY = re.compile(r"""(?m)(?:^|[{,])[ \t]*(?:id|"id")[ \t]*[=:][ \t]*(["'])([a-z0-9][a-z0-9._-]{0,119})\1""")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _item_before(text: str, offset: int) -> str | None:
    """The id of the last item that starts before ``offset``: where a broken (say,
    truncated) file stops making sense, for a message that can name it."""
    last = None
    for match in _ID_KEY.finditer(text, 0, offset):
        last = match.group(2)
    return last


def _toml_offset(text: str, message: str) -> int:
    """Where tomllib's message says the error is ("at line 3, column 7", or the end)."""
    match = _TOML_AT.search(message)
    if match is None:
        return len(text)
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column - 1


def read_data(path: Path) -> dict[str, Any]:
    """The file's data, parsed but neither validated nor checked (DossierError when it
    cannot be read or parsed): for a quick look before the full load."""
    name = str(path)
    return parse(name, path, decode(name, read_bytes(path)))



def read_texts(path: Path, sources: list[tuple[Any, Any]]) -> tuple[dict[str, SourceText], list[Problem]]:
    """Read the bundled text of each (source id, text file) that names one."""
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    folder = path.parent.resolve()
    resolve = FolderResolver().resolve
    for sid, rel in sources:
        if not isinstance(rel, str) or not isinstance(sid, str):
            continue
        named = path.parent / rel
        try:
            # Every symbolic link followed first: the text must be in the dossier's folder.
            text_path = resolve(named)
        except FileNotFoundError:
            problems.append(Problem(str(path), sid, "text_file", f"bundled text not found: {named} (the texts "
                                    "travel with their dossier: copy them too, or write a copy that reopens "
                                    "with `mss-explorer export --out FILE.json`)"))
            continue
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError for a loop
            problems.append(Problem(str(path), sid, "text_file",
                                    f"bundled text {named} is a symbolic link loop, or cannot be reached"))
            continue
        if not text_path.is_relative_to(folder):
            problems.append(Problem(str(path), sid, "text_file", f"bundled text {rel!r} is outside the dossier's "
                                    f"folder ({folder}): a source text must be in it or below it"))
            continue
        try:
            texts[sid] = read_source_text(sid, text_path, MAX_TEXT_BYTES)
        except FileRefused as exc:  # a pipe would block for ever, a device be read without end
            problems.append(Problem(str(path), sid, "text_file", f"bundled text {text_path} {exc}"))
        except FileNotFoundError:
            problems.append(Problem(str(path), sid, "text_file", f"bundled text not found: {text_path}"))
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(str(path), sid, "text_file", f"bundled text {text_path} is not UTF-8 (byte {exc.start})")
            )
        except OSError as exc:
            problems.append(Problem(str(path), sid, "text_file", f"cannot read {text_path}: {exc.strerror}"))
    return texts, problems


def check_json_keys(name: str, raw: bytes) -> None:
    """Refuse, as a DossierError, what pydantic would take silently or fail on with a
    traceback in JSON it reads itself: a key given twice in one object (pydantic keeps
    the last), a number too long to convert, nesting too deep. Builds nothing."""
    _json(name, raw, build=False)


def parse_json_strictly(raw: bytes) -> Any:
    """The data of a JSON document (UTF-8 bytes), or ValueError for anything
    :func:`check_json_keys` or pydantic would refuse, and more: a key given twice in one
    object, a number too long, nesting deeper than 200 levels, a byte-order mark, a lone
    surrogate, invalid UTF-8, a control character in a string, any syntax error. Its
    message says only where; the caller reads a refused document again the slow way
    (:func:`check_json_keys`, then pydantic), which names the item.

    jiter (pydantic's own JSON parser, in C) checks duplicate keys while it parses:
    one pass, no Python call per object (json.loads with a hook, 1.2x json.loads, was
    a whole second parse beside pydantic's: see benchmarks/README.md).
    """
    return jiter.from_json(raw, catch_duplicate_keys=True, cache_mode=_JITER_CACHE)


#: Which strings jiter shares between equal values: "all" (keys and short values, such
#: as ids, country codes and dates, met again and again) or "keys".
_JITER_CACHE = "all"
