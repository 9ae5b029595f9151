"""The FTS5 side of the search A/B (``benchmarks/ab_search.py``, issue #16 point 6).

:class:`Fts` answers our query syntax over the same documents as ``models.search``, with
SQLite FTS5 (external content, ``unicode61 remove_diacritics 2``, ``prefix='2 3 4'``,
``bm25``, ``highlight()``) and rapidfuzz over its ``fts5vocab`` vocabulary for typos.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

#: bm25 weights of the columns title, body, keywords.
WEIGHTS = (10.0, 4.0, 2.0)
#: Our index's typo rule (models/search/postings.py): rapidfuzz ratio, how many words, from what length.
FUZZY_CUTOFF = 80.0
FUZZY_LIMIT = 32
FUZZY_MIN_LENGTH = 4
HL_OPEN, HL_CLOSE = "\x01", "\x02"


# -- the documents -------------------------------------------------------------------------


def documents(dossier: Any) -> list[Any]:
    """Every searchable document, as our index describes them, in its numbering order."""
    from models import search

    kind_rank = {kind: n for n, kind in enumerate(search.KIND_ORDER)}
    docs = search.build_index(dossier).docs
    return sorted(docs, key=lambda d: kind_rank.get(d.kind, len(kind_rank)))



# -- FTS5 ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class Fts:
    """The same search, done with SQLite FTS5 and rapidfuzz over its vocabulary."""

    def __init__(self, docs: Sequence[Any], path: str) -> None:
        from models.search import KIND_ORDER

        self.kinds = list(KIND_ORDER)
        kind_number = {k: n for n, k in enumerate(self.kinds)}
        self.db = db = sqlite3.connect(path, check_same_thread=False)
        db.executescript(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE doc(id INTEGER PRIMARY KEY, key TEXT, kind INTEGER, title TEXT, body TEXT, keywords TEXT);
            CREATE TABLE doc_country(code TEXT, doc INTEGER, PRIMARY KEY (code, doc)) WITHOUT ROWID;
            CREATE VIRTUAL TABLE fts USING fts5(title, body, keywords, content='doc', content_rowid='id',
                tokenize='unicode61 remove_diacritics 2', prefix='2 3 4');
            CREATE VIRTUAL TABLE vocab USING fts5vocab(fts, 'row');
            """
        )
        with db:
            db.executemany(
                "INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?)",
                ((n, d.id, kind_number.get(d.kind, len(self.kinds)), d.title, d.body, d.keywords)
                 for n, d in enumerate(docs)),
            )
            db.executemany(
                "INSERT OR IGNORE INTO doc_country VALUES (?, ?)",
                ((code, n) for n, d in enumerate(docs) for code in d.country_codes),
            )
            db.execute("INSERT INTO fts(fts) VALUES ('rebuild')")
            db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for (term,) in db.execute("SELECT term FROM vocab"):
            self.by_length[len(term)].append(term)
        self.vocabulary = sum(len(v) for v in self.by_length.values())
        self._fuzzy: dict[str, list[str]] = {}

    def clear_caches(self) -> None:
        self._fuzzy.clear()

    def fuzzy(self, word: str) -> list[str]:
        """Vocabulary words within a typo of ``word`` (the rule of ours: ratio >= 80)."""
        found = self._fuzzy.get(word)
        if found is None:
            from rapidfuzz import fuzz, process

            # ratio >= 80 needs the shorter word at least 2/3 of the longer one.
            low, high = math.ceil(len(word) * 2 / 3), len(word) * 3 // 2
            choices = [w for n in range(low, high + 1) for w in self.by_length.get(n, ())]
            found = [w for w, _, _ in process.extract(word, choices, scorer=fuzz.ratio,
                                                      score_cutoff=FUZZY_CUTOFF, limit=FUZZY_LIMIT)]
            self._fuzzy[word] = found
        return found

    def expression(self, query: str) -> str:
        """Our query syntax as an FTS5 MATCH expression: words AND-ed, the last word
        while typed as a prefix, quoted phrases, typos as OR-ed vocabulary words."""
        parts = query.split('"')
        typing = bool(query) and not query[-1].isspace() and query[-1] != '"'
        terms: list[str] = []
        for n, part in enumerate(parts):
            words = _WORD.findall(part)
            if not words:
                continue
            last = n == len(parts) - 1
            if n % 2 and len(words) > 1:  # a phrase
                terms.append(_quote(" ".join(words)) + ("*" if last and typing else ""))
                continue
            for i, word in enumerate(words):
                prefix = last and typing and i == len(words) - 1
                options = [_quote(word) + ("*" if prefix else "")]
                folded = _fold(word)
                if not n % 2 and len(folded) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in folded):
                    options += [_quote(w) for w in self.fuzzy(folded)
                                if w != folded and not (prefix and w.startswith(folded))]
                terms.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
        return " AND ".join(dict.fromkeys(terms))

    def search(self, query: str, codes: Sequence[str] = (), limit: int = 200,
               spans: bool = True) -> tuple[list[tuple[int, list[tuple[int, int]]]], int, dict[str, int]]:
        """(document number, spans) of the ``limit`` best, best first; total; per kind."""
        expr = self.expression(query)
        if not expr:
            return [], 0, {}
        where = "fts MATCH ?"
        args: list[Any] = [expr]
        if codes:
            # EXISTS, not "rowid IN (SELECT ...)": SQLite hands that IN to FTS5 as a rowid
            # constraint and runs the MATCH once per listed document (980 ms instead of
            # 4 ms at 100x for "kenya pol" filtered to USA+CHN+RUS).
            where += (" AND EXISTS (SELECT 1 FROM doc_country WHERE doc = fts.rowid"
                      f" AND code IN ({','.join('?' * len(codes))}))")
            args += list(codes)
        weights = ", ".join(map(str, WEIGHTS))
        if spans:
            sql = (f"SELECT rowid, highlight(fts, 0, '{HL_OPEN}', '{HL_CLOSE}'), "
                   f"highlight(fts, 1, '{HL_OPEN}', '{HL_CLOSE}') FROM fts WHERE {where} "
                   f"ORDER BY bm25(fts, {weights}) LIMIT ?")
        else:
            sql = f"SELECT rowid, NULL, NULL FROM fts WHERE {where} ORDER BY bm25(fts, {weights}) LIMIT ?"
        hits = []
        for rowid, title, body in self.db.execute(sql, [*args, limit]):
            found: list[tuple[int, int]] = []
            if spans:
                found = _spans(title, 0)
                if body:
                    found += _spans(body, len(title) - 2 * title.count(HL_OPEN) + 1)
            hits.append((rowid, found))
        counts = {self.kinds[k] if k < len(self.kinds) else "?": c for k, c in self.db.execute(
            f"SELECT doc.kind, count(*) FROM fts JOIN doc ON doc.id = fts.rowid WHERE {where} GROUP BY doc.kind",
            args)}
        return hits, sum(counts.values()), counts

    def all_matches(self, query: str) -> set[int]:
        expr = self.expression(query)
        if not expr:
            return set()
        return {r for (r,) in self.db.execute("SELECT rowid FROM fts WHERE fts MATCH ?", [expr])}


def _spans(marked: str, offset: int) -> list[tuple[int, int]]:
    """Spans of highlight() markers, as offsets into the unmarked text (plus offset)."""
    spans: list[tuple[int, int]] = []
    removed = 0
    start = 0
    for m in re.finditer("[\x01\x02]", marked):
        at = m.start() - removed
        removed += 1
        if m.group() == HL_OPEN:
            start = at
        else:
            spans.append((offset + start, offset + at))
    return spans


def sqlite_heap() -> tuple[float, float] | None:
    """(bytes in use, high-water mark) of SQLite's own heap, when the library tells."""
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        lib.sqlite3_memory_highwater.restype = ctypes.c_int64
        return lib.sqlite3_memory_used() / 2**20, lib.sqlite3_memory_highwater(0) / 2**20
    except (OSError, AttributeError):
        return None
