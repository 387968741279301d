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
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from gapcheck import nlp
from gapcheck.checklist.schema import Checklist, Item, Terms
from gapcheck.models import Law, Provision

SHARED = "@"
EXCLUDE = "!exclude"

# --------------------------------------------------------------------------- compiled concepts


@dataclass
class Compiled:
    """The matcher of one checklist in one language, and how item concept names map to its keys."""

    checklist: Checklist
    language: str
    matcher: Matcher
    names: dict[str, str] = field(default_factory=dict)  # matcher key -> concept name

    def key(self, item: Item, name: str) -> str:
        """The matcher key of concept `name` as `item` sees it (the item's own concepts override shared ones)."""
        return f"{item.id}/{name}" if name in item.concepts else SHARED + name


_COMPILED: dict[tuple[int, str], Compiled] = {}


def compiled(checklist: Checklist, language: str) -> Compiled:
    """The cached matcher of `checklist` for `language`."""
    cached = _COMPILED.get((id(checklist), language))
    if cached is not None and cached.checklist is checklist:
        return cached
    result = _compile(checklist, language)
    _COMPILED[(id(checklist), language)] = result
    return result


def _compile(checklist: Checklist, language: str) -> Compiled:
    pipeline = nlp.pipeline(language)
    matcher = Matcher(pipeline.vocab)
    result = Compiled(checklist, language, matcher)
    groups: list[tuple[str, str, Terms]] = [(SHARED + name, name, terms) for name, terms in checklist.concepts.items()]
    for item in checklist.items:
        groups += [(f"{item.id}/{name}", name, terms) for name, terms in item.concepts.items()]
        groups.append((f"{item.id}/{EXCLUDE}", EXCLUDE, item.exclude))
    phrases = sorted({term for _, _, terms in groups for term in getattr(terms, language)})
    patterns = dict(zip(phrases, (term_patterns(term, doc) for term, doc in zip(phrases, nlp.parse((_unstar(p) for p in phrases), language)))))
    for key, name, terms in groups:
        found = [pattern for term in getattr(terms, language) for pattern in patterns[term]]
        if found:
            matcher.add(key, found)
            result.names[key] = name
    return result


def _unstar(term: str) -> str:
    return term.replace("*", "")


def term_patterns(term: str, doc: Doc) -> list[list[dict[str, Any]]]:
    """Token patterns of `term` (parsed without its stars as `doc`): on lemmas, and on lowercase words."""
    starred = _starred_offsets(term)
    by_lemma, by_word = [], []
    for token in doc:
        if token.is_space:
            continue
        if token.idx + len(token) in starred:  # this token ended a word written `word*`
            prefix = {"LOWER": {"REGEX": rf"^{re.escape(token.lower_)}[\w'’-]{{0,24}}$"}}
            by_lemma.append(prefix)
            by_word.append(prefix)
        else:
            by_lemma.append({"NORM": token.norm_})
            by_word.append({"LOWER": token.lower_})
    if not by_lemma:
        return []
    return [by_lemma] if by_lemma == by_word else [by_lemma, by_word]


def _starred_offsets(term: str) -> set[int]:
    """End offsets, in the term without stars, of the words that ended with `*`."""
    ends, removed = set(), 0
    for match in re.finditer(r"\*", term):
        ends.add(match.start() - removed)
        removed += 1
    return ends


# --------------------------------------------------------------------------- a law read once

_REGULATION_POWER = re.compile(
    r"\b(?:may|shall)\s+(?:,\s*[^,]{0,60},\s*)?(?:by\s+\w+(?:\s+\w+){0,3}\s+)?(?:make|issue)\s+regulations"
    r"|\bmay\s+(?:,\s*[^,]{0,60},\s*)?(?:by\s+\w+(?:\s+\w+){0,3}\s+)?prescribe\b|\bregulations\s+may\b"
    r"|\b(?:un|par)\s+d[ée]cret\b|\bd[ée]cret\s+(?:fixe|d[ée]termine|pr[ée]cise|d[ée]finit)"
    r"|\bpar\s+voie\s+r[ée]glementaire|\bpar\s+(?:un\s+)?arr[êe]t[ée]\b",
    re.IGNORECASE,
)
_DISAPPLY = re.compile(
    r"\b(?:shall|does|do|will|is|are|may)\s+not\s+apply\b|\b(?:is|are)\s+(?:hereby\s+)?repealed"
    r"|\[\s*repealed|\bne\s+s['’]appliqu\w*\s+pas|\babrog[ée]e?s?\b",
    re.IGNORECASE,
)
_DEFINITION_SENTENCE = re.compile(
    r"^\W{0,6}[\w'’ -]{1,80}?[\"”»]?\s*(?:means|includes|has\s+the\s+(?:same\s+)?meaning|shall\s+mean|refers\s+to)\b"
    r"|^\W{0,6}[\w'’ -]{1,80}?[\"”»]\s*[:,]|\bon\s+entend\s+par\b|\bau\s+sens\s+de\s+la\s+pr[ée]sente",
    re.IGNORECASE,
)
_DEFINITIONS_HEADING = re.compile(r"interpretation|definition|d[ée]finition", re.IGNORECASE)


