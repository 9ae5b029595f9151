"""What each contributor pledged in personnel, set against what it sent.

A contributor's pledge here is its largest pledge of people with a number; what it
sent, its largest reported deployment with a number (the peak the sources give, not
a sum: reports of contingents overlap and rotate), or, where no report gives a
number, its latest report without one. Money and equipment are left
out: they are not counted in people.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from models.schema import Deployment, Dossier, Pledge

__all__ = ["PERSONNEL", "Contribution", "contributions"]

#: The kinds of pledge and deployment counted in people.
PERSONNEL = frozenset({"police", "soldiers", "military", "personnel"})


@dataclass(frozen=True, slots=True)
class Contribution:
    country: str
    pledged: Pledge | None
    deployed: Deployment | None

    @property
    def largest(self) -> float:
        return max(float(x.amount or 0) for x in (self.pledged, self.deployed) if x is not None)


T = TypeVar("T", Pledge, Deployment)


def _largest(things: Iterable[T]) -> T | None:
    """The largest with a number; else the latest without one (sent, the number not known)."""
    people = [t for t in things if t.type in PERSONNEL]
    counted = [t for t in people if t.amount is not None]
    if counted:
        return max(counted, key=lambda t: (t.amount, t.date))
    return max(people, key=lambda t: t.date) if people else None


def contributions(dossier: Dossier, codes: Iterable[str] | None = None) -> list[Contribution]:
    """Each contributor with a pledge or a deployment of people, the largest first
    (only the countries in ``codes`` when given)."""
    keep = frozenset(codes) if codes is not None else None
    sent: dict[str, list[Deployment]] = {}
    for deployment in dossier.deployments:
        sent.setdefault(deployment.country, []).append(deployment)
    found: list[Contribution] = []
    for participant in dossier.participants:
        code = participant.country
        if keep is not None and code not in keep:
            continue
        pledged = _largest(participant.pledges)
        deployed = _largest(sent.get(code, []))
        if pledged is None and deployed is None:
            continue
        found.append(Contribution(code, pledged, deployed))
    found.sort(key=lambda c: (-c.largest, dossier.country_name(c.country)))
    return found
