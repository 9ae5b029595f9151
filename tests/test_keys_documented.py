"""The README's key table lists every key the help lists, and no other (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

from tui.screens.help import HELP_PATH

README = Path(__file__).resolve().parents[1] / "README.md"

CODE = re.compile(r"`([^`]+)`")
#: `1`–`8`: every key from the first to the last.
RANGE = re.compile(r"`(\d)`\s*[–-]\s*`(\d)`")


def keys_in_tables(markdown: str) -> set[str]:
    """The keys in the first column of every table row (code spans; `1`–`8` spelled out)."""
    keys: set[str] = set()
    for line in markdown.splitlines():
        cells = line.strip().strip("|").split("|")
        if not line.lstrip().startswith("|") or len(cells) < 2 or set(cells[0].strip()) <= {"-", ":"}:
            continue
        first = cells[0]
        for low, high in RANGE.findall(first):
            keys.update(str(n) for n in range(int(low), int(high) + 1))
        keys.update(CODE.findall(RANGE.sub("", first)))
    return keys


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same level."""
    start = markdown.index(heading + "\n")
    level = heading.split(" ")[0]
    rest = markdown[start + len(heading) + 1:]
    end = re.search(rf"^{re.escape(level)} ", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_the_parser_reads_ranges_and_pairs() -> None:
    table = "| Key | What |\n|---|---|\n| `1`–`3` | views |\n| `j` / `k`, `↓` | move |\n| `?` | help: `q` |"
    assert keys_in_tables(table) == {"1", "2", "3", "j", "k", "↓", "?"}


def test_the_readme_key_table_lists_every_key_of_the_help_and_no_other() -> None:
    help_keys = keys_in_tables(HELP_PATH.read_text(encoding="utf-8"))
    readme_keys = keys_in_tables(section(README.read_text(encoding="utf-8"), "## Using it"))
    assert len(help_keys) > 20
    assert sorted(help_keys - readme_keys) == [], "in the help, not in the README's key table"
    assert sorted(readme_keys - help_keys) == [], "in the README's key table, not in the help"
