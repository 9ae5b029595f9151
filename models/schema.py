"""The pydantic models of a mission dossier, in one import.

A dossier describes one UN-authorised mission: the sources it is built from, the
countries involved, who takes part and what they pledged, how the Security Council
voted, what was said, what happened when, the figures reported and where sources
disagree. The models are strict: unknown fields are rejected, types are not coerced.

Every item has a stable id (unique across the whole dossier) and at least one
citation. A citation names a source and the exact words quoted from it; for a source
whose text is bundled, the loader checks the words occur in that text and records
where (see :mod:`models.loader`). Dates are EDTF strings (see :mod:`models.edtf`).

Cross-references (a citation's source, a country code, a caveat's subject, a
ballot's explanation) are checked by the loader, which can name the item and field.

The models live in :mod:`models.dossier`, by job: ``fields`` (strict scalars, the
record class), ``citations`` (sources, citations, countries), ``items`` (the citable
items), ``votes`` (votes, ballots, Council seats) and ``dossier`` (the whole and its
lookups). Import them from here.
"""

from __future__ import annotations

from models.dossier.citations import Citation, Country, Source
from models.dossier.dossier import Dossier
from models.dossier.fields import to_data
from models.dossier.items import (
    Caveat,
    Deployment,
    Event,
    Fact,
    Figure,
    Item,
    Loss,
    Mission,
    Participant,
    Pledge,
    Speaker,
    Statement,
    Unknown,
)
from models.dossier.votes import Ballot, Council, StatedTally, Tally, Vote

__all__ = [
    "Ballot",
    "Caveat",
    "Citation",
    "Council",
    "Country",
    "Deployment",
    "Dossier",
    "Event",
    "Fact",
    "Figure",
    "Item",
    "Loss",
    "Mission",
    "Participant",
    "Pledge",
    "Source",
    "Speaker",
    "StatedTally",
    "Statement",
    "Tally",
    "Unknown",
    "Vote",
    "to_data",
]
