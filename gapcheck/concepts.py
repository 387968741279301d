"""A checklist's concepts compiled into spaCy matchers, and a law's text read once.

`compiled(checklist, language)` turns every concept's terms into token patterns
on lowercase lemmas (`NORM`, see `gapcheck.nlp`) and on lowercase words, with
`word*` as a bounded prefix match built with `re.escape` (never user regex).
It is built once per (checklist, language) and reused for every law.

`read(law)` parses every top-level provision (and each inserted provision) of
a law once with `nlp.pipe`, splits sentences and subsections, and marks the
text that is not evidence on its own: definitions, sentences that only empower
someone to make regulations, sentences that disapply or repeal.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import groupby, islice, product
from operator import itemgetter
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence

import numpy

from gapcheck import nlp  # before spaCy's modules: nlp imports spaCy without its command line
from spacy.attrs import IDX, LENGTH, LOWER, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from gapcheck import lexicon
from gapcheck.checklist.schema import Checklist, Item, Terms
from gapcheck.lexicon import Spec, unstar as _unstar
from gapcheck.models import Law, Provision
from gapcheck.wordindex import MIX, digest as _digest, flat, law_language, texts as _texts

SHARED = "@"
EXCLUDE = "!exclude"

# --------------------------------------------------------------------------- compiled concepts


MAX_EXPANSIONS = 400  # wordings of one starred term tried in one law


@dataclass
class Compiled:
    """The matchers of one checklist in one language, and how item concept names map to their keys.

    Plain terms go to two PhraseMatchers (on lowercase lemmas, and on lowercase words). A term with a
    `word*` is kept as word specs and expanded, per law, into the law's own words that fit it (prefix
    or lemma), then matched with a PhraseMatcher too: hash lookups, never a regex per token.
    """

    checklist: Checklist
    language: str
    by_lemma: PhraseMatcher
    by_word: PhraseMatcher
    starred: list[tuple[str, list[Spec]]] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # matcher key -> concept name
    _per_law: dict[int, tuple[weakref.ref, PhraseMatcher]] = field(default_factory=dict)
    _keys: dict[int, str] = field(default_factory=dict)  # key hash -> key of every key in `names` (the StringStore is slower to ask)

    @staticmethod
    def key(item: Item, name: str) -> str:
        """The matcher key of concept `name` as `item` sees it (the item's own concepts override shared ones)."""
        return f"{item.id}/{name}" if name in item.concepts else SHARED + name

    def by_key(self, doc: Doc, text: LawText) -> dict[str, list[tuple[int, int, int]]]:
        """(key hash, first token, end token) of every concept wording in `doc`, a text of the law read as `text`,
        by key; each key's wordings in order of where they stand."""
        keys = self._keys
        # the matchers' own tuples, sorted by key hash first: a key's wordings stand together and are grouped in C,
        # neither a tuple made nor a dict updated per wording
        return {keys[m]: list(group) for m, group in groupby(sorted(self._found(doc, text)), _first)}

    def keys_in(self, doc: Doc, text: LawText) -> set[str]:
        """The keys of the concept wordings in `doc`."""
        keys = self._keys
        return {keys[m] for m, _, _ in self._found(doc, text)}

    def _found(self, doc: Doc, text: LawText) -> set[tuple[int, int, int]]:
        found = set(self.by_lemma(doc))  # (key hash, start, end): a wording found on both lemma and word once
        found.update(self.by_word(doc))
        starred = self._starred_matcher(text)
        if len(starred):
            found.update(starred(doc))
        return found

    def _starred_matcher(self, text: LawText) -> PhraseMatcher:
        cached = self._per_law.get(id(text))
        if cached is not None and cached[0]() is text:
            return cached[1]
        vocab = nlp.vocab(self.language)
        matcher = PhraseMatcher(vocab, attr="LOWER")
        for key, specs in self.starred:
            wordings = text.wordings(specs, vocab)
            if wordings:
                # a pattern given as the lowercase forms of its words, as a PhraseMatcher keeps it (and restores it
                # when unpickled): a Doc per wording would cost more than the matching
                matcher.add(key, wordings)
        self._per_law = {k: v for k, v in self._per_law.items() if v[0]() is not None}
        self._per_law[id(text)] = (weakref.ref(text), matcher)
        return matcher


_first = itemgetter(0)

_COMPILED: dict[tuple[int, str], Compiled] = {}
_KEEP = 16  # compiled checklists kept (examples build many one-item checklists)


def compiled(checklist: Checklist, language: str) -> Compiled:
    """The cached matchers of `checklist` for `language`."""
    cached = _COMPILED.get((id(checklist), language))
    if cached is not None and cached.checklist is checklist:
        return cached
    result = _compile(checklist, language)
    while len(_COMPILED) >= _KEEP:
        del _COMPILED[next(iter(_COMPILED))]
    _COMPILED[(id(checklist), language)] = result
    return result


def _compile(checklist: Checklist, language: str) -> Compiled:
    vocab = nlp.vocab(language)
    result = Compiled(checklist, language, PhraseMatcher(vocab, attr="NORM"), PhraseMatcher(vocab, attr="LOWER"))
    groups: list[tuple[str, str, Terms]] = [(SHARED + name, name, terms) for name, terms in checklist.concepts.items()]
    for item in checklist.items:
        groups += [(f"{item.id}/{name}", name, terms) for name, terms in item.concepts.items()]
        groups.append((f"{item.id}/{EXCLUDE}", EXCLUDE, item.exclude))
    phrases = sorted({term for _, _, terms in groups for term in getattr(terms, language)})
    parsed = nlp.phrase_tokens((_unstar(p) for p in phrases), language)
    specs = {term: lexicon.term_specs(term, tokens) for term, tokens in zip(phrases, parsed)}
    for key, name, terms in groups:
        plain = [specs[t] for t in getattr(terms, language) if specs[t] and all(k != "prefix" for k, _, _ in specs[t])]
        starred = [specs[t] for t in getattr(terms, language) if specs[t] and any(k == "prefix" for k, _, _ in specs[t])]
        if plain:
            # patterns given as the hashes a PhraseMatcher keeps of them: a Doc per wording costs more than the matcher
            result.by_lemma.add(key, [_lemma_pattern(vocab, s) for s in plain])
            result.by_word.add(key, [tuple(vocab[word].lower for _, _, word in s) for s in plain])
        result.starred += [(key, s) for s in starred]
        if plain or starred:
            result.names[key] = name
            result._keys[vocab.strings.add(key)] = key  # the hash the matchers report the key by
    return result


def _lemma_pattern(vocab: Vocab, specs: list[Spec]) -> tuple[int, ...]:
    """The `NORM` of each word of a term, as a doc of its words whose norms are set to its lemmas would have it
    (a token whose norm is set to nothing has its word's)."""
    return tuple(vocab.strings.add(lemma) or vocab[word].norm for _, lemma, word in specs)


# --------------------------------------------------------------------------- a law read once

_REGULATION_POWER = re.compile(
    r"\b(?:may|shall)\s+(?:,\s*[^,]{0,60},\s*)?(?:by\s+\w+(?:\s+\w+){0,3}\s+)?(?:make|issue)\s+regulations"
    r"|\bmay\s+(?:,\s*[^,]{0,60},\s*)?(?:by\s+\w+(?:\s+\w+){0,3}\s+)?prescribe\b|\bregulations\s+may\b"
    r"|\b(?:un|par)\s+d[ée]cret\b|\bd[ée]cret\s+(?:fixe|d[ée]termine|pr[ée]cise|d[ée]finit)"
    r"|\bpar\s+voie\s+r[ée]glementaire|\bpar\s+(?:un\s+)?arr[êe]t[ée]\b"
    # "A Presidential Order determines...", "shall be determined by regulations", "un arrêté fixe"
    r"|\b(?:presidential|ministerial|executive|royal|government|cabinet)\s+(?:order|decree|regulation)s?\s+(?:shall\s+|may\s+)?"
    r"(?:determines?|prescribes?|specif(?:y|ies)|sets?\s+out|lays?\s+down)\b"
    r"|\b(?:shall|may|is\s+to|are\s+to)\s+be\s+(?:determined|prescribed|specified|laid\s+down|set\s+out|regulated)\s+(?:by|in)\s+"
    r"(?:(?:the|a|an)\s+)?(?:\w+\s+)?(?:regulations?|orders?|decrees?|rules)\b"
    r"|\barr[êe]t[ée]\s+(?:fixe|d[ée]termine|pr[ée]cise|d[ée]finit)"
    # Spanish and Portuguese: "el Gobierno reglamentará", "conforme regulamento", "a autoridade poderá dispor sobre"
    r"|\breglamentar[áa]n?\b|\bregulamentar[áa]\b|\bpoder[áa]\s+(?:dispor\s+sobre|estabelecer\s+normas|editar\s+(?:normas|regulamentos))"
    r"|\bpodr[áa]\s+(?:expedir|dictar)\s+(?:normas|reglamentos|disposiciones)\b|\bdispor[áa]\s+sobre\b",
    re.IGNORECASE,
)
_DISAPPLY = re.compile(
    r"\b(?:shall|does|do|will|is|are|may)\s+(?P<core>not)\s+(?:apply|be\s+applicable|extend\s+to)\b|\b(?:is|are)\s+(?:hereby\s+)?(?P<core2>repealed)"
    r"|\[\s*(?P<core3>repealed)|\b(?P<core4>ne)\s+s['’]appliqu\w*\s+pas|\b(?P<core6>n['’])(?:est|sont)\s+pas\s+applicables?|\b(?P<core5>abrog[ée]e?s?)\b"
    r"|\b(?P<core7>no|não|nao)\s+(?:se\s+)?(?:aplica(?:r[áa])?n?|ser[áa]n?\s+aplicables?|ser[áa]o?\s+aplic[áa]ve(?:l|is))\b"
    r"|\b(?P<core8>der[óo]ga(?:n|se|nse)?|derogad[oa]s?|revoga(?:m|-se|m-se)?|revogad[oa]s?)\b",
    re.IGNORECASE,
)
_DEFINITION_SENTENCE = re.compile(
    r"[\"“‘'«][^\"”’'»]{1,80}[\"”’'»]\s*,?\s*(?:means|includes|has\s+the\s+(?:same\s+)?meaning|shall\s+mean|refers\s+to"
    r"|d[ée]signe|s['’]entend)\b|\bon\s+entend\s+par\b|^\W{0,6}«[^»]{1,80}»\s*:"
    r"|\bse\s+entiende\s+por\b|\bentende-se\s+por\b|\bconsidera-se\s*:",
    re.IGNORECASE,
)
_DEFINITION_WORD = r"(?:interpretation|definitions?|d[ée]finitions?|definiciones|defini[çc][õo]es|terminolog\w*)"
# The heading names definitions as its subject: it opens or closes with the word ("Interpretation",
# "Definitions and interpretation", "Key definitions"), not "Application and interpretation of Act".
_DEFINITIONS_HEADING = re.compile(rf"^\W*(?:\d+\W+)?{_DEFINITION_WORD}\b|\b{_DEFINITION_WORD}\W*$", re.IGNORECASE)


@dataclass
class Sentence:
    start: int
    end: int
    regulation: bool = False  # only empowers someone to make regulations
    disapply: list[tuple[int, int, int]] = field(default_factory=list)  # ("shall not apply" start, "not" offset, end), ...
    definition: bool = False


class Place(NamedTuple):
    """Where a concept hit stands in its block (see `Block.place`)."""

    sentence: int  # index of its sentence (0 when the block has none)
    inserted: bool  # inside a provision this one inserts (graded in that provision's own block)
    definition: bool  # inside a definition of a term
    regulation: bool  # in a sentence that only empowers someone to make regulations
    disapplying: bool  # in a sentence with a disapplying or repealing wording


_new_place = tuple.__new__


@dataclass
class Block:
    """A top-level provision (or an inserted one) read once: its parsed text and units."""

    top: Provision  # the top-level provision it is cited from
    base: int  # where this block's text starts inside top.text
    number: str
    heading: str
    text: str
    doc: Doc
    heading_doc: Doc | None
    subsections: list[tuple[int, int]]
    definitions: list[tuple[int, int]]  # ranges of the law's definitions inside `text`
    definitions_section: bool = False  # its heading names it the law's definitions
    order: int = 0
    amending: bool = False  # a schedule, or a provision amending or repealing other laws
    restating: bool = False  # a purpose, objects or policy section: restates the law, no evidence of it
    inserted: list[tuple[int, int]] = field(default_factory=list)  # ranges of provisions it inserts (blocks of their own)

    @cached_property
    def sentences(self) -> list[Sentence]:
        """Its sentences, worked out when first asked for: re-assessing one edited item looks at few blocks."""
        return _sentences(self.text, self.definitions_section, self.definitions)

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last before it when between sentences)."""
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def in_definition(self, offset: int) -> bool:
        starts, ends = self._definition_spans
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < ends[index]:
            return True
        return bool(self.sentences) and self.sentences[self.sentence_at(offset)].definition

    @cached_property
    def _definition_spans(self) -> tuple[list[int], list[int]]:
        """`definitions` merged where they overlap: (starts, ends), in order."""
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(r for r in self.definitions if r[0] < r[1]):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        return starts, ends

    def place(self, offset: int) -> Place:
        """What the text at `offset` is: its sentence and whether it is evidence of this block's own
        (asked for every concept hit by every item: remembered per offset)."""
        known = self.places.get(offset)
        if known is None:
            # most text is in no definition and no inserted provision: the place of its sentence, made once
            known = self._sentence_places[max(bisect_right(self._sentence_starts, offset) - 1, 0)]
            if self._marked:
                known = self._marked_place(known, offset)
            self.places[offset] = known
        return known

    @cached_property
    def _sentence_places(self) -> list[Place]:
        """The place of each sentence's text outside definitions and inserted provisions (one when it has no sentence)."""
        return [_new_place(Place, (index, False, sentence.definition, sentence.regulation, bool(sentence.disapply)))  # no Python-level constructor
                for index, sentence in enumerate(self.sentences)] or [Place(0, False, False, False, False)]

    @cached_property
    def _marked(self) -> bool:
        """Whether the block has definitions or inserted provisions, which mark the places inside them."""
        return bool(self.inserted) or bool(self._definition_spans[0])

    def _marked_place(self, place: Place, offset: int) -> Place:
        """`place`, the place of the sentence at `offset`, marked if `offset` is inside an inserted provision or a definition."""
        inserted = any(start <= offset < end for start, end in self.inserted)
        starts, ends = self._definition_spans
        at = bisect_right(starts, offset) - 1
        defined = at >= 0 and offset < ends[at]
        if not inserted and (place.definition or not defined):
            return place
        return _new_place(Place, (place.sentence, inserted, True if defined else place.definition, place.regulation, place.disapplying))

    @cached_property
    def places(self) -> dict[int, Place]:
        """The places `place` worked out so far, by offset (for callers that ask of many hits)."""
        return {}

    @cached_property
    def spans(self) -> tuple[list[int], list[int]]:
        """Character offsets where each token of `doc` starts and ends (a Span per match costs far more)."""
        if not len(self.doc):
            return [], []
        starts, lengths = self.doc.to_array([IDX, LENGTH]).T
        return starts.tolist(), (starts + lengths).tolist()

    @cached_property
    def flat_text(self) -> str:
        """The text as parsed (whitespace flattened, same offsets as `text`); `doc.text` would be rebuilt token by token."""
        return flat(self.text)

    def units(self, scope: str) -> list[tuple[int, int]]:
        """The (start, end) of each unit of `scope`: "sentence", "subsection" or the whole "provision"."""
        if scope == "sentence":
            return self._sentence_units
        if scope == "subsection":
            return self.subsections
        return [(0, len(self.text))]

    @cached_property
    def _sentence_units(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences] or [(0, len(self.text))]

    def unit_starts(self, scope: str) -> list[int] | None:
        """The starts of the units of `scope` when the units are in order and do not overlap, else None."""
        if scope not in self._unit_starts:
            units = self.units(scope)
            ordered = all(a[0] <= a[1] <= b[0] for a, b in zip(units, units[1:]))
            self._unit_starts[scope] = [start for start, _ in units] if ordered else None
        return self._unit_starts[scope]

    @cached_property
    def _unit_starts(self) -> dict[str, list[int] | None]:
        return {}