@dataclass
class Sentence:
    start: int
    end: int
    regulation: bool = False  # only empowers someone to make regulations
    disapply: list[tuple[int, int]] = field(default_factory=list)  # spans of "shall not apply", "abrogé"...
    definition: bool = False


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
    sentences: list[Sentence]
    subsections: list[tuple[int, int]]
    definitions: list[tuple[int, int]]  # ranges of the law's definitions inside `text`
    order: int = 0

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last before it when between sentences)."""
        index = 0
        for i, sentence in enumerate(self.sentences):
            if sentence.start > offset:
                break
            index = i
        return index

    def in_definition(self, offset: int) -> bool:
        if any(start <= offset < end for start, end in self.definitions):
            return True
        return bool(self.sentences) and self.sentences[self.sentence_at(offset)].definition


@dataclass
class LawText:
    """A law's blocks, parsed once and shared by every checklist."""

    law: Law
    blocks: list[Block]


_READ: dict[int, tuple[weakref.ref, LawText]] = {}


def read(law: Law) -> LawText:
    """The parsed text of `law`, cached while the law object lives."""
    cached = _READ.get(id(law))
    if cached is not None and cached[0]() is law:
        return cached[1]
    result = _read(law)
    _READ[id(law)] = (weakref.ref(law), result)
    return result


def _read(law: Law) -> LawText:
    language = law.language if law.language in nlp.LANGUAGES else "en"
    places = _places(law)
    docs = list(nlp.parse((place[2].text for place in places), language))
    headings = [p[2].heading for p in places]
    heading_docs = dict(zip([i for i, h in enumerate(headings) if h],
                            nlp.parse((h for h in headings if h), language)))
    blocks = []
    for index, ((top, base, provision), doc) in enumerate(zip(places, docs)):
        is_definitions = bool(_DEFINITIONS_HEADING.search(provision.heading))
        blocks.append(Block(
            top=top, base=base, number=provision.number, heading=provision.heading, text=provision.text, doc=doc,
            heading_doc=heading_docs.get(index), sentences=_sentences(provision.text, is_definitions),
            subsections=_subsections(provision), definitions=_definition_ranges(law, provision), order=index,
        ))
    return LawText(law, blocks)


def _places(law: Law) -> list[tuple[Provision, int, Provision]]:
    """(top-level provision, offset in it, provision) for each top-level and each inserted provision."""
    places = []
    for top in law.provisions:
        places.append((top, 0, top))
        places.extend((top, base, inserted) for inserted, base in _inserted(top, 0) if inserted is not top)
    return places


def _inserted(provision: Provision, base: int) -> list[tuple[Provision, int]]:
    found = [(provision, base)] if provision.kind == "inserted" else []
    for child in provision.children:
        found.extend(_inserted(child, base + child.offset))
    return found


def _sentences(text: str, in_definitions_section: bool) -> list[Sentence]:
    found = []
    for start, end in nlp.sentences(text):
        chunk = text[start:end]
        found.append(Sentence(
            start, end, regulation=bool(_REGULATION_POWER.search(chunk)),
            disapply=[(start + m.start(), start + m.end()) for m in _DISAPPLY.finditer(chunk)],
            definition=bool(_DEFINITION_SENTENCE.search(chunk)) or in_definitions_section,
        ))
    return found


def _subsections(provision: Provision) -> list[tuple[int, int]]:
    """The subsections' ranges; the whole provision when it has none."""
    ranges = [(c.offset, c.offset + len(c.text)) for c in provision.children if c.kind == "subsection" and c.text]
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
    language = law.language if law.language in nlp.LANGUAGES else "en"
    matcher = PhraseMatcher(nlp.pipeline(language).vocab, attr="NORM")
    for index, doc in enumerate(nlp.parse(terms, language)):
        if len(doc):
            matcher.add(str(index), [doc])
    return matcher, terms
