"""Drive the real app headless and write one SVG per view (and PNGs when cairosvg is there).

    .venv/bin/python screenshots/generate.py [--size 120x40] [--png]

The README shows these pictures; regenerate them whenever the look changes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from models.council import import_csv
from models.loader import load_dossier
from models.notes import NotesStore, NoteTarget
from models.paths import bundled_dossier_path
from tui.app import create_app

HERE = Path(__file__).parent

# The pictures are drawn with the default theme and layout, never the reader's preferences.
os.environ["MSS_EXPLORER_PREFERENCES"] = os.path.join(tempfile.mkdtemp(prefix="mss-shots-"), "preferences.toml")


async def _ruto_evidence(pilot: Pilot) -> None:
    await pilot.press("4")
    pilot.app.screen.views["statements"].select("stmt-ruto-colonialism")
    await pilot.press("enter")


async def _press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)


def _view(key: str) -> Callable[[Pilot], Awaitable[None]]:
    return lambda pilot: _press(pilot, key)


async def _council(pilot: Pilot, *then: str) -> None:
    """View 8 on the record imported from the hand-made fixture (never the UN's file)."""
    await pilot.press("8")
    view = pilot.app.screen.query_one("#council")
    while view.busy:
        await asyncio.sleep(0.01)
    await pilot.pause()
    await pilot.press("j", "j", *then)


def shots() -> dict[str, Callable[[Pilot], Awaitable[None]]]:
    """Picture name -> what to do before the picture is taken."""
    from tui.views import VIEW_CLASSES

    found = {f"{cls.key}-{cls.name}": _view(cls.key) for cls in sorted(VIEW_CLASSES, key=lambda c: c.key)}
    found["8-council"] = _council
    found["council-member"] = lambda pilot: _council(pilot, "m", *"pakistan", "enter", "c", *"russian", "enter")
    found["vote-grid"] = lambda pilot: _press(pilot, "3", "m")
    found["vote-2793"] = _vote_2793
    found["pledged-sent"] = lambda pilot: _press(pilot, "2", "c")
    found["not-known"] = _not_known
    found["evidence"] = _ruto_evidence
    found["search"] = _search
    found["filter-kenya"] = lambda pilot: _press(pilot, "f", *"kenya", "enter", "4")
    found["help"] = lambda pilot: _press(pilot, "question_mark")
    return found


async def _vote_2793(pilot: Pilot) -> None:
    """The Vote view on 2793: China, Pakistan and the Russian Federation abstaining."""
    await pilot.press("3")
    await pilot.pause()
    pilot.app.screen.views["vote"].select("ballot-2793-pak")


async def _not_known(pilot: Pilot) -> None:
    """The end of the Timeline: the as-of date, then what is not known."""
    await pilot.press("5")
    await pilot.pause()
    await pilot.press("G")


async def _search(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.press("slash", *"abstain")


async def take(name: str, before: Callable[[Pilot], Awaitable[None]], size: tuple[int, int], out: Path) -> Path:
    dossier = load_dossier(bundled_dossier_path())
    with tempfile.TemporaryDirectory() as tmp:
        notes = NotesStore.open(Path(tmp) / "notes.toml")
        notes.add(
            "The article says troops; Kenya's offer was of police officers. Check the National Assembly vote.",
            ["kenya", "to-check"],
            NoteTarget(item_id="pledge-ken-1000-police", kind="pledge", label="Kenya pledge: 1,000 police officers"),
        )
        # The Council record (view 8; the ✓ in Vote): the tests' hand-made fixture, in the
        # Library's format. The UN's own file is never shipped, nor pictured.
        record = Path(tmp) / "record.sqlite"
        import_csv(HERE.parent / "tests" / "fixtures" / "council" / "sc_voting_fixture.csv", record)
        app = create_app(dossier, notes_path=notes.path, votes_path=record)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await before(pilot)
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            path = out / f"{name}-{size[0]}x{size[1]}.svg"
            app.save_screenshot(filename=path.name, path=str(out))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", action="append", help="WIDTHxHEIGHT (default: 120x40 and 80x24)")
    parser.add_argument("--png", action="store_true", help="also write PNGs (needs cairosvg)")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in s.split("x")) for s in (args.size or ["120x40", "80x24"])]
    for size in sizes:
        for name, before in shots().items():
            path = asyncio.run(take(name, before, size, HERE))
            print(path.relative_to(HERE.parent))
            if args.png:
                import cairosvg

                cairosvg.svg2png(url=str(path), write_to=str(path.with_suffix(".png")), output_width=1400)


if __name__ == "__main__":
    main()