@dataclass
class LawText:
    """A law's blocks, parsed once and shared by every checklist, and the words it uses."""

    law: Law
    blocks: list[Block]
    forms: list[str] = field(default_factory=list)  # distinct lowercase words, sorted
    by_lemma: dict[str, set[str]] = field(default_factory=dict)  # lemma -> lowercase words
    _fitting: dict[Spec, list[str]] = field(default_factory=dict)  # spec -> the law's words that fit it
    # (spec, vocabulary) -> the lowercase forms (`LOWER`) of those words
    _fitting_lowers: dict[tuple[Spec, int], list[int]] = field(default_factory=dict)
    # (specs, vocabulary) -> their wordings: checklists share many starred terms ("personal data*")
    _wordings: dict[tuple[tuple[Spec, ...], int], list[tuple[int, ...]]] = field(default_factory=dict)
    _term_wordings: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)  # see `term_wordings`

    def wordings(self, specs: Sequence[Spec], vocab: Vocab) -> list[tuple[int, ...]]:
        """The law's word sequences that fit a starred term's specs and could stand in the law, as the lowercase
        forms (`LOWER`, in `vocab`) of their words: of the first MAX_EXPANSIONS sequences of words fitting each
        spec (none if a spec fits no word), those whose words each stand right before the next somewhere."""
        key = (tuple(specs), id(vocab))
        known = self._wordings.get(key)
        if known is None:
            # the lowercase forms of the words only when every spec fits some: each word new to the vocabulary
            # costs a Lexeme of its own
            known = self._expansions([self._lowers(spec, vocab) for spec in specs]) \
                if all(self._words(spec) for spec in specs) else []
            self._wordings[key] = known
        return known

    def _expansions(self, choices: list[list[int]]) -> list[tuple[int, ...]]:
        """Of the first MAX_EXPANSIONS sequences of lowercase forms, one of each of `choices` in turn, those whose
        forms each stand right before the next somewhere in the law."""
        if len(choices) == 1:  # most starred terms are one word ("processor*"): no neighbours to ask about
            return [(lower,) for lower in choices[0][:MAX_EXPANSIONS]]
        pairs = self._pairs
        # Most combinations of the words fitting a starred term of several words never stand side by
        # side in the law: a pattern of each would cost far more than asking whether they could.
        return [forms for forms in islice(product(*choices), MAX_EXPANSIONS)
                if all((a * MIX + b) & _MASK in pairs for a, b in zip(forms, forms[1:]))]

    def _words(self, spec: Spec) -> list[str]:
        found = self._fitting.get(spec)
        if found is None:
            found = self._fitting[spec] = self._fit(spec)
        return found

    def _lowers(self, spec: Spec, vocab: Vocab) -> list[int]:
        """The lowercase forms (`LOWER`, in `vocab`) of the law's words that fit `spec`, in the order of `_fit`."""
        key = (spec, id(vocab))
        found = self._fitting_lowers.get(key)
        if found is None:
            found = self._fitting_lowers[key] = _lowers_of(self._words(spec), vocab)
        return found

    @cached_property
    def _pairs(self) -> set[int]:
        """Every two neighbouring tokens of the law's texts, as one number made of their lowercase forms
        (`(first * MIX + next) mod 2**64`, as `gapcheck.wordindex` keeps them).

        Worked out on whole arrays: a tuple per token pair took twice as long. Two forms that collide only
        let a wording through that no matcher can find, so what is found stays the same."""
        return _neighbour_pairs([b.doc for b in self.blocks] + [b.heading_doc for b in self.blocks if b.heading_doc is not None])

    def term_wordings(self, terms: Sequence[str]) -> dict[str, list[tuple[int, int, int]]]:
        """Where each of `terms` (defined terms of the law) stands, on lemmas: term -> (block order, first token,
        end token) of each of its wordings, in order. Each term is matched once: every checklist asks for some."""
        known = self._term_wordings
        new = [term for term in dict.fromkeys(terms) if term not in known]
        if new:
            matcher, _ = defined_term_matcher(self.law, new)
            index = {matcher.vocab.strings.add(str(at)): term for at, term in enumerate(new)}  # match id -> its term
            for term in new:
                known[term] = []
            for block in self.blocks:
                for match_id, start, end in matcher(block.doc):
                    known[index[match_id]].append((block.order, start, end))
        return known

    def _fit(self, spec: Spec) -> list[str]:
        kind, value, word = spec
        if kind == "norm":
            return sorted(self.by_lemma.get(value, set()) | {word})
        forms, found = self.forms, []
        at, size = bisect_left(forms, value), len(value)
        while at < len(forms) and forms[at].startswith(value):  # by index: a slice would copy the rest of the list
            form = forms[at]
            # str.isalnum is re's \w less "_", asked first: most endings are plain letters
            if len(form) - size <= 24 and (form[size:].isalnum() or _ENDING.fullmatch(form, size)):
                found.append(form)
            at += 1
        return found


