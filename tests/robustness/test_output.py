"""Text leaving the app: every export, the clipboard and the command line's output.

A hostile corpus (escapes, OSC 52 and OSC 0, C1 controls, bidi overrides, markup,
backticks, Markdown structure) goes through each; no C0 or C1 control (but newline
and tab), DEL or bidi control may come out raw. JSON keeps the data exactly (as
escapes); Markdown shows the words, never structure they did not ask for.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from models.export import filtered_data
from models.loader import load_dossier
from models.notes import Note, NotesStore, NoteTarget, render_notes
from models.safe_text import UNSAFE_OUTPUT, code_span, md_lines
from models.text import visible
from tests.conftest import small_dossier_data
from tests.robustness.corpus import HOSTILE, everywhere, hostile_article, write
from tests.robustness.drive import send_keys, settle
from tui.app import create_app
from tui.cli import main

#: Besides the corpus: what the attack found (issue 18), and Markdown that must stay words.
ATTACK = ("\x1b]52;c;cm0gLXJmIH4K\x07 \x1b]0;title\x07 \x1b[2J \x07 \x9b31m \u202egnp.exe "
          "\x1b[201~echo pwned \u2028sep \u2029para")
MARKDOWN = "## Heading\n- item\n1. one\n> quote\n```\ncode\n```\n---\n| a | b |\n<script>x</script>\n    indented"
TICKS = "a`b``c"
CASES = {**HOSTILE, "attack": ATTACK, "markdown": MARKDOWN, "ticks": TICKS}
UTC = timezone.utc


def assert_safe(text: str, what: str) -> None:
    found = UNSAFE_OUTPUT.search(text)
    assert found is None, f"{what}: {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40):found.start() + 20]!r}"


def notes_file(path: Path, text: str) -> Path:
    """A notes file whose ids, tags, labels and texts are all ``text`` (as a hand edit
    or another program could write them)."""
    when = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
    notes = [
        Note(id=f"n1 {text}", text=f"{text}\nsecond line {text}", tags=[text, f"t{TICKS}"], created=when,
             updated=when, target=NoteTarget(item_id="stmt-ken", kind=text, label=text)),
        Note(id=f"n2 {text}", text=text, tags=[], created=when, updated=when,
             target=NoteTarget(item_id=f"gone {text}", kind="event", label=f"gone {text}")),
        Note(id=f"n3 {text}", text=f"free {text}", created=when, updated=when),
    ]
    path.write_text(render_notes(notes), encoding="utf-8")
    assert NotesStore.open(path).error is None
    return path


@pytest.mark.parametrize("kind", CASES)
def test_every_export_and_command_output_is_safe(kind: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = CASES[kind]
    data = small_dossier_data()
    everywhere(text)(data)
    path = write(tmp_path / "dossier", data, name="d.json", article=hostile_article(text))
    dossier = load_dossier(path)
    name = "".join(ch for ch in text[:40] if ch not in "/\x00")  # a path holds anything else
    notes = notes_file(tmp_path / f"notes {name}.toml", text)

    def run(*args: str) -> str:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code
        out, err = capsys.readouterr()
        assert code == 0, (args, err)
        assert_safe(out, f"stdout of {args}")
        assert_safe(err, f"stderr of {args}")
        return out

    exported = run("export", str(path), "--format", "json")
    assert json.loads(exported) == filtered_data(dossier)  # the data kept exactly, as escapes
    markdown = run("export", str(path), "--format", "markdown")
    words = " ".join(visible(" ".join(text.split())).split())  # (\v and \f are white space there)
    assert words in rendered_text(markdown)  # the words shown, escaped or not
    run("export", str(path), "--format", "markdown", "--country", "KEN")
    run("validate", str(path))
    notes_json = run("--notes", str(notes), "notes", "export", "--format", "json")
    assert [n["id"] for n in json.loads(notes_json)["notes"]] == [n.id for n in NotesStore.open(notes).notes]
    notes_md = run("--notes", str(notes), "notes", "export", "--format", "markdown")
    run("--notes", str(notes), "notes", "list")
    run("--notes", str(notes), "notes", "path")
    check_markdown_structure(notes_md, NotesStore.open(notes).notes)


def rendered_text(markdown: str) -> str:
    """What a Markdown viewer shows: the rendered HTML's text, white space collapsed."""
    html_text = MarkdownIt("commonmark").render(markdown)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def one_line(text: str) -> str:
    return " ".join(visible(text).split("\n"))


def check_markdown_structure(markdown: str, notes: list[Note]) -> None:
    """Headings are only the export's own; every id and tag is one whole code span."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {token.type for token in tokens}
    assert not kinds & {"bullet_list_open", "ordered_list_open", "blockquote_open", "fence", "code_block",
                        "hr", "table_open", "html_block"}, sorted(kinds)
    headings = [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]
    assert headings[0] == "MSS Explorer notes"
    assert len(headings) == 1 + 3 + 3  # the title, a heading per item (two) and "not attached", one per note
    spans = {child.content for token in tokens if token.type == "inline" for child in token.children or []
             if child.type == "code_inline"}
    for note in notes:
        assert one_line(note.id) in spans, note.id
        for tag in note.tags:
            assert one_line(tag) in spans, tag
        assert " ".join(visible(note.text).split()) in rendered_text(markdown)


def test_markdown_helpers_on_their_own() -> None:
    assert code_span(TICKS) == "```a`b``c```"
    assert code_span("`x") == "`` `x ``"
    shown = md_lines(MARKDOWN)
    assert not any(line.startswith(("#", "-", "1.", ">", "```", "|", "<")) for line in shown.split("\n"))


async def test_the_clipboard_gets_nothing_raw(tmp_path: Path) -> None:
    """y on every item of every view (and a copy from the note editor): a quote holding
    ESC[201~ and a command ended a shell's bracketed paste early when pasted."""
    text = ATTACK + " " + HOSTILE["escapes"] + " " + HOSTILE["bidi"]
    data = small_dossier_data()
    everywhere(text)(data)
    dossier = load_dossier(write(tmp_path / "dossier", data, article=hostile_article(text)))
    app = create_app(dossier, notes_path=tmp_path / "notes.toml")
    copies: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for view in "23456":
            await pilot.press(view)
            for _ in range(8):
                app._clipboard = ""
                send_keys(app, ["y", "j"])
                await settle(pilot)
                if app.clipboard:
                    copies.append(app.clipboard)
        await pilot.press("2", "a")
        app.screen.query_one("TextArea").insert(text)
        await pilot.press("ctrl+a", "ctrl+c")
        copies.append(app.clipboard)
        await pilot.press("escape", "y")
        await settle(pilot)
    assert len(copies) >= 10 and any("␛]52;c;" in copy for copy in copies), copies[:3]
    for copy in copies:
        assert_safe(copy, "the clipboard")
