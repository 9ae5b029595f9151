"""The search index of a dossier: :class:`SearchIndex` (built once, at load, by
:func:`build_index`), its notes, and its searches."""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Protocol, cast

from models.query import CountryFilter
from models.schema import Dossier, Item, Source
from models.search.describe import Describer
from models.search.documents import KIND_ORDER, KIND_RANK, SearchDoc
from models.search.hits import Highlighter, Hit, SearchResults
from models.search.postings import FUZZY_MIN_LENGTH, PhraseMatches, Postings
from models.search.rank import (
    EXACT_BODY,
    EXACT_TITLE,
    PREFIX_BODY,
    PREFIX_TITLE,
    QueryTerm,
    ResolvedTerm,
    best_documents,
    fuzzy_score,
    parse_query,
)
from models.search.stores import DossierDocs
from models.sources import SourceText

# -- the index ---------------------------------------------------------------------------


class _NoteLike(Protocol):
    """What the index reads of a note (models.notes.Note), without importing it."""

    id: str
    text: str
    tags: Sequence[str]
    target: object


class SearchIndex:
    """Everything searchable in a dossier; build once with :meth:`from_dossier`."""

    #: How many resolved query terms are kept for the next keystrokes.
    CACHE_SIZE = 512
    #: How many phrases' occurrences are kept for the next keystrokes.
    PHRASES_KEPT = 16

    def __init__(self, store: DossierDocs, group: Postings) -> None:
        """The index of the documents in ``store``, indexed in ``group`` (see :func:`index_dossier`)."""
        self._base_docs = store
        self._base = group
        self._size = len(store)
        self._notes: list[SearchDoc] = []
        self._note_group: Postings | None = None
        self._kind_bits: dict[str, int] = dict(group.kinds)
        self._cache: OrderedDict[QueryTerm, ResolvedTerm] = OrderedDict()
        self._phrases: OrderedDict[QueryTerm, list[PhraseMatches]] = OrderedDict()
        self._filters: dict[frozenset[str], int] = {}
        self._everything = (1 << self._size) - 1
        self._made: dict[int, SearchDoc] = {}
        #: Searches fill caches and notes replace documents: one at a time.
        self._lock = threading.RLock()

    @classmethod
    def from_dossier(cls, dossier: Dossier) -> SearchIndex:
        return cls(*index_dossier(dossier))

    def __reduce__(self) -> tuple[type[SearchIndex], tuple[DossierDocs, Postings]]:
        """Pickled (models/index_cache.py) as the dossier's documents and postings only:
        no notes (set again with :meth:`set_notes`), no caches, no lock. Both are never
        changed once built, so this is safe while another thread searches."""
        return type(self), (self._base_docs, self._base)

    def attach(self, dossier: Dossier) -> None:
        """Attach an index read from the cache to its dossier (the one it was built
        from): documents are shown from its items (:meth:`DossierDocs.attach`), and the
        dossier's own id strings are held (:meth:`DossierDocs.share_ids`). KeyError for
        an id the dossier does not have."""
        self._base_docs.share_ids(dossier.items_by_id)
        self._base_docs.attach(dossier)

    # -- documents -----------------------------------------------------------------------

    def _doc(self, n: int) -> SearchDoc:
        """Document number ``n``."""
        if n >= self._size:
            return self._notes[n - self._size]
        doc = self._made.get(n)
        if doc is None:
            if len(self._made) >= 4096:
                self._made.clear()
            doc = self._made[n] = self._base_docs.get(n)
        return doc

    @property
    def docs(self) -> list[SearchDoc]:
        """Every document, numbered as the index numbers them (kind order, notes last)."""
        return [*(self._base_docs.get(n) for n in range(self._size)), *self._notes]

    def __len__(self) -> int:
        return self._size + len(self._notes)

    def doc(self, doc_id: str) -> SearchDoc:
        """The document with this id (items, sources, sentences, notes); KeyError if none."""
        n = self._base_docs.find(doc_id)
        if n is None:
            for note in self._notes:
                if note.id == doc_id:
                    return note
            raise KeyError(doc_id)
        return self._doc(n)

    def clear_caches(self) -> None:
        """Forget resolved query terms and country filters (for cold measurements)."""
        with self._lock:
            self._cache.clear()
            self._phrases.clear()
            self._filters.clear()

    # -- notes ---------------------------------------------------------------------------

    def set_notes(self, notes: Iterable[tuple[str, str, Sequence[str], str | None] | object]) -> None:
        """Replace every note in the index: (note id, text, tags, target item id), or
        objects with ``id``, ``text``, ``tags`` and ``target`` (``target.item_id``), as
        :class:`models.notes.Note` has.

        Only the notes are (re)indexed; a note takes its countries from its target,
        for the country filter. Call again with the new list after any change.
        """
        with self._lock:
            self._set_notes(notes)

    def _set_notes(self, notes: Iterable[tuple[str, str, Sequence[str], str | None] | object]) -> None:
        specs: dict[str, tuple[str, str, tuple[str, ...], str | None]] = {}
        for note in notes:
            if isinstance(note, tuple):
                note_id, text, tags, target = note
            else:
                typed = cast(_NoteLike, note)
                note_id, text, tags = typed.id, typed.text, typed.tags
                target = getattr(typed.target, "item_id", None)
            specs[note_id] = (note_id, text, tuple(tags), target)
        docs: list[SearchDoc] = []
        for note_id, text, tags, target in specs.values():
            lines = text.strip().splitlines() or [""]
            codes: tuple[str, ...] = ()
            if target is not None:
                n = self._base_docs.find(target)
                if n is not None:
                    codes = self._base_docs.codes(n)
            body = "\n".join(lines[1:]).strip()
            tag_line = " ".join(f"#{t}" for t in tags)
            body = f"{body}\n{tag_line}".strip()
            docs.append(SearchDoc.create(note_id, "note", lines[0], body, "", codes, target or note_id))
        self._notes = docs
        total = self._size + len(docs)
        self._note_group = None
        self._kind_bits = dict(self._base.kinds)
        if docs:
            self._note_group = Postings(self._size)
            for doc in docs:
                self._note_group.add(doc.kind, doc.title, doc.body, doc.keywords, doc.country_codes)
            self._note_group.finish(total)
            for kind, bits in self._note_group.kinds.items():
                self._kind_bits[kind] = self._kind_bits.get(kind, 0) | bits
        self._everything = (1 << total) - 1
        self.clear_caches()

    # -- resolving terms -----------------------------------------------------------------

    def _groups(self) -> list[Postings]:
        return [self._base] + ([self._note_group] if self._note_group else [])

    def _bits(self, words: Sequence[str]) -> tuple[int, int]:
        title = every = 0
        for group in self._groups():
            t, a = group.bits(words)
            title |= t
            every |= a
        return title, every

    def _term(self, term: QueryTerm) -> ResolvedTerm:
        data = self._cache.get(term)
        if data is not None:
            self._cache.move_to_end(term)
            return data
        data = self._resolve_phrase(term) if term.phrase else self._resolve_word(term)
        self._cache[term] = data
        if len(self._cache) > self.CACHE_SIZE:
            self._cache.popitem(last=False)
        return data

    def _resolve_word(self, term: QueryTerm) -> ResolvedTerm:
        data = ResolvedTerm(term)
        word = term.words[0]
        exact_title, exact_all = self._bits([word])
        levels: list[tuple[int, int]] = [(EXACT_TITLE, exact_title), (EXACT_BODY, exact_all)]
        every = exact_all
        if term.prefix:
            prefix_title = prefix_all = 0
            for group in self._groups():
                t, a = group.prefix_bits(word)
                prefix_title |= t
                prefix_all |= a
            levels += [(PREFIX_TITLE, prefix_title), (PREFIX_BODY, prefix_all)]
            every |= prefix_all
        if not term.exact and len(word) >= FUZZY_MIN_LENGTH and not any(c.isdigit() for c in word):
            by_score: dict[int, list[str]] = defaultdict(list)
            for group in self._groups():
                for found, ratio in group.fuzzy(word):
                    if not (term.prefix and found.startswith(word)):
                        by_score[fuzzy_score(ratio, True)].append(found)
            fuzzy: set[str] = set()
            for score, words in by_score.items():
                title, all_ = self._bits(words)
                levels += [(score, title), (score - 10, all_)]
                every |= all_
                fuzzy.update(words)
            data.fuzzy = frozenset(fuzzy)
        data.levels = sorted((lv for lv in levels if lv[1]), key=lambda lv: -lv[0])
        data.all_bits = every
        return data

    def _resolve_phrase(self, term: QueryTerm) -> ResolvedTerm:
        """A phrase: where its words occur one after the other. Checked where the same
        phrase one letter or one word shorter occurs when that was just looked up (as
        typing does), else in the documents that hold all of its words."""
        data = ResolvedTerm(term)
        title = every = 0
        words, last = term.words, term.words[-1]
        shorter: list[QueryTerm] = []
        if term.prefix and len(last) > 1:
            shorter.append(QueryTerm((*words[:-1], last[:-1]), True, True))
        if not term.prefix:
            shorter.append(QueryTerm(words, True, True))
        if len(words) > 2:
            shorter += [QueryTerm(words[:-1], True, False), QueryTerm(words[:-1], True, True)]
        within = next((self._phrases[t] for t in shorter if t in self._phrases), None)
        matches: list[PhraseMatches] = []
        for k, group in enumerate(self._groups()):
            found = group.phrase(words, term.prefix, within[k] if within else None)
            title |= found[2]
            every |= found[3]
            matches.append(found)
        self._phrases[term] = matches
        if len(self._phrases) > self.PHRASES_KEPT:
            self._phrases.popitem(last=False)
        data.all_bits = every
        data.levels = [(EXACT_TITLE, title), (EXACT_BODY, every)]
        return data

    def _filter_bits(self, country_filter: CountryFilter | None) -> int:
        if country_filter is None or not country_filter.codes:
            return self._everything
        codes = frozenset(country_filter.codes)
        bits = self._filters.get(codes)
        if bits is None:
            bits = 0
            for group in self._groups():
                bits |= group.code_bits(codes)
            self._filters[codes] = bits
        return bits

    # -- searching -----------------------------------------------------------------------

    def search(self, query: str, country_filter: CountryFilter | None = None, limit: int = 200) -> SearchResults:
        """The documents matching every word of ``query`` (see the module docstring).

        Safe to call from any thread: searches and changes of notes take turns."""
        with self._lock:
            return self._search(query, country_filter, limit)

    def _search(self, query: str, country_filter: CountryFilter | None, limit: int) -> SearchResults:
        terms = parse_query(query)
        if not terms:
            return SearchResults(query, [], 0, {})
        datas = [self._term(term) for term in terms]
        matched = self._filter_bits(country_filter)
        for data in datas:
            matched &= data.all_bits
        if not matched:
            return SearchResults(query, [], 0, {})
        # Each term's levels, made disjoint within the matched documents: a document
        # counts at the best level where the term occurs in it.
        disjoint: list[list[tuple[int, int]]] = []
        for data in datas:
            remaining = matched
            own: list[tuple[int, int]] = []
            for score, bits in data.levels:
                level = bits & remaining
                if level:
                    own.append((score, level))
                    remaining ^= level
                    if not remaining:
                        break
            disjoint.append(own)
        total = matched.bit_count()
        counts: dict[str, int] = {}
        for kind in KIND_ORDER:
            count = (matched & self._kind_bits.get(kind, 0)).bit_count()
            if count:
                counts[kind] = count
        chosen = best_documents(disjoint, limit, total) if limit > 0 else []
        highlighter = Highlighter(datas)
        hits = [Hit(self._doc(n), score, highlighter) for score, n in chosen]
        hits.sort(key=lambda h: KIND_RANK.get(h.doc.kind, len(KIND_ORDER)))  # stable: best first within
        return SearchResults(query, hits, total, counts)