_ENDING = re.compile(r"[\w'’-]*")
_MASK = (1 << 64) - 1
# vocabulary -> word -> its lowercase form (`LOWER`): laws of one language share most of their words, and a
# vocabulary's `Lexeme` is slower to make than a dict is to ask (the vocabularies live as long as the process)
_LOWERS: dict[int, tuple[Vocab, dict[str, int]]] = {}


def _lowers_of(words: list[str], vocab: Vocab) -> list[int]:
    """The lowercase form (`LOWER`, in `vocab`) of each of `words`."""
    kept = _LOWERS.get(id(vocab))
    if kept is None or kept[0] is not vocab:
        kept = _LOWERS[id(vocab)] = (vocab, {})
    known = kept[1]
    if len(known) > 1_000_000:  # a long-lived process reading laws of ever new words
        known.clear()
    found = []
    for word in words:
        lower = known.get(word)
        if lower is None:
            lower = known[word] = vocab[word].lower
        found.append(lower)
    return found


def _neighbour_pairs(docs: Sequence[Doc]) -> set[int]:
    """`(a * MIX + b) mod 2**64` of the lowercase forms a, b of every two neighbouring tokens of each of `docs`."""
    lengths = [len(doc) for doc in docs]
    if sum(lengths) < 2:
        return set()
    lowers = numpy.concatenate([doc.to_array(LOWER) for doc in docs if len(doc)])
    return set(_pairs_within(lowers[numpy.newaxis], lengths)[0].tolist())


