"""Citations never put words in a source's mouth: quotes, summaries and locators told
apart when loading, and every quotation mark shown or exported holds a source's words."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from models.edtf import parse_edtf
from models.export import to_json, to_markdown
from models.loader import DossierError, load_dossier, quoted_words
from models.schema import Citation, Dossier, Item
from models.search import build_index
from models.summary import summarize
from tests.conftest import WriteDossier
from tests.robustness.drive import settle
from tui.present import citation_for_copy, describe, evidence
from tui.screens.search import hit_content


def _problems(write_dossier: WriteDossier, edit) -> list[str]:
    with pytest.raises(DossierError) as caught:
        load_dossier(write_dossier(edit))
    return [str(p) for p in caught.value.problems]


# -- the loader's rules ---------------------------------------------------------------


def test_an_external_quote_needs_when_and_where_it_was_read(write_dossier: WriteDossier) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["votes"][0]["citations"] = [{"source": "ext", "quote": "adopted"}]

    problems = _problems(write_dossier, edit)
    assert any("item 'vote-1'" in p and "field 'citations[0].read_on'" in p for p in problems), problems
    assert any("item 'vote-1'" in p and "field 'citations[0].read_at'" in p for p in problems), problems

    def dated(d: dict[str, Any]) -> None:
        d["votes"][0]["citations"] = [{"source": "ext", "quote": "adopted", "read_on": "2026-12-07",
                                       "read_at": "https://example.org/pr"}]

    load_dossier(write_dossier(dated))


def test_a_citation_needs_a_quote_a_summary_or_a_locator(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["votes"][0].update(citations=[{"source": "ext"}]))
    assert any("item 'vote-1'" in p and "needs a quote, a summary or a locator" in p for p in problems), problems
    only_locator = {"source": "ext", "locator": "S/PV.9430"}
    load_dossier(write_dossier(lambda d: d["votes"][0].update(citations=[only_locator])))


@pytest.mark.parametrize("marks", ["“adopted”", '"adopted"', "‘adopted’"])
def test_a_summary_holds_no_quotation_marks(write_dossier: WriteDossier, marks: str) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["votes"][0]["citations"] = [{"source": "ext", "summary": f"The Council {marks} the text."}]

    problems = _problems(write_dossier, edit)
    assert any("field 'citations[0].summary'" in p and "holds no quotation marks" in p for p in problems), problems


def test_an_apostrophe_is_not_a_quotation_mark(write_dossier: WriteDossier) -> None:
    summary = "The Council’s vote, the members’ ballots"
    load_dossier(write_dossier(lambda d: d["votes"][0].update(citations=[{"source": "ext", "summary": summary}])))


def test_words_an_item_quotes_must_be_in_its_quotes(write_dossier: WriteDossier) -> None:
    def invented(d: dict[str, Any]) -> None:
        d["caveats"][0]["detail"] = "The article says “1,000 troops”."

    problems = _problems(write_dossier, invented)
    assert any("item 'cav-1'" in p and "field 'detail'" in p and "1,000 troops" in p for p in problems), problems

    def held(d: dict[str, Any]) -> None:
        d["caveats"][0]["detail"] = "The article says Kenya “pledged 1,000 police”."

    load_dossier(write_dossier(held))


def test_a_derived_ballot_needs_a_stated_tally(write_dossier: WriteDossier) -> None:
    problems = _problems(write_dossier, lambda d: d["votes"][0].update(stated_tallies=[]))
    assert any("item 'ballot-chn'" in p and "field 'basis'" in p and "tally stated" in p for p in problems)


def test_a_ballot_read_from_a_source_quotes_it_or_names_the_row(write_dossier: WriteDossier) -> None:
    def summary_only(d: dict[str, Any]) -> None:
        ballot = d["votes"][0]["ballots"][0]
        ballot.update(basis="read", citations=[{"source": "ext", "summary": "China abstained."}])

    problems = _problems(write_dossier, summary_only)
    assert any("item 'ballot-chn'" in p and "field 'basis'" in p for p in problems), problems

    def with_row(d: dict[str, Any]) -> None:
        ballot = d["votes"][0]["ballots"][0]
        ballot.update(basis="read", citations=[{"source": "ext", "locator": "row S/RES/1(2023), CHN"}])

    load_dossier(write_dossier(with_row))


def test_validate_counts_each_kind(write_dossier: WriteDossier) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["votes"][0]["citations"] = [
            {"source": "ext", "quote": "adopted", "read_on": "2026-12-07", "read_at": "https://example.org/pr"},
            {"source": "ext", "quote": "adopted it", "read_on": "2026-12-01", "read_at": "S/PV.1"},
            {"source": "ext", "summary": "The Council adopted it.", "locator": "S/PV.1"},
            {"source": "ext", "locator": "S/PV.1, page 2"},
        ]

    dossier = load_dossier(write_dossier(edit))
    text = summarize(dossier)
    cited = [c for _, c in dossier.iter_citations()]
    bundled = sum(c.source == "art" for c in cited)  # every other citation is one of the four above
    assert f"Citations: {bundled + 4}" in text
    lines = {line[:55].strip(): line.split()[-1] for line in text.splitlines() if line.startswith("  ")}
    assert lines["quotes checked word for word against bundled texts"] == str(bundled)
    assert lines["external quotes, not checkable here"] == "2"
    assert lines["summaries (the dossier's words, never quoted)"] == "1"
    assert lines["locators (where in the source)"] == "2"
    assert "read 1 Dec 2026: 1 external quote" in text
    assert "read 7 Dec 2026: 1 external quote" in text


# -- every quotation mark holds a source's words -------------------------------------


def _all_citations(dossier: Dossier) -> list[tuple[Item, int, Citation]]:
    return [(item, n, c) for item in dossier.iter_items() for n, c in enumerate(item.citations)]


def _source_words(dossier: Dossier) -> list[str]:
    """Every quote of the dossier and every bundled text: what may stand in quotation marks."""
    words = [c.quote for _, _, c in _all_citations(dossier) if c.quote]
    words += [t.citation.quote for v in dossier.votes for t in v.stated_tallies if t.citation.quote]
    for source in dossier.sources:
        text = dossier.text(source.id)
        if text is not None:  # as repaired, and as bundled (a note may quote the fault itself)
            words += [text.text, text.raw.decode("utf-8")]
    return [" ".join(w.split()) for w in words]


def _assert_quotes_are_sources(text: str, sources: list[str], where: str) -> None:
    for words in quoted_words(text):
        flat = " ".join(words.split()).strip(" …")
        assert any(flat in source for source in sources), f"{where}: “{words}” is not a source's words"


def _summaries(dossier: Dossier) -> list[str]:
    return [c.summary for _, _, c in _all_citations(dossier) if c.summary]


def _assert_no_summary_quoted(text: str, summaries: list[str], where: str) -> None:
    for summary in summaries:
        for left, right in (("“", "”"), ('"', '"'), ("‘", "’")):
            assert f"{left}{summary}{right}" not in text, f"{where}: the summary {summary!r} is in quotation marks"


def test_the_bundled_dossier_has_summaries_and_quotes(dossier: Dossier) -> None:
    cited = [c for _, _, c in _all_citations(dossier)]
    assert any(c.summary for c in cited) and any(c.quote for c in cited) and any(c.locator for c in cited)


def test_details_and_evidence_quote_only_sources(dossier: Dossier) -> None:
    sources, summaries = _source_words(dossier), _summaries(dossier)
    for item in [*dossier.iter_items(), *dossier.sources]:
        details = describe(dossier, item)
        parts = [details.title.plain, *(value.plain for _, value in details.fields)]
        parts += [body.plain for _, _, body in details.sections]
        text = "\n".join(parts)
        _assert_quotes_are_sources(text, sources, f"details of {item.id}")
        _assert_no_summary_quoted(text, summaries, f"details of {item.id}")


def test_a_summary_is_labelled_in_the_evidence(dossier: Dossier) -> None:
    item, _, citation = next((i, n, c) for i, n, c in _all_citations(dossier) if c.summary and not c.quote)
    shown = evidence(dossier, citation, 1, item).plain
    assert f"Summary (the dossier's words, not the source's): {citation.summary}" in shown
    assert "✓" not in shown and "external quote" not in shown


def test_an_external_quote_says_when_and_where_it_was_read(dossier: Dossier) -> None:
    item, _, citation = next((i, n, c) for i, n, c in _all_citations(dossier) if c.quote and not c.checkable)
    shown = evidence(dossier, citation, 1, item).plain
    assert "⚠ external quote: its wording cannot be checked here" in shown
    assert f"“{citation.quote}”" in shown and f"at {citation.read_at}" in shown


def test_copy_quotes_only_sources_and_names_the_source(dossier: Dossier) -> None:
    sources, summaries = _source_words(dossier), _summaries(dossier)
    for item, n, citation in _all_citations(dossier):
        copied = citation_for_copy(dossier, item, n)
        _assert_quotes_are_sources(copied, sources, f"copy of {item.id}[{n}]")
        _assert_no_summary_quoted(copied, summaries, f"copy of {item.id}[{n}]")
        source = dossier.source(citation.source)
        assert source.title in copied
        assert "Unknown" not in copied and "None" not in copied
        if source.url:
            assert source.url in copied
        if citation.summary and not citation.quote:
            assert f"Summary (the dossier's words, not the source's): {citation.summary}" in copied


def test_the_markdown_export_quotes_only_sources(dossier: Dossier) -> None:
    text = to_markdown(dossier).replace("\\", "")  # undo the Markdown escapes
    _assert_quotes_are_sources(text, _source_words(dossier), "Markdown export")
    _assert_no_summary_quoted(text, _summaries(dossier), "Markdown export")
    for summary in _summaries(dossier):
        assert f"Summary (the dossier's words, not the source's): {' '.join(summary.split())}" in text


def test_the_json_export_keeps_each_kind_in_its_field(dossier: Dossier) -> None:
    data = json.loads(to_json(dossier))
    exported: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "source" in node and ("quote" in node or "summary" in node or "locator" in node):
                exported.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in data.items() if k != "sources"})
    cited = [c for _, c in dossier.iter_citations()]
    as_exported = Counter((node["quote"], node["summary"], node["locator"]) for node in exported)
    assert as_exported == Counter((c.quote, c.summary, c.locator) for c in cited)


@pytest.mark.parametrize("query", ["abstain", "Kenya", "million", "police", "Haiti", "resolution"])
def test_search_results_quote_only_sources(dossier: Dossier, query: str) -> None:
    sources, summaries = _source_words(dossier), _summaries(dossier)
    results = build_index(dossier).search(query)
    assert results.hits
    for hit in results.hits:
        # A result shows a window on its title and body (hit_content): the whole of
        # both is checked, where a window's cut cannot pair a closing mark with an opening one.
        assert hit_content(hit).plain
        shown = f"{hit.doc.title}\n{hit.doc.body}"
        _assert_quotes_are_sources(shown, sources, f"search result {hit.doc.id} for {query}")
        _assert_no_summary_quoted(shown, summaries, f"search result {hit.doc.id} for {query}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_overview_opens_on_the_as_of_date(dossier: Dossier, tmp_path: Path, size) -> None:
    from tests.robustness.screen import screen_output
    from tui.app import create_app

    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = screen_output(app)[0].splitlines()
        as_of = f"As of {parse_edtf(dossier.as_of).label()}"
        first = next(n for n, line in enumerate(lines) if as_of in line)
        assert "not covered:" in lines[first]
        assert not any("THE MISSION" in line for line in lines[:first])
