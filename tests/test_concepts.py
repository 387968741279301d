"""Tests of gapcheck.concepts: sentence marks, matcher patterns, wordings of starred terms shared by checklists."""

from __future__ import annotations

import copy
import re

import numpy
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER, NORM
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from gapcheck import concepts, nlp, wordindex
from gapcheck.checklist.schema import Checklist
from gapcheck.match import assess
from gapcheck.models import Law, Provision

# Pieces of statute wording, in several cases and languages, that the sentence patterns look for (and near misses).
PIECES = [
    "The Minister", "may", "MAY", "shall", "make", "issue", "regulations", "Regulations", "prescribe", "by order",
    "A Presidential Order", "determines", "shall be determined by", "rules", "un décret", "par DÉCRET", "décret fixe",
    "par voie réglementaire", "un arrêté", "Arrêté détermine", "el Gobierno reglamentará", "conforme regulamento",
    "poderá dispor sobre", "podrá expedir normas", "does not apply", "shall not apply", "not", "apply", "extend to",
    "is hereby repealed", "[Repealed", "ne s'applique pas", "n'est pas applicable", "abrogée", "no se aplicará",
    "não se aplica", "derogado", "revogam-se", '"data" means', "“fee” includes", "'term' has the meaning",
    "« donnée » désigne", "on entend par", "se entiende por", "entende-se por", "considera-se:", "«x» :",
    "regulatıons", "preſcribe", "İ", "of", "the", ",", ";", ".", ". The", "\n(2)", "\n", "ſ",
    # the second words of the needs, and near misses of them
    "order", "in order to", "Ministerial Decree", "Cabinet Regulation", "specifies", "sets out", "lays down", "laid down",
    "prescribed", "regulated", "by", "in the", "Rules", "secret", "Regulations may", "application", "applies", "apply",
    "pas", "n'est", "poderá", "estabelecer normas", "podrá", "dictar", "reglamentos", "se entiende",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.booleans())
def test_concepts_sentence_marks_are_what_the_patterns_find(pieces: list[str], definitions_section: bool) -> None:
    """Looking for the patterns' words first never changes what a sentence is marked as."""
    text = " ".join(pieces)
    for sentence in concepts._sentences(text, definitions_section):
        chunk = text[sentence.start:sentence.end]
        assert sentence.regulation is bool(concepts._REGULATION_POWER.search(chunk))
        assert sentence.definition is (definitions_section or bool(concepts._DEFINITION_SENTENCE.search(chunk)))
        expected = [(sentence.start + m.start(), sentence.start + concepts._core(m), sentence.start + m.end())
                    for m in concepts._DISAPPLY.finditer(chunk)]
        assert sentence.disapply == expected



# The disapplying and defining-sentence patterns as first written, each alternative with a \b of its own: the
# patterns factor the \b out (one test per character instead of one per alternative) and must find the same.
_DISAPPLY_UNFACTORED = re.compile(
    r"\b(?:shall|does|do|will|is|are|may)\s+(?P<core>not)\s+(?:apply|be\s+applicable|extend\s+to)\b|\b(?:is|are)\s+(?:hereby\s+)?(?P<core2>repealed)"
    r"|\[\s*(?P<core3>repealed)|\b(?P<core4>ne)\s+s['’]appliqu\w*\s+pas|\b(?P<core6>n['’])(?:est|sont)\s+pas\s+applicables?|\b(?P<core5>abrog[ée]e?s?)\b"
    r"|\b(?P<core7>no|não|nao)\s+(?:se\s+)?(?:aplica(?:r[áa])?n?|ser[áa]n?\s+aplicables?|ser[áa]o?\s+aplic[áa]ve(?:l|is))\b"
    r"|\b(?P<core8>der[óo]ga(?:n|se|nse)?|derogad[oa]s?|revoga(?:m|-se|m-se)?|revogad[oa]s?)\b",
    re.IGNORECASE,
)
_DEFINITION_SENTENCE_UNFACTORED = re.compile(
    r"[\"“‘'«][^\"”’'»]{1,80}[\"”’'»]\s*,?\s*(?:means|includes|has\s+the\s+(?:same\s+)?meaning|shall\s+mean|refers\s+to"
    r"|d[ée]signe|s['’]entend)\b|\bon\s+entend\s+par\b|^\W{0,6}«[^»]{1,80}»\s*:"
    r"|\bse\s+entiende\s+por\b|\bentende-se\s+por\b|\bconsidera-se\s*:",
    re.IGNORECASE,
)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, dict[str, int]]]:
    return [(m.start(), m.end(), {name: m.start(name) for name in pattern.groupindex}) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["[", "[ repealed", "x[repealed", "Ne", "N’est", "ABROGÉS"]), max_size=14),
       st.sampled_from([" ", "", "\n", "  "]))
