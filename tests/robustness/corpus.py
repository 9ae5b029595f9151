"""The hostile corpus, generated (never committed) from the small dossier of tests/conftest.py.

Two kinds of case:

* :data:`SHOWN` — valid dossiers with hostile text in every text field (and in the
  bundled article): markup, ANSI/OSC escapes, bidirectional overrides, zero-width and
  combining characters, wide characters and emoji, 10,000-character strings, empty
  lists. They must load, and the app must show their text literally, controls made
  visible.
* :data:`REFUSED` — broken dossiers: duplicate ids, unknown countries, wrong types deep
  inside, truncated files, hostile ids and keys… `mss-explorer validate` must exit 2
  with a message naming the file and the item (where there is one).

Each case writes its files into a directory it is given and returns the dossier's path.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from models.text import visible
from tests.conftest import ARTICLE, small_dossier_data

__all__ = ["ANY_ITEM", "HOSTILE", "LONG", "MARKERS", "REFUSED", "SEARCH", "SHOWN", "Refused", "Shown", "big_dossier",
           "everywhere", "hostile_article", "write"]

#: Hostile strings, one per kind. Each starts with a short marker without spaces, so a
#: test can find it on screen however the rest wraps.
HOSTILE: dict[str, str] = {
    "markup": "[b]mk[/b] [/] [$accent]x[/$accent] [@click=app.quit]quit[/] "
              "[link='https://example.org']link[/link] [bold red]open [/b]",
    "escapes": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H \x1b]0;pwned\x07 \x1b]8;;https://example.org\x1b\\link"
               "\x1b]8;;\x1b\\ \x1b[6n \x1bP+q\x1b\\ \x9b31m \x90q\x9c \x00nul \x08\x0b\x0c\x7f tab\there cr\rend",
    "bidi": "\u202eevil\u202c \u2066iso\u2069 \u200frtl\u200e \u061c עברית عربي \u202d\u202a\u202b end",
    "invisible": "z\u200bw\u200cj\u200dn\u2060 \ufeffbom e\u0301\u0301\u0301 Z\u0338\u0321\u0322\u031b\u0317\u0318 "
                 "soft\u00adhyphen cgj\u034f",
    "wide": "中文全角ＡＢＣ 😀👍🏽 👨‍👩‍👧‍👦 🇰🇪 ❤️ ｶﾀｶﾅ 𝕳𝖊𝖑𝖑𝖔 ﷽ ｗｉｄｅ",
}
#: The marker each hostile string starts with, as it must appear on screen.
MARKERS: dict[str, str] = {
    "markup": "[b]mk[/b]",
    "escapes": "␛[31mred␛[0m",
    "bidi": "\ufffdevil\ufffd",
    "invisible": "z\u200bw\u200cj\u200dn\u2060",
    "wide": "中文全角ＡＢＣ",
}
#: A word each hostile string holds that search finds (after folding).
SEARCH: dict[str, str] = {
    "markup": "quit",
    "escapes": "pwned",
    "bidi": "evil",
    "invisible": "bom",
    "wide": "wide",
}
LONG_LENGTH = 10_000
#: Every kind at once, repeated to 10,000 characters.
LONG = ("L0ng " + " ".join(HOSTILE.values()) + " ") * (LONG_LENGTH // 200)
LONG = LONG[:LONG_LENGTH]
HOSTILE["long"] = LONG
MARKERS["long"] = "L0ng"
SEARCH["long"] = "L0ng"


def _ext(quote: str) -> dict[str, str]:
    return {"source": "ext", "quote": quote, "read_on": "2026-12-07", "read_at": "https://example.org/pr"}


def _art(quote: str) -> dict[str, str]:
    return {"source": "art", "quote": quote}


def hostile_article(text: str) -> str:
    """The article with ``text`` as the President's words."""
    return (
        "The council adopted a resolution on Monday. China and Russia abstained.\n"
        f"Kenya has pledged 1,000 police. “{text},” said the President of Kenya.\n"
    )


