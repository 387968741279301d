"""Which wordings a law could hold, judged from the words of its parse kept in the cache, without spaCy.

A law's texts are parsed once (`gapcheck.concepts`); with the parse, the cache keeps an index of its words as
the matchers compare them (lemma `NORM`, lowercase form `LOWER`), each alone and with the word after it, as
sorted 64-bit hashes. When a checklist edit only adds wordings to an item, `may_hold` asks that index whether
the law could hold any of them: if not, the item's cached finding in that law still holds. The new wordings'
words come from `gapcheck.lexicon` when it can tell them; spaCy is imported only for the others.
"""

from __future__ import annotations

import hashlib
import re
import sys
import weakref
from array import array
from bisect import bisect_left
from typing import Callable, Sequence

from gapcheck import lexicon
from gapcheck.lexicon import DocStore, Spec
from gapcheck.models import Law, Provision

MIX = 0x9E3779B97F4A7C15  # two neighbouring words' hashes are kept as one number (a collision only says "maybe")
_MASK = (1 << 64) - 1

# --------------------------------------------------------------------------- the texts of a law that are parsed

_WHITESPACE = re.compile(r"[^\S ]")  # whitespace but a plain space: far fewer replacements, same result


def flat(text: str) -> str:
    """`text` with every whitespace character a plain space: spaCy makes a line break a token of its own,
    so a term broken across two PDF lines ("unsolicited\nelectronic") would never match. Same length, so
    offsets in the parsed doc are offsets in the law's text."""
    return _WHITESPACE.sub(" ", text)


def law_language(law: Law) -> str:
    """The language `law`'s texts are parsed and matched in."""
    return law.language if law.language in lexicon.LANGUAGES else "en"


def texts(law: Law) -> tuple[str, list[tuple[Provision, int, Provision]], list[str], list[str]]:
    """(the language its texts are parsed in, its blocks' places, their headings, the texts parsed: blocks then headings)."""
    found = places(law)
    headings = [p[2].heading for p in found]
    return law_language(law), found, headings, [flat(place[2].text) for place in found] + [flat(h) for h in headings if h]


def places(law: Law) -> list[tuple[Provision, int, Provision]]:
    """(top-level provision, offset in it, provision) for each top-level and each inserted provision."""
    found = []
    for top in law.provisions:
        found.append((top, 0, top))
        found.extend((top, base, inserted) for inserted, base in _inserted(top, 0) if inserted is not top)
    return found


def _inserted(provision: Provision, base: int) -> list[tuple[Provision, int]]:
    found = [(provision, base)] if provision.kind == "inserted" else []
    for child in provision.children:
        found.extend(_inserted(child, base + child.offset))
    return found


# How a law's texts become docs beyond the pipeline (`concepts._parsed_once`): a change of it must leave the
# parses saved before unread, as a change of the pipeline does.
PARSING = b"\0inserted provisions cut from the provision inserting them"


def digest(parsed: list[str], language: str) -> str:
    """What names the parse of the texts `parsed`: the texts and what decides their tokens and lemmas."""
    hashed = hashlib.sha256(lexicon.fingerprint(language).encode() + PARSING)
    for text in parsed:
        hashed.update(b"\0" + text.encode())
    return hashed.hexdigest()


# --------------------------------------------------------------------------- the index kept in the cache

Index = tuple[Sequence[int], ...]  # sorted hashes: words, pairs of words, lowercase forms, pairs of them
_INDEXES: dict[tuple[int, int], tuple[weakref.ref[Law], Index | None]] = {}  # (law, store) -> index


def index_of(law: Law, store: DocStore) -> Index | None:
    """The word index of `law` kept in `store`, read once while the law object lives (an edit to a shared concept
    asks it for every item); None when missing or damaged."""
    cached = _INDEXES.get((id(law), id(store)))
    if cached is not None and cached[0]() is law:
        return cached[1]
    language, _, _, parsed = texts(law)
    index = read_index(store.get_bytes(f"words-{digest(parsed, language)}"))
    if len(_INDEXES) > 256:  # a long-lived process scanning many laws
        _INDEXES.clear()
    _INDEXES[(id(law), id(store))] = (weakref.ref(law), index)
    return index


