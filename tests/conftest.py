"""Shared fixtures: the bundled dossier, a small valid dossier to break, app factory."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import settings

from models.loader import load_dossier
from models.paths import bundled_dossier_path
from models.schema import Dossier

# No timed tests: hypothesis's default 200 ms deadline per example failed a property test
# (tests/test_sorting.py) on a machine at load 10, with nothing wrong in the code. Every
# property test runs without a deadline; speed is measured by benchmarks/.
settings.register_profile("mss", deadline=None)
settings.load_profile("mss")

ARTICLE = (
    "The council adopted a resolution on Monday. China and Russia abstained.\n"
    "Kenya has pledged 1,000 police. “We are ready,” said the President of Kenya.\n"
)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's notes or config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("MSS_EXPLORER_CACHE", str(home / "cache" / "dossiers"))  # never the real cache dir
    monkeypatch.delenv("MSS_EXPLORER_NOTES", raising=False)
    # The theme, layout and last view a test chooses are saved here, never in the real config.
    monkeypatch.setenv("MSS_EXPLORER_PREFERENCES", str(home / "config" / "mss-explorer" / "preferences.toml"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def dossier() -> Dossier:
    # Made before any test's own user directories exist: never through the real load cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MSS_EXPLORER_CACHE", "off")
        return load_dossier(bundled_dossier_path())


def small_dossier_data() -> dict[str, Any]:
    """A small, valid dossier (with a bundled text ``article.txt``)."""
    cite = lambda quote: [{"source": "art", "quote": quote}]  # noqa: E731
    ballots = []
    for code, seat, vote in [("CHN", "permanent", "abstain"), ("RUS", "permanent", "abstain"),
                             ("USA", "permanent", "yes"), ("ECU", "elected", "yes")]:
        ballots.append({"id": f"ballot-{code.lower()}", "country": code, "seat": seat, "vote": vote, "basis": "derived",
                        "citations": cite("China and Russia abstained.")})
    return {
        "schema_version": 1,
        "id": "small",
        "title": "A small dossier",
        "as_of": "2023-10-03",
        "mission": {"id": "mission", "name": "Test mission", "acronym": "TM", "summary": "A mission.",
                    "lead": "KEN", "host": "HTI", "authorised_by": "vote-1",
                    "citations": cite("The council adopted a resolution on Monday.")},
        "sources": [{"id": "art", "type": "news_article", "title": "Article", "publisher": "Paper",
                     "text_file": "article.txt"},
                    {"id": "ext", "type": "un_press_release", "title": "Press release", "publisher": "UN",
                     "date": "2023-10-02", "url": "https://example.org/pr"}],
        "countries": [{"code": c, "name": n, "aliases": a} for c, n, a in [
            ("KEN", "Kenya", []), ("HTI", "Haiti", []), ("CHN", "China", []),
            ("RUS", "Russian Federation", ["Russia"]), ("USA", "United States", ["US", "U.S."]),
            ("ECU", "Ecuador", [])]],
        "participants": [{"id": "part-ken", "country": "KEN", "roles": ["lead_nation"],
                          "citations": cite("Kenya has pledged 1,000 police."),
                          "pledges": [{"id": "pledge-ken", "amount": 1000, "unit": "police officers",
                                       "type": "police", "date": "2023-07-29",
                                       "citations": cite("Kenya has pledged 1,000 police.")}]}],
        "votes": [{"id": "vote-1", "resolution": "S/RES/1 (2023)", "date": "2023-10-02",
                   "ballots": ballots, "citations": [{"source": "ext", "summary": "adopted"}],
                   "stated_tallies": [{"yes": 2, "abstain": 2,
                                       "citation": {"source": "art", "quote": "China and Russia abstained."}}]}],
        "statements": [{"id": "stmt-ken", "speaker": {"name": "The President", "office": "President",
                                                      "country": "KEN"},
                        "mode": "direct", "text": "We are ready,", "date": "2023-10-02",
                        "citations": cite("“We are ready,” said the President of Kenya.")}],
        "events": [{"id": "ev-vote", "date": "2023-10-02", "phrase": "on Monday", "anchor": "2023-10-02",
                    "summary": "The vote.", "countries": ["CHN"],
                    "citations": cite("The council adopted a resolution on Monday.")}],
        "figures": [],
        "caveats": [{"id": "cav-1", "type": "imprecision", "about": ["pledge-ken"], "summary": "Police.",
                     "citations": cite("Kenya has pledged 1,000 police.")}],
    }


WriteDossier = Callable[..., Path]


@pytest.fixture
def write_dossier(tmp_path: Path) -> WriteDossier:
    """Write a dossier (the small one by default, or changed by ``edit``) into tmp_path."""

    def write(edit: Callable[[dict[str, Any]], Any] | None = None, *, name: str = "dossier.toml",
              text: str = ARTICLE) -> Path:
        data = copy.deepcopy(small_dossier_data())
        if edit is not None:
            edit(data)
        (tmp_path / "article.txt").write_text(text, encoding="utf-8")
        path = tmp_path / name
        if name.endswith(".json"):
            import json

            path.write_text(json.dumps(data), encoding="utf-8")
        else:
            path.write_bytes(tomli_w.dumps(data).encode())
        return path

    return write