def test_concepts_factored_patterns_find_what_they_did(pieces: list[str], joint: str) -> None:
    """One \b before the alternatives finds the same wordings, at the same offsets, with the same groups."""
    text = joint.join(pieces)
    assert _found(concepts._DISAPPLY, text) == _found(_DISAPPLY_UNFACTORED, text)
    assert bool(concepts._DEFINITION_SENTENCE.search(text)) is bool(_DEFINITION_SENTENCE_UNFACTORED.search(text))


@pytest.mark.parametrize(
    ("text", "start", "end", "holds"),
    [("in order to comply", 0, 18, False), ("an order that determines fees", 0, 29, True), ("un décret", 0, 9, True),
     ("an order. Fees set", 0, 9, False),  # "set" stands in the provision, not in the sentence
     ("an order. Fees set", 0, 18, True), ("a decree", 0, 8, False)],
)
def test_concepts_need_holds_its_word_and_one_of_its_others(text: str, start: int, end: int, holds: bool) -> None:
    needs = (concepts.Need("order", ("determine", "set")), concepts.Need("décret"))
    lowered = concepts._lowered(text)
    assert concepts._may_hold(lowered, start, end, concepts._groups_in(lowered, needs)) is holds
    assert concepts._may_hold(None, start, end, needs) and concepts._groups_in(None, needs) is None  # no lowered text: any

@pytest.mark.parametrize(
    ("text", "regulation"),
    [("The Minister may make regulations.", True), ("The Minister may make regulatıons.", True),  # dotless i
     ("The Minister may preſcribe fees.", True),  # long s: the pattern ignores case as re does, not as str.lower
     ("The Minister shall keep a register.", False)],
)
def test_concepts_regulation_power_marked_whatever_the_letters(text: str, regulation: bool) -> None:
    assert concepts._sentences(text, False)[0].regulation is regulation


@pytest.mark.parametrize("words", [["personal", "data"], ["Data"], ["naïve", "État", "x"]])
def test_concepts_patterns_as_hashes_are_what_a_matcher_keeps_of_docs(words: list[str]) -> None:
    """Patterns handed to the matchers as hashes hold what PhraseMatcher takes from docs of the same words."""
    vocab = nlp.vocab("en")
    specs = [("norm", f"lemma-{i}" if i else "", word.lower()) for i, word in enumerate(words)]
    doc = Doc(vocab, words=[word for _, _, word in specs])
    for token, (_, lemma, _) in zip(doc, specs):
        token.norm_ = lemma
    assert list(concepts._lemma_pattern(vocab, specs)) == PhraseMatcher(vocab, attr="NORM")._convert_to_array(doc)
    lowers = PhraseMatcher(vocab, attr="LOWER")._convert_to_array(Doc(vocab, words=words))
    assert [vocab[word].lower for word in words] == lowers



@pytest.mark.parametrize("texts", [[["a", "b", "c"]], [["a", "b"], ["c", "d"]], [["x"], [], ["b", "a", "b"], ["y"]]])
def test_concepts_neighbour_pairs_are_each_docs_neighbouring_words(texts: list[list[str]]) -> None:
    """The pairs of neighbouring words are those of each doc, never a doc's last word with the next doc's first."""
    vocab = nlp.vocab("en")
    mask = (1 << 64) - 1
    expected = {(vocab[a].lower * concepts.MIX + vocab[b].lower) & mask for words in texts for a, b in zip(words, words[1:])}
    assert concepts._neighbour_pairs([Doc(vocab, words=words) for words in texts]) == expected


CHECKLISTS = [
    yaml.safe_load(f"""
domain: {domain}
title: {domain}
concepts:
  breach: {{en: [security compromise*, breach*]}}
  notify: {{en: [notif*]}}
items:
  - id: {prefix}-01
    title: Breach notification
    ask: Must breaches be notified?
    refs: [GDPR Art 33]
    explanation: e
    recommendation: r
    require: [breach, notify]
""") for domain, prefix in [("one", "AA"), ("two", "BB")]
]


