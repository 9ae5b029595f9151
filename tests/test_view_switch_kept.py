"""A switch to a view shown before redoes nothing it did last time (issue #20, the terminal's
view switch; benchmarks/README.md "View switches: lines kept"):

* the view's list shows the lines it drew before (Textual sends a list shown again a
  Resize at the same size, and moving the focus restyles it: both dropped every line);
  and what it shows after a change made while it was hidden (the size, the theme, the
  filter, a note) is what a fresh draw shows;
* the Sources reader keeps its text (it was set again, every line restyled and laid out);
* the focus moving does not repaint the whole screen (Textual's ``Screen.focused`` did,
  in a second frame right after the switch's own);
* the footer's keys turning compact restyle each key once (twice before);
* the last view is written to the preferences after the switch's frame, not before it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from models.notes import NoteTarget
from models.query import CountryFilter
from models.schema import Dossier
from tui.app import ExplorerApp, create_app
from tui.preferences import PreferencesFile
from tui.views.registry import VIEWS
from tui.widgets.footer import ExplorerFooter, FooterEntry
from tui.widgets.item_list import ItemList
from tui.widgets.item_table import ItemTable
from tui.widgets.lazy_rows import LazyRows
from tui.widgets.source_reader import SourceReader

ORDER = ["participants", "vote", "statements", "timeline", "sources", "notes", "overview"]
KEY = {info.name: info.key for info in VIEWS}


def make(dossier: Dossier, tmp_path: Path) -> ExplorerApp:
    return create_app(dossier, notes_path=tmp_path / "notes.toml")


async def settle(app: ExplorerApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
    await app.workers.wait_for_complete()
    for _ in range(3):
        await pilot.pause()


async def visit_every_view(app: ExplorerApp, pilot) -> None:
    for name in ORDER:
        await pilot.press(KEY[name])
        await settle(app, pilot)


def count_lines_drawn(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Rows' lines drawn from now on (not taken from a list's cache), by list class."""
    drawn: Counter[str] = Counter()
    for cls in (ItemTable, ItemList):
        original = cls.render_row_line

        def counted(self, index, line, cursor, _original=original):
            drawn[type(self).__name__] += 1
            return _original(self, index, line, cursor)

        monkeypatch.setattr(cls, "render_row_line", counted)
    return drawn


