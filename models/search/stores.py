"""Where the dossier's documents are kept: without an object each, a :class:`SearchDoc`
made when one is looked at. (The notes, few, are kept as :class:`SearchDoc` objects by
the index itself.)"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from operator import attrgetter

from models.countries import CountryIndex
from models.schema import Dossier, Item, Source
from models.search.bits import U32
from models.search.describe import Describer, country_keywords
from models.search.documents import KIND_LABELS, SearchDoc, parse_sentence_id, sentence_id
from models.sources import Sentence, SourceText

# -- where the documents are kept -------------------------------------------------------


class DossierDocs:
    """The dossier's documents without a :class:`SearchDoc` each (made when looked at).

    Items and sources ("stored" documents): the id, countries and keywords are shared
    with the dossier or between documents; the display text is not kept: it is worked
    out again from the dossier's item when the document is looked at
    (:meth:`Describer.display`, the same call that made the text indexed). Sentences:
    nothing of their own, they are read from the source texts the dossier already holds.

    Why not keep the display text: at 1,000x it was 19.5 MB of UTF-8 (140,250 texts),
    a quarter of the index; working one out again takes 10-30 µs, a search's 200 hits
    2-6 ms when none was shown before (benchmarks/README.md, "Memory at 1,000x").
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.codes_of: list[tuple[str, ...]] = []
        self.keywords: list[str | None] = []
        """None for no keywords; else what follows the names of the document's countries
        (see :meth:`Describer.keywords`): "" but for statements that explain a vote."""
        self.countries: CountryIndex | None = None
        self._items: Mapping[str, Item | Source] = {}
        self._describe: Describer | None = None
        """What the display texts are worked out from (:meth:`attach`; not pickled)."""
        self.kinds: list[tuple[int, str]] = []
        """(first document number, kind) of each run of one kind, in order."""
        self.sentence_start = self.sentence_end = 0
        self.texts: list[tuple[str, SourceText, tuple[str, ...]]] = []
        """(source id, text, countries) of each source with sentences, in order."""
        self.text_firsts = array(U32)
        """Number of the first sentence document of each of them."""
        self.count = 0

    # -- filling -------------------------------------------------------------------------

    def _kind(self, kind: str) -> None:
        if not self.kinds or self.kinds[-1][1] != kind:
            self.kinds.append((self.count, kind))

    def add(self, doc_id: str, kind: str, keywords: str | None, codes: tuple[str, ...]) -> None:
        """``keywords``: see :attr:`keywords` (one object for documents that share them)."""
        self._kind(kind)
        self.ids.append(doc_id)
        self.codes_of.append(codes)
        self.keywords.append(keywords)
        self.count += 1

    def add_sentences(self, source_id: str, text: SourceText, codes: tuple[str, ...]) -> None:
        if not self.texts:
            self.sentence_start = self.count
        self._kind("sentence")
        self.texts.append((source_id, text, codes))
        self.text_firsts.append(self.count)
        self.count += len(text.sentences)
        self.sentence_end = self.count

    def finish(self) -> None:
        order = sorted(range(len(self.ids)), key=self.ids.__getitem__)
        self._sorted_ids = [self.ids[j] for j in order]
        self._sorted_numbers = array(U32, map(self._number, order))
        self._source_texts = {source_id: k for k, (source_id, _, _) in reversed(list(enumerate(self.texts)))}
        self._kind_starts = [start for start, _ in self.kinds]

    def attach(self, dossier: Dossier) -> None:
        """Show the documents of ``dossier``: the one they were made from (an index read
        from the cache, models/index_cache.py, is attached again)."""
        self._items = dossier.items_by_id
        self._describe = Describer(dossier)  # quick: it works out only what is asked of it

    def __getstate__(self) -> dict[str, object]:
        """Pickled (models/index_cache.py) without the dossier: :meth:`attach` again."""
        state = dict(self.__dict__)
        state["_items"], state["_describe"] = {}, None
        return state

    def share_ids(self, items_by_id: Mapping[str, Item | Source]) -> None:
        """Hold the dossier's own id strings, not equal copies: an index read from the
        cache (models/index_cache.py) has copies, 7 MB at 1,000x (benchmarks/README.md).
        KeyError for an id the dossier does not have.

        A slice at a time: the ``map`` calls run in C without letting another thread
        in, and all at once they held the event loop up for 170 ms at 1,000x; 4,096
        ids take about 2 ms."""
        own_id, item_of = attrgetter("id"), items_by_id.__getitem__
        for ids in (self.ids, self._sorted_ids):
            for start in range(0, len(ids), 4096):
                ids[start : start + 4096] = map(own_id, map(item_of, ids[start : start + 4096]))

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.count

    def _number(self, j: int) -> int:
        """The document number of stored document ``j``."""
        return j if j < self.sentence_start else j + self.sentence_end - self.sentence_start

    def _stored(self, n: int) -> int:
        """Stored document ``j`` of document number ``n`` (-1 for a sentence)."""
        if n < self.sentence_start:
            return n
        if n >= self.sentence_end:
            return n - self.sentence_end + self.sentence_start
        return -1

    def _sentence(self, n: int) -> tuple[str, Sentence, tuple[str, ...]]:
        k = bisect_right(self.text_firsts, n) - 1
        source_id, text, codes = self.texts[k]
        return source_id, text.sentences[n - self.text_firsts[k]], codes

    def get(self, n: int) -> SearchDoc:
        kind = self.kinds[bisect_right(self._kind_starts, n) - 1][1]
        label = KIND_LABELS.get(kind, kind.title())
        j = self._stored(n)
        if j < 0:
            source_id, sentence, codes = self._sentence(n)
            title = " ".join(sentence.text.split())
            return SearchDoc(sentence_id(source_id, sentence.index), kind, label, title, title, "", codes, source_id)
        doc_id = self.ids[j]
        assert self._describe is not None, "attach() the dossier first"
        title, body = self._describe.display(self._items[doc_id])
        text = f"{title}\n{body}" if body else title
        codes, keywords = self.codes_of[j], self.keywords[j]
        if keywords is None:
            keywords = ""
        else:
            keywords = country_keywords(self.countries, codes) + keywords  # type: ignore[arg-type]
        return SearchDoc(doc_id, kind, label, title, text, keywords, codes, doc_id)

    def find(self, doc_id: str) -> int | None:
        at = bisect_left(self._sorted_ids, doc_id)
        if at < len(self._sorted_ids) and self._sorted_ids[at] == doc_id:
            return self._sorted_numbers[at]
        parsed = parse_sentence_id(doc_id)
        k = None if parsed is None else self._source_texts.get(parsed[0])
        if k is None:
            return None
        sentences = self.texts[k][1].sentences
        index = parsed[1]  # type: ignore[index]
        if index < len(sentences) and sentences[index].index == index:
            return self.text_firsts[k] + index
        for position, sentence in enumerate(sentences):
            if sentence.index == index:
                return self.text_firsts[k] + position
        return None

    def codes(self, n: int) -> tuple[str, ...]:
        j = self._stored(n)
        return self._sentence(n)[2] if j < 0 else self.codes_of[j]