def _pairs_within(rows: numpy.ndarray, lengths: Sequence[int]) -> numpy.ndarray:
    """`(a * MIX + b) mod 2**64` of every two neighbouring values a, b of each row that stand in one text:
    `rows` holds an attribute of the tokens a row, text after text, and `lengths` the tokens of each text."""
    count = rows.shape[1]
    ends = numpy.cumsum(numpy.asarray(lengths, dtype=numpy.int64))
    within = numpy.ones(max(count - 1, 0), dtype=bool)  # whether token i and token i + 1 are in one text
    within[ends[(ends > 0) & (ends < count)] - 1] = False
    return (rows[:, :-1] * numpy.uint64(MIX) + rows[:, 1:])[:, within]  # uint64: wraps around, as the mask does in Python


_READ: dict[int, tuple[weakref.ref, LawText]] = {}
# A law's parse is most of the memory a scan holds (about 20 MB for an average law) and it keeps its law alive:
# a scan forgets each law once assessed, and at most this many are kept otherwise (a framework, checklist examples).
_READ_KEPT = 64


DocStore = nlp.DocStore


def read(law: Law, store: DocStore | None = None) -> LawText:
    """The parsed text of `law`, kept until `forget(law)` or until many later laws are read (and in `store` across runs)."""
    cached = _READ.get(id(law))
    if cached is not None and cached[0]() is law:
        return cached[1]
    result = _read(law, store)
    while len(_READ) >= _READ_KEPT:
        del _READ[next(iter(_READ))]  # the oldest: dicts keep their order of insertion
    _READ[id(law)] = (weakref.ref(law), result)
    return result


