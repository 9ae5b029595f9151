"""One test per crash or hang the robustness suite found, each at the smallest scale."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, TextArea

from models.loader import load_dossier
from models.notes import NotesStore
from models.query import CountryFilter, timeline
from models.schema import Dossier
from tests.conftest import WriteDossier
from tests.robustness.corpus import LONG, LONG_LENGTH
from tests.robustness.drive import send_keys, settle
from tests.robustness.screen import assert_clean
from tui.app import create_app
from tui.present import describe, item_title
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.screens.note_editor import NoteEditor
from tui.timeline_axis import axis_rows
from tui.timeline_draw import MAX_WRAP
from tui.views import VIEW_CLASSES


async def test_up_in_an_empty_list(dossier: Dossier, tmp_path: Path) -> None:
    """k or up in the Notes view with no notes "highlighted" row -1, with no key."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("7", "k", "up", "pageup", "home", "j")


async def test_page_keys_when_the_terminal_is_too_small(dossier: Dossier, tmp_path: Path) -> None:
    """The focused list is hidden behind the "too small" notice: it has no size."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.press("pagedown", "5", "pagedown", "pageup")
        await pilot.resize_terminal(30, 8)
        await pilot.press("slash", *"kenya", "down", "pagedown", "escape", "f", "down", "pagedown", "escape")


async def test_copy_in_the_notes_view(dossier: Dossier, tmp_path: Path) -> None:
    """y on a note: a note is not a dossier item."""
    path = tmp_path / "notes.toml"
    NotesStore.open(path).add("a note")
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("7", "y")
        await settle(pilot)
        assert any("Select an item first" in n.message for n in app._notifications)


async def test_a_dialog_is_dismissed_once(dossier: Dossier, tmp_path: Path) -> None:
    """Textual's dismiss pops whatever screen is on top. A second dismissal (enter, a
    click or a key queued for a dialog as it closes) popped the screen under it: the
    main screen (the app ends), or the note editor under "Discard the changes?"."""
    path = tmp_path / "notes.toml"
    store = NotesStore.open(path)
    store.add("keep me")
    store.add("delete me")
    app = create_app(dossier, notes_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("7", "G", "d")
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        confirm.dismiss(True)
        confirm.dismiss(True)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert [n.text for n in NotesStore.open(path).notes] == ["keep me"]

        await pilot.press("1", "a")
        app.screen.query_one(TextArea).insert("not lost")
        await pilot.press("escape")
        keep_editing = app.screen
        assert isinstance(keep_editing, ConfirmDialog)
        keep_editing.dismiss(False)
        keep_editing.dismiss(False)
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "not lost"


async def test_view_keys_in_a_burst_settle_on_the_last(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each switch answered the tab bar's late message for an earlier switch by switching
    back: seven number keys in a row kept the app switching views for ever. Many bursts
    (views built during the first, all built after it): each key switches once, in
    order, and nothing switches after the last, once every key is acted on."""
    switches: list[str] = []
    show_view = MainScreen.show_view

    def counted(self, name, *args, **kwargs):
        switches.append(name)
        return show_view(self, name, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "show_view", counted)
    names = {cls.key: cls.name for cls in VIEW_CLASSES}
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for keys in ["1234567", "7654321", "2727272", "1357246"]:
            switches.clear()
            send_keys(app, list(keys))
            await settle(pilot)
            await pilot.pause()  # and whatever a switch posted meanwhile (the tab bar's messages)
            await settle(pilot)
            assert switches == [names[key] for key in keys], f"{keys}: {switches}"
            assert app.screen.query_one(ContentSwitcher).current == names[keys[-1]]


