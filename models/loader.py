"""Loading and checking a dossier from TOML or JSON.

``load_dossier(path)`` reads the file, reads and repairs every bundled source text,
validates the models, then checks what pydantic cannot see on its own:

* ids are unique across the whole dossier;
* every country code is ISO 3166-1 alpha-3 and listed in the dossier's countries;
* every citation names a known source; for a bundled source the quoted words occur
  in its (repaired) text, and their position is recorded; other citations are
  marked external (not checkable here);
* an external quote says when and where it was read; a summary holds no quotation
  marks; words an item's own text puts in quotation marks are in one of its quotes;
* a direct statement's words are in one of its quotes, an event's phrase too;
* a ballot derived from a tally has a stated tally; one read from a source quotes it or
  names the row;
* each vote's tally, derived from its ballots, agrees with every tally a source states;
* where the dossier lists a year's Council, a vote of that year has one ballot per
  member, each in its seat, and no other;
* caveats, explanations and the mission point at items that exist.

Everything wrong is reported at once as a :class:`DossierError`, each problem naming
the file, the item id and the field.
"""

from __future__ import annotations

import gc
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pycountry
from pydantic import ValidationError

from models.edtf import parse_edtf
from models.files import FileRefused, is_link_loop, read_regular_file
from models.load_cache import load_with_cache
from models.pieces import validate_in_pieces
from models.salvage import without_refused_items
from models.schema import Ballot, Caveat, Citation, Council, Dossier, Event, Item, Source, Statement, Vote
from models.sources import SourceText, find_occurrence, read_source_text

__all__ = ["DossierError", "Problem", "load_dossier", "read_document"]


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


def read_document(path: Path) -> dict[str, Any]:
    """Parse a TOML or JSON file into plain data, or raise DossierError."""
    return _parse(str(path), path, _decode(str(path), _read_bytes(path)))


def _is_json(path: Path, start: str | bytes) -> bool:
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


def _read_bytes(path: Path) -> bytes:
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


def _decode(name: str, raw: bytes) -> str:
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
    if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
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


def _parse(name: str, path: Path, text: str) -> dict[str, Any]:
    if _is_json(path, text):
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
    return _parse(name, path, _decode(name, _read_bytes(path)))


def load_dossier(path: str | Path) -> Dossier:
    """Load, validate and check a dossier; raise DossierError naming every problem."""
    # Loading makes hundreds of thousands of objects that all live on: the cyclic
    # garbage collector would walk them again and again for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load_with_cache(Path(path), _load)  # the checked dossier kept for next time (models/load_cache.py)
    finally:
        if enabled:
            gc.enable()


def _load(path: Path) -> Dossier:
    name = str(path)
    raw = _read_bytes(path)
    dossier = None
    if _is_json(path, raw[:64]):
        # The fast way: pydantic parses the bytes and validates them, with no tree of
        # dicts and lists and no decoded copy in between (less than half the memory,
        # and quicker); a big file in pieces, so that the interface's thread is never
        # kept waiting for long. Anything wrong, and the file is read the slow way
        # below, which can say where. Pydantic keeps the last of two equal keys
        # silently, and takes numbers of any length: json.loads checks both first.
        _json(name, raw, build=False)
        dossier = _validate_json(raw)
    if dossier is not None:
        del raw
        texts, problems = _read_texts(path, [(s.id, s.text_file) for s in dossier.sources])
    else:
        data = _parse(name, path, _decode(name, raw))
        del raw
        sources = data.get("sources")
        texts, problems = _read_texts(path, [(s.get("id"), s.get("text_file")) for s in sources
                                             if isinstance(s, dict)] if isinstance(sources, list) else [])
        try:
            dossier = Dossier.model_validate(data)
        except ValidationError as exc:
            problems.extend(_from_validation(name, data, exc))
            problems.extend(_checked_without_refused(name, data, exc, texts))
            raise DossierError(problems) from None
        except RecursionError:
            raise DossierError([Problem(name, None, None, "nested too deeply")]) from None
        del data
    problems.extend(_Checker(name, dossier, texts).run())
    if problems:
        raise DossierError(problems)
    dossier._path = path
    dossier._texts = texts
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
        return [p for p in _Checker(name, rest, texts).run()
                if p.item not in set_aside and set_aside.isdisjoint(_QUOTED_IDS.findall(p.message))]
    except RecursionError:  # nested too deeply: pydantic's own problems are reported
        return []


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


