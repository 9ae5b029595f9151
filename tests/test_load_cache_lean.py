"""The load cache's leaner entry (models/load_cache.py, issue #20): the events' timeline
order travels in the entry with the dossier, each record is rebuilt from the values of
its set slots, and an EDTF date is parsed once however many texts it ends.

Real files throughout (the cache directory is the test's own, set by tests/conftest.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import edtf, load_cache
from models.dossier.items import Event
from models.edtf import EdtfError, parse_edtf
from models.loader import load_dossier
from models.paths import bundled_dossier_path


def _fresh_order(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.interval.sort_key, e.id))


def test_a_warm_entry_brings_the_events_in_order() -> None:
    load_dossier(bundled_dossier_path())  # writes the entry
    again = load_dossier(bundled_dossier_path())  # from it
    assert load_cache.entry_of(again) is not None
    carried = again.__pydantic_private__["_events_in_order"]
    assert carried is not None, "the order was not in the entry: every start would sort again"
    assert len(carried) == len(again.events) > 10
    assert [e.id for e in carried] == [e.id for e in _fresh_order(again.events)]
    # The very records of the dossier, not copies.
    assert {id(e) for e in carried} == {id(e) for e in again.events}
    assert again.events_in_order() is carried


def test_a_dossier_from_the_file_equals_one_from_the_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic's equality counts private attributes: the order the entry carries must be
    there after a load without the cache too."""
    load_dossier(bundled_dossier_path())  # writes the entry
    cached = load_dossier(bundled_dossier_path())
    assert load_cache.entry_of(cached) is not None
    monkeypatch.setenv("MSS_EXPLORER_CACHE", "off")
    fresh = load_dossier(bundled_dossier_path())
    assert load_cache.entry_of(fresh) is None
    assert fresh.__pydantic_private__["_events_in_order"] is not None
    assert fresh == cached


def test_rebuilt_records_keep_what_was_set_and_only_that() -> None:
    first = load_dossier(bundled_dossier_path())
    again = load_dossier(bundled_dossier_path())
    assert again is not first and again == first
    for old, new in zip(first.iter_items(), again.iter_items(), strict=True):
        assert hasattr(new, "_derived") == hasattr(old, "_derived"), new.id
        assert getattr(new, "_derived", None) == getattr(old, "_derived", None)
        for name in load_cache._slots(type(old))[0]:
            if name != "_derived":
                assert getattr(new, name) == getattr(old, name)
    # An event's loader slot is never set: it stays unset in the rebuilt record, and
    # every other slot (its fields) is set.
    event = again.events[0]
    names = load_cache._slots(Event)[0]
    assert names[-1] == "_derived" and not hasattr(event, "_derived")
    assert all(hasattr(event, name) for name in names[:-1])


def test_a_record_with_a_field_unset_writes_no_entry(tmp_path) -> None:
    dossier = load_dossier(bundled_dossier_path())
    event = dossier.events[0]
    Event.__dict__["summary"].__delete__(event)  # as no record ever is: a field with no value
    target = tmp_path / "entry.pickle"
    load_cache._write(target, "key", dossier)
    assert not target.exists()
    assert not list(tmp_path.iterdir())  # nor its temporary file


def test_a_bad_end_is_named_in_its_interval_even_once_seen_alone() -> None:
    with pytest.raises(EdtfError) as alone:
        parse_edtf("2023-13")
    assert str(alone.value) == "'2023-13' is not a valid EDTF date: month 13 is out of range"
    with pytest.raises(EdtfError) as within:
        parse_edtf("2023-13/2024")
    assert str(within.value) == ("'2023-13' is not a valid EDTF date: month 13 is out of range "
                                 "(in '2023-13/2024')")
    assert parse_edtf("2023-12/2024").lower == parse_edtf("2023-12").lower


_DATES = st.sampled_from(["2023", "2023-10", "2023-10-02", "2024-02-29", "2023-10~", "2023-10-02?", "2023%",
                          "2023-02-30", "2023-13", "0000", ""])


@settings(deadline=None)
@given(_DATES, _DATES, st.sampled_from(["/", ""]))
def test_an_end_parsed_before_gives_what_a_first_parse_gives(left: str, right: str, slash: str) -> None:
    text = f"{left}{slash}{right}" if slash else left or "2023"

    def outcome() -> object:
        try:
            return parse_edtf(text)
        except EdtfError as exc:
            return str(exc)

    seen = outcome()  # with whatever earlier examples left in the caches
    parse_edtf.cache_clear()
    edtf._known_date.cache_clear()
    assert outcome() == seen


_EVENT_DATES = st.sampled_from(["2023", "2023-10", "2023-10-01", "2023-10-02", " 2023-10", "2023-10 ", "2023-10~",
                                "2023-10?", "2023-10~/..", "../2023-10-02", "2023-10-01/2023-10-31", "2023/",
                                "/2023", "2022-12-31/2023-01-01", "2024-02-29%"])


@settings(deadline=None)  # the first example loads the bundled dossier
@given(st.lists(st.tuples(_EVENT_DATES, st.sampled_from(["a", "b", "c", "d", "e"])), min_size=1, max_size=30))
def test_the_events_order_is_by_sort_key_then_id(dated: list[tuple[str, str]]) -> None:
    """Ranked once per distinct date text, the order is still each event's (interval's
    sort key, id): texts that differ only by white space share a key, and then the id
    decides."""
    bundled = _bundled()
    events = [Event(id=f"ev-{who}{at}", citations=bundled.events[0].citations, date=date, summary="x")
              for at, (date, who) in enumerate(dated)]
    dossier = bundled.model_copy(update={"events": events})
    dossier.__pydantic_private__["_events_in_order"] = None
    assert [e.id for e in dossier.events_in_order()] == [e.id for e in _fresh_order(events)]


_BUNDLED = []


def _bundled():
    if not _BUNDLED:
        _BUNDLED.append(load_dossier(bundled_dossier_path()))
    return _BUNDLED[0]