def forget(law: Law) -> None:
    """Let go of the parsed text of `law` (its spaCy docs), once nothing more is to be matched in it."""
    _READ.pop(id(law), None)


def _read(law: Law, store: DocStore | None = None) -> LawText:
    language, places, headings, texts = _texts(law)
    tops = {id(provision): index for index, (top, _, provision) in enumerate(places) if provision is top}
    within = [None if provision is top else (tops[id(top)], base) for top, base, provision in places]
    parsed, (lemmas, lowers) = _parse(texts, language, store, within)
    docs = parsed[:len(places)]
    heading_docs = dict(zip([i for i, h in enumerate(headings) if h], parsed[len(places):]))
    inserts: dict[int, list[tuple[int, int]]] = {}  # id of a top-level provision -> ranges of the provisions it inserts
    for top, base, provision in places:
        if provision is not top:
            inserts.setdefault(id(top), []).append((base, base + len(provision.text)))
    blocks = []
    for index, ((top, base, provision), doc) in enumerate(zip(places, docs)):
        block = Block(
            top=top, base=base, number=provision.number, heading=provision.heading, text=provision.text, doc=doc,
            heading_doc=heading_docs.get(index), definitions_section=bool(_DEFINITIONS_HEADING.search(provision.heading)),
            subsections=_subsections(provision), definitions=_definition_ranges(law, provision), order=index,
            amending=_amending(top, provision), restating=bool(_RESTATING_HEADING.search(provision.heading)),
            inserted=list(inserts.get(id(top), ())) if provision is top else [],
        )
        block.__dict__["flat_text"] = texts[index]  # the cached property's value, worked out above already
        blocks.append(block)
    strings = nlp.vocab(language).strings
    by_lemma: dict[str, set[str]] = {}
    for norm, lower in zip(lemmas.tolist(), lowers.tolist()):
        by_lemma.setdefault(strings[norm], set()).add(strings[lower])
    forms = sorted({form for group in by_lemma.values() for form in group})
    return LawText(law, blocks, forms, by_lemma)