def everywhere(text: str) -> Callable[[dict[str, Any]], None]:
    """An edit putting ``text`` in every text field of the small dossier (and in its
    ids' labels, its countries, a fact, a figure, a paraphrase and a second caveat),
    keeping it valid. The article must be :func:`hostile_article` of the same text."""
    quote = f"“{text},” said the President of Kenya."
    url_safe = "".join(ch for ch in text if not ch.isspace())

    def edit(d: dict[str, Any]) -> None:
        d["title"] = text
        d["description"] = text
        m = d["mission"]
        m.update(name=text, acronym=text, summary=text)
        for source in d["sources"]:
            source.update(title=text, publisher=text, note=text)
        d["sources"][1]["url"] = f"https://example.org/{url_safe}"
        for country in d["countries"]:
            country["name"] = f"{country['name']} {text}"
            country["aliases"] = [*country["aliases"], f"{country['code']} {text}"]
        participant = d["participants"][0]
        participant["note"] = text
        pledge = participant["pledges"][0]
        pledge.update(unit=text, note=text)
        vote = d["votes"][0]
        vote.update(resolution=text, meeting=text, record=text, draft=text, summary=text)
        for ballot in vote["ballots"]:
            if ballot["seat"] == "elected":
                ballot["term"] = text
        vote["ballots"][0]["explanations"] = ["stmt-ken"]
        statement = d["statements"][0]
        statement["speaker"].update(name=text, office=text)
        statement.update(text=text, context=text, citations=[_art(quote)])
        d["statements"].append({
            "id": "stmt-para", "speaker": {"name": text, "office": text, "country": "CHN"},
            "mode": "paraphrase", "text": text, "date": "2023-10", "context": text,
            "citations": [_ext(text)],
        })
        event = d["events"][0]
        event.update(summary=text, anchor_note=text, phrase=text, citations=[_art(quote), *event["citations"]])
        d["events"].append({"id": "ev-later", "date": "2024-06/2024-07", "summary": text,
                            "countries": ["KEN", "HTI"], "citations": [_ext(text)]})
        d["facts"] = [{"id": "fact-1", "topic": text, "text": text, "countries": ["KEN"],
                       "citations": [_ext(text)]}]
        d["figures"] = [{"id": "fig-1", "measure": text, "value": 2400, "qualifier": "about", "unit": text,
                         "period": "2023", "issuer": text, "reported": "2024-01", "countries": ["HTI"],
                         "citations": [_ext(text)]}]
        d["caveats"][0].update(summary=text, detail=text)
        d["caveats"].append({"id": "cav-2", "type": "disagreement", "about": ["fig-1", "stmt-para"],
                             "summary": text, "detail": text, "citations": [_ext(text)]})
        for item in _items(d):
            item["citations"] = [*item["citations"], _ext(text)]

    return edit


def _items(d: dict[str, Any]) -> list[dict[str, Any]]:
    items = [d["mission"], *[x for key in ("facts", "statements", "events", "figures", "caveats") for x in d.get(key, [])]]
    for participant in d.get("participants", []):
        items += [participant, *participant["pledges"]]
    for vote in d["votes"]:
        items += [vote, *vote["ballots"]]
    return items


