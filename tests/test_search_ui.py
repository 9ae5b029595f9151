"""Search in the explorer: incremental results, jump with enter, n/N, escape, filter."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import ContentSwitcher, Input, Static

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.screens.main import MainScreen
from tui.screens.search import ResultList, SearchScreen


async def open_search(pilot, query: str) -> SearchScreen:
    app = pilot.app
    await settle(pilot)
    await app.workers.wait_for_complete()
    await pilot.press("slash")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*query)
    await settle(pilot)
    return screen


def result_ids(screen: SearchScreen) -> list[str]:
    listing = screen.query_one(ResultList)
    ids = []
    for index in range(listing.option_count):
        option = listing.get_option_at_index(index)
        if option.id:
            ids.append(option.id.split(":", 1)[1])
    return ids


async def test_abstain_lists_the_abstainers_and_their_explanations(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "abstain")
        ids = result_ids(screen)
        assert {"ballot-2699-chn", "ballot-2699-rus", "stmt-zhang-jun", "stmt-nebenzia"} <= set(ids)
        abstentions = {b.id for v in dossier.votes for b in v.ballots if b.vote == "abstain"}
        assert abstentions == {"ballot-2699-chn", "ballot-2699-rus", "ballot-2793-chn", "ballot-2793-pak",
                               "ballot-2793-rus"}
        assert not any(i.startswith("ballot-") and i not in abstentions for i in ids)
        count = str(screen.query_one("#search-count", Static).render())
        assert count.startswith("1 of ")


async def test_enter_jumps_to_the_item_and_n_goes_on(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "nebenzia")
        assert result_ids(screen)[0] == "stmt-nebenzia"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(ContentSwitcher).current == "statements"
        assert app.screen.views["statements"].current_id == "stmt-nebenzia"
        first = app.screen.search_position
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.search_position == (first + 1) % len(app.screen.search_ids)
        await pilot.press("N")
        await settle(pilot)
        assert app.screen.search_position == first


async def test_typo_and_accents(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, "Mutau")
        assert "stmt-mutua-coming-months" in result_ids(screen)
        screen.query_one(Input).value = "geneus"
        await settle(pilot)
        assert "stmt-geneus" in result_ids(screen)
        screen.query_one(Input).value = "Moise"
        await settle(pilot)
        assert any("moise" in i for i in result_ids(screen))


async def test_escape_returns_where_you_were(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "j", "j")
        before = app.screen.views["vote"].current_id
        await open_search(pilot, "kenya")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(ContentSwitcher).current == "vote"
        assert app.screen.views["vote"].current_id == before


async def test_search_respects_the_filter_and_finds_notes(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml", countries=["RUS"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "abstain")
        ids = result_ids(screen)
        assert "ballot-2699-rus" in ids and "ballot-2699-chn" not in ids
        await pilot.press("escape")
        app.notes.add("zebra crossing thought", target={"item_id": "ballot-2699-rus", "kind": "ballot",
                                                         "label": "Russian Federation — Abstain"})
        app.search_index.set_notes(app.notes.notes)
        screen = await open_search(pilot, "zebra")
        [note_id] = result_ids(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "notes"
        assert app.screen.views["notes"].current_id == note_id


async def searched(pilot) -> None:
    """Wait for the searches running in threads (cancelled ones never complete)."""
    while any(worker.group == "search" and not worker.is_finished for worker in pilot.app.workers):
        await pilot.pause(0.01)
    await settle(pilot)


async def test_a_big_index_is_searched_in_a_thread_and_the_newest_query_wins(
        dossier: Dossier, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(SearchScreen, "THREAD_DOCS", 0)  # the bundled index as if it were big
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_search(pilot, "abstain")
        await searched(pilot)
        assert screen.results is not None and screen.results.query == "abstain"
        assert {"ballot-2699-chn", "ballot-2699-rus"} <= set(result_ids(screen))
        # Queries asked for faster than they are answered: only the last one is shown.
        for query in ("nebenzia", "kenya", "zhang"):
            screen.run_search(query)
        await searched(pilot)
        assert screen.results.query == "zhang"
        assert result_ids(screen)[0] == "stmt-zhang-jun"
        assert all(hit.doc.id in result_ids(screen) for hit in screen.results.hits)


async def test_n_passes_over_results_on_the_row_already_shown(dossier: Dossier, tmp_path: Path) -> None:
    # Jamaica's participant row is its pledge's row: `n` from the participant must move
    # on to a result shown somewhere else, and say how many it passed over.
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_search(pilot, "jamaica")
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        ids = main.search_ids
        assert ids.index("pledge-jam-200-personnel") == ids.index("part-jam") + 1
        while ids[main.search_position] != "part-jam":
            await pilot.press("n")
            await settle(pilot)
        row = main.current_view.current_id
        await pilot.press("n")
        await settle(pilot)
        assert main.current_view.current_id != row
        assert ids[main.search_position] == ids[ids.index("part-jam") + 2]
        said = [n.message for n in app._notifications]
        assert any("1 result on the row before, passed over" in m for m in said)
        await pilot.press("N")  # back: the pledge's row is the participant's, one stop
        await settle(pilot)
        assert main.current_view.current_id == row


def _snippet_cuts(dossier: Dossier, queries: list[str]) -> list[str]:
    """The snippets (hit_content's second line) that start or end in the middle of a word."""
    from models.search import build_index
    from tui.screens.search import hit_content

    index = build_index(dossier)
    bad: list[str] = []
    for query in queries:
        for hit in index.search(query).hits:
            lines = hit_content(hit).plain.split("\n  ", 1)
            if len(lines) < 2:
                continue
            snippet = lines[1].removeprefix("…").removesuffix("…")
            at = hit.doc.body.find(snippet)
            assert at >= 0, (hit.doc.id, snippet)
            end = at + len(snippet)
            body = hit.doc.body
            if (at > 0 and body[at - 1].isalnum() and body[at].isalnum()) or (
                end < len(body) and body[end - 1].isalnum() and body[end].isalnum()
            ):
                bad.append(f"{hit.doc.id}: {snippet!r}")
    return bad


def test_snippets_never_start_or_end_mid_word(dossier: Dossier) -> None:
    assert _snippet_cuts(dossier, ["kenya", "abstain", "police", "gangs", "resolution", "jamaica", "funding"]) == []


def test_a_pledge_reads_its_unit_once(dossier: Dossier) -> None:
    from models.search import build_index
    from tui.screens.search import hit_content

    index = build_index(dossier)
    hit = next(h for h in index.search("jamaica 200").hits if h.doc.id == "pledge-jam-200-personnel")
    shown = hit_content(hit).plain
    assert "security personnel" in shown
    assert "personnel personnel" not in shown and "personnel (personnel)" not in shown
