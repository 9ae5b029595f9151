"""A bundled text is given to the mojibake repair only when it may need it
(``models.sources.may_need_repair``: two characters beyond ASCII side by side, told from
the bytes); a text it passes over is one the repair would leave as it is."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from models.repair import _NON_ASCII_RUN, repair_text
from models.sources import may_need_repair, read_source_text

_ALPHABET = st.sampled_from(list("ab .\n’“”éΓ―Ã©—€\U0001f600\x7f\x80\u00c2"))


@given(st.text(alphabet=_ALPHABET, max_size=30) | st.text(max_size=30))
def test_may_need_repair_is_true_exactly_where_the_repair_looks(text: str) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return  # not UTF-8: the text is refused before any repair
    assert may_need_repair(raw) == (_NON_ASCII_RUN.search(text) is not None)
    if not may_need_repair(raw):
        assert repair_text(text) == (text, [])


def test_a_text_passed_over_and_one_repaired(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("“Curly” quotes — and é, never two side by side.", encoding="utf-8")
    assert not may_need_repair(plain.read_bytes())
    assert read_source_text("p", plain).repairs == []
    broken = tmp_path / "broken.txt"
    broken.write_text("President Jovenel MoΓ―se in July 2021", encoding="utf-8")
    assert may_need_repair(broken.read_bytes())
    read = read_source_text("b", broken)
    assert read.text == "President Jovenel Moïse in July 2021" and len(read.repairs) == 1