async def test_a_list_shown_again_draws_none_of_its_lines_anew(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await visit_every_view(app, pilot)
        await visit_every_view(app, pilot)  # each list drawn focused once
        drawn = count_lines_drawn(monkeypatch)
        for name in ORDER * 2:
            await pilot.press(KEY[name])
            await settle(app, pilot)
            assert not drawn, (name, drawn)  # every line from the list's cache
        # The lines are there to be kept: moving the cursor draws the two rows it leaves and reaches.
        await pilot.press("down")
        await settle(app, pilot)
        assert 0 < sum(drawn.values()) <= 8, drawn


async def fresh_screenshot(app: ExplorerApp, pilot) -> str:
    """The screen as it is drawn from nothing: the shown view's lists' drawn lines forgotten."""
    for listing in app.screen.current_view.query(LazyRows):
        listing.clear_line_cache()
    await settle(app, pilot)
    return app.export_screenshot()


async def change_theme(app: ExplorerApp, pilot) -> None:
    app.theme = "gruvbox" if app.theme != "gruvbox" else "nord"


async def change_size(app: ExplorerApp, pilot) -> None:
    await pilot.resize_terminal(100, 30)
    await settle(app, pilot)


async def change_filter(app: ExplorerApp, pilot) -> None:
    app.screen.apply_filter(CountryFilter.of(("KEN",), app.dossier))


async def add_note(app: ExplorerApp, pilot) -> None:
    """A note on the first participant (its row gets the ✎ mark) while another view shows."""
    participant = app.dossier.participants[0]
    notes = app.state.notes
    assert notes is not None
    notes.add("A note written while the view was hidden.",
              target=NoteTarget(item_id=participant.id, kind=participant.kind, label=participant.id))
    app.screen.notes_changed()


@pytest.mark.parametrize("change", [change_size, change_theme, change_filter, add_note],
                         ids=["size", "theme", "filter", "note"])
@pytest.mark.parametrize("name", ["participants", "timeline", "overview"])
async def test_a_change_made_while_hidden_is_drawn(dossier: Dossier, tmp_path: Path, change, name: str) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await visit_every_view(app, pilot)
        await pilot.press(KEY[name])
        await settle(app, pilot)
        await pilot.press(KEY["vote" if name != "vote" else "sources"])  # the list hidden
        await settle(app, pilot)
        await change(app, pilot)
        await settle(app, pilot)
        await pilot.press(KEY[name])  # shown again
        await settle(app, pilot)
        shown = app.export_screenshot()
        assert shown == await fresh_screenshot(app, pilot)


async def test_nothing_changed_nothing_drawn_and_the_screen_as_fresh(dossier: Dossier, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The other way round: no change, so the lines kept are the right ones."""
    app = make(dossier, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await visit_every_view(app, pilot)
        await visit_every_view(app, pilot)
        drawn = count_lines_drawn(monkeypatch)
        for name in ORDER:
            await pilot.press(KEY[name])
            await settle(app, pilot)
            shown = app.export_screenshot()
            assert not drawn, (name, drawn)
            assert shown == await fresh_screenshot(app, pilot), name
            drawn.clear()


async def test_switching_back_to_sources_leaves_the_reader_as_it_was(
        dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    show = SourceReader.show

    def counted(self, source, *args, **kwargs):
        shown.append(source.id)
        return show(self, source, *args, **kwargs)

    monkeypatch.setattr(SourceReader, "show", counted)
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(KEY["sources"])
        await settle(app, pilot)
        reader = app.screen.views["sources"].reader
        assert reader.source is not None and shown
        source = reader.source.id
        await pilot.press("tab")  # into the reader: the sentence cursor down twice
        await pilot.press("j", "j")
        await settle(app, pilot)
        cursor, scrolled = reader.cursor, reader.scroll_y
        assert cursor == 2
        shown.clear()
        for name in ["participants", "sources", "overview", "sources"]:
            await pilot.press(KEY[name])
            await settle(app, pilot)
        assert shown == []  # the text was not set again
        assert (reader.source.id, reader.cursor, reader.scroll_y) == (source, cursor, scrolled)
        await pilot.press(KEY["sources"], "down")  # another source: shown (its text, or its details)
        await settle(app, pilot)
        view = app.screen.views["sources"]
        current = view.current_id
        assert current != source
        if reader.display:
            assert shown == [current] and reader.source.id == current
        else:
            assert view.query_one("#source-detail").item_id == current


def count_full_frames(app: ExplorerApp) -> list[bool]:
    """Each frame written from now on: whether it repaints the whole screen (Textual's
    whole-screen update carries the region it covers)."""
    frames: list[bool] = []
    display = app._display

    def counted(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(getattr(renderable, "region", None) == screen.region)

    app._display = counted  # type: ignore[method-assign]
    return frames


async def test_moving_the_focus_does_not_repaint_the_whole_screen(dossier: Dossier, tmp_path: Path) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await visit_every_view(app, pilot)
        frames = count_full_frames(app)
        for name in ORDER:
            before = app.screen.focused
            await pilot.press(KEY[name])
            await settle(app, pilot)
            assert app.screen.focused is not before  # the focus moved with the switch
        assert frames and not any(frames), frames
        # What the focus changes is still drawn: the list's focused look, the pane's border.
        await pilot.press("tab")
        await settle(app, pilot)
        assert app.export_screenshot() == await fresh_screenshot(app, pilot)


async def test_compact_keys_restyle_each_key_once(dossier: Dossier, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    styled: Counter[int] = Counter()
    notify = FooterEntry.notify_style_update

    def counted(self) -> None:
        styled[id(self)] += 1
        notify(self)

    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await visit_every_view(app, pilot)
        footer = app.screen.query_one(ExplorerFooter)
        for name in ["participants", "vote", "statements", "vote"]:  # Vote's keys are compact at 120
            await pilot.press(KEY[name])
            await settle(app, pilot)
            if name == "participants":
                assert not footer.compact
                monkeypatch.setattr(FooterEntry, "notify_style_update", counted)
            else:
                assert footer.compact == (name == "vote")
                assert styled and max(styled.values()) == 1, (name, styled)
                styled.clear()


async def test_the_last_view_is_saved_after_the_switchs_frame(dossier: Dossier, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(dossier, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        frames = count_full_frames(app)
        saved_at: list[int] = []
        update = PreferencesFile.update

        def recorded(self, **changes) -> None:
            if "view" in changes:
                saved_at.append(len(frames))
            update(self, **changes)

        monkeypatch.setattr(PreferencesFile, "update", recorded)
        await pilot.press(KEY["vote"])
        await settle(app, pilot)
        assert saved_at and saved_at[0] >= 1  # the switch was on screen first
        assert app.preferences.preferences.view == "vote"
