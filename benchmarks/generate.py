"""Deterministic synthetic dossiers at N times the bundled one, for the benchmarks.

``python -m benchmarks.generate [--sizes 1,100,1000] [--out benchmarks/out] [--force]``

* Size 1 is the bundled dossier itself (``seeds/haiti-mss.toml`` and its source text),
  copied as TOML and converted to JSON, so the same code paths load every size.
* Size N > 1 is synthetic, built by a seeded :class:`random.Random` (the same N always
  gives the same bytes). Per unit of scale it holds :data:`PER_UNIT` items: 100
  statements, ballots, pledges and events (so about 100,000 at 1,000x) plus facts,
  figures, caveats and sources in the bundled dossier's proportions. Every country
  of ISO 3166-1 (pycountry) is listed; every vote has 15 ballots and stated tallies
  that agree with them; about half the citations quote generated *bundled* source
  texts (the loader finds every quote in them, so the quote-checking path runs, and
  one text in eight carries the seed article's "MoΓ―se" mojibake so the repair path
  runs too), the rest cite external sources. Dates use the EDTF subset the dossier
  uses (days, months, years, intervals, open ends, qualifiers).

Each size is written to ``<out>/x<N>/`` as ``dossier.json`` and ``dossier.toml`` (the
same data) with its texts in ``sources/``, and a ``manifest.json`` saying what was
generated (``<out>`` is git-ignored: generated on demand, never committed). A size
whose manifest matches the generator version is not generated again.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import os
import random
import shutil
import sys
import time
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "GENERATOR_VERSION",
    "OUT_DIR",
    "PER_UNIT",
    "GeneratedDossier",
    "build",
    "ensure",
    "generate",
]

#: Bump when the generated data changes, so stale outputs are regenerated.
GENERATOR_VERSION = 3
#: Where dossiers, logs and results go (git-ignored); $MSS_BENCH_OUT moves it (the tests do).
OUT_DIR = Path(os.environ.get("MSS_BENCH_OUT") or Path(__file__).resolve().parent / "out").resolve()
ROOT = Path(__file__).resolve().parent.parent

#: Items per unit of scale (size N has N units). Statements, ballots (15 per vote),
#: pledges and events add up to 100 per unit.
PER_UNIT = {
    "votes": 2,  # 30 ballots
    "statements": 25,
    "pledges": 15,
    "events": 30,
    "facts": 14,
    "figures": 5,
    "caveats": 9,
    "bundled_sources": 2,
    "external_sources": 8,
}
BALLOTS_PER_VOTE = 15
PERMANENT = ("CHN", "FRA", "GBR", "RUS", "USA")
#: Names people type for some countries, as the bundled dossier has them.
ALIASES = {
    "USA": ["US", "U.S.", "USA", "United States of America", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "RUS": ["Russia"],
    "CHN": ["PRC", "People's Republic of China"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "HTI": ["Republic of Haiti", "Haïti", "Ayiti"],
    "KEN": ["Republic of Kenya"],
    "BHS": ["The Bahamas"],
    "KOR": ["South Korea"],
    "PRK": ["North Korea"],
    "IRN": ["Iran"],
    "SYR": ["Syria"],
    "VEN": ["Venezuela"],
    "BOL": ["Bolivia"],
    "TZA": ["Tanzania"],
}

# -- vocabulary ----------------------------------------------------------------------------

FIRST_NAMES = [
    "Alfred", "William", "Linda", "Jean", "Marie", "Ariel", "Garry", "Anaïs", "Moïse", "Loïc",
    "Héloïse", "Amina", "Grace", "Samuel", "Fatou", "Jovenel", "Claude", "Esther", "Pierre",
    "Rosa", "Miguel", "Ana", "Kofi", "Wanjiru", "Yuki", "Hiroshi", "Olga", "Dmitri", "Zhang",
    "Li", "Emmanuel", "Sophie", "Ahmed", "Leila", "Thomas", "Nadia", "Ibrahim", "Chiara",
    "Mateo", "Ingrid", "Björn", "Łukasz", "Zoë", "José", "Renée", "Ndéye", "Gaston", "Fritz",
    "Edgard", "Monique",
]
OFFICES = [
    "President", "Prime Minister", "Foreign Minister", "Permanent Representative to the UN",
    "Cabinet Secretary for Foreign Affairs", "Minister of Defence", "Police Commissioner",
    "Special Representative of the Secretary-General", "Ambassador", "Government spokesperson",
    "Mission commander", "Minister of Justice",
]
SUBJECTS = [
    "the mission", "the Haitian National Police", "armed gangs", "the transitional council",
    "the Security Council", "humanitarian agencies", "the lead nation", "Kenyan police officers",
    "the multinational force", "the government", "local residents", "the United Nations",
    "contributing countries", "the trust fund", "the Gang Suppression Force", "the police union",
    "human rights monitors", "the Secretary-General", "the Caribbean community", "the donors",
]
VERBS = [
    "will support", "has secured", "cannot protect", "reported attacks on", "called for",
    "welcomed", "condemned", "delayed", "expanded patrols around", "restored access to",
    "lost control of", "pledged to rebuild", "asked for help with", "investigated",
    "warned about", "praised", "criticised", "reopened", "evacuated", "blocked",
]
OBJECTS = [
    "the main port", "critical infrastructure", "the international airport", "free and fair elections",
    "emergency relief", "humanitarian aid", "public health services", "the national palace",
    "fuel terminals", "the prison system", "schools and hospitals", "the arms embargo",
    "the deployment timetable", "voluntary contributions", "the rule of law", "sexual violence",
    "displaced families", "the border crossings", "the coastal road", "police stations",
]
ADJUNCTS = [
    "", "", "", "before the rainy season", "despite the violence", "according to officials",
    "within months", "in the coming months", "as soon as possible", "for the first time",
    "with Chapter VII authority", "after weeks of fighting", "under the resolution",
]
TOPICS = [
    "Legal basis", "Duration", "Funding", "Mandate", "Size", "Command", "Human rights",
    "Sanctions", "Reporting", "Arms embargo", "Vetting", "Cooperation",
]
MEASURES = [
    ("people killed in violence", "people"), ("people displaced", "people"),
    ("police officers deployed", "officers"), ("gang members arrested", "people"),
    ("schools closed", "schools"), ("kidnappings reported", "kidnappings"),
    ("people in acute food insecurity", "people"), ("trust fund contributions", "USD"),
]
ISSUERS = [
    "UN Office of the High Commissioner for Human Rights (OHCHR)", "UN Secretary-General",
    "International Organization for Migration (IOM)", "UNICEF", "World Food Programme",
    "Haitian National Police", "Kenya National Police Service", "BINUH", "news reports",
]
PUBLISHERS = [
    "The Daily Nation", "Le Nouvelliste", "Associated Press", "Reuters", "Agence France-Presse",
    "The Standard", "Haïti Libre", "Miami Herald", "UN News", "Al Jazeera",
]
SOURCE_TYPES = [
    "news_article", "news_report", "un_record", "un_press_release", "un_data", "un_report",
    "government_statement", "mission_statement", "other",
]
ROLES = ["lead_nation", "contributor", "offered_assistance", "penholder", "funding", "logistics", "host"]
PLEDGE_UNITS = {
    "police": ["police officers"],
    "soldiers": ["soldiers", "troops"],
    "military": ["military personnel"],
    "personnel": ["personnel", "security personnel"],
    "money": ["USD"],
    "logistics": ["aircraft", "vehicles", "boats"],
}
QUALIFIERS = ["exact", "exact", "exact", "about", "up_to", "at_least", "over"]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "up_to": "up to ", "at_least": "at least ", "over": "over ",
                   "unspecified": ""}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 9, 30)
#: One bundled text in this many is written with the seed article's mojibake ("ï" as "Γ―").
MOJIBAKE_EVERY = 8

_SYLLABLES = [
    "ba", "ka", "ma", "na", "ta", "ri", "lo", "mu", "se", "do", "vi", "ge", "zu", "po", "fa",
    "le", "ni", "ro", "sa", "ti", "wa", "ke", "du", "mi", "jo", "ha", "bi", "ye", "go", "ru",
    "an", "el", "on", "ir", "ou", "ay",
]


def _lexicon(rng: random.Random, size: int) -> list[str]:
    """``size`` distinct pseudo-words (surnames, places): a vocabulary that grows with the data."""
    words: set[str] = set()
    out: list[str] = []
    while len(out) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        if word not in words:
            words.add(word)
            out.append(word)
    return out


def _iso(d: date) -> str:
    return d.isoformat()


def _day(rng: random.Random, first: date = FIRST_DAY, last: date = LAST_DAY) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _long_date(d: date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _amount_words(amount: int | float | None, qualifier: str, unit: str) -> str:
    if amount is None:
        return unit
    number = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,}"
    if unit == "USD":
        return f"{QUALIFIER_WORDS[qualifier]}US${number}"
    return f"{QUALIFIER_WORDS[qualifier]}{number} {unit}"


@dataclass
class GeneratedDossier:
    """What :func:`generate` wrote."""

    scale: int
    directory: Path
    json_path: Path
    toml_path: Path
    manifest: dict[str, Any]


class _Builder:
    """Builds the plain data of one synthetic dossier and the texts of its bundled sources."""

    def __init__(self, scale: int, seed: str) -> None:
        import pycountry

        self.scale = scale
        self.rng = random.Random(seed)
        rng = self.rng
        self.countries: list[dict[str, Any]] = []
        for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
            name = getattr(country, "common_name", None) or country.name
            aliases = list(ALIASES.get(country.alpha_3, []))
            official = getattr(country, "official_name", None)
            if official and official != name and official not in aliases:
                aliases.append(official)
            entry: dict[str, Any] = {"code": country.alpha_3, "name": name}
            if aliases:
                entry["aliases"] = aliases
            self.countries.append(entry)
        self.codes = [c["code"] for c in self.countries]
        self.name_of = {c["code"]: c["name"] for c in self.countries}
        self.elected_pool = [c for c in self.codes if c not in PERMANENT]
        self.lexicon = _lexicon(rng, 300 + 40 * scale)
        self.texts: dict[str, list[str]] = {}
        self.text_files: dict[str, str] = {}
        self.sources: list[dict[str, Any]] = []
        self.bundled: list[list[str]] = []
        self.external: list[list[str]] = []
        self.unit_items: list[list[str]] = [[] for _ in range(scale)]
        self.explanations: list[int] = [0] * scale

    # -- words ---------------------------------------------------------------------------

    def place(self) -> str:
        return self.rng.choice(self.lexicon)

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.place()}"

    def clause(self) -> str:
        rng = self.rng
        obj = rng.choice(OBJECTS)
        if rng.random() < 0.4:
            obj += f" in {self.place()}"
        adjunct = rng.choice(ADJUNCTS)
        return " ".join(p for p in [rng.choice(SUBJECTS), rng.choice(VERBS), obj, adjunct] if p)

    @staticmethod
    def cap(text: str) -> str:
        return text[0].upper() + text[1:]

    # -- sources and citations -----------------------------------------------------------

    def make_sources(self) -> None:
        rng = self.rng
        for unit in range(self.scale):
            bundled: list[str] = []
            for k in range(PER_UNIT["bundled_sources"]):
                sid = f"text-{unit:04d}-{k}"
                d = _day(rng)
                source: dict[str, Any] = {
                    "id": sid,
                    "type": rng.choice(["news_article", "news_report", "un_report", "government_statement"]),
                    "title": f"{self.cap(self.clause())} ({self.place()} report {unit}-{k})",
                    "publisher": rng.choice(PUBLISHERS),
                }
                if rng.random() < 0.85:
                    source["date"] = _iso(d)
                else:
                    source["note"] = "Undated: the text carries no date or byline."
                if rng.random() < 0.5:
                    source["url"] = f"https://news.example.org/{unit}/{k}/{self.place().lower()}"
                source["text_file"] = f"sources/{sid}.txt"
                self.sources.append(source)
                self.texts[sid] = []
                self.text_files[sid] = source["text_file"]
                bundled.append(sid)
            external: list[str] = []
            for k in range(PER_UNIT["external_sources"]):
                sid = f"src-{unit:04d}-{k}"
                kind = rng.choice(SOURCE_TYPES)
                source = {
                    "id": sid,
                    "type": kind,
                    "title": f"{kind.replace('_', ' ').capitalize()} on {self.clause()} ({unit}-{k})",
                    "publisher": rng.choice(PUBLISHERS + ["United Nations", "UN Dag Hammarskjöld Library"]),
                }
                if rng.random() < 0.8:
                    source["date"] = _iso(_day(rng))
                if rng.random() < 0.7:
                    source["url"] = f"https://press.example.org/{unit}/{k}/{kind}"
                if rng.random() < 0.2:
                    source["note"] = f"Known only through the reference notes ({self.clause()})."
                self.sources.append(source)
                external.append(sid)
            self.bundled.append(bundled)
            self.external.append(external)

    def cite(self, unit: int, sentence: str, quote: str | None = None, *, bundled: float = 0.5,
             external_quote: str | None = None) -> dict[str, Any]:
        """A citation of ``sentence``: added to a bundled text of the unit (quoting
        ``quote``, a part of it, or all of it), or an external source's words (read on a date, at a URL) or the dossier's summary of them."""
        rng = self.rng
        if rng.random() < bundled:
            sid = rng.choice(self.bundled[unit])
            self.texts[sid].append(sentence)
            return {"source": sid, "quote": quote or sentence}
        sid = rng.choice(self.external[unit])
        if external_quote is not None:  # the dossier's own account, e.g. "CHN: abstain"
            return {"source": sid, "summary": external_quote}
        return {"source": sid, "quote": quote or sentence, "read_on": "2026-12-01",
                "read_at": f"https://example.org/{sid}"}

    def citations(self, unit: int, sentence: str, quote: str | None = None, **kw: Any) -> list[dict[str, Any]]:
        out = [self.cite(unit, sentence, quote, **kw)]
        if self.rng.random() < 0.35:
            out.append(self.cite(unit, f"{self.cap(self.clause())}, {self.rng.choice(['officials said', 'the report says', 'sources confirmed'])}.", bundled=0.4))
        return out

    # -- dates ---------------------------------------------------------------------------

    def edtf(self) -> str:
        rng = self.rng
        d = _day(rng)
        roll = rng.random()
        if roll < 0.55:
            return _iso(d)
        if roll < 0.70:
            return f"{d.year}-{d.month:02d}"
        if roll < 0.75:
            return str(d.year)
        if roll < 0.87:
            end = min(d + timedelta(days=rng.randint(1, 200)), LAST_DAY)
            return f"{_iso(d)}/{_iso(end)}"
        if roll < 0.92:
            return rng.choice([f"{d.year}-{d.month:02d}~", f"{_iso(d)}?", f"{d.year}%"])
        if roll < 0.96:
            return f"{_iso(d)}/.."
        return f"../{_iso(d)}"

    # -- items ---------------------------------------------------------------------------

    def mission(self) -> dict[str, Any]:
        sentence = ("The council adopted a resolution authorizing the Kenya-led Multinational Security "
                    "Support mission to aid Haitian police in combating the gangs.")
        return {
            "id": "mission-synthetic",
            "name": "Multinational Security Support mission (synthetic)",
            "acronym": "MSS",
            "summary": f"A synthetic mission dossier at {self.scale}x the bundled one, for benchmarks.",
            "lead": "KEN",
            "host": "HTI",
            "authorised_by": "vote-0",
            "citations": [self.cite(0, sentence, bundled=1.0)],
        }

    def votes(self, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        votes: list[dict[str, Any]] = []
        number = 0
        for unit in range(self.scale):
            for _ in range(PER_UNIT["votes"]):
                vid = f"vote-{number}"
                d = _day(rng)
                resolution = f"S/RES/{2700 + number} ({d.year})"
                members = list(PERMANENT) + rng.sample(self.elected_pool, BALLOTS_PER_VOTE - len(PERMANENT))
                ballots: list[dict[str, Any]] = []
                penholder = rng.choice(members)
                for code in members:
                    value = rng.choices(["yes", "no", "abstain", "absent"], weights=[80, 5, 12, 3])[0]
                    words = {"yes": "voted in favour of", "no": "voted against", "abstain": "abstained on",
                             "absent": "did not take part in the vote on"}[value]
                    sentence = f"{self.name_of[code]} {words} resolution {resolution}."
                    ballot: dict[str, Any] = {
                        "id": f"ballot-{number}-{code.lower()}",
                        "country": code,
                        "seat": "permanent" if code in PERMANENT else "elected",
                        "vote": value,
                        "basis": "derived",
                        "citations": [self.cite(unit, sentence, bundled=0.3, external_quote=f"{code}: {value}")],
                    }
                    if code not in PERMANENT:
                        ballot["term"] = f"{d.year}–{d.year + 1}"
                    if code == penholder:
                        ballot["penholder"] = True
                    if value in ("no", "abstain") and rng.random() < 0.5:
                        sid = f"stmt-eov-{number}-{code.lower()}"
                        speaker = self.person()
                        words_said = self.cap(self.clause())
                        quote = f"“{words_said},” said {speaker}, explaining the vote of {self.name_of[code]}."
                        statements.append({
                            "id": sid,
                            "speaker": {"name": speaker, "office": "Permanent Representative to the UN",
                                        "country": code},
                            "mode": "direct",
                            "text": words_said,
                            "date": _iso(d),
                            "context": f"Explanation of vote on {resolution}.",
                            "citations": [self.cite(unit, quote, bundled=0.6)],
                        })
                        self.unit_items[unit].append(sid)
                        self.explanations[unit] += 1
                        ballot["explanations"] = [sid]
                    ballots.append(ballot)
                    self.unit_items[unit].append(ballot["id"])
                counts = {k: sum(b["vote"] == k for b in ballots) for k in ("yes", "no", "abstain")}
                tally = f"{counts['yes']} in favour, {counts['no']} against, {counts['abstain']} abstentions"
                weekday = WEEKDAYS[d.weekday()]
                sentence = f"On {weekday} the Council adopted resolution {resolution} by {tally}."
                stated = [{**counts, "citation": self.cite(unit, sentence, tally, bundled=0.6)}]
                if rng.random() < 0.5:
                    stated.append({"yes": counts["yes"], "citation": self.cite(
                        unit, f"Resolution {resolution} received {counts['yes']} votes in favour.", bundled=0.4)})
                vote = {
                    "id": vid,
                    "resolution": resolution,
                    "date": _iso(d),
                    "meeting": f"{9000 + number}th meeting",
                    "record": f"S/PV.{9000 + number}",
                    "draft": f"S/{d.year}/{rng.randint(100, 999)}",
                    "summary": f"{self.cap(self.clause())}; adopted {counts['yes']}–{counts['no']}–{counts['abstain']}.",
                    "ballots": ballots,
                    "stated_tallies": stated,
                    "citations": self.citations(unit, sentence, external_quote=tally),
                }
                votes.append(vote)
                self.unit_items[unit].append(vid)
                number += 1
        return votes

    def statements(self, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self.rng
        for unit in range(self.scale):
            for k in range(max(0, PER_UNIT["statements"] - self.explanations[unit])):
                sid = f"stmt-{unit}-{k}"
                speaker = self.person()
                office = rng.choice(OFFICES)
                code = rng.choice(self.codes)
                country = self.name_of[code]
                d = self.edtf() if rng.random() < 0.3 else _iso(_day(rng))
                if rng.random() < 0.6:
                    mode = "direct"
                    text = self.cap(self.clause())
                    if rng.random() < 0.3:
                        text += f". {self.cap(self.clause())}"
                    sentence = f"“{text},” said {speaker}, {office} of {country}."
                else:
                    mode = "paraphrase"
                    said = self.clause()
                    sentence = f"{speaker}, {office} of {country}, said that {said}."
                    text = f"{speaker} said that {said}."
                statement = {
                    "id": sid,
                    "speaker": {"name": speaker, "office": f"{office} of {country}", "country": code},
                    "mode": mode,
                    "text": text,
                    "date": d,
                    "citations": self.citations(unit, sentence),
                }
                if rng.random() < 0.4:
                    statement["context"] = f"Reported {rng.choice(['by the article', 'in a press statement', 'at the Council'])}; {self.clause()}."
                statements.append(statement)
                self.unit_items[unit].append(sid)
        return statements

    def participants(self) -> list[dict[str, Any]]:
        rng = self.rng
        count = min(len(self.codes), 7 * self.scale)
        chosen = ["KEN", "HTI"] + rng.sample([c for c in self.codes if c not in ("KEN", "HTI")], count - 2)
        participants: list[dict[str, Any]] = []
        for n, code in enumerate(chosen):
            unit = n % self.scale
            roles = ["lead_nation", "contributor"] if code == "KEN" else (
                ["host"] if code == "HTI" else rng.sample(ROLES[1:6], rng.randint(1, 2)))
            sentence = f"{self.name_of[code]} is taking part in the mission as {roles[0].replace('_', ' ')}."
            participant: dict[str, Any] = {
                "id": f"part-{code.lower()}",
                "country": code,
                "roles": roles,
                "citations": self.citations(unit, sentence),
                "pledges": [],
            }
            if rng.random() < 0.3:
                participant["note"] = self.cap(self.clause()) + "."
            participants.append(participant)
            self.unit_items[unit].append(participant["id"])
        number = 0
        for unit in range(self.scale):
            for _ in range(PER_UNIT["pledges"]):
                participant = rng.choice(participants)
                code = participant["country"]
                kind = rng.choice(list(PLEDGE_UNITS))
                unit_name = rng.choice(PLEDGE_UNITS[kind])
                qualifier = rng.choice(QUALIFIERS)
                amount: int | float | None
                if rng.random() < 0.05:
                    amount, qualifier = None, "unspecified"
                elif kind == "money":
                    amount = rng.choice([100_000, 250_000, 1_000_000, 5_000_000, 12_500_000, 1_234_567])
                elif kind == "logistics":
                    amount = rng.choice([1, 2, 3, 5, 10, 2.5])
                else:
                    amount = rng.choice([10, 24, 25, 50, 100, 150, 200, 250, 300, 400, 500, 1000, 2500])
                d = self.edtf() if rng.random() < 0.25 else _iso(_day(rng))
                what = _amount_words(amount, qualifier, unit_name)
                if amount is None:
                    what = f"{unit_name}, number not set"
                sentence = f"{self.name_of[code]} has pledged {what} to the mission."
                pledge: dict[str, Any] = {
                    "id": f"pledge-{code.lower()}-{number}",
                    "unit": unit_name,
                    "type": kind,
                    "date": d,
                    "qualifier": qualifier,
                    "citations": self.citations(unit, sentence, external_quote=what),
                }
                if amount is not None:
                    pledge["amount"] = amount
                if rng.random() < 0.2:
                    pledge["note"] = self.cap(self.clause()) + "."
                participant["pledges"].append(pledge)
                self.unit_items[unit].append(pledge["id"])
                number += 1
        for participant in participants:
            if not participant["pledges"]:
                del participant["pledges"]
        return participants

    def events(self) -> list[dict[str, Any]]:
        rng = self.rng
        events: list[dict[str, Any]] = []
        for unit in range(self.scale):
            for k in range(PER_UNIT["events"]):
                eid = f"ev-{unit}-{k}"
                d = _day(rng)
                summary = f"{self.cap(self.clause())}."
                codes = rng.sample(self.codes, rng.randint(1, 3))
                event: dict[str, Any] = {"id": eid, "summary": summary, "countries": codes}
                if rng.random() < 0.3:
                    phrase, anchor = rng.choice([
                        (f"on {WEEKDAYS[d.weekday()]}", d + timedelta(days=rng.randint(0, 6))),
                        (f"in {calendar.month_name[d.month]} {d.year}", None),
                        ("last week", d + timedelta(days=7)),
                        ("earlier this year", date(d.year, 12, 31)),
                    ])
                    event["date"] = _iso(d) if anchor is not None else f"{d.year}-{d.month:02d}"
                    event["phrase"] = phrase
                    if anchor is not None:
                        event["anchor"] = _iso(anchor)
                        event["anchor_note"] = f"Resolved against the report of {_long_date(anchor)}."
                    sentence = f"{self.cap(self.clause())} {phrase}, {rng.choice(['police said', 'the report says'])}."
                else:
                    event["date"] = self.edtf()
                    sentence = f"{self.cap(self.clause())}, {rng.choice(['residents said', 'police said', 'the report says'])}."
                event["citations"] = self.citations(unit, sentence)
                events.append(event)
                self.unit_items[unit].append(eid)
        return events

    def facts(self) -> list[dict[str, Any]]:
        rng = self.rng
        facts: list[dict[str, Any]] = []
        for unit in range(self.scale):
            for k in range(PER_UNIT["facts"]):
                fid = f"fact-{unit}-{k}"
                text = f"{self.cap(self.clause())}."
                fact: dict[str, Any] = {
                    "id": fid,
                    "topic": rng.choice(TOPICS),
                    "text": text,
                    "citations": self.citations(unit, text),
                }
                if rng.random() < 0.6:
                    fact["countries"] = rng.sample(self.codes, rng.randint(1, 2))
                facts.append(fact)
                self.unit_items[unit].append(fid)
        return facts

    def figures(self) -> list[dict[str, Any]]:
        rng = self.rng
        figures: list[dict[str, Any]] = []
        for unit in range(self.scale):
            for k in range(PER_UNIT["figures"]):
                measure, unit_name = rng.choice(MEASURES)
                value = rng.choice([24, 150, 400, 2439, 4789, 12_500, 362_000, 1_000_000])
                qualifier = rng.choice(QUALIFIERS)
                start = _day(rng, FIRST_DAY, date(2025, 1, 1))
                end = start + timedelta(days=rng.randint(30, 260))
                period = rng.choice([f"{_iso(start)}/{_iso(end)}", str(start.year), f"{start.year}-{start.month:02d}"])
                issuer = rng.choice(ISSUERS)
                words = _amount_words(value, qualifier, "" if unit_name == "people" else unit_name).strip()
                sentence = f"The {issuer} counted {words} {measure} in {self.place()}."
                figure: dict[str, Any] = {
                    "id": f"fig-{unit}-{k}",
                    "measure": measure,
                    "value": value,
                    "qualifier": qualifier,
                    "unit": unit_name,
                    "period": period,
                    "issuer": issuer,
                    "countries": ["HTI"] + ([rng.choice(self.codes)] if rng.random() < 0.3 else []),
                    "citations": self.citations(unit, sentence),
                }
                if rng.random() < 0.6:
                    figure["reported"] = _iso(min(end + timedelta(days=rng.randint(1, 60)), LAST_DAY))
                figures.append(figure)
                self.unit_items[unit].append(figure["id"])
        return figures

    def caveats(self) -> list[dict[str, Any]]:
        rng = self.rng
        caveats: list[dict[str, Any]] = []
        for unit in range(self.scale):
            pool = self.unit_items[unit]
            for k in range(PER_UNIT["caveats"]):
                about = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
                summary = f"Sources disagree: {self.clause()}."
                caveat = {
                    "id": f"cav-{unit}-{k}",
                    "type": rng.choice(["disagreement", "imprecision", "single_source", "clarification"]),
                    "about": about,
                    "summary": summary,
                    "detail": f"{self.cap(self.clause())}. {self.cap(self.clause())}.",
                    "citations": self.citations(unit, summary),
                }
                caveats.append(caveat)
        return caveats

    # -- the whole -----------------------------------------------------------------------

    def build(self) -> tuple[dict[str, Any], dict[str, bytes]]:
        self.make_sources()
        mission = self.mission()
        statements: list[dict[str, Any]] = []
        votes = self.votes(statements)
        data: dict[str, Any] = {
            "schema_version": 1,
            "id": f"synthetic-x{self.scale}",
            "title": f"Synthetic dossier at {self.scale}x the bundled one (benchmarks)",
            "as_of": "2025-09-30",
            "description": "Generated by benchmarks/generate.py; not real data.",
            "mission": mission,
            "sources": self.sources,
            "countries": self.countries,
            "facts": self.facts(),
            "participants": self.participants(),
            "votes": votes,
            "statements": self.statements(statements),
            "events": self.events(),
            "figures": self.figures(),
            "caveats": self.caveats(),
        }
        return data, self.render_texts()

    def render_texts(self) -> dict[str, bytes]:
        """The bundled texts: a headline line, then paragraphs of the cited sentences with
        uncited ones between them; every eighth text with the seed's mojibake."""
        rng = self.rng
        files: dict[str, bytes] = {}
        mojibake = "ï".encode("utf-8").decode("iso-8859-7")  # "Γ―", as in the seed article
        for n, (sid, sentences) in enumerate(self.texts.items()):
            body = list(sentences)
            for _ in range(max(2, len(body) // 5)):
                body.insert(rng.randrange(len(body) + 1), f"{self.cap(self.clause())}, {rng.choice(['witnesses said', 'officials added', 'it was reported'])}.")
            body.append("Haiti has faced escalating violence since the assassination of President Jovenel Moïse in July 2021.")
            paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
            text = f"{self.cap(self.clause())}\n\n" + "\n\n".join(paragraphs) + "\n"
            if n % MOJIBAKE_EVERY == 0:
                text = text.replace("ï", mojibake)
            files[self.text_files[sid]] = text.encode("utf-8")
        return files


def build(scale: int) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The plain data of the dossier at ``scale`` and its bundled texts (relative path -> bytes)."""
    if scale == 1:
        from models.paths import bundled_dossier_path

        seed = bundled_dossier_path()
        data = tomllib.loads(seed.read_text(encoding="utf-8"))
        texts = {}
        for source in data["sources"]:
            if "text_file" in source:
                texts[source["text_file"]] = (seed.parent / source["text_file"]).read_bytes()
        return data, texts
    if scale < 1:
        raise ValueError("scale must be at least 1")
    return _Builder(scale, seed=f"mss-explorer-benchmark-v{GENERATOR_VERSION}-x{scale}").build()


def _counts(data: dict[str, Any]) -> dict[str, int]:
    participants = data.get("participants", [])
    votes = data.get("votes", [])
    counts = {
        "sources": len(data["sources"]),
        "bundled_sources": sum(1 for s in data["sources"] if "text_file" in s),
        "countries": len(data["countries"]),
        "facts": len(data.get("facts", [])),
        "participants": len(participants),
        "pledges": sum(len(p.get("pledges", [])) for p in participants),
        "votes": len(votes),
        "ballots": sum(len(v["ballots"]) for v in votes),
        "statements": len(data.get("statements", [])),
        "events": len(data.get("events", [])),
        "figures": len(data.get("figures", [])),
        "caveats": len(data.get("caveats", [])),
    }
    counts["core_items"] = counts["statements"] + counts["ballots"] + counts["pledges"] + counts["events"]
    counts["items"] = 1 + sum(counts[k] for k in ("facts", "participants", "pledges", "votes", "ballots",
                                                   "statements", "events", "figures", "caveats"))
    counts["citations"] = sum(1 for _ in _walk_citations(data))
    return counts


def _walk_citations(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("citations",):
                yield from value
                for v in value:
                    yield from _walk_citations(v)
            elif key == "citation":
                yield value
            else:
                yield from _walk_citations(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_citations(value)


def _manifest_ok(directory: Path, scale: int) -> dict[str, Any] | None:
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("generator_version") != GENERATOR_VERSION or manifest.get("scale") != scale:
        return None
    for name in ("dossier.json", "dossier.toml"):
        if not (directory / name).is_file():
            return None
    if scale == 1:
        from models.paths import bundled_dossier_path

        if manifest.get("seed_sha256") != hashlib.sha256(bundled_dossier_path().read_bytes()).hexdigest():
            return None
    return manifest


def generate(scale: int, out: Path = OUT_DIR, *, check: bool = True, quiet: bool = False) -> GeneratedDossier:
    """Write the dossier at ``scale`` into ``out/x<scale>/`` (JSON and TOML, texts, manifest)."""
    import tomli_w

    started = time.perf_counter()
    directory = Path(out) / f"x{scale}"
    if directory.exists():
        shutil.rmtree(directory)
    (directory / "sources").mkdir(parents=True)
    data, texts = build(scale)
    built = time.perf_counter()
    for rel, raw in texts.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    json_path, toml_path = directory / "dossier.json", directory / "dossier.toml"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    if scale == 1:
        from models.paths import bundled_dossier_path

        shutil.copyfile(bundled_dossier_path(), toml_path)  # the bundled file itself, byte for byte
    else:
        toml_path.write_bytes(tomli_w.dumps(data).encode("utf-8"))
    written = time.perf_counter()
    manifest: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION,
        "scale": scale,
        "counts": _counts(data),
        "json_bytes": json_path.stat().st_size,
        "toml_bytes": toml_path.stat().st_size,
        "text_files": len(texts),
        "text_bytes": sum(len(raw) for raw in texts.values()),
        "json_sha256": hashlib.sha256(json_path.read_bytes()).hexdigest(),
        "build_seconds": round(built - started, 3),
        "write_seconds": round(written - built, 3),
    }
    if scale == 1:
        from models.paths import bundled_dossier_path

        manifest["seed_sha256"] = hashlib.sha256(bundled_dossier_path().read_bytes()).hexdigest()
    if check:
        from models.loader import load_dossier

        load_dossier(json_path)  # raises DossierError naming every problem
        manifest["checked"] = True
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    if not quiet:
        c = manifest["counts"]
        print(
            f"x{scale}: {c['items']:,} items ({c['core_items']:,} statements+ballots+pledges+events), "
            f"{c['sources']:,} sources, {manifest['json_bytes'] / 1e6:.1f} MB JSON, "
            f"{manifest['toml_bytes'] / 1e6:.1f} MB TOML in {time.perf_counter() - started:.1f} s -> {directory}",
            file=sys.stderr,
        )
    return GeneratedDossier(scale, directory, json_path, toml_path, manifest)


def ensure(scale: int, out: Path = OUT_DIR, *, check: bool = True, quiet: bool = False) -> GeneratedDossier:
    """The dossier at ``scale``, generated only if it is missing or stale."""
    directory = Path(out) / f"x{scale}"
    manifest = _manifest_ok(directory, scale)
    if manifest is None:
        return generate(scale, out, check=check, quiet=quiet)
    return GeneratedDossier(scale, directory, directory / "dossier.json", directory / "dossier.toml", manifest)


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("sizes are positive integers, comma-separated: 1,100,1000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[1, 100, 1000], help="comma-separated scales (1,100,1000)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory (default benchmarks/out)")
    parser.add_argument("--force", action="store_true", help="generate again even if up to date")
    parser.add_argument("--no-check", action="store_true", help="do not load the result with load_dossier")
    args = parser.parse_args(argv)
    for scale in args.sizes:
        if args.force:
            generate(scale, args.out, check=not args.no_check)
        else:
            ensure(scale, args.out, check=not args.no_check)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