def write(directory: Path, data: dict[str, Any], *, name: str = "dossier.toml", article: str = ARTICLE) -> Path:
    """Write ``data`` (TOML or JSON, by ``name``) and the article beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "article.txt").write_text(article, encoding="utf-8", newline="")
    path = directory / name
    if name.endswith(".json"):
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    else:
        path.write_bytes(tomli_w.dumps(data).encode())
    return path


def _edited(edit: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = copy.deepcopy(small_dossier_data())
    edit(data)
    return data


# --------------------------------------------------------------------------- shown


@dataclass(frozen=True)
class Shown:
    """A valid hostile dossier: it loads, and its ``text`` shows made visible."""

    name: str
    text: str
    build: Callable[[Path], Path]
    #: What must be on screen (made visible) somewhere once the Overview is up.
    marker: str
    #: A word search must find in it.
    search: str = "mission"

    def __str__(self) -> str:
        return self.name


def _shown(kind: str, file_name: str) -> Shown:
    text = HOSTILE[kind]
    return Shown(
        f"{kind}-{file_name.rsplit('.', 1)[1]}",
        text,
        lambda d: write(d, _edited(everywhere(text)), name=file_name, article=hostile_article(text)),
        visible(MARKERS[kind]),
        SEARCH[kind],
    )


def _empty_lists(d: dict[str, Any]) -> None:
    """Every list that may be empty, empty (the vote stays: the mission needs it)."""
    for key in ("facts", "participants", "statements", "events", "figures", "caveats"):
        d[key] = []
    for country in d["countries"]:
        country["aliases"] = []
    vote = d["votes"][0]
    vote["stated_tallies"] = []
    vote["ballots"] = [{**vote["ballots"][0], "basis": "read"}]  # read: no tally to derive it from


SHOWN: list[Shown] = [
    _shown("markup", "d.toml"),
    _shown("escapes", "d.toml"),
    _shown("bidi", "d.json"),
    _shown("invisible", "d.json"),
    _shown("wide", "d.toml"),
    _shown("long", "d.json"),
    Shown("empty-lists", "", lambda d: write(d, _edited(_empty_lists)), "Test mission"),
    Shown("empty-article", "", lambda d: write(d, _edited(_no_article_quotes), article=""), "Test mission"),
]


def _no_article_quotes(d: dict[str, Any]) -> None:
    """The article is empty: every quote comes from the external source instead."""
    for item in _items(d):
        item["citations"] = [c if c["source"] == "ext" else _ext(c["quote"]) for c in item["citations"]]
    d["votes"][0]["stated_tallies"] = []
    for ballot in d["votes"][0]["ballots"]:
        ballot["basis"] = "read"  # each quotes a source: no tally is stated to derive them from


# --------------------------------------------------------------------------- refused


@dataclass(frozen=True)
class Refused:
    """A broken dossier: refused with status 2 and a message holding ``expect``."""

    name: str
    build: Callable[[Path], Path]
    #: The item the message must name (as shown: made visible); ANY_ITEM for a file
    #: broken mid-way (the message names the item where it broke, whichever that is);
    #: None when the file has no items to name.
    item: str | None
    #: Words the message must hold besides the file and the item.
    expect: tuple[str, ...] = ()
    #: Characters that must not reach the terminal raw (they are in the file).
    hostile: str = ""

    def __str__(self) -> str:
        return self.name


def _refuse(name: str, edit: Callable[[dict[str, Any]], Any], item: str | None, *expect: str,
            file_name: str = "d.toml", hostile: str = "") -> Refused:
    return Refused(name, lambda d: write(d, _edited(edit), name=file_name), item, expect, hostile)


def _truncated(file_name: str, keep: float) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        whole = write(directory, _edited(everywhere(HOSTILE["wide"])), name=file_name,
                      article=hostile_article(HOSTILE["wide"]))
        data = whole.read_bytes()
        cut = int(len(data) * keep)
        # Never right at a boundary (always mid-value), nor inside a character (another case).
        while data[cut:cut + 1] in b"\n]}" or data[cut] & 0xC0 == 0x80:
            cut += 1
        whole.write_bytes(data[:cut])
        return whole

    return build


def _mid_character(directory: Path) -> Path:
    """Cut inside a multi-byte UTF-8 character."""
    path = write(directory, _edited(everywhere(HOSTILE["wide"])), name="d.toml",
                 article=hostile_article(HOSTILE["wide"]))
    data = path.read_bytes()
    cut = data.index("中".encode()) + 1
    path.write_bytes(data[:cut])
    return path


def _raw_json(directory: Path, data: dict[str, Any], placeholder: str, raw: str) -> Path:
    path = write(directory, data, name="d.json")
    path.write_text(path.read_text(encoding="utf-8").replace(json.dumps(placeholder), raw), encoding="utf-8")
    return path


def _deeply_nested(directory: Path) -> Path:
    data = _edited(lambda d: d["statements"][0].update(context="@@deep@@"))
    return _raw_json(directory, data, "@@deep@@", "[" * 50_000 + "]" * 50_000)


def _nested_wrong_type(directory: Path) -> Path:
    data = _edited(lambda d: d["participants"][0]["pledges"][0].update(note="@@deep@@"))
    return _raw_json(directory, data, "@@deep@@", "[" * 500 + '{"a": 1}' + "]" * 500)


def _binary(directory: Path) -> Path:
    path = directory / "d.toml"
    directory.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(range(256)) * 64)
    return path


def _raw_toml(directory: Path, data: dict[str, Any], placeholder: str, raw: str) -> Path:
    path = write(directory, data, name="d.toml")
    path.write_text(path.read_text(encoding="utf-8").replace(json.dumps(placeholder), raw), encoding="utf-8")
    return path


def _amount(raw: str, *, toml: bool = False) -> Callable[[Path], Path]:
    """The pledge's amount written as ``raw`` (what json/tomli_w would not write)."""
    def build(directory: Path) -> Path:
        data = _edited(lambda d: d["participants"][0]["pledges"][0].update(amount="@@amount@@"))
        return (_raw_toml if toml else _raw_json)(directory, data, "@@amount@@", raw)

    return build


