"""The house rules a newcomer relies on, checked on every run (issue 16, points 1, 2, 4, 5).

- `models/` never imports `tui/` or Textual: an import-linter contract (pyproject.toml,
  `[tool.importlinter]`), beside the runtime check in test_import_hygiene.py.
- No import of Textual's private modules (`textual.widgets._footer` and the like): they
  change without notice between releases.
- No `# type: ignore[attr-defined]` and no getattr/hasattr on the App: the UI state is
  typed (tui/state.py).
- No module over about 500 lines: a module is read in one sitting.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "tui")
LONGEST_MODULE = 520  # "about 500 lines"


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_the_import_contract_holds() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("import-linter is not installed: pip install -e '.[test]'")
    done = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout, done.stdout


def _private_textual_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        private = [n for n in names if n.split(".")[0] == "textual"
                   and any(part.startswith("_") for part in n.split(".")[1:])]
        if private:
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{node.lineno}: {private[0]}")
    return found


def test_no_private_textual_import() -> None:
    found = [hit for path in _sources() for hit in _private_textual_imports(path)]
    assert found == []


def test_the_private_import_check_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from textual.widgets._footer import FooterKey\nimport textual.app\n"
                     "from textual.widgets import _markdown\nimport textual._xterm_parser\n")
    assert [hit.split(": ")[1] for hit in _private_textual_imports(probe)] == [
        "textual.widgets._footer", "textual.widgets._markdown", "textual._xterm_parser"]


def test_no_attr_defined_ignores() -> None:
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _sources()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore[attr-defined]" in line]
    assert found == []


def test_the_app_is_not_probed() -> None:
    """Screens and views read the session's state typed (`explorer(self).state`), never by
    asking the App whether it has an attribute."""
    probe = re.compile(r"\b(?:getattr|hasattr)\(\s*(?:self\.|screen\.)?app\b")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in _sources()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if probe.search(line)]
    assert found == []


def test_no_module_over_about_500_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE}
    assert long == {}
