"""Sets of document numbers as Python ``int`` bit sets (AND, OR and popcount in C),
and runs of numbers kept as four bytes each (which the garbage collector ignores)."""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable, Sequence

# -- posting sets ------------------------------------------------------------------------

_BIT_IN_BYTE = bytes(1 << k for k in range(8))


def bits_of(indices: Iterable[int], nbytes: int) -> int:
    buf = bytearray(nbytes)
    for i in indices:
        buf[i >> 3] |= _BIT_IN_BYTE[i & 7]
    return int.from_bytes(buf, "little")


_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bits_of_many(numbers: Sequence[int], nbytes: int) -> int:
    """:func:`bits_of` of a sized sequence; for many numbers, one byte a number then
    one C-level parse of the binary digits."""
    if len(numbers) * 20 < nbytes * 8:
        return bits_of(numbers, nbytes)
    digits = bytearray(nbytes * 8)
    for i in numbers:
        digits[i] = 1
    return int(digits.translate(_BINARY_DIGITS)[::-1], 2)


_BYTE_BITS = tuple(tuple(k for k in range(8) if byte >> k & 1) for byte in range(256))


_NONZERO_TABLE = bytes([0] + [1] * 255)


def bit_numbers(bits: int, limit: int | None = None) -> list[int]:
    """Numbers of the set bits, ascending (the first ``limit`` only, if given)."""
    if bits <= 0:
        return []
    if limit is None and bits.bit_count() * 16 > bits.bit_length():
        # Dense: one C-level pass over the binary digits.
        return [m.start() for m in re.finditer("1", bin(bits)[:1:-1])]
    # Sparse, or only the first few: jump from non-zero byte to non-zero byte.
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    nonzero = data.translate(_NONZERO_TABLE)
    out: list[int] = []
    pos = nonzero.find(1)
    while pos >= 0:
        at = pos * 8
        out.extend([at + k for k in _BYTE_BITS[data[pos]]])
        if limit is not None and len(out) >= limit:
            return out[:limit]
        pos = nonzero.find(1, pos + 1)
    return out


def bits_of_ranges(ranges: Iterable[tuple[int, int]], nbytes: int) -> int:
    """The bit set of every number in the half-open ``ranges``."""
    ranges = list(ranges)
    if len(ranges) > 16:
        # Many: one byte a number, then one C-level parse of the binary digits.
        digits = bytearray(nbytes * 8)
        ones = memoryview(b"\x01" * max(end - start for start, end in ranges))
        for start, end in ranges:
            digits[start:end] = ones[: end - start]
        return int(digits.translate(_BINARY_DIGITS)[::-1], 2)
    bits = 0
    for start, end in ranges:
        if start < end:
            bits |= (1 << end) - (1 << start)
    return bits


# Document and word numbers: 4-byte unsigned integers in native byte order.
U32 = "I" if array("I").itemsize == 4 else "L"
BYTE_ORDER = sys.byteorder


def numbers_of(data: bytes | bytearray) -> array:
    """The numbers held as 4 bytes each in ``data``."""
    out = array(U32)
    out.frombytes(data)
    return out


def no_numbers() -> array:
    return array(U32)


# -- posting sets of many words -----------------------------------------------------------


class PostingSets:
    """A posting set per word number: a bit set for a word in many documents; for the
    others a run of one shared array of document numbers (in no particular order, and
    possibly repeated: they are only ever made bits)."""

    __slots__ = ("dense", "data", "bounds", "nbytes")

    def __init__(self, lists: list[bytearray | None], dense_at: int, nbytes: int) -> None:
        """``lists``: the document numbers of each word, 4 bytes each (emptied here)."""
        self.nbytes = nbytes
        self.dense: dict[int, int] = {}
        self.data = array(U32)
        self.bounds = array(U32, [0])
        """Word ``w``'s numbers are ``data[bounds[w]:bounds[w + 1]]``."""
        for word, docs in enumerate(lists):
            if docs is not None:
                if len(docs) >= dense_at * 4:
                    self.dense[word] = bits_of_many(memoryview(docs).cast(U32), nbytes)
                else:
                    self.data.frombytes(docs)
                lists[word] = None  # freed as we go: the lists and the packed copy never coexist
            self.bounds.append(len(self.data))

    def bits(self, words: Iterable[int]) -> int:
        """The documents holding any of ``words`` (word numbers), as a bit set."""
        bits = 0
        dense, data, bounds = self.dense, self.data, self.bounds
        sparse: list[array] = []
        for word in words:
            found = dense.get(word)
            if found is not None:
                bits |= found
            else:
                start, end = bounds[word], bounds[word + 1]
                if start < end:
                    sparse.append(data[start:end])
        if sparse:
            numbers = sparse[0]
            for more in sparse[1:]:
                numbers += more
            bits |= bits_of_many(numbers, self.nbytes)
        return bits
