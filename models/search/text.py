"""Words: what search reads a text as. Case and accents are folded (:mod:`models.text`);
a word is a run of letters and digits, an abbreviation with full stops ("U.S." is
"us") or a number with thousands separators ("1,000" is "1000")."""

from __future__ import annotations

import re

from models.text import fold_char, fold_chars

# A word: an abbreviation with full stops ("u.s." -> "us"), a number with thousands
# separators ("1,000" -> "1000"), or a run of letters and digits.
WORD = re.compile(
    r"(?<![^\W_])(?:[^\W\d_]\.)+[^\W\d_](?![^\W_])\.?"
    r"|(?<![^\W_])\d{1,3}(?:,\d{3})+(?![^\W_]|,\d)"
    r"|[^\W_]+"
)
STRIP_JOINERS = str.maketrans("", "", ".,")
"""Drops the full stops and commas a word may hold ("u.s." -> "us", "1,000" -> "1000")."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

def folded_words(text: str) -> list[str]:
    """The folded words of ``text``, in order."""
    found = WORD.findall(fold_chars(text))
    if any(("." in w or "," in w) for w in found):
        found = [w.translate(STRIP_JOINERS) for w in found]
    return found


PART_BREAK = "\x00"
"""Stands between the title, the body and the keywords of a document while it is indexed."""

_DOC_WORD = re.compile(WORD.pattern + "|\x00")


class _IndexTable(dict):
    """``str.translate`` table for indexing: every character to its fold, with every
    character that is not part of a word made a space. Full stops and commas are kept
    (they may join an abbreviation or a number), and so is :data:`PART_BREAK`."""

    def __missing__(self, code: int) -> str:
        out = "".join(c if c.isalnum() or c in ".," else " " for c in fold_char(chr(code)))
        self[code] = out
        return out


_INDEX_TABLE = _IndexTable({0: PART_BREAK})
for _code in range(128):
    _INDEX_TABLE[_code]  # the ASCII characters up front: str.translate has a fast path for them


# Punctuation that is common in dossiers (and that the titles and bodies here are joined
# with): replaced before translating, most texts are then ASCII.
_PUNCTUATION = "·—–“”’‘"


def _to_ascii(text: str) -> str:
    """``text`` with every character whose :data:`_INDEX_TABLE` entry is ASCII replaced
    by it: ``str.translate`` is several times faster on an ASCII string."""
    for ch in _PUNCTUATION:
        if ch in text:
            text = text.replace(ch, _INDEX_TABLE[ord(ch)])
    if not text.isascii():
        for ch in set(_NON_ASCII.findall(text)):
            out = _INDEX_TABLE[ord(ch)]
            if out.isascii():
                text = text.replace(ch, out)
    return text


def plain_index_text(text: str) -> str | None:
    """``text`` translated as :func:`document_words` does, with ". " and ", " made spaces,
    every character where it was; None if some character folds to more or fewer than
    one (or to a non-ASCII one)."""
    if not text.isascii():
        for ch in set(_NON_ASCII.findall(text)):
            out = _INDEX_TABLE[ord(ch)]
            if len(out) != 1 or not out.isascii():
                return None
            text = text.replace(ch, out)
    return text.translate(_INDEX_TABLE).replace(". ", "  ").replace(", ", "  ")


TWO_BREAKS = [PART_BREAK, PART_BREAK]


def words_of_keywords(keywords: str) -> list[str]:
    return document_words("", "", keywords)[2:]  # after the two breaks


def document_words(title: str, body: str, keywords: str) -> list[str]:
    """``folded_words(title) + [PART_BREAK] + folded_words(body) + [PART_BREAK] + folded_words(keywords)``, faster.

    Translating the text through :data:`_INDEX_TABLE` and splitting it on spaces finds
    the same words as :data:`WORD` unless a full stop or a comma stands inside a word
    ("u.s.", "1,000", "2.5"); only such texts go through the regular expression.
    """
    if PART_BREAK in title or PART_BREAK in body or PART_BREAK in keywords:
        title, body, keywords = (part.replace(PART_BREAK, " ") for part in (title, body, keywords))
    text = f"{title} {PART_BREAK} {body} {PART_BREAK} {keywords} "
    plain = text if text.isascii() else _to_ascii(text)
    plain = plain.translate(_INDEX_TABLE)
    if "." in plain or "," in plain:
        plain = plain.replace(". ", " ").replace(", ", " ")
        if "." in plain or "," in plain:
            found = _DOC_WORD.findall(fold_chars(text))
            joined = " ".join(found)
            if "." in joined or "," in joined:
                found = joined.translate(STRIP_JOINERS).split(" ")
            return found
    return plain.split()

