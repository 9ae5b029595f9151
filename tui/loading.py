"""Loading what the explorer shows: the dossier, the countries asked for, the notes.

The app calls :func:`load_everything` in a thread after its first frame is on screen;
the CLI uses the same messages for what cannot be loaded. Nothing here imports the
domain models (pydantic, pycountry) until it is called.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.countries import CountryIndex
    from models.loader import DossierError
    from models.notes import NotesStore
    from models.schema import Dossier

__all__ = ["LoadFailed", "Loaded", "after_content", "country_message", "dossier_message", "import_views",
           "kept_for_good",
           "load_everything", "missing_file_message"]


class Loaded:
    """What the app shows, loaded. (Plain classes here, not dataclasses: this module is
    imported before the first frame, and every millisecond of that counts.)"""

    __slots__ = ("codes", "country_index", "dossier", "notes")

    def __init__(self, dossier: Dossier, country_index: CountryIndex, codes: list[str], notes: NotesStore) -> None:
        self.dossier = dossier
        self.country_index = country_index
        #: The country codes asked for (``--country``), resolved.
        self.codes = codes
        self.notes = notes


class LoadFailed:
    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        #: What is wrong, naming the file, the item and the field (without the program's name).
        self.message = message


def dossier_message(error: DossierError) -> str:
    count = len(error.problems)
    return f"cannot load the dossier ({count} problem{'s' if count != 1 else ''}):\n{error}"


def country_message(error: Exception) -> str:
    return f"{error} (in --country)"


def missing_file_message(path: Path) -> str | None:
    """The message the loader would give for a dossier path that is no file at all
    (checked without loading anything), or None when there is a file."""
    if path.is_file():
        return None
    if path.is_dir():
        problem = "is a directory, not a dossier file"
    elif path.exists():  # a named pipe (reading it would block), a device (without end)…
        problem = "is not a regular file"
    else:
        problem = "file not found"
    return f"cannot load the dossier (1 problem):\n{path}: {problem}"


def resolve_countries(index: CountryIndex, lists: Sequence[str]) -> list[str]:
    """The codes for what ``--country`` was given (UnknownCountryError when unknown)."""
    return index.resolve_many(lists) if lists else []


@contextmanager
def kept_for_good() -> Iterator[None]:
    """Make what is made inside live as long as the app, out of the garbage collector's sight.

    A big dossier (and its search index) is millions of objects that live as long as
    the app. Each collection walks every object made since the last freeze, holding
    the interpreter's lock, so the interface freezes whichever thread triggers it: a
    second and more at 1,000x. The collector is paused while they are made, then they
    are frozen: never walked again (reference counting still frees what is dropped).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_everything(
    path: Path | None,
    countries: Sequence[str],
    notes_path: Path,
    *,
    dossier: Dossier | None = None,
    first_view: str = "overview",
) -> Loaded | LoadFailed:
    """Load the dossier (unless given), resolve ``countries`` against it and open the
    notes; then import the first view's module, so the event loop does not have to
    (the other views are imported by :func:`import_views`, later)."""
    from models.countries import CountryIndex, UnknownCountryError
    from models.loader import DossierError, load_dossier
    from models.notes import NotesStore

    if dossier is None:
        assert path is not None
        try:
            dossier = load_dossier(path)
        except DossierError as error:
            return LoadFailed(dossier_message(error))
    index = CountryIndex(dossier.countries)
    try:
        codes = resolve_countries(index, countries)
    except UnknownCountryError as error:
        return LoadFailed(country_message(error))
    notes = NotesStore.open(notes_path)
    dossier.events_in_order()  # sorted once, here, rather than by the first view that needs it
    if codes:
        # The country index, for the filter asked for (--country). Without one it is built
        # after the content is on screen (:func:`after_content`): 0.25 s at 1,000x that
        # the first view does not need (benchmarks/README.md, "Start-up").
        dossier.ids_involving(())
    from tui.views.registry import VIEWS

    for info in VIEWS:
        if info.name == first_view:
            info.load()
    return Loaded(dossier, index, codes, notes)


def after_content(dossier: Dossier) -> None:
    """What the first view did without, done in a thread once it is on screen: every
    view's module, and the dossier's country index (for the first filter; one applied
    before this is done builds it itself, as it did before the index was built here)."""
    import_views()
    dossier.ids_involving(())


def import_views() -> None:
    """Import every view's module (in a thread, once the first view is on screen), and
    the notes lock's package, which models.notes imports only at the first save."""
    from tui.views.registry import VIEWS

    for info in VIEWS:
        info.load()
    # Here rather than on the event loop at the first save (13-16 ms). Its slowness there
    # once showed a race in the note editor: the keys typed after ctrl+s were handed on by
    # a callback of the editor screen, lost when the screen was removed first (fixed in
    # tui/screens/note_editor.py; the browser test now passes without this import too).
    import filelock  # noqa: F401
