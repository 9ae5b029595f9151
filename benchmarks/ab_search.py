"""A/B: our search index (models/search/) against SQLite FTS5 (issue #16, point 6).

``python -m benchmarks.ab_search [--sizes 1,100,1000]`` prints one table per size.

Both sides answer the same queries over the same documents (every item, source and
sentence of a generated dossier, as ``models.search`` describes them: title, body,
keywords, countries):

* **ours**: ``build_index(dossier)`` and ``index.search(prefix)`` plus every hit's
  highlight spans, exactly as ``benchmarks/probe.py`` measures search.
* **FTS5**: an external-content FTS5 table (``content='doc'``) over a plain table of the
  same documents, ``tokenize='unicode61 remove_diacritics 2'``, ``prefix='2 3 4'``;
  ranked by ``bm25()`` (weights title 10, body 4, keywords 2), spans from
  ``highlight()``, the hit counts per kind from a second ``GROUP BY`` query (the search
  dialog shows them), typos by rapidfuzz (``fuzz.ratio`` >= 80, at most 32 words, the
  same rule as ours) over the FTS vocabulary read once from an ``fts5vocab`` table, and
  the country filter as ``rowid IN (SELECT doc FROM doc_country WHERE code IN ...)``.
  In memory (``:memory:``) and in a file in a temporary directory.

Per size, each engine in a fresh process: build time (from the loaded dossier: for FTS5
describing the documents, inserting, ``rebuild``, ``optimize`` and reading the
vocabulary), p50/p95/p99 per keystroke over ``benchmarks.probe.QUERIES`` typed a key at a
time (and again with a country filter), the peak RSS over the loaded dossier, the
tracemalloc peak of the build (another process: Python allocations only, so for FTS5 the
SQLite heap is given as well, from ``sqlite3_memory_highwater``), and the database
file's size. Then, in one more process, the agreement of the two result lists: the top
20 of every keystroke, and the full match sets of the whole queries, with examples.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from benchmarks.ab_common import emit, fmt, machine, maxrss_mb, percentile, probe, table, write_json
from benchmarks.ab_fts import Fts, documents, sqlite_heap
from benchmarks.probe import QUERIES

ENGINES = ("ours", "fts-memory", "fts-file")
#: The country filter applied in the filtered keystroke run.
FILTER = ("USA", "CHN", "RUS")
REPEAT = {1: 5, 100: 3, 1000: 2}
TOP = 20
#: Our hits looked at per keystroke to find the documents tied with our 20th.
TIED_LIMIT = 2000


# -- keystrokes ----------------------------------------------------------------------------


def benchmark_queries(
    index: Any,
    queries: Iterable[str],
    repeat: int = 5,
    *,
    country_filter: Any = None,
    limit: int = 200,
    warm: bool = False,
    spans: bool = True,
) -> dict[str, list[float]]:
    """Seconds each search of each query took, ``repeat`` times per query.

    Cold by default: the term cache is emptied before every search, so each one does
    all its work (as the first keystroke of a new word does). ``spans`` also computes
    the highlight spans of every hit returned, as a screen showing them all would.
    """
    timings: dict[str, list[float]] = {}
    for query in queries:
        runs = timings.setdefault(query, [])
        for _ in range(repeat):
            if not warm:
                index.clear_caches()
            begin = time.perf_counter()
            results = index.search(query, country_filter, limit)
            if spans:
                for hit in results.hits:
                    hit.spans  # noqa: B018 - computing them is the point
            runs.append(time.perf_counter() - begin)
    return timings


def _keystrokes(search, clear, queries: list[str], repeat: int) -> dict[str, Any]:
    """Every prefix of every query is a keystroke; caches are emptied before each query
    and kept between its keystrokes (as typing does). ``search`` includes the spans."""
    total: list[float] = []
    worst = (0.0, "")
    for _ in range(repeat):
        for query in queries:
            clear()
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                begin = time.perf_counter()
                search(prefix)
                took = time.perf_counter() - begin
                total.append(took)
                if took > worst[0]:
                    worst = (took, prefix)
    return {"keystrokes": len(total), "p50_s": percentile(total, 50), "p95_s": percentile(total, 95),
            "p99_s": percentile(total, 99), "max_s": max(total), "worst_prefix": worst[1]}


def _ours_search(index: Any, country_filter: Any):
    def search(prefix: str) -> None:
        for hit in index.search(prefix, country_filter).hits:
            hit.spans  # noqa: B018 - computing them is the point

    return search


def _clear_ours(index: Any):
    def clear() -> None:
        for attr in ("_cache", "_filters", "_phrases"):
            cache = getattr(index, attr, None)
            if hasattr(cache, "clear"):
                cache.clear()
        if hasattr(index, "clear_caches"):
            index.clear_caches()

    return clear


# -- probes (each in a fresh process) ------------------------------------------------------


def _build(engine: str, dossier: Any, directory: str) -> tuple[Any, dict[str, Any]]:
    out: dict[str, Any] = {}
    if engine == "ours":
        from models.search import build_index

        begin = time.perf_counter()
        index = build_index(dossier)
        out["build_s"] = time.perf_counter() - begin
        out["docs"] = len(index)
        return index, out
    begin = time.perf_counter()
    docs = documents(dossier)
    out["describe_s"] = time.perf_counter() - begin
    path = ":memory:" if engine == "fts-memory" else str(Path(directory) / "search.db")
    fts = Fts(docs, path)
    out["build_s"] = time.perf_counter() - begin
    out["insert_s"] = out["build_s"] - out["describe_s"]
    out["docs"] = len(docs)
    out["vocabulary"] = fts.vocabulary
    del docs  # the table holds them now
    if path != ":memory:":
        out["db_file_mb"] = sum(p.stat().st_size for p in Path(directory).iterdir()) / 2**20
    return fts, out


def cmd_probe(args: argparse.Namespace) -> None:
    from models.loader import load_dossier
    from models.query import CountryFilter

    with tempfile.TemporaryDirectory(prefix="ab-search-") as directory:
        if args.tracemalloc:
            dossier = load_dossier(args.data)
            import tracemalloc

            tracemalloc.start()
            engine, out = _build(args.engine, dossier, directory)
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            out = {"traced_mb": current / 2**20, "traced_peak_mb": peak / 2**20}
            if args.engine != "ours":
                heap = sqlite_heap()
                if heap is not None:
                    out["sqlite_heap_mb"], out["sqlite_heap_peak_mb"] = heap
            emit(out)
            return
        out = {"baseline_rss_mb": maxrss_mb()}
        dossier = load_dossier(args.data)
        out["rss_after_load_mb"] = maxrss_mb()
        engine, built = _build(args.engine, dossier, directory)
        out.update(built)
        out["peak_rss_mb"] = maxrss_mb()
        if args.engine != "ours":
            heap = sqlite_heap()
            if heap is not None:
                out["sqlite_heap_mb"], out["sqlite_heap_peak_mb"] = heap
        country_filter = CountryFilter.of(FILTER, dossier)
        if args.engine == "ours":
            plain, filtered, clear = _ours_search(engine, None), _ours_search(engine, country_filter), _clear_ours(engine)
        else:
            def plain(prefix: str) -> None:
                engine.search(prefix)

            def filtered(prefix: str) -> None:
                engine.search(prefix, FILTER)

            clear = engine.clear_caches
        out["search"] = _keystrokes(plain, clear, QUERIES, args.repeat)
        out["filtered"] = _keystrokes(filtered, clear, QUERIES, args.repeat)
        out["rss_after_search_mb"] = maxrss_mb()
        emit(out)


def _both(data: str) -> tuple[Any, Fts, list[Any]]:
    """Our index and FTS5 in memory over the same documents of the dossier at ``data``."""
    from models.loader import load_dossier
    from models.search import build_index

    dossier = load_dossier(data)
    docs = documents(dossier)
    return build_index(dossier), Fts(docs, ":memory:"), docs


def cmd_agree(args: argparse.Namespace) -> None:
    """Top-20 overlap at every keystroke; full match sets of the whole queries."""
    index, fts, docs = _both(args.data)
    keys = [d.id for d in docs]
    titles = {d.id: d.title for d in docs}
    overlaps: list[float] = []
    tied: list[int] = []
    tie_ok: list[float] = []
    per_query: list[dict[str, Any]] = []
    for query in QUERIES:
        index.clear_caches()
        fts.clear_caches()
        query_overlaps = []
        for end in range(1, len(query) + 1):
            prefix = query[:end]
            ranked = sorted(index.search(prefix, limit=TIED_LIMIT).hits, key=lambda h: -h.score)
            ours_ids = [h.doc.id for h in ranked[:TOP]]
            theirs_ids = [keys[n] for n, _ in fts.search(prefix, limit=TOP, spans=False)[0]]
            if ours_ids or theirs_ids:
                same = len(set(ours_ids) & set(theirs_ids)) / max(len(ours_ids), len(theirs_ids))
                overlaps.append(same)
                query_overlaps.append(same)
                # Our ranking has ties (same words, same places): any document scoring at
                # least our 20th is as good a top 20 for us. How much of FTS5's top 20 is.
                floor = ranked[min(TOP, len(ranked)) - 1].score if ranked else 0
                tier = {h.doc.id for h in ranked if h.score >= floor}
                tied.append(len(tier))
                tie_ok.append(len(set(theirs_ids) & tier) / len(theirs_ids) if theirs_ids else float(not ours_ids))
        full_ours_results = index.search(query, limit=len(index) + 1)
        full_ours = {h.doc.id for h in full_ours_results.hits}
        full_theirs = {keys[n] for n in fts.all_matches(query)}
        union = full_ours | full_theirs
        only_ours = sorted(full_ours - full_theirs)
        only_theirs = sorted(full_theirs - full_ours)
        per_query.append({
            "query": query,
            "ours": len(full_ours),
            "fts": len(full_theirs),
            "both": len(full_ours & full_theirs),
            "jaccard": len(full_ours & full_theirs) / len(union) if union else 1.0,
            "top20_final": query_overlaps[-1] if query_overlaps else 1.0,
            "top20_mean": sum(query_overlaps) / len(query_overlaps) if query_overlaps else 1.0,
            "only_ours": [(i, titles.get(i, "")[:70]) for i in only_ours[:2]],
            "only_fts": [(i, titles.get(i, "")[:70]) for i in only_theirs[:2]],
            "expression": fts.expression(query)[:160],
        })
    emit({"keystrokes": len(overlaps), "top20_mean": sum(overlaps) / len(overlaps),
          "tied_median": sorted(tied)[len(tied) // 2], "top20_within_ties": sum(tie_ok) / len(tie_ok),
          "top20_within_ties_all": sum(1 for t in tie_ok if t == 1.0) / len(tie_ok),
          "top20_identical": sum(1 for o in overlaps if o == 1.0) / len(overlaps),
          "docs_ours": len(index), "docs_fts": len(docs), "queries": per_query})


def cmd_examples(args: argparse.Namespace) -> None:
    """Where the rankings part: per query, the first keystroke at which FTS5's top 20
    holds a document that ours ranks below its 20th, with both ranks."""
    index, fts, docs = _both(args.data)
    keys = [d.id for d in docs]
    titles = {d.id: d.title for d in docs}
    found = []
    for query in QUERIES:
        index.clear_caches()
        fts.clear_caches()
        for end in range(1, len(query) + 1):
            prefix = query[:end]
            ranked = sorted(index.search(prefix, limit=TIED_LIMIT).hits, key=lambda h: -h.score)
            if len(ranked) <= TOP or end < args.min_length:
                continue
            floor = ranked[TOP - 1].score
            score = {h.doc.id: h.score for h in ranked}
            theirs = [keys[n] for n, _ in fts.search(prefix, limit=TOP, spans=False)[0]]
            outside = [(rank, i) for rank, i in enumerate(theirs, 1) if score.get(i, -1) < floor]
            if outside:
                rank, doc_id = outside[0]
                found.append({"query": query, "keystroke": prefix, "fts_rank": rank, "doc": doc_id,
                              "title": titles.get(doc_id, "")[:80],
                              "our_score": score.get(doc_id), "our_20th_score": floor,
                              "our_first": titles.get(ranked[0].doc.id, "")[:80], "our_top_score": ranked[0].score,
                              "expression": fts.expression(prefix)[:200]})
                break
    emit({"examples": found})


# -- the parent ----------------------------------------------------------------------------


def measure(size: int, *, quick: bool = False, data: str | None = None) -> dict[str, Any]:
    from benchmarks.generate import ensure

    data = data or str(ensure(size, quiet=True).json_path)
    repeat = 1 if quick else REPEAT.get(size, 2)
    module = "benchmarks.ab_search"
    out: dict[str, Any] = {"size": size, "engines": {}}
    for engine in ENGINES:
        run = probe(module, "run", "--engine", engine, "--data", data, "--repeat", str(repeat))
        if not quick:
            run["traced"] = probe(module, "run", "--engine", engine, "--data", data, "--tracemalloc")
        out["engines"][engine] = run
    out["agreement"] = probe(module, "agree", "--data", data)
    return out


def _ms(run: dict[str, Any], part: str, key: str) -> float:
    return run[part][key] * 1e3


def size_table(result: dict[str, Any]) -> str:
    e = result["engines"]
    rows: list[list[Any]] = []

    def row(label: str, get, unit: str) -> None:
        cells = []
        for engine in ENGINES:
            try:
                cells.append(fmt(get(e[engine]), unit))
            except (KeyError, TypeError):
                cells.append("–")
        rows.append([label, *cells])

    row("Documents", lambda r: r["docs"], "")
    row("Vocabulary (FTS5 terms)", lambda r: r["vocabulary"], "")
    row("Build (from the loaded dossier)", lambda r: r["build_s"], "s")
    row("  of which describing the documents", lambda r: r["describe_s"], "s")
    row("  of which inserting, indexing, vocabulary", lambda r: r["insert_s"], "s")
    for part, what in (("search", "Keystroke"), ("filtered", f"Keystroke, filter {'+'.join(FILTER)},")):
        for key in ("p50_s", "p95_s", "p99_s", "max_s"):
            row(f"{what} {key[:-2]}", lambda r, p=part, k=key: _ms(r, p, k), "ms")
    row("Slowest keystroke", lambda r: r["search"]["worst_prefix"], "")
    row("Peak RSS: load + index", lambda r: r["peak_rss_mb"], "MB")
    row("  of which the index (peak − after load)", lambda r: r["peak_rss_mb"] - r["rss_after_load_mb"], "MB")
    row("tracemalloc: index kept (Python objects)", lambda r: r["traced"]["traced_mb"], "MB")
    row("tracemalloc: build peak", lambda r: r["traced"]["traced_peak_mb"], "MB")
    row("SQLite heap: in use / high-water", lambda r: f"{r['sqlite_heap_mb']:.1f} / {r['sqlite_heap_peak_mb']:.1f} MB", "")
    row("Database file (with WAL)", lambda r: r["db_file_mb"], "MB")
    return table(["Metric", "ours", "FTS5 in memory", "FTS5 in a file"], rows)


def agreement_table(result: dict[str, Any]) -> str:
    a = result["agreement"]
    rows = []
    for q in a["queries"]:
        rows.append([q["query"], q["ours"], q["fts"], q["both"], fmt(q["jaccard"] * 100, "%"),
                     fmt(q["top20_final"] * 100, "%"), fmt(q["top20_mean"] * 100, "%")])
    head = (f"Top-{TOP} overlap over {a['keystrokes']} keystrokes: mean {a['top20_mean']:.0%}, "
            f"identical sets {a['top20_identical']:.0%}. Documents: ours {a['docs_ours']:,}, FTS5 {a['docs_fts']:,}.")
    if "tied_median" in a:
        head += (f" Our ranking ties: at a median keystroke {a['tied_median']:,} documents score at least our "
                 f"{TOP}th (counted up to {TIED_LIMIT:,}); FTS5's top {TOP} lies within them "
                 f"{a['top20_within_ties']:.0%} on average, wholly at {a['top20_within_ties_all']:.0%} of keystrokes.")
    body = table(["Query (whole)", "ours matches", "FTS5 matches", "both", "same set (Jaccard)",
                  f"top {TOP} overlap", f"top {TOP}, mean over its keystrokes"], rows)
    examples = []
    for q in a["queries"]:
        if q["only_ours"] or q["only_fts"]:
            examples.append(f"- `{q['query']}`: only ours {q['only_ours'][:1]}; only FTS5 {q['only_fts'][:1]}")
    return head + "\n\n" + body + ("\n\nExamples of differences:\n" + "\n".join(examples) if examples else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd")
    p = sub.add_parser("probe")
    p.add_argument("what", choices=["run", "agree", "examples"])
    p.add_argument("--engine", choices=ENGINES, default="ours")
    p.add_argument("--data", required=True)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--tracemalloc", action="store_true")
    p.add_argument("--min-length", type=int, default=1, help="examples: from keystrokes this long")
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--quick", action="store_true", help="one repetition, no tracemalloc (the smoke test)")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if args.cmd == "probe":
        {"run": cmd_probe, "agree": cmd_agree, "examples": cmd_examples}[args.what](args)
        return 0
    print(f"Search A/B: ours vs SQLite {sqlite3.sqlite_version} FTS5. {machine()}", flush=True)
    every: dict[str, Any] = {}
    for size in (int(s) for s in args.sizes.split(",") if s):
        begin = time.perf_counter()
        result = every[str(size)] = measure(size, quick=args.quick)
        write_json(args.json, every)
        print(f"\n### {size:,}x (measured in {time.perf_counter() - begin:.0f} s)\n", flush=True)
        print(size_table(result), flush=True)
        print("\n" + agreement_table(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
