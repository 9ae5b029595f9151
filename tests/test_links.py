"""Issue 17 point 8: URLs and ids in the details are never broken across lines, URLs are
terminal hyperlinks, and `w` opens the selected source's URL after showing it."""

from __future__ import annotations

import stat
import webbrowser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.geometry import Region
from textual.widgets import Static

from models.schema import Dossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.open_link import safe_url
from tui.screens.confirm import ConfirmDialog
from tui.screens.main import MainScreen
from tui.unbroken import break_offsets

LONG_URL = ("https://www.springfieldnewssun.com/news/nation-world/un-authorizes-a-much-larger-force-to-fight-"
            "gangs-in-haiti-with-new-power-to-arrest-gang-members/2C3I5EJKXVLULC6QYILFLDWR6U/")
ATOMS = ["https://press.un.org/en/2023/sc15432.doc.htm", "S/RES/2699 (2023)", "SC/15432", "S/PV.9430",
         "2699 (2023)", LONG_URL]


def shown_lines(widget: Static) -> list[tuple[str, set[str]]]:
    """Each line the widget draws: its text and the links on it."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [("".join(s.text for s in strip).rstrip(), {s.style.link for s in strip if s.style and s.style.link})
            for strip in strips]


@given(words=st.lists(st.sampled_from(["the", "resolution", "of", "adopted", "Council,", *ATOMS]), max_size=30),
       width=st.integers(min_value=4, max_value=90))
def test_a_line_never_breaks_inside_a_url_or_a_symbol(words: list[str], width: int) -> None:
    text = " ".join(words)
    offsets = break_offsets(text, width)
    for atom in ATOMS:
        start = text.find(atom)
        while start != -1:
            assert not any(start < offset < start + len(atom) for offset in offsets), (atom, width)
            start = text.find(atom, start + 1)


def test_only_a_plain_http_url_may_be_opened() -> None:
    assert safe_url(LONG_URL) == LONG_URL
    for bad in ["https://a.org/\x1b]8;;x", "https://a.org/ x", "javascript:alert(1)", "file:///etc/passwd",
                "https://a.org/\u202e", "", None, "https://"]:
        assert safe_url(bad) is None, bad


async def test_a_long_url_stands_whole_or_visibly_cut_and_links_to_itself(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert app.screen.views["sources"].select("ap-2025-09-30")
        await settle(pilot)
        panel = app.screen.query_one("#source-detail")
        [url_cell] = [w for w in panel.query(".field-value").results(Static) if str(w.render()) == LONG_URL]
        lines = shown_lines(url_cell)
        assert len(lines) == 1, lines  # one line: the URL, cut with a visible ellipsis, not folded
        text, links = lines[0]
        assert text.endswith("…") and LONG_URL.startswith(text[:-1])
        assert links == {LONG_URL}  # the terminal hyperlink holds the whole URL
        url_cell.text_select_all()
        await settle(pilot)
        assert app.screen.get_selected_text() == LONG_URL  # selected with the mouse: whole


async def test_a_resolution_keeps_its_year_on_its_line(dossier: Dossier, tmp_path: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.views["overview"].detail
        text = "\n".join(line for w in panel.query(Static).results(Static) for line, _ in shown_lines(w))
        assert "2699 (2023)" in text
        lines = text.split("\n")
        assert not [line for line in lines if line.startswith("(20") or line.rstrip().endswith(("2699", "2751"))]


@pytest.fixture
def browser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real command as $BROWSER: it writes the URL it was given to a file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # read $BROWSER again
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return log


async def test_w_shows_the_url_then_opens_it_in_the_browser(dossier: Dossier, tmp_path: Path, browser: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert app.screen.views["sources"].select("ap-2025-09-30")
        await pilot.press("w")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert LONG_URL in dialog.question.replace(" ↩\n", "")  # whole, its line ends marked
        assert all(len(line) <= 64 for line in dialog.question.splitlines()[:-1])
        assert not browser.exists()  # nothing opened before the answer
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and not browser.exists()
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert browser.read_text(encoding="utf-8") == LONG_URL + "\n"


async def test_w_says_when_the_source_has_no_url(dossier: Dossier, tmp_path: Path, browser: Path) -> None:
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert app.screen.views["sources"].select("article")
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("has no URL" in str(n.message) for n in app._notifications)
        assert not browser.exists()