def _calls(work) -> int:
    """How many Python and C function calls ``work()`` makes: a count of the work done,
    the same on a loaded machine as on a quiet one (not a clock)."""
    count = 0

    def profile(_frame, event, _arg) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_a_timeline_of_long_summaries_lays_out_in_linear_work(write_dossier: WriteDossier) -> None:
    """Wrapping was quadratic in the length of a line: 23 s for two 10,000-character
    summaries, again on every resize. Doubling the summaries' length must not much more
    than double the calls made laying them out (quadratic work would quadruple them);
    counted, not timed, so a busy machine cannot fail it."""

    def laid_out(length: int) -> int:
        def edit(d):
            d["events"][0]["summary"] = LONG[:length]
            d["events"].append({"id": "ev-2", "date": "2024", "summary": LONG[:length].replace(" ", ""),
                                "citations": [{"source": "ext", "summary": "x"}]})

        dossier = load_dossier(write_dossier(edit))
        events = timeline(dossier, CountryFilter())

        def lay_out() -> None:
            for width in (20, 60, 200):
                rows = axis_rows(dossier, events, width=width)
                assert all(len(row.lines) <= 2 * MAX_WRAP for row in rows)  # two lines, each wrapped at most twice

        return _calls(lay_out)

    half, whole = laid_out(LONG_LENGTH // 2), laid_out(LONG_LENGTH)
    assert whole < 2.5 * half, f"{half} calls for {LONG_LENGTH // 2} characters, {whole} for {LONG_LENGTH}"


def test_a_figure_measured_in_blanks(write_dossier: WriteDossier) -> None:
    """A measure or unit of only white space ended the app (IndexError) when listed."""

    def edit(d):
        d["figures"].append({"id": "fig-blank", "measure": " ", "value": 3, "unit": "\t", "period": "2023",
                             "issuer": "x", "citations": [{"source": "ext", "summary": "x"}]})

    dossier = load_dossier(write_dossier(edit))
    figure = dossier.item("fig-blank")
    assert item_title(dossier, figure).startswith("3")
    describe(dossier, figure)


async def test_the_palette_finds_items_whose_titles_look_like_markup(
    write_dossier: WriteDossier, tmp_path: Path
) -> None:
    """Textual's highlight read the title as markup: "[/]" raised (and the item, with
    every later one, vanished from the palette), "[@click=…]" became a link."""
    dossier = load_dossier(write_dossier(lambda d: d["events"][0].update(summary="Vote [/] [@click=app.quit]x[/]")))
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"Vote [/]")
        for _ in range(50):
            texts = [getattr(o, "hit", None) and o.hit.text for o in app.screen.query_one("CommandList").options]
            if any(t and "[@click=app.quit]x[/]" in t for t in texts):
                break
            await pilot.pause(0.1)
        else:
            raise AssertionError(f"not found in the palette: {texts}")
        assert_clean(app, "palette")


async def test_a_dialog_key_right_after_q(dossier: Dossier, tmp_path: Path) -> None:
    """q then a key that opens a dialog or a view, at once. The keys behind q were still
    handled while the app closed, and Textual refuses to mount then: "q a" pushed the
    note editor, "q 2" built a view, and the app ended with a traceback (MountError).
    q pressed as the footer mounted its keys did the same. Many rounds, q sent at
    moments spread over the first 40 ms (the footer's first keys), each key after it."""
    failures: list[str] = []
    for round_ in range(8):
        for keys in (["q", "a"], ["q", "slash"], ["q", "question_mark"], ["q", "f"], ["q", "2"], ["q", "7"]):
            app = create_app(dossier, notes_path=tmp_path / "notes.toml")
            try:
                async with app.run_test(size=(100, 30)) as pilot:
                    await asyncio.sleep(round_ * 0.005)
                    send_keys(app, keys)
                    await pilot.pause()
            except Exception as exc:  # noqa: BLE001 - every failure is reported below
                failures.append(f"{keys} after {round_ * 5} ms: {exc!r}")
            else:
                if app.return_code != 0:
                    failures.append(f"{keys} after {round_ * 5} ms: return code {app.return_code}")
    assert not failures, f"{len(failures)} of 48 rounds failed:\n" + "\n".join(failures[:10])


async def test_quit_while_the_footer_mounts_its_keys(
    dossier: Dossier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The footer mounts its keys, then the palette's, awaiting each: q handled in
    between ended the app with MountError ("before ExplorerFooter() is mounted"). The
    window is a few milliseconds wide, so here the app begins to exit exactly there, in
    every round: as the first of the footer's keys is mounted."""
    from tui.widgets.footer import FooterEntry

    def exit_on_mount(self: FooterEntry) -> None:
        if not self.app._exit:
            self.app.exit()

    monkeypatch.setattr(FooterEntry, "on_mount", exit_on_mount, raising=False)
    for size in ((100, 30), (80, 24), (40, 10)):
        app = create_app(dossier, notes_path=tmp_path / "notes.toml")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
        assert app.return_code == 0, size


async def test_an_item_key_right_after_a_view_key(dossier: Dossier, tmp_path: Path) -> None:
    """A view's number then a (or y, enter) at once: the view's table was not built yet
    and the app ended with an AssertionError (current_id)."""
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        for view in "23456":
            for key in ("a", "y", "enter"):
                send_keys(app, ["1", view, key])
                await settle(pilot)
                while not isinstance(app.screen, MainScreen):
                    await pilot.press("escape")
                    await settle(pilot)
    assert app.return_code in (None, 0)
