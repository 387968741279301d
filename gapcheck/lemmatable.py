"""A lemma table of spacy-lookups-data read on demand: only the words asked for are decoded.

spacy-lookups-data ships each language's lookup table as one JSON object, word -> lemma
(Portuguese: 825,000 entries, 26 MB). Decoding it whole makes 1.6 million strings, half a
second of CPU, for the few thousand distinct words of a law. The files are written one entry
a line, sorted by word, without escapes. When a file is checked to be exactly that (no
backslash, every string where that layout puts it, words strictly increasing), a word is
found by binary search in the file's bytes; any other file is decoded whole by the caller
(`gapcheck.lexicon.read_lemma_table`). Either way a lookup answers as the decoded dict does.

The checks cost more than half the time of reading a table (0.11 of 0.25 s for Portuguese), and their
verdict depends only on the file's bytes: the files of released spacy-lookups-data known to pass them
are listed by digest (`CHECKED`) and only their strings are located (see `checked_before`).

This module does not import spaCy: it reads bytes.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

import numpy

_QUOTE, _CHUNK = 0x22, 8  # words are compared 8 bytes at a time
# Masks keeping the first n bytes of a chunk, n = 0..8: bytes past a word's end count as 0, and since no
# word holds a NUL, a word that ends first compares less, as a shorter prefix does.
_KEEP = numpy.array([((1 << 8 * n) - 1) << 8 * (_CHUNK - n) for n in range(_CHUNK + 1)], dtype=numpy.uint64)
_OPEN, _PAIR, _NEXT, _CLOSE = (re.compile(rb"[ \t\r\n]*" + mark + rb"[ \t\r\n]*") for mark in (rb"\{", rb":", rb",", rb"\}"))

# SHA-256 of the files of spacy-lookups-data (gzipped, as installed) that pass `_laid_out` and `_increasing`,
# printed by benchmarks/lemma_digests.py from the package installed; tests/test_lemmatable.py runs the full
# checks again on every installed file listed here, so the list cannot vouch for a file that fails them.
CHECKED = {
    "b2d20f722691eb62fc31a3177661bd88b7c1ea1dfc28a2fa229d15582b45a3ad": "spacy-lookups-data 1.0.5 es_lemma_lookup.json.gz",
    "cd6955e832d63da4eeb4829f9cbb67d093e0d39cf11d6176bda6eb56a6555077": "spacy-lookups-data 1.0.5 pt_lemma_lookup.json.gz",
}


def checked_before(stored: bytes) -> bool:
    """Whether `stored` (a table file's bytes as read from disk) is one of the files listed as passing the checks.

    Safe because the checks read nothing but the file's bytes, and bytes with the same SHA-256 are the
    same bytes (no collision of it is known): a gzipped file inflates to the same table every time, and
    any other file, one byte changed, is checked in full. Hashing 2.4 MB takes about 1 ms."""
    return hashlib.sha256(stored).hexdigest() in CHECKED


class SortedLemmaFile:
    """A JSON object of strings without escapes, keys strictly increasing: looked up in its bytes."""

    def __init__(self, data: bytes, quotes: numpy.ndarray) -> None:
        self.data = data
        self.word_starts, self.word_ends = quotes[0::4] + 1, quotes[1::4]
        self.lemma_starts, self.lemma_ends = quotes[2::4] + 1, quotes[3::4]
        self.size = len(self.word_starts)

    @classmethod
    def of(cls, data: bytes, checked: bool = False) -> SortedLemmaFile | None:
        """The table in `data`, or None when `data` is not laid out so (then decode it whole). `checked`: `data`
        is known to pass the checks (its file is listed by `checked_before`), which are then skipped."""
        if not checked and (b"\\" in data or b"\0" in data):  # an escape would make a string's bytes differ from its text
            return None
        bytes_ = numpy.frombuffer(data, dtype=numpy.uint8)
        quotes = numpy.flatnonzero(bytes_ == _QUOTE)
        if not len(quotes) or len(quotes) % 4:
            return None
        table = cls(data, quotes)
        return table if checked or (table._laid_out(bytes_, quotes) and table._increasing()) else None

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
