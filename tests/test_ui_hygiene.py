"""The UI reads the session's state typed and uses Textual's public API only (issue 16
points 2 and 5): no ``type: ignore[attr-defined]``, no probing the app with getattr or
hasattr, no import of Textual's private modules, in ``tui/``."""

from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parent.parent / "tui"

FORBIDDEN = {
    "an untyped attribute": re.compile(r"type:\s*ignore\[attr-defined\]"),
    "a probe of the app": re.compile(r"\b(?:getattr|hasattr)\(\s*(?:self\.)?app\b"),
    "a private Textual module": re.compile(r"\btextual\.[a-z_.]*\._"),
}


def test_the_ui_is_typed_and_uses_public_textual() -> None:
    found = [f"{path.relative_to(TUI.parent)}:{number}: {what}: {line.strip()}"
             for path in sorted(TUI.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for what, pattern in FORBIDDEN.items() if pattern.search(line)]
    assert not found, "\n".join(found)