def test_concepts_starred_wordings_shared_by_checklists_change_no_finding() -> None:
    """A law's wordings of a starred term are worked out once for every checklist: the findings are the same
    whichever checklist asks first."""
    text = "Where a security compromised system leaks data, the operator shall notify the Agency of the breaches."

    def law() -> Law:
        return Law(source="x.pdf", pages=1, language="en", title="x",
                   provisions=[Provision(number="1", kind="section", text=text, page=1, end_page=1, pages=((0, 1),))])

    one, two = (Checklist.model_validate(data) for data in CHECKLISTS)
    alone = [assess([law()], one), assess([law()], two)]
    shared = law()
    together = [assess([shared], one), assess([shared], two)]
    reversed_ = law()
    backwards = list(reversed([assess([reversed_], two), assess([reversed_], one)]))
    assert alone == together == backwards
    assert alone[0][0].evidence[0].terms == ("security compromised", "notify", "breaches")


def test_concepts_read_keeps_a_bounded_number_of_parsed_laws(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concepts, "_READ", {})
    monkeypatch.setattr(concepts, "_READ_KEPT", 3)
    laws = [Law(source=f"{n}.pdf", pages=1, language="en", title="t", provisions=[Provision(kind="section", number="1", heading="", text="The data shall be kept.")]) for n in range(5)]
    texts = [concepts.read(law) for law in laws]
    assert len(concepts._READ) == 3 and concepts.read(laws[-1]) is texts[-1]  # the latest kept, the oldest let go
    concepts.forget(laws[-1])
    assert concepts.read(laws[-1]) is not texts[-1]


def test_concepts_wordings_by_key_are_every_matchers_wordings_in_order() -> None:
    """`by_key` groups what the three matchers find (a wording found on lemma and on word once), each key's
    wordings in order of where they stand; `keys_in` names the same keys."""
    text = ("Where a security compromised system leaks personal data, the operator shall notify the Agency of "
            "the breach; a breach of security shall be notified and every notification kept.")
    law = Law(source="x.pdf", pages=1, language="en", title="x",
              provisions=[Provision(number="1", kind="section", text=text, page=1, end_page=1, pages=((0, 1),))])
    data = copy.deepcopy(CHECKLISTS[0])
    data["concepts"]["notify"]["en"] += ["notify", "notification"]  # found by the plain matchers and the starred one
    checklist = Checklist.model_validate(data)
    matcher, read = concepts.compiled(checklist, "en"), concepts.read(law)
    doc = read.blocks[0].doc
    raw = set(matcher.by_lemma(doc)) | set(matcher.by_word(doc)) | set(matcher._starred_matcher(read)(doc))
    grouped = matcher.by_key(doc, read)
    strings = doc.vocab.strings
    assert {(strings[m], start, end) for m, start, end in raw} == {(key, *entry[1:]) for key, entries in grouped.items() for entry in entries}
    assert all(entries == sorted(entries, key=lambda entry: entry[1:]) for entries in grouped.values())
    assert set(grouped) == matcher.keys_in(doc, read) == {"@breach", "@notify"}
    assert len(grouped["@breach"]) >= 3 and len(grouped["@notify"]) >= 3


def _words_by_hand(texts: list[str]) -> tuple[set[int], set[int], set[int], set[int]]:
    """(lemmas, pairs of lemmas, lowercase forms, pairs of them) of `texts`, token by token: what the word index holds."""
    found: tuple[set[int], set[int], set[int], set[int]] = (set(), set(), set(), set())
    for doc in nlp.parse(texts, "en"):
        for column, attribute in ((0, "norm"), (2, "lower")):
            values = [getattr(token, attribute) for token in doc]
            found[column].update(values)
            found[column + 1].update((a * wordindex.MIX + b) & ((1 << 64) - 1) for a, b in zip(values, values[1:]))
    return found


@pytest.mark.parametrize("texts", [[], [""], ["", ""], ["Data shall be kept."], ["", "Data kept", "", "x", "", "The data, the data."],
                                   ["One", "two three", "four"]])
def test_concepts_word_index_pairs_words_within_one_text_only(texts: list[str]) -> None:
    docs = list(nlp.parse(texts, "en"))
    words = nlp.token_table(docs, (NORM, LOWER))
    data = concepts._word_index(words, [len(doc) for doc in docs], concepts._distinct_rows(words))
    index = wordindex.read_index(data)
    assert index is not None
    assert [list(part) for part in index] == [sorted(part) for part in _words_by_hand(texts)]