def _duplicate_key(directory: Path) -> Path:
    """Two "id" keys in one event: json.loads (and pydantic) keep the last silently."""
    data = _edited(lambda d: d["events"][0].update(summary="@@dup@@"))
    return _raw_json(directory, data, "@@dup@@", '"x", "id": "ev-other"')


def _toml_deeply_nested(directory: Path) -> Path:
    data = _edited(lambda d: d["statements"][0].update(context="@@deep@@"))
    return _raw_toml(directory, data, "@@deep@@", "[" * 5_000 + "]" * 5_000)


def _text_file(target: str) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["sources"][0].update(text_file=target)


def _text_file_special(make: Callable[[Path], None]) -> Callable[[Path], Path]:
    """The article replaced by what ``make`` puts at its path (a FIFO, a symlink…)."""
    def build(directory: Path) -> Path:
        path = write(directory, _edited(lambda d: None), name="d.toml")
        (directory / "article.txt").unlink()
        make(directory / "article.txt")
        return path

    return build


def _dossier_special(make: Callable[[Path], None]) -> Callable[[Path], Path]:
    def build(directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        make(directory / "d.toml")
        return directory / "d.toml"

    return build


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)

    return make


def _symlink_to(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


ANY_ITEM = "*"
ESC_ID = "\x1b]0;pwned\x07ev"
BIDI_ID = "ev-\u202egnp.exe"

REFUSED: list[Refused] = [
    _refuse("duplicate-id", lambda d: d["events"][0].update(id="stmt-ken"), "stmt-ken", "duplicate id"),
    _refuse("duplicate-id-across-kinds", lambda d: d["caveats"][0].update(id="art"), "art", "duplicate id",
            file_name="d.json"),
    _refuse("unknown-country", lambda d: d["events"][0].update(countries=["ATL"]), "ev-vote",
            "unknown country 'ATL'"),
    _refuse("unknown-country-in-ballot", lambda d: d["votes"][0]["ballots"][1].update(country="XYZ"),
            "ballot-rus", "XYZ"),
    _refuse("wrong-type-deep", lambda d: d["participants"][0]["pledges"][0].update(amount={"a": [1, {"b": 2}]}),
            "pledge-ken", "amount"),
    _refuse("wrong-type-ballot", lambda d: d["votes"][0]["ballots"][2].update(vote=7), "ballot-usa", "vote",
            file_name="d.json"),
    _refuse("citation-not-a-table", lambda d: d["statements"][0].update(citations=["just a string"]),
            "stmt-ken", "citations[0]"),
    _refuse("speaker-a-list", lambda d: d["statements"][0].update(speaker=[1, 2, 3]), "stmt-ken", "speaker",
            file_name="d.json"),
    Refused("nested-wrong-type", _nested_wrong_type, "pledge-ken", ("note",)),
    Refused("deeply-nested", _deeply_nested, None, ("nested too deeply",)),
    _refuse("long-quote-not-in-source",
            lambda d: d["statements"][0]["citations"][0].update(quote=LONG), "stmt-ken", "quote not found",
            hostile=LONG),
    _refuse("escapes-in-id", lambda d: d["events"][0].update(id=ESC_ID, date=5), visible(ESC_ID), "date",
            hostile=ESC_ID),
    _refuse("bidi-in-id", lambda d: d["events"][0].update(id=BIDI_ID), visible(BIDI_ID), "pattern",
            file_name="d.json", hostile=BIDI_ID),
    _refuse("escapes-in-field-name", lambda d: d["statements"][0].update({"\x1b[2Jmood": 1}), "stmt-ken",
            "␛[2Jmood", "unknown field", hostile="\x1b[2J"),
    _refuse("markup-in-field-value", lambda d: d["events"][0].update(date="[b]2023[/b]"), "ev-vote", "date"),
    _refuse("schema-version-true-json", lambda d: d.update(schema_version=True), "small", "schema_version",
            "Input should be 1", file_name="d.json"),
    _refuse("schema-version-true-toml", lambda d: d.update(schema_version=True), "small", "schema_version",
            "Input should be 1"),
    _refuse("no-votes", lambda d: d.update(votes=[]), "mission", "authorised_by"),
    _refuse("no-sources", lambda d: d.update(sources=[]), "small", "sources"),
    _refuse("text-file-is-a-device", _text_file("/dev/zero"), "art", "text_file", "outside the dossier's folder"),
    _refuse("text-file-anywhere", _text_file("/etc/passwd"), "art", "text_file", "outside the dossier's folder"),
    _refuse("text-file-up-and-out", _text_file("../../../../../../etc/passwd"), "art", "text_file",
            "outside the dossier's folder"),
    Refused("text-file-symlink-out", _text_file_special(_symlink_to("/etc/passwd")), "art",
            ("text_file", "outside the dossier's folder")),
    Refused("text-file-symlink-loop", _text_file_special(lambda p: p.symlink_to(p)), "art",
            ("text_file", "symbolic link")),
    Refused("text-file-fifo", _text_file_special(lambda p: os.mkfifo(p)), "art",
            ("text_file", "not a regular file")),
    Refused("text-file-device-in-folder", _text_file_special(_symlink_to("/dev/zero")), "art", ("text_file",)),
    Refused("dossier-fifo", _dossier_special(lambda p: os.mkfifo(p)), None, ("not a regular file",)),
    Refused("dossier-dev-zero", _dossier_special(_symlink_to("/dev/zero")), None, ("not a regular file",)),
    Refused("dossier-too-big", _dossier_special(_sparse(1 << 30)), None, ("too large",)),
    Refused("dossier-symlink-loop", _dossier_special(lambda p: p.symlink_to(p)), None, ("symbolic link",)),
    Refused("int-too-long-json", _amount("9" * 5000), "pledge-ken", ("digits",)),
    Refused("int-too-long-json-slow-path", _amount("9" * 5000 + ', "unknown": 1'), "pledge-ken", ("digits",)),
    Refused("int-too-long-toml", _amount("9" * 5000, toml=True), "pledge-ken", ("digits",)),
    Refused("int-big-toml", _amount("9" * 40, toml=True), "pledge-ken", ("amount",)),
    Refused("nan-amount-json", _amount("NaN"), "pledge-ken", ("amount", "finite")),
    Refused("inf-amount-json", _amount("-Infinity"), "pledge-ken", ("amount", "finite")),
    Refused("nan-amount-toml", _amount("nan", toml=True), "pledge-ken", ("amount", "finite")),
    Refused("inf-amount-toml", _amount("inf", toml=True), "pledge-ken", ("amount", "finite")),
    Refused("duplicate-key-json", _duplicate_key, "ev-vote", ("duplicate key", "id")),
    Refused("toml-deeply-nested", _toml_deeply_nested, None, ("nested too deeply",)),
    _refuse("caveat-about-itself", lambda d: d["caveats"][0]["about"].append("cav-1"), "cav-1", "about[1]",
            "itself"),
    Refused("truncated-toml", _truncated("d.toml", 0.6), ANY_ITEM, ("not valid TOML", "end of document")),
    Refused("truncated-json", _truncated("d.json", 0.5), ANY_ITEM, ("not valid JSON", "line 1, column")),
    Refused("truncated-mid-character", _mid_character, ANY_ITEM, ("not UTF-8",)),
    Refused("binary-garbage", _binary, None, ("not UTF-8",)),
    Refused("empty-file", lambda d: _empty_file(d), None, ("required field is missing",)),
]


def _empty_file(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "empty.toml"
    path.write_bytes(b"")
    return path


# --------------------------------------------------------------------------- 50 MB


def big_dossier(directory: Path, megabytes: int = 50) -> Path:
    """A valid JSON dossier of about ``megabytes`` MB: many events, each with hostile text."""
    data = copy.deepcopy(small_dossier_data())
    text = HOSTILE["escapes"] + " " + HOSTILE["wide"]
    event = {"date": "2023-11", "summary": text, "countries": ["HTI"], "citations": [_ext(text * 3)]}
    one = len(json.dumps({"id": "ev-0000", **event}, ensure_ascii=False).encode()) + 2
    count = megabytes * 1_000_000 // one + 1
    data["events"] += [{"id": f"ev-{n}", **event} for n in range(count)]
    return write(directory, data, name="big.json")
