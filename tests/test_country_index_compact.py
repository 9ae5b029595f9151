"""The dossier's country index kept compact (issue #20, target 7; benchmarks/README.md,
"The Timeline's axis, compact, and what holds the running app"): a tuple of ids per
country, the set made for the codes asked; the same ids as before."""

from __future__ import annotations

from models.schema import Dossier


def _involving(dossier: Dossier, codes: set[str]) -> frozenset[str]:
    return frozenset(item.id for item in dossier.iter_items() if codes & set(item.country_codes()))


def test_the_index_keeps_a_tuple_of_ids_per_country(dossier: Dossier) -> None:
    copy = dossier.model_copy()  # an index of its own
    copy.ids_involving(())
    index = copy._ids_by_country
    assert index and all(type(ids) is tuple for ids in index.values())  # a frozenset each was 10.7 MB at 1,000x


def test_the_ids_are_those_of_the_items_involving_the_codes(dossier: Dossier) -> None:
    copy = dossier.model_copy()
    for codes in ({"KEN"}, {"HTI"}, {"USA", "CHN", "RUS"}, {"ZZZ"}, set()):
        found = copy.ids_involving(codes)
        assert isinstance(found, frozenset)
        assert found == _involving(copy, codes), codes
