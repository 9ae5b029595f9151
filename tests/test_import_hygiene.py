"""models/ is the domain: it never imports Textual, directly or through what it imports."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import models


def test_models_never_import_textual() -> None:
    names = [m.name for m in pkgutil.walk_packages(models.__path__, prefix="models.")]
    assert {"models.loader", "models.notes.store", "models.search.index"} <= set(names)
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'tui'})\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(models.__file__).parent.parent)
    assert done.returncode == 0, done.stderr


def test_models_source_has_no_textual_import() -> None:
    for path in Path(models.__file__).parent.rglob("*.py"):  # the packages' modules too
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            assert not stripped.startswith(("import textual", "from textual", "import tui", "from tui")), path


def test_the_plain_launch_imports_no_models() -> None:
    """`mss-explorer` paints its first frame before it loads anything: building the app
    imports neither pydantic nor pycountry nor the domain models nor any view."""
    code = (
        "import sys\n"
        "from tui.cli import build_parser, make_app\n"
        "app = make_app(build_parser().parse_args([]))\n"
        "heavy = ('pydantic', 'pycountry', 'rapidfuzz', 'models.schema', 'models.loader', 'models.query',\n"
        "         'models.search', 'models.notes', 'tui.views.base', 'tui.views.overview', 'tui.present')\n"
        "bad = sorted(name for name in heavy if name in sys.modules)\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(models.__file__).parent.parent)
    assert done.returncode == 0, done.stderr
