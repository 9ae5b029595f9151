"""One sanitiser for text leaving the app: exports, the clipboard, the command line.

Whatever a dossier or a note holds reaches a terminal, a clipboard or a file that a
terminal will show. So at the boundary where text leaves:

* :func:`for_terminal` — C0 and C1 control characters (but newline and tab), DEL and
  bidirectional formatting characters are made visible, one for one (``ESC`` shows as
  "␛", C1 and bidi controls as "�"): no escape sequence, OSC 52 clipboard write, title
  change or line reordering survives. The same mapping the app uses on screen
  (:func:`models.text.visible`).
* :func:`for_json` — a JSON text with every C1 control, DEL, bidi control and line or
  paragraph separator written as a ``\\uXXXX`` escape (``json.dumps`` escapes only
  U+0000–U+001F): the data is kept exactly, and nothing acts on a terminal showing it.
* Markdown: :func:`md_inline` escapes what would become emphasis, a link, HTML or a
  table cell; :func:`code_span` fences text with more backticks than it holds;
  :func:`md_lines` keeps a note's lines but lets none become a heading, list, quote,
  fence, rule or table by accident. Each also makes control characters visible.
"""

from __future__ import annotations

import re

from models.text import visible

__all__ = ["code_span", "for_json", "for_terminal", "md_inline", "md_lines", "UNSAFE_OUTPUT"]

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: What must never leave the app raw (for JSON: as characters; escapes are fine).
UNSAFE_OUTPUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}\u2028\u2029]")


def for_terminal(text: str) -> str:
    """``text`` with nothing that would act on a terminal or reorder a line (newline
    and tab kept)."""
    return visible(text)


def for_json(json_text: str) -> str:
    """A JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the characters
    that act on a terminal written as escapes. Such characters can only be inside
    strings, where ``\\uXXXX`` means the same: the data is unchanged."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


_INLINE = re.compile(r"([\\`*_\[\]<>|#~!&])")


def md_inline(text: str) -> str:
    """One line of Markdown showing ``text`` literally: white space (newlines too)
    collapsed, markup characters backslash-escaped, controls made visible."""
    return _INLINE.sub(r"\\\1", " ".join(for_terminal(text).split()))


def code_span(text: str) -> str:
    """A Markdown code span showing ``text`` (one line) exactly: fenced by one more
    backtick than its longest run of backticks, padded when it starts or ends with one."""
    text = " ".join(for_terminal(text).split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


#: A line starting with one of these may be block structure (a heading, quote, list
#: item, fence, rule, setext underline, table row or HTML block): it gets a backslash.
_BLOCK_START = re.compile(r"#|>|[-+*=_~`|<]")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_lines(text: str) -> str:
    """A note's text as Markdown paragraphs: its lines kept (each ends in a hard break),
    blank lines kept, inline markup escaped, and no line able to start a heading,
    list, quote, fence, rule, table or HTML block. Leading spaces are kept as
    non-breaking ones, so an indented line cannot become a code block."""
    out: list[str] = []
    for line in for_terminal(text).split("\n"):
        if not line.strip():
            out.append("")
            continue
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        escaped = _INLINE.sub(r"\\\1", stripped.rstrip())
        if _ORDERED.match(escaped):  # "1. " or "1) ": the mark is escaped, not the digit
            escaped = _ORDERED.sub(r"\1\\\2", escaped, count=1)
        elif _BLOCK_START.match(escaped) and not escaped.startswith("\\"):
            escaped = "\\" + escaped
        out.append("\u00a0" * len(indent.expandtabs(4)) + escaped)
    # A hard break (backslash) at the end of each line of a paragraph keeps its lines.
    for index in range(len(out) - 1):
        if out[index] and out[index + 1]:
            out[index] += "\\"
    return "\n".join(out)
