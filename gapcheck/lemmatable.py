"""A lemma table of spacy-lookups-data read on demand: only the words asked for are decoded.

spacy-lookups-data ships each language's lookup table as one JSON object, word -> lemma
(Portuguese: 825,000 entries, 26 MB). Decoding it whole makes 1.6 million strings, half a
second of CPU, for the few thousand distinct words of a law. The files are written one entry
a line, sorted by word, without escapes. When a file is checked to be exactly that (no
backslash, every string where that layout puts it, words strictly increasing), a word is
found by binary search in the file's bytes; any other file is decoded whole by the caller
(`gapcheck.lexicon.read_lemma_table`). Either way a lookup answers as the decoded dict does.

This module does not import spaCy: it reads bytes.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import numpy

_QUOTE, _CHUNK = 0x22, 8  # words are compared 8 bytes at a time
# Masks keeping the first n bytes of a chunk, n = 0..8: bytes past a word's end count as 0, and since no
# word holds a NUL, a word that ends first compares less, as a shorter prefix does.
_KEEP = numpy.array([((1 << 8 * n) - 1) << 8 * (_CHUNK - n) for n in range(_CHUNK + 1)], dtype=numpy.uint64)
_OPEN, _PAIR, _NEXT, _CLOSE = (re.compile(rb"[ \t\r\n]*" + mark + rb"[ \t\r\n]*") for mark in (rb"\{", rb":", rb",", rb"\}"))


class SortedLemmaFile:
    """A JSON object of strings without escapes, keys strictly increasing: looked up in its bytes."""

    def __init__(self, data: bytes, quotes: numpy.ndarray) -> None:
        self.data = data
        self.word_starts, self.word_ends = quotes[0::4] + 1, quotes[1::4]
        self.lemma_starts, self.lemma_ends = quotes[2::4] + 1, quotes[3::4]
        self.size = len(self.word_starts)

    @classmethod
    def of(cls, data: bytes) -> SortedLemmaFile | None:
        """The table in `data`, or None when `data` is not laid out so (then decode it whole)."""
        if b"\\" in data or b"\0" in data:  # an escape would make a string's bytes differ from its text
            return None
        bytes_ = numpy.frombuffer(data, dtype=numpy.uint8)
        quotes = numpy.flatnonzero(bytes_ == _QUOTE)
        if not len(quotes) or len(quotes) % 4:
            return None
        table = cls(data, quotes)
        return table if table._laid_out(bytes_, quotes) and table._increasing() else None

    def get(self, word: str, default: str | None = None) -> str | None:
        """The lemma of `word`, or `default` when the table does not hold it."""
        key = word.encode("utf-8", "surrogatepass")  # a lone surrogate is in no table: it finds nothing, as in a dict
        data, starts, ends = self.data, self.word_starts, self.word_ends
        at = bisect_left(range(self.size), key, key=lambda i: data[starts[i]:ends[i]])
        if at < self.size and data[starts[at]:ends[at]] == key:
            return data[self.lemma_starts[at]:self.lemma_ends[at]].decode("utf-8")
        return default

    def _laid_out(self, bytes_: numpy.ndarray, quotes: numpy.ndarray) -> bool:
        """Whether the bytes between the strings make one JSON object of string values: "{", then
        word ":" lemma pairs separated by ",", then "}" (with the same spacing throughout)."""
        data = self.data
        opening, closing = data[:quotes[0]], data[quotes[-1] + 1:]
        return (bool(_OPEN.fullmatch(opening)) and bool(_CLOSE.fullmatch(closing))
                and _same_gaps(bytes_, self.word_ends, self.lemma_starts - 1, _PAIR)
                and _same_gaps(bytes_, self.lemma_ends[:-1], self.word_starts[1:] - 1, _NEXT))

    def _increasing(self) -> bool:
        """Whether every word is less than the next (bytewise, as Python orders their strings), so that
        binary search finds each word, and no word is written twice (a dict keeps the last)."""
        padded = self.data + bytes(_CHUNK)
        # the _CHUNK bytes from each offset as one big-endian number: words compare a chunk at a time
        chunks = numpy.ndarray(shape=(len(self.data),), dtype=">u8", buffer=padded, strides=(1,))
        starts, lengths = self.word_starts, self.word_ends - self.word_starts
        pairs, offset = numpy.arange(self.size - 1), 0  # pair i: words i and i + 1, still equal up to `offset`
        while len(pairs):
            first, second = (chunks[starts[words] + offset] & _KEEP[numpy.clip(lengths[words] - offset, 0, _CHUNK)]
                             for words in (pairs, pairs + 1))
            if (first > second).any():
                return False
            tied = first == second
            ended = (lengths[pairs] <= offset + _CHUNK) & (lengths[pairs] == lengths[pairs + 1])
            if (tied & ended).any():  # the same word twice
                return False
            pairs, offset = pairs[tied], offset + _CHUNK
        return True


def _same_gaps(bytes_: numpy.ndarray, after: numpy.ndarray, before: numpy.ndarray, separator: re.Pattern[bytes]) -> bool:
    """Whether the bytes strictly between each `after` and `before` position are one and the same, matching `separator`."""
    if not len(after):
        return True
    gap = bytes(bytes_[after[0] + 1:before[0]])
    if not separator.fullmatch(gap) or not (before - after == len(gap) + 1).all():
        return False
    return all((bytes_[after + 1 + i] == byte).all() for i, byte in enumerate(gap))
