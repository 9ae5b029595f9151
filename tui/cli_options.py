"""The options every part of the command shares (``--data``, ``--notes``, ``--country``,
``--votes``), accepted before or after the subcommand that uses them.

Given after the subcommand, they are the subcommand parser's own; their default is
SUPPRESS there, so one given before the subcommand is not reset by it.
"""

from __future__ import annotations

import argparse
from typing import Any

#: name -> (flag, keyword arguments) for ``add_argument``.
_OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "data": ("--data", {"metavar": "PATH", "help": "the dossier (TOML or JSON) instead of the bundled one"}),
    "notes": ("--notes", {"metavar": "PATH",
                          "help": "the notes file (else $MSS_EXPLORER_NOTES, else the user data dir)"}),
    "country": ("--country", {"metavar": "LIST", "action": "append",
                              "help": "countries: codes, names or aliases, comma-separated (KEN,China,US)"}),
    "votes": ("--votes", {"metavar": "DB", "dest": "votes_db",
                          "help": "the imported Council record (default: council-votes.sqlite in the user data dir)"}),
}


def also_after(parser: argparse.ArgumentParser, *names: str) -> None:
    """Accept the shared options ``names`` after this subcommand too."""
    for name in names:
        flag, kwargs = _OPTIONS[name]
        parser.add_argument(flag, default=argparse.SUPPRESS, **kwargs)
