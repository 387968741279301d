"""Tests of gapcheck.wordindex: a law's cached word index, read and asked without spaCy, answers as with spaCy."""

from __future__ import annotations

import pytest

from gapcheck import concepts, lexicon, wordindex
from gapcheck.models import Law, Provision
from stores import MemoryStore


class MemoryStoreView(MemoryStore):
    """The law's store without remembered phrases (a new `use` of the phrase memo reads them again)."""

    def __init__(self, store: MemoryStore) -> None:
        self.entries = {k: v for k, v in store.entries.items() if not k.startswith("phrases-")}


TEXTS = {
    "en": ("Notification of breaches", "The controller shall notify the data subject of a personal data breach without "
           "undue delay. The number of records cannot exceed well defined limits set by the Root Authority; e-mail "
           "addresses of Data Subjects are kept."),
    "es": ("Notificación", "El responsable del tratamiento notificará la violación de los datos personales sin dilación."),
    "pt": ("Comunicação", "O controlador deverá comunicar a violação de dados pessoais à autoridade nacional."),
    "fr": ("Notification", "Le responsable du traitement notifie la violation des données à caractère personnel."),
}
TERMS = {
    "en": ["personal data breach", "data personal", "notified breaches", "breaches notified", "zorbly quantified",
           "undue delay", "delay undue", "well defined", "defined well", "number of records", "root authority",
           "cannot exceed", "e-mail addresses", "Data Subjects", "data subject*", "notif* controller", "controller",
           "wholly absent", "breach", "the the", "set by", "ill", "it's"],
    "es": ["datos personales", "personales datos", "violación de los datos", "notificar", "sin dilación", "zorbly",
           "pal", "Responsable"],
    "pt": ["dados pessoais", "pessoais dados", "autoridade nacional", "ação", "comunicar a violação", "zorbly"],
    "fr": ["données à caractère personnel", "responsable du traitement", "traitement du responsable", "zorbly",
           "notifier la violation"],
}
CASES = [(language, term) for language, terms in TERMS.items() for term in terms]


def law_of(language: str) -> Law:
    heading, text = TEXTS[language]
    return Law(source=f"{language}.pdf", pages=1, language=language, title="t",
               provisions=[Provision(number="1", kind="section", heading=heading, text=text)])


@pytest.fixture(scope="module")
def laws() -> dict[str, tuple[Law, MemoryStore]]:
    found = {}
    for language in TEXTS:
        law, store = law_of(language), MemoryStore()
        concepts.read(law, store)  # parses the law, keeping its parse and its word index in the store
        found[language] = (law, store)
    return found


def spacy_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `may_hold` parse every term with spaCy, as it did before it could tell words without spaCy."""
    monkeypatch.setattr(lexicon, "known_tokens", lambda texts, language: [None for _ in texts])


@pytest.mark.parametrize(("language", "term"), CASES)
def test_wordindex_may_hold_without_spacy_answers_as_with_spacy(laws: dict, monkeypatch: pytest.MonkeyPatch, language: str, term: str) -> None:
    law, store = laws[language]
    quick = wordindex.may_hold(law, store, [(language, term)])
    spacy_only(monkeypatch)
    assert wordindex.may_hold(law, store, [(language, term)]) == quick


@pytest.mark.parametrize(("language", "term", "held"), [
    ("en", "personal data breach", True), ("en", "breaches notified", False), ("en", "notified breaches", False),
    ("en", "breach notified", False), ("en", "undue delay", True), ("en", "delay undue", False),
    ("en", "zorbly quantified", False), ("en", "well defined", True), ("es", "datos personales", True),
    ("es", "personales datos", False), ("pt", "dados pessoais", True), ("pt", "zorbly", False),
])
def test_wordindex_plain_wordings_are_judged_without_spacy(laws: dict, monkeypatch: pytest.MonkeyPatch, language: str, term: str, held: bool) -> None:
    law, store = laws[language]  # nothing remembered of the wording: its words are worked out from the lookup table

    def refuse(*args: object) -> bool:
        raise AssertionError("spaCy asked")

    monkeypatch.setattr(wordindex, "_may_hold_parsed", refuse)
    assert wordindex.may_hold(law, MemoryStoreView(store), [(language, term)]) is held


@pytest.mark.parametrize(("language", "term"), [("en", "cannot exceed"), ("en", "Data Subjects"), ("en", "e-mail addresses"),
                                                ("en", "number of records"), ("fr", "responsable du traitement"), ("es", "pal")])
def test_wordindex_wordings_only_spacy_can_tell_are_parsed(laws: dict, monkeypatch: pytest.MonkeyPatch, language: str, term: str) -> None:
    law, store = laws[language]
    asked: list[list[str]] = []
    real = wordindex._may_hold_parsed
    monkeypatch.setattr(wordindex, "_may_hold_parsed", lambda index, terms, lang: asked.append(terms) or real(index, terms, lang))
    wordindex.may_hold(law, MemoryStoreView(store), [(language, term)])
    assert asked == [[term]]


def test_wordindex_any_term_that_may_hold_is_enough(laws: dict) -> None:
    law, store = laws["en"]
    assert wordindex.may_hold(law, store, [("en", "zorbly"), ("en", "breach")])
    assert not wordindex.may_hold(law, store, [("en", "zorbly"), ("fr", "breach"), ("en", "delay undue")])
    assert not wordindex.may_hold(law, store, [("fr", "données")])  # French wordings are never matched in an English law


def test_wordindex_without_an_index_is_unsure() -> None:
    law = law_of("en")
    assert wordindex.may_hold(law, MemoryStore(), [("en", "zorbly")])


def test_wordindex_read_index_reads_what_concepts_writes(laws: dict) -> None:
    import numpy

    law, store = laws["en"]
    language, _, _, parsed = wordindex.texts(law)
    data = store.get_bytes(f"words-{wordindex.digest(parsed, language)}")
    index = wordindex.read_index(data)
    numbers = numpy.frombuffer(data, dtype="<u8")
    assert index is not None and [len(part) for part in index] == numbers[:4].tolist()
    assert [x for part in index for x in part] == numbers[4:].tolist()
    assert all(list(part) == sorted(part) for part in index)


@pytest.mark.parametrize("data", [None, b"", b"\0" * 24, b"\0" * 33, (1).to_bytes(8, "little") + b"\0" * 24])
def test_wordindex_damaged_index_is_none(data: bytes | None) -> None:
    assert wordindex.read_index(data) is None


@pytest.mark.parametrize("pattern, held", [((5,), True), ((5, 7), True), ((7, 5), False), ((6,), False), ((), True)])
def test_wordindex_holds_needs_every_word_and_pair(pattern: tuple[int, ...], held: bool) -> None:
    words, pairs = [5, 7, 9], sorted([(5 * wordindex.MIX + 7) & ((1 << 64) - 1)])
    assert wordindex.holds(words, pairs, pattern) is held