def _read_texts(path: Path, sources: list[tuple[Any, Any]]) -> tuple[dict[str, SourceText], list[Problem]]:
    """Read the bundled text of each (source id, text file) that names one."""
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    folder = path.parent.resolve()
    for sid, rel in sources:
        if not isinstance(rel, str) or not isinstance(sid, str):
            continue
        named = path.parent / rel
        try:
            # Every symbolic link followed first: the text must be in the dossier's folder.
            text_path = named.resolve(strict=True)
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


def _from_validation(name: str, data: Any, exc: ValidationError) -> Iterator[Problem]:
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
            shown = repr(error["input"])
            message = f"{message} (got {shown[:60] + '…' if len(shown) > 60 else shown})"
        yield Problem(name, item, field, message)


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


class _Checker:
    """The checks that need the whole dossier; collects problems instead of stopping."""

    def __init__(self, name: str, dossier: Dossier, texts: dict[str, SourceText]) -> None:
        self.name = name
        self.d = dossier
        self.texts = texts
        self.problems: list[Problem] = []
        # The dossier's private lookups, as plain locals: reading a private attribute
        # of a pydantic model goes through a Python-level __getattr__.
        self.items: dict[str, Item | Source] = {}
        #: A (source id, quote, occurrence) already found, and where: the same words
        #: are often cited by several items.
        self.found: dict[tuple[str, str, int], tuple[int, int]] = {}

    def add(self, item: str | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.name, item, field, message))

    def run(self) -> list[Problem]:
        d = self.d
        self._ids()
        self._countries()
        self.councils = self._councils()
        for item in d.iter_items():
            self._citations(item.id, "citations", item.citations)
        for vote in d.votes:
            self._vote(vote)
        for statement in d.statements:
            self._statement(statement)
        for event in d.events:
            self._event(event)
        for caveat in d.caveats:
            self._caveat(caveat)
        for item in d.iter_items():
            self._quotation_marks(item)
        self._source_notes()
        if not isinstance(self.items.get(d.mission.authorised_by), Vote):
            self.add(d.mission.id, "authorised_by", f"no vote with id '{d.mission.authorised_by}'")
        return self.problems

    def _ids(self) -> None:
        items: dict[str, Item | Source] = {}
        for thing in [*self.d.sources, *self.d.iter_items()]:
            if thing.id in items:
                self.add(thing.id, "id", f"duplicate id (also used by a {items[thing.id].kind_label.lower()})")
            else:
                items[thing.id] = thing
        self.d._items = self.items = items

    def _countries(self) -> None:
        by_code: dict[str, Any] = {}
        for index, country in enumerate(self.d.countries):
            where = f"countries[{index}].code"
            if country.code in by_code:
                self.add(None, where, f"country {country.code} is listed twice")
            if pycountry.countries.get(alpha_3=country.code) is None:
                self.add(None, where, f"'{country.code}' is not an ISO 3166-1 alpha-3 code")
            by_code[country.code] = country
        self.d._country_by_code = by_code

        def check(item: str, field: str, codes: Iterable[str]) -> None:
            for code in codes:
                if code not in by_code:
                    self.add(item, field, f"unknown country '{code}' (not in the dossier's countries)")

        m = self.d.mission
        check(m.id, "lead", [m.lead])
        check(m.id, "host", [m.host])
        for fact in self.d.facts:
            check(fact.id, "countries", fact.countries)
        for participant in self.d.participants:
            check(participant.id, "country", [participant.country])
        contributors = {p.country for p in self.d.participants}
        for deployment in self.d.deployments:
            check(deployment.id, "country", [deployment.country])
            if deployment.country in by_code and deployment.country not in contributors:
                self.add(deployment.id, "country", f"{deployment.country} has no entry among the participants")
        for council in self.d.councils:
            check(council.id, "permanent", council.permanent)
            check(council.id, "elected", council.elected)
        for vote in self.d.votes:
            check(vote.id, "penholders", vote.penholders)
            for ballot in vote.ballots:
                check(ballot.id, "country", [ballot.country])
        for statement in self.d.statements:
            check(statement.id, "speaker.country", [statement.speaker.country])
        for event in self.d.events:
            check(event.id, "countries", event.countries)
        for figure in self.d.figures:
            check(figure.id, "countries", figure.countries)
        for loss in self.d.losses:
            check(loss.id, "country", [loss.country])
        for unknown in self.d.unknowns:
            check(unknown.id, "countries", unknown.countries)

    def _citations(self, item_id: str, field: str, citations: list[Citation]) -> None:
        for index, citation in enumerate(citations):
            self._citation(item_id, f"{field}[{index}]", citation)

    def _citation(self, item_id: str, field: str, citation: Citation) -> None:
        source = self.items.get(citation.source)
        if not isinstance(source, Source):
            self.add(item_id, f"{field}.source", f"unknown source '{citation.source}'")
            return
        for index, inner in enumerate(quoted_words(citation.summary or "")):
            self.add(item_id, f"{field}.summary",
                     f"a summary holds no quotation marks (the words {_short(inner)} belong in 'quote')")
            break
        if citation.quote is None:
            return  # a summary or a locator: the dossier's own words, nothing to find
        if source.text_file is None:
            # External: the words cannot be checked here, so say when and where they were read.
            for name in ("read_on", "read_at"):
                if getattr(citation, name) is None:
                    self.add(item_id, f"{field}.{name}",
                             f"an external quote needs {name} (when and where its words were read): "
                             f"{_short(citation.quote)}")
            return
        key = (source.id, citation.quote, citation.occurrence)
        span = self.found.get(key)
        if span is not None:
            citation._set_derived(span)
            return
        text = self.texts.get(source.id)
        if text is None:
            return  # the missing text was reported already
        span = find_occurrence(text.text, citation.quote, citation.occurrence)
        if span is None:
            nth = f" (occurrence {citation.occurrence})" if citation.occurrence > 1 else ""
            self.add(
                item_id,
                f"{field}.quote",
                f"quote not found in source '{source.id}'{nth}: {_short(citation.quote)}",
            )
            return
        self.found[key] = span
        citation._set_derived(span)

    def _councils(self) -> dict[int, Council]:
        by_year: dict[int, Council] = {}
        for council in self.d.councils:
            if council.year in by_year:
                self.add(council.id, "year", f"the Council of {council.year} is listed twice "
                                             f"(also '{by_year[council.year].id}')")
            by_year[council.year] = council
            twice = set(council.permanent) & set(council.elected)
            if twice:
                self.add(council.id, "elected", f"listed as permanent and elected: {', '.join(sorted(twice))}")
        return by_year

    def _membership(self, vote: Vote, council: Council) -> None:
        """A vote's ballots are cast by that year's members, one each, in their seats."""
        members = set(council.members)
        cast = {b.country for b in vote.ballots}
        missing, strangers = sorted(members - cast), sorted(cast - members)
        if missing:
            self.add(vote.id, "ballots", f"no ballot for {', '.join(missing)}, members of the Council in "
                                         f"{council.year} ('{council.id}')")
        for ballot in vote.ballots:
            if ballot.country in strangers:
                self.add(ballot.id, "country", f"{ballot.country} was not a member of the Council in "
                                               f"{council.year} ('{council.id}')")
            elif ballot.seat != ("permanent" if ballot.country in council.permanent else "elected"):
                self.add(ballot.id, "seat", f"{ballot.country} held a {'permanent' if ballot.seat == 'elected' else 'elected'}"
                                            f" seat in {council.year} ('{council.id}')")

    def _vote(self, vote: Vote) -> None:
        year = parse_edtf(vote.date).start
        council = self.councils.get(year.year) if year is not None else None
        if council is not None:
            self._membership(vote, council)
        seen: dict[str, Ballot] = {}
        for index, ballot in enumerate(vote.ballots):
            if ballot.country in seen:
                self.add(ballot.id, "country", f"{ballot.country} has two ballots on {vote.resolution}")
            seen[ballot.country] = ballot
            self._ballot_basis(vote, ballot)
            for e_index, explanation in enumerate(ballot.explanations):
                if not isinstance(self.items.get(explanation), Statement):
                    self.add(ballot.id, f"explanations[{e_index}]", f"no statement with id '{explanation}'")
        tally = vote.tally
        for index, stated in enumerate(vote.stated_tallies):
            field = f"stated_tallies[{index}]"
            self._citation(vote.id, f"{field}.citation", stated.citation)
            for key in ("yes", "no", "abstain"):
                said = getattr(stated, key)
                if said is not None and said != getattr(tally, key):
                    self.add(
                        vote.id,
                        f"{field}.{key}",
                        f"source '{stated.citation.source}' states {key} = {said}, "
                        f"but the ballots give {getattr(tally, key)}",
                    )

    def _statement(self, statement: Statement) -> None:
        if statement.mode == "direct" and not any(statement.text in (c.quote or "") for c in statement.citations):
            self.add(statement.id, "text", "a direct quote must appear word for word in one of its citations' quotes")

    def _event(self, event: Event) -> None:
        if event.phrase and not any(event.phrase in (c.quote or "") for c in event.citations):
            self.add(event.id, "phrase", f"phrase {_short(event.phrase)} is not in any of the event's quotes")

    def _quotation_marks(self, item: Item) -> None:
        """Words an item's own text puts in quotation marks are a source's: they must
        stand in one of its citations' quotes."""
        quotes = [c.quote for c in item.citations if c.quote]
        for name in _QUOTING_FIELDS:
            value = getattr(item, name, None)
            if not isinstance(value, str):
                continue
            for words in quoted_words(value):
                if not any(words in quote for quote in quotes):
                    self.add(item.id, name, f"the words in quotation marks, {_short(words)}, are in none of "
                                            "the item's quotes (a quotation mark holds a source's own words)")

    def _source_notes(self) -> None:
        """Words a source's note puts in quotation marks are a source's: in one of the
        dossier's quotes, or in a bundled text (as repaired, or as bundled)."""
        noted = [(source, quoted_words(source.note)) for source in self.d.sources if source.note]
        noted = [(source, words) for source, words in noted if words]
        if not noted:
            return
        known = [c.quote for _, c in self.d.iter_citations() if c.quote]
        for text in self.texts.values():
            known += [text.text, text.raw.decode("utf-8", "replace")]
        for source, words in noted:
            for quoted in words:
                if not any(quoted in k for k in known):
                    self.add(source.id, "note", f"the words in quotation marks, {_short(quoted)}, are in none of "
                                                "the dossier's quotes or bundled texts")

    def _ballot_basis(self, vote: Vote, ballot: Ballot) -> None:
        if ballot.basis == "derived" and not vote.stated_tallies:
            self.add(ballot.id, "basis", f"a derived ballot needs a tally stated for {vote.resolution}")
        elif ballot.basis == "read" and not any(c.locator or c.quote for c in ballot.citations):
            self.add(ballot.id, "basis", "a ballot read from a source needs a citation that quotes it or "
                                         "whose locator names the row it was read from")

    def _caveat(self, caveat: Caveat) -> None:
        codes: list[str] = []
        for index, about in enumerate(caveat.about):
            target = self.items.get(about)
            if about == caveat.id:
                self.add(caveat.id, f"about[{index}]", "a caveat cannot qualify itself")
            elif target is None:
                self.add(caveat.id, f"about[{index}]", f"no item with id '{about}'")
            elif isinstance(target, Item):
                codes.extend(c for c in target.country_codes() if c not in codes)
        caveat._set_derived(tuple(codes))


#: The fields of an item written in the dossier's own words, where quotation marks
#: may only hold a source's words.
_QUOTING_FIELDS = ("summary", "detail", "text", "note", "context", "anchor_note", "topic", "measure")
#: Words in quotation marks: “curly”, "straight" or ‘single curly’ (an apostrophe is not one).
_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"|(?<!\w)‘([^‘’]+)’(?!\w)")


def quoted_words(text: str) -> list[str]:
    """The words that a text puts in quotation marks, each without its marks."""
    return [next(g for g in match.groups() if g is not None) for match in _QUOTED.finditer(text)]


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")
