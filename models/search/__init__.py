"""Full-text search over a dossier: every item, every source and every sentence.

The index is built once, when a dossier is loaded (:meth:`SearchIndex.from_dossier`),
and kept for the next start beside the load cache's entry (:mod:`models.index_cache`).
Each thing that can be found is a :class:`SearchDoc`: an item (mission, fact,
participant, pledge, vote, ballot, statement, event, figure, caveat), a source, one
sentence of a bundled source text, or a note (added later with
:meth:`SearchIndex.set_notes`, without rebuilding the rest).

What a document shows and what it is found by
    ``doc.text`` is the display text: ``doc.title``, then (after a line break)
    ``doc.body``. ``doc.keywords`` holds words a document is found by without showing
    them: the names and aliases of its countries (so "Russia" finds the RUS ballot
    and "US" the United States' pledges) and, for a statement that explains a
    ballot, "explanation of vote" and the ballot's vote (so "abstain" finds China's
    and Russia's explanations). Highlight spans (:attr:`Hit.spans`) are character
    offsets into the original ``doc.text``; a match only in the keywords has none.

Matching
    Case and accents are ignored ("moise" finds "Moïse", "strasse" "Straße"). Every
    word of the query must match (AND). A quoted phrase must occur as consecutive
    words. The last word, while being typed (no space after it), also matches as a
    prefix ("abst" finds "abstain"). Words of 4 characters or more also match with
    a typo: a vocabulary word whose rapidfuzz ``fuzz.ratio`` with the query word is
    at least :data:`FUZZY_CUTOFF` ("Mutau" finds "Mutua", "abstian" "abstain").
    Shorter words match only exactly (or as a prefix when last): "us" never finds
    "is". Words holding digits never match fuzzily ("2699" does not find "2698").
    Words are runs of letters and digits; "U.S." is the word "us" and "1,000" is
    "1000", in the text as in the query.

Ranking
    Per query term: exact in the title > exact in the body > prefix in the title >
    prefix in the body > typo in the title > typo in the body (within the typo
    tiers by rapidfuzz ratio); a document's score is the sum over the terms. (An
    exact word beats a completion: "US" ranks the United States above "Use of force".)
    The ``limit`` best documents are returned (ties: reading order), shown grouped
    by kind in :data:`KIND_ORDER`, best first within a group.

Speed
    Documents are numbered in kind order and every posting list is a set of
    document numbers, kept as a Python ``int`` bit set when it is dense (fast
    AND/OR/popcount in C) and as a run of one shared array when it is sparse. A query
    word is matched against the *vocabulary*, never against documents: a sorted list
    for prefixes; rapidfuzz over the words of a compatible length for typos (at most
    :data:`FUZZY_LIMIT` of them; in a big vocabulary only words that keep the query
    word's first or last letter). The posting sets of the matched words are OR-ed,
    the terms AND-ed, and only the ``limit`` best documents are ever looked at one by
    one. A quoted phrase is looked for in each document's words kept in order, as
    word numbers (two bytes a word while the vocabulary allows, else four): in the
    documents that hold all of its words, or, while it is being typed, only where the
    phrase one letter or one word shorter was just found. Spans are computed lazily, for the hits that are shown.
    Recent terms are cached, so typing one more letter re-does only the last word.

Memory
    The index holds no object per document. An item's or a source's display text is
    not kept: it is worked out again from the dossier's item when the document is
    shown (the same call that made the text indexed); its id and countries are shared
    with the dossier or with other documents (its keywords are its countries' names,
    joined again when it is shown), and a sentence is read back from the source text
    the dossier already holds. A :class:`SearchDoc` is made only for what is looked
    at: the hits returned, :meth:`SearchIndex.doc`. Building it makes few objects
    the garbage collector tracks, so it sets off no full collection of the dossier.

The modules, by job
    :mod:`~models.search.text` (a text's words), :mod:`~models.search.documents`
    (kinds, :class:`SearchDoc`), :mod:`~models.search.describe` (an item's title, body
    and keywords), :mod:`~models.search.bits` (bit sets of document numbers),
    :mod:`~models.search.postings` (which documents hold which words),
    :mod:`~models.search.stores` (where the documents are kept),
    :mod:`~models.search.rank` (the query, its terms, the best documents),
    :mod:`~models.search.hits` (what a search returns, with highlight spans) and
    :mod:`~models.search.index` (:class:`SearchIndex`, :func:`build_index`).
"""

from __future__ import annotations

from models.search.documents import KIND_LABELS, KIND_ORDER, SearchDoc, parse_sentence_id, sentence_id
from models.search.hits import Hit, SearchResults, snippet_range
from models.search.index import SearchIndex, build_index
from models.search.postings import FUZZY_CUTOFF
from models.search.rank import EXACT_BODY, EXACT_TITLE

__all__ = [
    "EXACT_BODY",
    "EXACT_TITLE",
    "FUZZY_CUTOFF",
    "KIND_LABELS",
    "KIND_ORDER",
    "Hit",
    "SearchDoc",
    "SearchIndex",
    "SearchResults",
    "build_index",
    "parse_sentence_id",
    "sentence_id",
    "snippet_range",
]
