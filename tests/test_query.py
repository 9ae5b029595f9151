"""The country filter: with the dossier's index it keeps exactly what a look at each
item's countries keeps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.loader import load_dossier
from models.paths import bundled_dossier_path
from models.query import CountryFilter, timeline
from models.schema import Dossier


def kinds(d: Dossier) -> list[list]:
    return [d.facts, d.participants, [p for x in d.participants for p in x.pledges], d.votes,
            [b for v in d.votes for b in v.ballots], d.statements, d.events, d.figures, d.caveats, [d.mission]]


DOSSIER = load_dossier(bundled_dossier_path())
CODES = st.lists(st.sampled_from([c.code for c in DOSSIER.countries] + ["ZZZ"]), max_size=4)


@settings(max_examples=60)
@given(CODES)
def test_indexed_filter_keeps_what_a_scan_keeps(codes: list[str]) -> None:
    indexed, scanned = CountryFilter.of(codes, DOSSIER), CountryFilter.of(codes)
    assert indexed == scanned  # the ids are a cache, not part of the value
    assert (indexed.ids is not None) == bool(codes)
    for items in kinds(DOSSIER):
        assert indexed.apply(items) == scanned.apply(items)
        assert [indexed.allows(i) for i in items] == [scanned.allows(i) for i in items]
    assert timeline(DOSSIER, indexed) == timeline(DOSSIER, scanned)
    assert indexed.sources(DOSSIER) == scanned.sources(DOSSIER)


def test_filter_on_kenya_keeps_kenyan_items() -> None:
    f = CountryFilter.of(["KEN"], DOSSIER)
    kept = f.apply(DOSSIER.statements)
    assert kept and all(s.speaker.country == "KEN" for s in kept)
    assert len(kept) == sum(s.speaker.country == "KEN" for s in DOSSIER.statements)
