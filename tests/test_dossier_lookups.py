"""The Dossier's own lookups (models/dossier/dossier.py): built by the Dossier on first
use, not written into it by the loader, so they also hold for a dossier validated
without the loader; the loader only tells it its file and texts (Dossier.read_from)."""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

from models.loader import DossierError, load_dossier
from models.schema import Dossier, Source
from tests.conftest import WriteDossier, small_dossier_data

REPO = Path(__file__).resolve().parents[1]


def test_a_dossier_validated_without_the_loader_has_its_lookups() -> None:
    dossier = Dossier.model_validate(small_dossier_data())
    assert dossier.path is None and dossier.text("art") is None
    assert dossier.item("pledge-ken").id == "pledge-ken"
    assert isinstance(dossier.source("ext"), Source)
    assert dossier.has_item("ballot-chn") and not dossier.has_item("nothing")
    assert set(dossier.items_by_id) == {"art", "ext"} | {item.id for item in dossier.iter_items()}
    assert dossier.country("RUS").name == "Russian Federation"
    assert dossier.country_name("XXX") == "XXX"
    assert dossier.duplicate_ids() == []
    with pytest.raises(KeyError):
        dossier.item("nothing")


def test_an_id_given_twice_keeps_the_first_and_is_reported() -> None:
    data = copy.deepcopy(small_dossier_data())
    data["events"][0]["id"] = "pledge-ken"
    dossier = Dossier.model_validate(data)
    [(later, first)] = dossier.duplicate_ids()
    assert (later.kind, first.kind) == ("event", "pledge")
    assert dossier.item("pledge-ken") is first


def test_the_loader_tells_the_dossier_its_file_and_texts(write_dossier: WriteDossier) -> None:
    path = write_dossier()
    dossier = load_dossier(path)
    assert dossier.path == path
    text = dossier.text("art")
    assert text is not None and "China and Russia abstained." in text.text
    assert dossier.text("ext") is None


def test_the_loader_reports_an_id_given_twice(write_dossier: WriteDossier) -> None:
    path = write_dossier(lambda data: data["events"][0].update(id="pledge-ken"))
    with pytest.raises(DossierError) as caught:
        load_dossier(path)
    assert "item 'pledge-ken': field 'id': duplicate id (also used by a pledge)" in str(caught.value)


def _names_a_dossier(node: ast.expr) -> bool:
    """``dossier``, ``self.dossier``, ``self.d``, ``app.dossier``…: what holds a Dossier here."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name in {"dossier", "d", "rest"} or name.endswith("_dossier")


def test_no_module_outside_the_dossier_touches_its_private_attributes() -> None:
    own = REPO / "models" / "dossier" / "dossier.py"
    found = []
    for path in sorted([*(REPO / "models").rglob("*.py"), *(REPO / "tui").rglob("*.py")]):
        if path == own:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and _names_a_dossier(node.value)):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} .{node.attr}")
    assert not found, found
