"""The `mss-explorer` command: a thin layer that parses arguments and calls the domain.

With no subcommand it opens the explorer on the bundled dossier (or ``--data``): the
app paints its first frame before it loads anything, so this module imports neither
the domain models nor Textual for it. Bad input never ends in a traceback: it prints
what is wrong, naming the file, the item and the field, and exits with status 2 (a
dossier the app cannot load, or an unknown ``--country``, ends the app the same way).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from tui.cli_options import also_after
from tui.export_cli import cmd_export
from tui.serve import add_serve_parser, cmd_serve

if TYPE_CHECKING:
    from models.schema import Dossier
    from tui.app import ExplorerApp

EXIT_BAD_INPUT = 2


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only for --version: slow to import

    try:
        return version("mss-explorer")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


class _VersionAction(argparse.Action):
    """``--version``, the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mss-explorer",
        description="Explore the UN-authorised, Kenya-led Multinational Security Support "
        "mission to Haiti: who takes part, how the Council voted, what was said and when, "
        "every fact with its source.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--data", metavar="PATH", help="open this dossier (TOML or JSON) instead of the bundled one")
    parser.add_argument(
        "--country",
        metavar="LIST",
        action="append",
        help="start filtered to these countries: codes, names or aliases, comma-separated (KEN,China,US)",
    )
    parser.add_argument("--notes", metavar="PATH", help="the notes file (else $MSS_EXPLORER_NOTES, else the user data dir)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a dossier and print a summary")
    validate.add_argument("path", nargs="?", metavar="PATH", help="dossier file (default: --data, else the bundled one)")
    also_after(validate, "data")
    validate.add_argument("--votes", action="store_true", dest="check_votes",
                          help="check every ballot against the imported Council record")

    export = sub.add_parser("export", help="write a dossier to standard output, or to a file that reopens (--out)")
    export.add_argument("path", nargs="?", metavar="PATH", help="dossier file (default: --data, else the bundled one)")
    export.add_argument("--format", choices=("json", "markdown"), default="json")
    export.add_argument("--out", metavar="FILE", help="write FILE instead, and (JSON) the source texts it names "
                        "beside it, so that it reopens with --data FILE")
    also_after(export, "data", "country")  # --country: export only the items involving these countries

    notes = sub.add_parser("notes", help="the notes file: where it is, what it holds")
    notes_sub = notes.add_subparsers(dest="notes_command", metavar="ACTION", required=True)
    also_after(notes_sub.add_parser("path", help="print where the notes file is"), "notes")
    also_after(notes_sub.add_parser("list", help="list every note"), "notes")
    notes_export = notes_sub.add_parser("export", help="write every note to standard output")
    also_after(notes_export, "notes", "data")  # --data: the dossier whose quotes and sources the notes cite
    notes_export.add_argument("--format", choices=("json", "markdown"), default="markdown")
    from tui.votes_cli import add_votes_arguments

    add_votes_arguments(parser, sub)
    add_serve_parser(sub)
    return parser


def fail(message: str) -> NoReturn:
    from models.text import visible

    # The message quotes the file's own words (ids, field names): never as terminal controls.
    print(f"mss-explorer: {visible(message)}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)


def load(path: str | None) -> Dossier:
    from models.loader import DossierError, load_dossier
    from models.paths import bundled_dossier_path
    from tui.loading import dossier_message

    try:
        return load_dossier(Path(path) if path else bundled_dossier_path())
    except DossierError as exc:
        fail(dossier_message(exc))


def resolve_countries(dossier: Dossier, lists: Sequence[str] | None) -> list[str]:
    from models.countries import CountryIndex, UnknownCountryError
    from tui.loading import country_message, resolve_countries

    try:
        return resolve_countries(CountryIndex(dossier.countries), lists or [])
    except UnknownCountryError as exc:
        fail(country_message(exc))


def cmd_validate(args: argparse.Namespace) -> int:
    from models.summary import summarize
    from models.text import visible

    dossier = load(args.path or args.data)
    print(visible(summarize(dossier)))
    if args.check_votes:
        from tui.votes_cli import validate_votes

        return validate_votes(args, dossier)
    return 0


def cmd_notes(args: argparse.Namespace) -> int:
    from models.notes import NotesStore, notes_to_json, notes_to_markdown
    from models.paths import notes_path
    from models.text import visible

    path = notes_path(args.notes)
    if args.notes_command == "path":
        print(visible(str(path)))
        return 0
    store = NotesStore.open(path)
    if store.error is not None:
        fail(str(store.error))
    if args.notes_command == "list":
        if not store.notes:
            print(visible(f"No notes yet in {path}"))
        for note in store.notes:
            target = f"{note.target.item_id}: " if note.target else "(no target) "
            first = note.text.splitlines()[0] if note.text else ""
            tags = f"  [{', '.join(note.tags)}]" if note.tags else ""
            print(visible(f"{note.id}  {note.updated:%Y-%m-%d %H:%M}Z  {target}{first}{tags}"))
        return 0
    from models.note_citations import cited_for_notes

    cited = cited_for_notes(load(args.data), store.notes)
    sys.stdout.write(notes_to_json(store.notes, cited) if args.format == "json"
                     else notes_to_markdown(store.notes, cited=cited))
    return 0


def make_app(args: argparse.Namespace) -> ExplorerApp:
    """The explorer for ``args``, as the plain command runs it: the dossier is only
    checked to be a file here (cheap); the app loads it after its first frame."""
    from models.paths import bundled_dossier_path, notes_path
    from tui.loading import missing_file_message

    path = Path(args.data) if args.data else bundled_dossier_path()
    message = missing_file_message(path)
    if message is not None:
        fail(message)
    if args.country:  # checked before the screen starts, not after its first frame
        from models.countries import UnknownCountryError
        from models.country_args import check_countries
        from tui.loading import country_message

        try:
            check_countries(path, args.country)
        except UnknownCountryError as exc:
            fail(country_message(exc))
    from tui.app import create_app

    votes = Path(args.votes_db).expanduser().absolute() if args.votes_db else None  # None: the default record
    return create_app(path, countries=args.country or [], notes_path=notes_path(args.notes), votes_path=votes)


def terminal_problem() -> str | None:
    """Why the full-screen explorer cannot run here (its output is not a terminal), or None."""
    if os.environ.get("TEXTUAL_DRIVER"):  # served: textual-serve's driver talks over pipes
        return None
    for name, stream in (("standard output", sys.stdout), ("standard error", sys.stderr)):
        if not stream.isatty():
            return (f"the explorer is full-screen and needs a terminal, but {name} is not one; "
                    "for text, use `mss-explorer export --format markdown` (or json)")
    return None


def cmd_explore(args: argparse.Namespace) -> int:
    app = make_app(args)
    problem = terminal_problem()
    if problem is not None:
        fail(problem)
    app.run()
    if app.load_error is not None:
        fail(app.load_error)
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from tui.votes_cli import run_votes

    commands = {"validate": cmd_validate, "export": cmd_export, "notes": cmd_notes, "votes": run_votes,
                "serve": cmd_serve}
    try:
        return commands.get(args.command, cmd_explore)(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mss-explorer export | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