Words = tuple[numpy.ndarray, numpy.ndarray]  # distinct (lemma, lowercase form) pairs as two columns, sorted by pair


Within = Sequence[tuple[int, int] | None]  # for each text, (the index of the text it stands in, its offset there) or None


def _parse(texts: list[str], language: str, store: DocStore | None, within: Within = ()) -> tuple[list[Doc], Words]:
    """The docs of `texts` (see `_parsed_once` for `within`), from `store` when these very texts were parsed by
    this very pipeline before, and the distinct (`NORM`, `LOWER`) of their tokens."""
    if store is None:
        docs = _parsed_once(texts, language, within)
        return docs, _distinct_rows(nlp.token_table(docs, (NORM, LOWER)))
    digest = _digest(texts, language)
    data = store.get_bytes(f"docs-{digest}")
    if data is not None:
        try:
            docs = nlp.docs_from_bytes(data, language)
        except (ValueError, KeyError, TypeError):  # a damaged entry is just a miss
            docs = []
        # the key already names these texts: check lengths only (rebuilding each doc's text costs seconds)
        if len(docs) == len(texts) and all(_length(doc) == len(text) for doc, text in zip(docs, texts)):
            return docs, _distinct_rows(nlp.token_table(docs, (NORM, LOWER)))
    docs = _parsed_once(texts, language, within)
    table = nlp.token_table(docs)  # one array for the docs saved, their word index and the law's words
    words = _distinct_rows(table[:, 1:3])
    store.put_bytes(f"docs-{digest}", nlp.docs_to_bytes(docs, table))
    store.put_bytes(f"words-{digest}", _word_index(table[:, 1:3], [len(doc) for doc in docs], words))
    return docs, words


def _parsed_once(texts: list[str], language: str, within: Within) -> list[Doc]:
    """The docs of `texts`, each word parsed once: a text that stands within another one, as `within` says
    (a provision that an amending provision inserts into another law), is cut from that one's doc.

    Its words then have the lemmas they have where they stand, and the French model, a third of a cold
    scan's parsing, reads an amending law's inserted provisions once instead of twice."""
    docs: list[Doc | None] = [None] * len(texts)
    places = list(within) + [None] * (len(texts) - len(within))
    alone = [index for index, place in enumerate(places) if place is None]
    for index, doc in zip(alone, nlp.parse([texts[index] for index in alone], language)):
        docs[index] = doc
    for index, place in enumerate(places):
        if place is not None:
            outer, start = place
            docs[index] = nlp.doc_within(docs[outer], texts[outer], start, texts[index])  # type: ignore[arg-type]
    missed = [index for index, doc in enumerate(docs) if doc is None]  # not cut at the ends of words: parsed alone
    for index, doc in zip(missed, nlp.parse([texts[index] for index in missed], language)):
        docs[index] = doc
    return docs  # type: ignore[return-value]


