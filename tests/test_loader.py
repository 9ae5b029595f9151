"""Loading and checking dossiers: the bundled one, and one bad file per kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.loader import DossierError, load_dossier
from models.repair import repair_text
from tests.conftest import WriteDossier


def problems(path: Path) -> list[str]:
    with pytest.raises(DossierError) as info:
        load_dossier(path)
    return [str(p) for p in info.value.problems]


def test_small_dossier_loads_as_toml_and_json(write_dossier: WriteDossier) -> None:
    for name in ("d.toml", "d.json"):
        dossier = load_dossier(write_dossier(name=name))
        assert dossier.votes[0].tally.text() == "2–0–2"
        statement = dossier.statements[0]
        assert statement.citations[0].checkable
        assert not dossier.votes[0].citations[0].checkable  # external source


def test_citation_spans_point_at_the_quote(write_dossier: WriteDossier) -> None:
    dossier = load_dossier(write_dossier())
    text = dossier.text("art")
    assert text is not None
    for item in dossier.iter_items():
        for citation in item.citations:
            if citation.checkable:
                start, end = citation.span
                assert text.text[start:end] == citation.quote


def test_missing_file(tmp_path: Path) -> None:
    [message] = problems(tmp_path / "nope.toml")
    assert "nope.toml" in message and "file not found" in message


def test_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("schema_version = 1\nid = [unclosed\n", encoding="utf-8")
    [message] = problems(path)
    assert "bad.toml" in message and "not valid TOML" in message and "line 2" in message


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"schema_version": 1,', encoding="utf-8")
    [message] = problems(path)
    assert "bad.json" in message and "not valid JSON" in message and "line 1" in message


def test_unknown_field_names_item_and_field(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["statements"][0].update(mood="cheerful"))
    [message] = problems(path)
    assert "item 'stmt-ken'" in message and "field 'mood'" in message and "unknown field" in message


def test_wrong_type_deep_inside(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["participants"][0]["pledges"][0].update(amount="a thousand"))
    found = problems(path)
    assert any("item 'pledge-ken'" in m and "field 'amount" in m for m in found), found


@pytest.mark.parametrize(
    ("edit", "item", "field"),
    [
        (lambda d: d["participants"][0]["pledges"][0].update(amount=True), "pledge-ken", "amount"),
        (lambda d: d["participants"][0]["pledges"][0].update(amount="1000"), "pledge-ken", "amount"),
        (lambda d: d["statements"][0]["citations"][0].update(occurrence="1"), "stmt-ken", "citations[0].occurrence"),
        (lambda d: d["votes"][0]["ballots"][0].update(penholder=1), "ballot-chn", "penholder"),
        (lambda d: d["votes"][0]["stated_tallies"][0].update(yes=2.0), "vote-1", "stated_tallies[0].yes"),
        (lambda d: d["events"][0].update(countries="CHN"), "ev-vote", "countries"),
        (lambda d: d["statements"][0]["speaker"].update(office=7), "stmt-ken", "speaker.office"),
    ],
    ids=["bool-amount", "text-amount", "text-occurrence", "int-bool", "float-int", "string-list", "int-string"],
)
def test_values_are_never_coerced(write_dossier: WriteDossier, edit, item: str, field: str) -> None:
    """Strict scalars: a string is not a number, 1 is not True, 2.0 is not 2 (JSON, where
    the types are exact, as TOML)."""
    for name in ("dossier.toml", "dossier.json"):
        found = problems(write_dossier(edit, name=name))
        assert any(f"item '{item}'" in m and f"field '{field}" in m for m in found), (name, found)


def test_duplicate_id(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["events"][0].update(id="stmt-ken"))
    found = problems(path)
    assert any("item 'stmt-ken'" in m and "duplicate id" in m for m in found), found


def test_quote_not_in_source(write_dossier: WriteDossier) -> None:
    def edit(d):
        d["statements"][0]["citations"][0]["quote"] = "“We are not ready,” said the President of Kenya."
        d["statements"][0]["text"] = "We are not ready,"

    found = problems(write_dossier(edit))
    assert any("item 'stmt-ken'" in m and "field 'citations[0].quote'" in m and "quote not found" in m
               for m in found), found


def test_tally_disagrees_with_ballots(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["votes"][0]["stated_tallies"][0].update(yes=3))
    found = problems(path)
    assert any("item 'vote-1'" in m and "stated_tallies[0].yes" in m and "ballots give 2" in m for m in found)


def test_unknown_country(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["events"][0].update(countries=["ATL"]))
    found = problems(path)
    assert any("item 'ev-vote'" in m and "field 'countries'" in m and "unknown country 'ATL'" in m
               for m in found), found


def test_country_not_in_iso_3166(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["countries"].append({"code": "XXA", "name": "Nowhere"}))
    found = problems(path)
    assert any("countries[6].code" in m and "not an ISO 3166-1 alpha-3 code" in m for m in found), found


def test_item_without_citation(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["events"][0].update(citations=[]))
    found = problems(path)
    assert any("item 'ev-vote'" in m and "field 'citations'" in m for m in found), found


def test_bad_date(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["events"][0].update(date="2023-13"))
    found = problems(path)
    assert any("item 'ev-vote'" in m and "field 'date'" in m and "month 13" in m for m in found), found


def test_direct_quote_must_be_in_its_citation(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["statements"][0].update(text="We are willing"))
    found = problems(path)
    assert any("item 'stmt-ken'" in m and "field 'text'" in m for m in found), found


def test_event_phrase_must_be_in_its_quote(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["events"][0].update(phrase="on Tuesday"))
    found = problems(path)
    assert any("item 'ev-vote'" in m and "field 'phrase'" in m for m in found), found


def test_missing_bundled_text(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["sources"][0].update(text_file="gone.txt"))
    found = problems(path)
    assert any("item 'art'" in m and "field 'text_file'" in m and "not found" in m for m in found), found


def test_unknown_source_in_citation(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["caveats"][0]["citations"][0].update(source="nowhere"))
    found = problems(path)
    assert any("item 'cav-1'" in m and "unknown source 'nowhere'" in m for m in found), found


def test_caveat_about_unknown_item(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda d: d["caveats"][0].update(about=["ghost"]))
    found = problems(path)
    assert any("item 'cav-1'" in m and "about[0]" in m for m in found), found


def test_top_level_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    [message] = problems(path)
    assert "top level" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes("title = 'Généus'".encode("latin-1"))
    [message] = problems(path)
    assert "not UTF-8" in message


def test_repair_of_greek_mojibake_is_recorded() -> None:
    text, repairs = repair_text("President Jovenel MoΓ―se in July 2021")
    assert text == "President Jovenel Moïse in July 2021"
    [repair] = repairs
    assert (repair.original, repair.repaired, repair.codec) == ("Γ―", "ï", "iso-8859-7")
    assert repair.original_start == repair.repaired_start == len("President Jovenel Mo")


@pytest.mark.parametrize("text", ["é", "’s", "— Généus", "“quoted”", "naïve café", "中文", "عربي", "😀👍", "Ελλάδα"])
def test_repair_leaves_genuine_text_alone(text: str) -> None:
    assert repair_text(text) == (text, [])


def test_repair_positions_shift_after_earlier_repairs() -> None:
    text, repairs = repair_text("cafÃ© and MoΓ―se")
    assert text == "café and Moïse"
    assert [text[r.repaired_start:r.repaired_end] for r in repairs] == ["é", "ï"]


def test_schema_version_true_is_refused_on_every_path(write_dossier: WriteDossier) -> None:
    """Literal[1] took ``true`` (True == 1 in Python): the fast way (jiter, then pydantic
    on Python values), pydantic straight from the bytes, and the slow way all refuse it."""
    from models.loader import _parse_and_validate, _validate_json

    raw = write_dossier(lambda d: d.update(schema_version=True), name="d.json").read_bytes()
    assert json.loads(raw)["schema_version"] is True
    assert _parse_and_validate(raw) is None
    assert _validate_json(raw) is None
    for name in ("d.json", "d.toml"):
        [message] = problems(write_dossier(lambda d: d.update(schema_version=True), name=name))
        assert "item 'small'" in message and "schema_version" in message and "Input should be 1" in message
