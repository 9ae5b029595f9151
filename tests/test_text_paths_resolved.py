"""The bundled texts' paths are resolved with each folder resolved once
(``models.files.FolderResolver``, used by the loader and the load cache); whatever the layout (symbolic links to files,
to folders, loops, ``..``, missing parts), the outcome is ``Path.resolve(strict=True)``'s:
the same path, or the same kind of error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models.files import FolderResolver


def _outcome(resolve, named: Path) -> object:
    try:
        return resolve(named)
    except (OSError, RuntimeError) as exc:
        return type(exc)


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    root = tmp_path / "dossier"
    (root / "sources" / "deep").mkdir(parents=True)
    (root / "sources" / "a.txt").write_text("a")
    (root / "sources" / "deep" / "b.txt").write_text("b")
    (tmp_path / "outside.txt").write_text("out")
    (root / "linked").symlink_to(root / "sources")  # a folder reached through a link
    (root / "sources" / "to-a.txt").symlink_to("a.txt")
    (root / "sources" / "out.txt").symlink_to(tmp_path / "outside.txt")
    (root / "sources" / "loop.txt").symlink_to(root / "sources" / "loop.txt")
    (root / "sources" / "dangling.txt").symlink_to(root / "nowhere.txt")
    (root / "up").symlink_to("..")
    os.mkfifo(root / "sources" / "fifo")
    return root


@pytest.mark.parametrize("rel", [
    "sources/a.txt", "sources/deep/b.txt", "linked/a.txt", "linked/deep/b.txt", "sources/to-a.txt",
    "sources/out.txt", "sources/loop.txt", "sources/dangling.txt", "sources/missing.txt", "missing/a.txt",
    "sources/../sources/a.txt", "sources/deep/../a.txt", "sources/./a.txt", "sources/a.txt/", "sources/..",
    "sources/.", "up/outside.txt", "up/dossier/sources/a.txt", "../outside.txt", "sources/fifo",
    "sources/loop.txt/x", "linked/../sources/a.txt", "/etc/passwd", "",
])
def test_resolved_as_path_resolve_does(layout: Path, rel: str) -> None:
    named = layout / rel
    resolver = FolderResolver()
    for _ in range(2):  # the second time, with the folder known
        assert _outcome(resolver.resolve, named) == _outcome(lambda p: p.resolve(strict=True), named)


def test_every_layout_at_once_with_one_resolver(layout: Path) -> None:
    """One resolver for a whole dossier's texts, as the loader uses it."""
    resolver = FolderResolver()
    for rel in ["linked/a.txt", "sources/a.txt", "sources/to-a.txt", "up/dossier/linked/deep/b.txt",
                "sources/loop.txt", "linked/deep/b.txt", "sources/missing.txt", "up/outside.txt"]:
        named = layout / rel
        assert _outcome(resolver.resolve, named) == _outcome(lambda p: p.resolve(strict=True), named), rel