def _distinct_rows(rows: numpy.ndarray) -> Words:
    """The distinct rows of a two-column array, as its two columns: sorted by rows, each row once
    (the rows of a law's tokens are few distinct: a sort of them costs a quarter of a Python set of tuples)."""
    first, second = rows[:, 0], rows[:, 1]
    order = numpy.lexsort((second, first))
    first, second = first[order], second[order]
    new = numpy.ones(len(order), dtype=bool)
    new[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
    return first[new], second[new]


# --------------------------------------------------------------------------- the index of a law's words (see gapcheck.wordindex)


def _word_index(words: numpy.ndarray, lengths: Sequence[int], distinct: Words) -> bytes:
    """The words of a law's parsed texts, compared as the matchers compare them (lemma `NORM`, lowercase form
    `LOWER`), each alone and each with the word after it: sorted hashes, four arrays with their lengths first.

    `words` holds the (`NORM`, `LOWER`) of every token of the texts, text after text, and `lengths` the number
    of tokens of each text: two words are neighbours when they stand side by side in one text. `distinct` holds the
    distinct rows of `words` (`_distinct_rows`): its few thousand lemmas and forms are quicker to sort than every token's."""
    pairs = _pairs_within(numpy.ascontiguousarray(words.T), lengths)  # from a row of lemmas and a row of lowercase forms
    arrays = [nlp.sorted_distinct(found) for column in (0, 1) for found in (distinct[column], pairs[column])]
    counts = numpy.array([len(a) for a in arrays], dtype="<u8")
    return b"".join(a.astype("<u8").tobytes() for a in [counts, *arrays])


def _length(doc: Doc) -> int:
    """The length of the text of `doc`, from its last token."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _sentences(text: str, in_definitions_section: bool, entries: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """The sentences of a provision; each definition entry (`entries`) starts a sentence of its own, so that
    a definitions section is not one long sentence whose one "may prescribe" would mark every entry."""
    starts = sorted({_entry_start(text, start) for start, _ in entries})
    lowered = _lowered(text)
    # the needs whose first word stands anywhere in the provision: most provisions hold none of some pattern's
    regulation_words, disapply_words, definition_words = (
        _groups_in(lowered, needs) for needs in (_REGULATION_WORDS, _DISAPPLY_WORDS, _DEFINITION_WORDS))
    found = []
    for start, end in _split(text, nlp.sentences(text), starts):
        chunk = text[start:end]
        regulation = _may_hold(lowered, start, end, regulation_words) and bool(_REGULATION_POWER.search(chunk))
        disapply = [(start + m.start(), start + _core(m), start + m.end()) for m in _DISAPPLY.finditer(chunk)] \
            if _may_hold(lowered, start, end, disapply_words) else []
        definition = in_definitions_section or (_may_hold(lowered, start, end, definition_words) and bool(_DEFINITION_SENTENCE.search(chunk)))
        found.append(Sentence(start, end, regulation=regulation, disapply=disapply, definition=definition))
    return found


class Need(NamedTuple):
    """Words without which a pattern cannot match: `word`, and one of `others` when there are any."""

    word: str
    others: tuple[str, ...] = ()


Needs = tuple[Need, ...]
# Words (lowercase) without which each pattern above cannot match: every alternative of a pattern holds all the
# words of one need. Python's re finds no literal to skip ahead to in those alternations, so it tries every
# alternative at every character of every sentence; `str.find` for these words first is several times faster.
# A need's first word is looked for in the whole provision, its others only in a sentence that has the first:
# "order" stands in many sentences ("in order to") that no "order ... determines" or "be set out by order" follows.
_DETERMINE = ("determine", "prescribe", "specif", "set", "lay", "laid", "regulated")  # of the verbs after "order", "by rules"
_REGULATION_WORDS = (
    Need("regulation", ("make", "issue", "may", *_DETERMINE)), Need("order", _DETERMINE), Need("decree", _DETERMINE),
    Need("rules", _DETERMINE), Need("prescribe", ("may",)), Need("décret"), Need("decret"), Need("arrêt"), Need("arret"),
    Need("glementaire"), Need("reglamentar"), Need("regulamentar"), Need("poder", ("estabelecer", "editar")),
    Need("podr", ("expedir", "dictar")), Need("dispor"))
_DISAPPLY_WORDS = (Need("not", ("apply", "applicable", "extend")), Need("repealed"), Need("appliqu", ("pas",)),
                   Need("applicable", ("pas",)), Need("abrog"), Need("aplic"), Need("derog"), Need("deróg"), Need("revoga"))
_DEFINITION_WORDS = (Need("mean"), Need("includes"), Need("refers"), Need("signe"), Need("entend"), Need("entiende"), Need("«"),
                     Need("considera-se"))
# re.IGNORECASE equates these with "i" or "s", which str.lower() does not (and "İ" lowers to two characters)
_ODD_CASES = ("\u0130", "\u0131", "\u017f")


def _lowered(text: str) -> str | None:
    """`text` lowercased for `_may_hold`, offset for offset; None when a word test could miss what the pattern matches."""
    return None if any(odd in text for odd in _ODD_CASES) else text.lower()


def _groups_in(lowered: str | None, needs: Needs) -> Needs | None:
    """The needs whose first word `lowered` holds (None, any need may hold: without a lowered text)."""
    if lowered is None:
        return None
    return tuple(need for need in needs if need.word in lowered)


def _may_hold(lowered: str | None, start: int, end: int, needs: Needs | None) -> bool:
    """Whether `lowered[start:end]` holds the words of some need of `needs` (always when either is None)."""
    if lowered is None or needs is None:
        return True
    for word, others in needs:
        if lowered.find(word, start, end) >= 0 and (not others or any(lowered.find(other, start, end) >= 0 for other in others)):
            return True
    return False


def _entry_start(text: str, start: int) -> int:
    """Where a definition entry starts: back over the opening quote mark of its term."""
    while start > 0 and text[start - 1] in "«“\"‘' \u00a0":
        start -= 1
    return start


def _split(text: str, spans: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """`spans` cut again at each of `starts` that falls inside one."""
    result = []
    for start, end in spans:
        inner = [cut for cut in starts if start < cut < end]
        for a, b in zip([start, *inner], [*inner, end]):
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                result.append((a, b))
    return result


_AIM = r"(?:purposes?|objects?|objectives?|aims?|objet|objectifs?|buts?|objeto|objetivos?)"  # not "Finalité": purpose limitation
# Sections that restate everything the law does: "Objects of this Act", "Declaration of policy", "Objet".
# Not "Purpose limitation" or "Purposes of processing", which are rules.
_RESTATING_HEADING = re.compile(
    rf"^\W*(?:{_AIM}(?:\s+(?:and|et|y|e)\s+{_AIM})?(?:\s+(?:of|de|du|da|do)\s+(?:(?:this|the|la|le|esta|presente|pr[ée]sente)\s+)*"
    rf"(?:act|law|part|bill|chapter|ordinance|proclamation|decree|loi|ley|lei|d[ée]cret|titre|chapitre))?"
    r"|(?:declaration|statement)\s+of\s+(?:(?:state|national|general)\s+)?polic(?:y|ies)|long\s+title|preamble|pr[ée]ambule)\W*$",
    re.IGNORECASE,
)
_AMENDING_HEADING = re.compile(r"amend|repeal|consequential|transitional|savings|modif|abrog", re.IGNORECASE)


def _amending(top: Provision, provision: Provision) -> bool:
    """A schedule, or a provision whose heading says it amends or repeals (other laws, mostly)."""
    heading = re.sub(r"\s+", "", f"{top.heading} {provision.heading}")  # "Conseq uential Amend ments"
    return top.kind == "schedule" or bool(_AMENDING_HEADING.search(heading))


def _core(match: re.Match[str]) -> int:
    """Offset of the negating or repealing word of a disapplying wording ("not" in "shall not apply")."""
    return next(match.start(g) for g in ("core", "core2", "core3", "core4", "core5", "core6", "core7", "core8")
                if match.group(g) is not None)


def _subsections(provision: Provision) -> list[tuple[int, int]]:
    """The subsections' ranges; the whole provision when it has none.

    Text before the first subsection is a unit too: the caput of a Brazilian or Spanish-style article
    ("O controlador deverá comunicar ... § 1º A comunicação ...") states the rule its paragraphs qualify."""
    ranges = [(c.offset, c.offset + len(c.text)) for c in provision.children if c.kind == "subsection" and c.text]
    if ranges and provision.text[:ranges[0][0]].rstrip().endswith((":", "—", "–")):
        return [(0, len(provision.text))]  # "a le droit de demander :" 1° ... 2° ...: the items complete the lead-in
    if ranges and provision.text[:ranges[0][0]].strip():
        ranges.insert(0, (0, ranges[0][0]))
    return ranges or [(0, len(provision.text))]


def _definition_ranges(law: Law, provision: Provision) -> list[tuple[int, int]]:
    ranges = []
    for definition in law.definitions:
        if definition.provision != provision.number or not definition.text:
            continue
        at = provision.text.find(definition.text)
        if at >= 0:
            ranges.append((at, at + len(definition.text)))
    return ranges


def defined_term_matcher(law: Law, terms: list[str]) -> tuple[PhraseMatcher, list[str]]:
    """A PhraseMatcher (on lemmas) of the law's defined `terms`, keyed by position in `terms`."""
    language = law_language(law)
    matcher = PhraseMatcher(nlp.vocab(language), attr="NORM")
    for index, doc in enumerate(nlp.phrases(terms, language)):
        if len(doc):
            matcher.add(str(index), [doc])
    return matcher, terms
