"""One line naming an item or a source, the same wherever it is shown: in lists, the
palette, search results, notes, copied citations and exports.

:func:`item_title` titles one item; :class:`Titles` titles many (search titles every
item of a dossier), with the country names and date labels that repeat worked out once.
"""

from __future__ import annotations

import re

from models.edtf import parse_edtf
from models.schema import (
    Ballot,
    Caveat,
    Council,
    Deployment,
    Dossier,
    Event,
    Fact,
    Figure,
    Item,
    Loss,
    Mission,
    Participant,
    Pledge,
    Source,
    Statement,
    Unknown,
    Vote,
)

__all__ = ["BALLOT_WORDS", "LOSS_WORDS", "Titles", "amount_with_type", "item_title", "says_its_type"]

BALLOT_WORDS = {"yes": "Yes", "no": "No", "abstain": "Abstain", "absent": "Absent"}
LOSS_WORDS = {"killed": "killed", "died": "died", "missing": "missing",
              "disputed": "disputed (the sources disagree)"}


def says_its_type(item: Pledge | Deployment) -> bool:
    """Whether the amount already names the type ("200 security personnel", a pledge
    of personnel), so that the type would only repeat it."""
    return item.type in re.findall(r"[^\W_]+", item.amount_text().lower())


def amount_with_type(item: Pledge | Deployment) -> str:
    """"US$200M (funding)", "up to 200 security personnel": the type is left out when
    the amount already names it (not "personnel (personnel)")."""
    amount = item.amount_text()
    return amount if says_its_type(item) else f"{amount} ({item.type})"


class Titles:
    """Titles the items and sources of one dossier (callable: ``titles(item)``)."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self._names: dict[str, str] = {}
        self._dates: dict[str, str] = {}

    def name(self, code: str) -> str:
        """A country's name (worked out once a country)."""
        found = self._names.get(code)
        if found is None:
            found = self._names[code] = self.dossier.country_name(code)
        return found

    def when(self, edtf: str | None) -> str:
        """A date's label ("12 September 2024"), "undated" for none."""
        if not edtf:
            return "undated"
        found = self._dates.get(edtf)
        if found is None:
            found = self._dates[edtf] = parse_edtf(edtf).label()
        return found

    def __call__(self, item: Item | Source) -> str:
        name, when = self.name, self.when
        match item:
            case Participant():
                return f"{name(item.country)} — {item.roles_text()}"
            case Pledge():
                return f"{name(item.country)} pledge: {amount_with_type(item)}"
            case Ballot():
                pen = ", penholder" if item.penholder else ""
                on = f" on {item.resolution}" if item.resolution else ""
                return f"{name(item.country)} — {BALLOT_WORDS[item.vote]}{on}, {item.seat} member{pen}"
            case Vote():
                return f"Vote on {item.resolution}: {item.tally.text()}"
            case Statement():
                return f"{item.speaker.name} ({name(item.speaker.country)}): {item.text}"
            case Event():
                return f"{when(item.date)}: {item.summary}"
            case Figure():
                return f"{item.label()} ({when(item.period)})"
            case Caveat():
                return f"Caveat: {item.summary}"
            case Fact():
                return f"{item.topic}: {item.text}"
            case Mission():
                return f"{item.name} ({item.acronym})" if item.acronym else item.name
            case Deployment():
                return f"{name(item.country)} sent: {amount_with_type(item)}"
            case Loss():
                return f"{item.name} ({name(item.country)}): {LOSS_WORDS[item.status]}, {when(item.date)}"
            case Unknown():
                return f"Not known: {item.summary}"
            case Council():
                return f"The Security Council in {item.year}"
            case Source():
                return item.title
        return item.id


def item_title(dossier: Dossier, item: Item | Source) -> str:
    """One line naming an item or a source (see the module docstring)."""
    return Titles(dossier)(item)