@pytest.mark.parametrize("rows", [[], [[3, 1]], [[3, 1], [1, 9], [3, 1], [3, 0], [1, 9], [2**64 - 1, 5]]])
def test_concepts_distinct_rows_sorted_once_each(rows: list[list[int]]) -> None:
    first, second = concepts._distinct_rows(numpy.array(rows, dtype=numpy.uint64).reshape(-1, 2))
    assert list(zip(first.tolist(), second.tolist())) == sorted({tuple(row) for row in rows})


def test_concepts_term_wordings_where_each_defined_term_stands_matched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each defined term's wordings (block order, first token, end token), on lemmas, each term matched once."""
    from gapcheck.models import Definition

    provisions = [Provision(number="1", kind="section", text="The Agencies and the data controller.", page=1, end_page=1),
                  Provision(number="2", kind="section", text="A data controller informs the Agency.", page=1, end_page=1)]
    law = Law(source="x.pdf", pages=1, language="en", title="x", provisions=provisions,
              definitions=[Definition("Agency", "1", "the Agency"), Definition("data controller", "1", "a person")])
    text = concepts.read(law)
    first = text.term_wordings(["Agency"])
    assert first == {"Agency": [(0, 1, 2), (1, 5, 6)]}  # "Agencies" on its lemma
    matched = []
    real = concepts.defined_term_matcher
    monkeypatch.setattr(concepts, "defined_term_matcher", lambda law, terms: matched.append(terms) or real(law, terms))
    both = text.term_wordings(["data controller", "Agency", "data controller"])
    assert matched == [["data controller"]]  # "Agency" was matched already
    assert both["data controller"] == [(0, 4, 6), (1, 1, 3)] and both["Agency"] == first["Agency"]


def _place_by_hand(block: concepts.Block, offset: int) -> concepts.Place:
    """What `Block.place` says, worked out from its definition: sentence, inserted, in a definition, marks."""
    index = block.sentence_at(offset)
    sentence = block.sentences[index] if block.sentences else None
    inserted = any(start <= offset < end for start, end in block.inserted)
    defined = any(start <= offset < end for start, end in block.definitions) or (sentence is not None and sentence.definition)
    return concepts.Place(index, inserted, defined, sentence is not None and sentence.regulation,
                          sentence is not None and bool(sentence.disapply))


@pytest.mark.parametrize("definitions_section", [False, True])
def test_concepts_place_of_every_offset_is_its_sentences_marked_inside_definitions_and_insertions(definitions_section: bool) -> None:
    from gapcheck.models import Definition

    lead = "The Minister may make regulations. This Act shall not apply to the State. In this Act, \"data\" means facts;"
    first = "12A. A person keeps records."
    text = f"{lead} and \"fee\" includes a charge.\n{first}\nThe rest stands here"
    inserted = [Provision(number="12A", kind="inserted", text=first, offset=text.index(first))]
    heading = "Definitions" if definitions_section else "Records"
    law = Law(source="x.pdf", pages=1, language="en", title="x",
              provisions=[Provision(number="1", kind="section", heading=heading, text=text, page=1, end_page=1, children=inserted)],
              definitions=[Definition("fee", "1", "\"fee\" includes a charge")])
    block = concepts.read(law).blocks[0]
    assert block.inserted and block.definitions and len(block.sentences) > 3
    assert [block.place(offset) for offset in range(len(text))] == [_place_by_hand(block, offset) for offset in range(len(text))]


def test_concepts_inserted_provision_is_cut_from_its_amending_provision_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    lead = "The following section is inserted in the Penal Code:\n"
    first = "12A. A person who intercepts data commits an offence."
    text = f"{lead}{first}\nThe rest stands here."
    law = Law(source="x.pdf", pages=1, language="en", title="x",
              provisions=[Provision(number="1", kind="section", text=text, page=1, end_page=1,
                                    children=[Provision(number="12A", kind="inserted", text=first, offset=len(lead))])])
    parsed: list[str] = []
    real = nlp.parse
    monkeypatch.setattr(nlp, "parse", lambda texts, language: (parsed.extend(texts), real(texts, language))[1])
    outer, inserted = concepts._read(law).blocks
    assert parsed == [wordindex.flat(text)]
    assert inserted.doc.text == first
    assert [(t.text, t.norm_) for t in inserted.doc] == [(t.text, t.norm_) for t in next(real([first], "en"))]
    at = outer.doc.char_span(len(lead), len(lead) + len(first))
    assert [(t.text, t.norm_) for t in inserted.doc] == [(t.text, t.norm_) for t in at]
