"""Smoke test of the A/B benchmarks (issue #16, point 6) at their smallest sizes.

Not a timed test: no duration is asserted. It checks that each A/B runs and prints its
table, and that both sides of each comparison did the same work: the FTS5 side finds
what our index finds (accents, prefixes, phrases, typos, the country filter, spans on
the right words), both tables show every row and end on the last, and the store's lock
and filelock's default keep two holders apart and pass what tests/test_notes.py asks
of the lock.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def quiet_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Probes write their bytecode cache under the temporary directory."""
    from benchmarks import ab_common

    monkeypatch.setattr(ab_common, "OUT_DIR", tmp_path)
    return tmp_path


def test_fts_answers_the_queries_our_index_answers() -> None:
    from benchmarks.ab_fts import Fts, documents
    from models.loader import load_dossier
    from models.paths import bundled_dossier_path
    from models.search import build_index

    dossier = load_dossier(bundled_dossier_path())
    docs = documents(dossier)
    index = build_index(dossier)
    assert len(docs) == len(index)
    fts = Fts(docs, ":memory:")
    keys = [d.id for d in docs]
    for query in ("moise", "abst", "kenya police", '"free and fair', "securty council", "Ruto"):
        ours = {h.doc.id for h in index.search(query, limit=len(index)).hits}
        theirs = {keys[n] for n in fts.all_matches(query)}
        assert ours, query
        assert ours == theirs, query
    # Spans from highlight() point at the words, accents and case kept: "moise" marks "Moïse".
    hits, total, counts = fts.search("moise")
    assert total == sum(counts.values()) == len(hits) > 0
    for n, spans in hits:
        text = f"{docs[n].title}\n{docs[n].body}" if docs[n].body else docs[n].title
        marked = {text[a:b].casefold() for a, b in spans}
        assert marked and marked <= {"moïse", "moise"}, marked
    # The country filter keeps only documents of those countries.
    hits, _, _ = fts.search("police", ("KEN",))
    assert hits and all("KEN" in docs[n].country_codes for n, _ in hits)


def test_search_ab_runs_at_1x(quiet_out: Path) -> None:
    from benchmarks.ab_search import ENGINES, agreement_table, measure, size_table
    from benchmarks.generate import generate

    data = generate(1, quiet_out / "data", quiet=True).json_path
    result = measure(1, quick=True, data=str(data))
    for engine in ENGINES:
        run = result["engines"][engine]
        assert run["search"]["keystrokes"] == run["filtered"]["keystrokes"] > 100
        assert run["docs"] == result["agreement"]["docs_ours"]
    assert all(q["jaccard"] == 1.0 for q in result["agreement"]["queries"])
    printed = size_table(result) + agreement_table(result)
    assert "Keystroke p95" in printed and "FTS5 in a file" in printed and "Jaccard" in printed


def test_table_ab_runs_at_10000_rows(quiet_out: Path) -> None:
    from benchmarks.ab_common import probe
    from benchmarks.ab_table import STEPS, WIDGETS, size_table

    results = {w: probe("benchmarks.ab_table", "run", "--widget", w, "--rows", "10000", "--quick")
               for w in WIDGETS}
    for result in results.values():
        assert result["rows_after_mount"] == 10000
        assert result["cursor_after_end"] == 9999
        assert result["row_count"] == 500  # the filter: 1 row in 20
        assert set(result["steps"]) == {key for key, _ in STEPS} - {"clear"}
    assert "DataTable" in size_table(results)


def test_lock_ab_keeps_holders_apart(quiet_out: Path) -> None:
    from benchmarks.ab_lock import IMPLS, measure, report

    result = measure([2], seconds=0.3, count=100, import_runs=0, rounds=20)
    for impl in IMPLS:
        r = result["impls"][impl]
        assert r["p2"]["exclusive"] and r["p2"]["taken"] > 0, impl
        checks = r["checks"]
        assert checks["mode_0600"] and checks["lock_file_kept"] and checks["threads_exclude"], impl
        assert checks["timeout"].startswith("NotesSaveError" if impl == "store" else "Timeout"), checks["timeout"]
    assert "filelock" in report(result, [2])
