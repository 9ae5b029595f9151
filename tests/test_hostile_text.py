"""User text is never markup and never a terminal control: it shows literally."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from models.loader import load_dossier
from tests.conftest import WriteDossier
from tests.robustness.drive import settle
from tui.app import create_app
from tui.text import literal, visible
from tui.widgets.item_table import ItemTable

HOSTILE = "[b]bold?[/] [$accent]x[/$accent] [/] \x1b[31mred\x1b[0m \u202eevil"
ARTICLE = (
    "The council adopted a resolution on Monday. China and Russia abstained.\n"
    f"Kenya has pledged 1,000 police. “{HOSTILE},” said the President of Kenya.\n"
)


def test_visible_replaces_controls_one_for_one() -> None:
    shown = visible(HOSTILE)
    assert len(shown) == len(HOSTILE)
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "␛[31m" in shown and "[b]bold?[/]" in shown


def test_literal_keeps_brackets() -> None:
    assert literal("[b]x[/b] [$accent]").plain == "[b]x[/b] [$accent]"


async def test_hostile_quote_shows_literally(write_dossier: WriteDossier, tmp_path: Path) -> None:
    def edit(d):
        statement = d["statements"][0]
        statement["text"] = HOSTILE + ","
        statement["citations"][0]["quote"] = f"“{HOSTILE},” said the President of Kenya."
        statement["speaker"]["name"] = "[bold red]President[/]"
        d["title"] = "[/] title"

    dossier = load_dossier(write_dossier(edit, text=ARTICLE))
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        for key in "1234567":
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("4")
        table = app.screen.query_one("#statements ItemTable", ItemTable)
        table.select_id("stmt-ken")
        await settle(pilot)
        speaker = table.get_row("stmt-ken")[0].plain
        assert "[bold red]President[/]" in speaker
        details = "\n".join(str(w.render()) for w in app.screen.query("#statements DetailPanel Static")
                            .results(Static))
        assert "[b]bold?[/] [$accent]x[/$accent]" in details
        assert "␛[31mred" in details and "\x1b" not in details
        await pilot.press("enter")  # its evidence, highlighted in the bundled text
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert visible(HOSTILE) in app.clipboard and "\x1b" not in app.clipboard  # made visible, as on screen
        await pilot.press("ctrl+p")
        await pilot.press(*"President")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