def index_dossier(dossier: Dossier) -> tuple[DossierDocs, Postings]:
    """Every searchable document of a loaded dossier (items, sources, the sentences of
    bundled texts; no notes), in kind order, kept small and indexed."""
    describe = Describer(dossier)
    store = DossierDocs()
    store.countries = describe.countries
    group = Postings(0)
    group.keyword_words = describe.keyword_words
    # Items by kind rank (reading order within), and the countries of each source's citers.
    items: dict[int, list[Item]] = defaultdict(list)
    item_codes: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    cited_by: dict[str, list[str]] = defaultdict(list)
    for item in dossier.iter_items():
        codes = describe.share(item.country_codes())  # a new tuple each: keep one of each
        for citation in item.citations:
            cited_by[citation.source].extend(codes)
        rank = KIND_RANK.get(item.kind, len(KIND_ORDER))
        items[rank].append(item)
        item_codes[rank].append(codes)

    def add_items(rank: int) -> None:
        for item, codes in zip(items.pop(rank, ()), item_codes.pop(rank, ())):
            title, body = describe.display(item)
            keywords = describe.share(describe.keywords(item, codes))
            unique = describe.share(tuple(dict.fromkeys(codes)))
            explanations = describe.share(keywords[len(describe.names(codes)) :])
            store.add(item.id, item.kind, explanations, unique)
            group.add(item.kind, title, body, keywords, unique)

    for rank in sorted(r for r in items if r < KIND_RANK[Source.kind]):
        add_items(rank)
    bundled: list[tuple[Source, SourceText, tuple[str, ...]]] = []
    for source in dossier.sources:
        codes = describe.share(tuple(dict.fromkeys(cited_by.get(source.id, []))))
        title, body = describe.display(source)
        store.add(source.id, Source.kind, None, codes)
        group.add(Source.kind, title, body, "", codes)
        text = dossier.text(source.id)
        if text is not None and text.sentences:
            bundled.append((source, text, codes))
    for source, text, codes in bundled:
        group.add_sentences("sentence", text, codes)
        store.add_sentences(source.id, text, codes)
    for rank in sorted(items):  # kinds search does not know, last
        add_items(rank)
    group.finish(len(store))
    store.finish()
    store.attach(dossier)
    return store, group


def build_index(dossier: Dossier) -> SearchIndex:
    """The search index of a loaded dossier (build once, at load)."""
    return SearchIndex.from_dossier(dossier)


