"""Where MSS Explorer's files are: the user's notes file and the bundled dossier.

Nothing here creates directories: the notes directory is created when notes are first
saved (see :mod:`models.notes`). This module must not import textual.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

__all__ = [
    "APP_NAME",
    "NOTES_ENV_VAR",
    "NOTES_FILE_NAME",
    "notes_path",
    "default_notes_path",
    "bundled_seeds_dir",
    "bundled_dossier_path",
]

APP_NAME = "mss-explorer"
NOTES_ENV_VAR = "MSS_EXPLORER_NOTES"
NOTES_FILE_NAME = "notes.toml"
DOSSIER_FILE_NAME = "haiti-mss.toml"

_PACKAGE_DIR = Path(__file__).resolve().parent


def default_notes_path() -> Path:
    """The platform's per-user data directory (``~/.local/share/mss-explorer`` on Linux)
    / ``notes.toml``."""
    return platformdirs.user_data_path(APP_NAME) / NOTES_FILE_NAME


def notes_path(cli_path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The notes file to use: ``--notes PATH`` wins, then ``$MSS_EXPLORER_NOTES``, then
    :func:`default_notes_path`.

    ``~`` is expanded and relative paths are made absolute (against the current
    directory), so a later change of directory does not move the file. An empty value
    counts as not given. ``env`` defaults to ``os.environ``.
    """
    if env is None:
        env = os.environ
    for candidate in (cli_path, env.get(NOTES_ENV_VAR)):
        if candidate is not None and os.fspath(candidate) != "":
            return Path(candidate).expanduser().absolute()
    return default_notes_path()


def bundled_seeds_dir() -> Path:
    """The bundled dossier directory: ``models/_seeds`` in an installed wheel, else the
    checkout's ``seeds/`` (next to the ``models`` package)."""
    installed = _PACKAGE_DIR / "_seeds"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "seeds"


def bundled_dossier_path() -> Path:
    """The bundled dossier file, ``haiti-mss.toml`` in :func:`bundled_seeds_dir`."""
    return bundled_seeds_dir() / DOSSIER_FILE_NAME
