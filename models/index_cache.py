"""A cache of search indexes beside the load cache's dossiers, so that search is usable
at once on the next start instead of after building the index again (issue #20, target 3).

What it holds: the :class:`~models.search.SearchIndex` of a dossier as
:func:`~models.search.build_index` made it (its documents and postings; never the notes,
which the app sets after, nor its caches), pickled, in ``<name>.index.pickle`` beside
the dossier's entry ``<name>.pickle`` (models/load_cache.py): one per dossier path,
overwritten when the dossier changes.

When it is used: only for a dossier that came through the load cache, and only when
the entry's key is that dossier's key (the SHA-256 of the dossier file's bytes and the
digest of the ``models`` package's source, which covers ``models/search``: see
:func:`models.load_cache.entry_of`) plus a digest of the bundled texts' bytes the dossier
holds (the sentences indexed) and :data:`INDEX_FORMAT`. So an entry can never be served
for another dossier, other texts or other code. A bundled text is not copied into the
entry: the index refers to it by source id, and takes it from the dossier when read.
Anything else (no entry, another key, a file truncated, corrupt or not ours) and the
caller builds the index as usual and writes the entry again. Reading or writing never
raises: a problem with the cache is never the reader's problem.

Why pickle is safe, and ``MSS_EXPLORER_CACHE``: as for the dossier's entry (its module's
docstring): the same directory, the same owner and mode checks, the key read first.

Its numbers (benchmarks/README.md, "The search index cache"): at 1,000x the entry (80 MB;
47 MB since the word stream is 2 bytes a word and display texts are not kept)
is read in 0.1-0.3 s where the build takes 5-10 s, and the app's search is ready from a
warm cache within 1.1x of a plain ``load_dossier``, counted from the process's start.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, BinaryIO

from models.load_cache import _ours, _remove, entry_of, write_entry
from models.schema import Dossier
from models.search import SearchIndex
from models.sources import SourceText

__all__ = ["INDEX_FORMAT", "cache_index", "cached_index", "index_file"]

#: Bump when what is pickled changes shape in a way the source digest would not show.
INDEX_FORMAT = 2  # 2: the word stream 2 bytes a word; no display texts (worked out from the dossier)


def index_file(dossier: Dossier) -> Path | None:
    """The index entry of this dossier (None when it did not come through the cache)."""
    entry = entry_of(dossier)
    return None if entry is None else _beside(entry[0])


def _beside(dossier_entry: Path) -> Path:
    return dossier_entry.with_name(f"{dossier_entry.stem}.index.pickle")


def _key(dossier: Dossier, dossier_key: str) -> str:
    digest = hashlib.sha256(f"{INDEX_FORMAT} {dossier_key}".encode())
    for source_id, text in sorted(dossier.texts.items()):
        digest.update(f"\0{source_id}\0{len(text.raw)}\0".encode())
        digest.update(text.raw)
    return digest.hexdigest()


def cached_index(dossier: Dossier) -> SearchIndex | None:
    """The search index of ``dossier`` from the cache, or None (then build it and
    :func:`cache_index` it)."""
    entry = entry_of(dossier)
    if entry is None:
        return None
    target, key = _beside(entry[0]), _key(dossier, entry[1])
    try:
        # Not blocking on a pipe put in its place; then only a regular file of our own.
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            if not _ours(os.fstat(file.fileno())):
                return None
            unpickler = _Unpickler(file, dossier)
            if unpickler.load() != key:
                return None
            index = unpickler.load()
            if type(index) is not SearchIndex:
                raise TypeError(f"not a search index: {type(index).__name__}")
            index.attach(dossier)  # KeyError for an id not the dossier's
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - truncated, corrupt, from an old version: rebuilt
        _remove(target)
        return None
    return index


def cache_index(dossier: Dossier, index: SearchIndex) -> None:
    """Keep ``index`` (built from ``dossier``) for the next start: written atomically (a
    temporary file renamed over the entry); never raises. Safe while another thread
    searches the index or sets its notes (only the parts that never change are kept)."""
    entry = entry_of(dossier)
    if entry is None:
        return
    target, key = _beside(entry[0]), _key(dossier, entry[1])

    def dump(file: BinaryIO) -> None:
        pickler = _Pickler(file, dossier)
        pickler.dump(key)
        pickler.dump(index)

    write_entry(target, dump)


class _Pickler(pickle.Pickler):
    """Pickles the dossier's bundled texts as their source ids (they are in the dossier
    entry already, and the index must share the dossier's, not hold copies)."""

    def __init__(self, file: Any, dossier: Dossier) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._text_ids = {id(text): source_id for source_id, text in dossier.texts.items()}

    def persistent_id(self, obj: Any) -> str | None:
        if type(obj) is SourceText:
            return self._text_ids[id(obj)]  # a text not the dossier's: KeyError, nothing kept
        return None


class _Unpickler(pickle.Unpickler):
    """Gives back the dossier's own bundled texts for their source ids."""

    def __init__(self, file: Any, dossier: Dossier) -> None:
        super().__init__(file)
        self._texts = dossier.texts

    def persistent_load(self, pid: Any) -> SourceText:
        return self._texts[pid]  # a text the dossier does not have: KeyError, rebuilt