def read_index(data: bytes | None) -> Index | None:
    """The four sorted arrays of a word index as `concepts._word_index` writes them (little-endian 64-bit numbers,
    their four lengths first); None when missing or damaged (its size is not what its lengths say)."""
    if not data or len(data) < 32 or len(data) % 8:
        return None
    numbers = array("Q")  # unsigned 64-bit: plain Python ints, searched with bisect (no numpy to import)
    if numbers.itemsize != 8:
        return None
    numbers.frombytes(data)
    if sys.byteorder != "little":
        numbers.byteswap()
    lengths = numbers[:4].tolist()
    if 4 + sum(lengths) != len(numbers):
        return None
    parts, start = [], 4
    for length in lengths:
        parts.append(numbers[start:start + length])
        start += length
    return tuple(parts)


def holds(words: Sequence[int], pairs: Sequence[int], pattern: Sequence[int]) -> bool:
    """Whether every word of `pattern` and every two neighbouring ones are among `words` and `pairs` (sorted hashes)."""
    wanted = [(words, word) for word in pattern] + [(pairs, (a * MIX + b) & _MASK) for a, b in zip(pattern, pattern[1:])]
    for found, value in wanted:
        at = bisect_left(found, value)
        if at >= len(found) or found[at] != value:
            return False
    return True


# --------------------------------------------------------------------------- could a law hold a new wording?

Hash = Callable[[str], "int | None"]


def may_hold(law: Law, store: DocStore, added: Sequence[tuple[str, str]]) -> bool:
    """Whether `law` could hold a wording of any of the (language, term) `added` (those of other languages are never
    matched in it), judged from the words of its parse kept in `store`: False only when, for each term, some word (as
    lemma and as lowercase form) or some two neighbouring words stand nowhere in the law. True when unsure (no index
    kept, a starred term, a word without lemma).

    The terms' words and lemmas come from `gapcheck.lexicon` when it knows them; spaCy parses the others."""
    language = law_language(law)
    terms = [term for of, term in added if of == language]
    if not terms:
        return False
    index = index_of(law, store)
    if index is None:
        return True
    lexicon.PHRASES.use(store)  # the terms' lemmas, remembered
    unsure = []
    for term, tokens in zip(terms, lexicon.known_tokens([lexicon.unstar(t) for t in terms], language)):
        judged = _judge(index, lexicon.term_specs(term, tokens), lexicon.string_id) if tokens is not None else None
        if judged:
            return True
        if judged is None:
            unsure.append(term)
    return bool(unsure) and _may_hold_parsed(index, unsure, language)


def _may_hold_parsed(index: Index, terms: list[str], language: str) -> bool:
    """`may_hold` for terms only spaCy can parse (imported here, not above: most edits need it not at all)."""
    from gapcheck import nlp

    for term, tokens in zip(terms, nlp.phrase_tokens([lexicon.unstar(t) for t in terms], language)):
        if _judge(index, lexicon.term_specs(term, tokens), nlp.string_id):
            return True
    return False


def _judge(index: Index, specs: list[Spec], hashed: Hash) -> bool | None:
    """Whether a term of words `specs` may stand in a law of word `index` (True when unsure); None when `hashed`
    cannot hash one of its words."""
    if not specs or any(kind == "prefix" or not lemma for kind, lemma, _ in specs):
        return True
    lemmas = [hashed(lemma) for _, lemma, _ in specs]
    lowers = [hashed(word.lower()) for _, _, word in specs]
    if None in lemmas or None in lowers:
        return None
    norms, norm_pairs, words, word_pairs = index
    return holds(norms, norm_pairs, lemmas) or holds(words, word_pairs, lowers)  # type: ignore[arg-type]
