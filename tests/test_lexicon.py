"""Tests of gapcheck.lexicon: spaCy's hashes, lookup lemmas and tokens of plain wordings, worked out without spaCy,
checked here against spaCy itself."""

from __future__ import annotations

import random
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.strings import get_string_id
from spacy.symbols import IDS
from spacy.util import load_language_data, registry

from gapcheck import lexicon, nlp
from gapcheck.checklist.load import load_checklists
from stores import MemoryStore

ODD = ["", "a", "é", "naïve", "données", "ação", "ñandú", "straße", "İstanbul".lower(), "日本語", "😀 emoji", "x" * 7, "y" * 8,
       "z" * 9, "w" * 16, "v" * 17, "a b", " ", "\n", "-", "data's", "e-mail", "\u0301", "ǆ", "ﬁ"]


def test_lexicon_string_id_is_spacys_on_many_strings() -> None:
    words = {word.lower() for word in _spacys_table("en")} | {w.lower() for w in _spacys_table("es") if "ñ" in w}
    rng = random.Random(6)
    words |= {"".join(rng.choice("aéz日😀 -'") for _ in range(rng.randrange(0, 30))) for _ in range(3000)}
    for word in sorted(words) + ODD:
        ours = lexicon.string_id(word)
        assert ours == get_string_id(word) or (ours is None and word in lexicon.RESERVED), word


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_lexicon_string_id_is_spacys_or_refuses(text: str) -> None:
    ours = lexicon.string_id(text)
    if ours is None:
        assert text in lexicon.RESERVED or text != text.lower()
    else:
        assert ours == get_string_id(text)


def test_lexicon_reserved_are_spacys_lowercase_symbols() -> None:
    """spaCy gives its symbols fixed ids: the lowercase ones are refused, the others are never asked for."""
    assert lexicon.RESERVED == {name for name in IDS if name == name.lower()}


def _spacys_table(language: str) -> dict[str, str]:
    """The lemma table of `language` as spaCy reads it."""
    return load_language_data(registry.lookups.get(language)["lemma_lookup"])


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_lexicon_lookup_table_is_spacys(language: str) -> None:
    """Every word of the English table and a sample of the bigger ones, found or not (see also tests/test_lemmatable.py)."""
    ours, spacys = lexicon.lookup_table(language), _spacys_table(language)
    words = list(spacys)[::max(1, len(spacys) // 40_000)]
    words += [w.capitalize() for w in words[::10]] + [w + "x" for w in words[::10]]
    assert [ours.get(word, word) for word in words] == [spacys.get(word, word) for word in words]


def test_lexicon_lookup_table_read_without_srsly_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "srsly")
    assert lexicon.lookup_table.__wrapped__("en") == lexicon.lookup_table("en")


@pytest.mark.parametrize(
    ("word", "table", "expected"),
    [
        ("notified", {"notified": "notify"}, "notify"),
        ("Notifies", {"notifies": "notify"}, "notify"),  # unknown capitalised: looked up again in lowercase
        ("Data", {"Data": "Datum", "data": "datum"}, "datum"),  # known as written: the lowercase entry is not used
        ("Xyzzy", {}, "xyzzy"),
        ("ACT", {"act": "act"}, "act"),
        ("blank", {"blank": ""}, "blank"),  # an empty lemma is no lemma
    ],
)
def test_lexicon_lookup_norm_retries_in_lowercase(word: str, table: dict[str, str], expected: str) -> None:
    assert lexicon.lookup_norm(word, table) == expected


# --------------------------------------------------------------------------- wordings tokenized without spaCy


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_lexicon_tokenizer_exceptions_are_spacys(language: str) -> None:
    """The words refused are the language's tokenizer exceptions made of plain letters, no more, no less; and no
    exception of several such words (which the tokenizer would join across a space) exists."""
    letters = lexicon._LETTERS[language]
    rules = nlp.pipeline(language).tokenizer.rules
    assert lexicon.TOKENIZER_EXCEPTIONS[language] == {key for key in rules if key and letters.issuperset(key)}
    assert not [key for key in rules if " " in key.strip() and all(w and letters.issuperset(w) for w in key.split(" "))]


def _parsed(text: str, language: str) -> list[lexicon.Token]:
    return nlp.tokens(nlp.pipeline(language)(text))


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_lexicon_quick_tokens_are_the_pipelines_on_the_lookup_tables_words(language: str) -> None:
    """Every plain word of the English table (a sample of the far bigger Spanish and Portuguese ones), side by side in
    one wording, as the pipeline tokenizes and lemmatises them; every exception refused."""
    letters = lexicon._LETTERS[language]
    words = sorted(w for w in _spacys_table(language) if letters.issuperset(w) and w not in lexicon.TOKENIZER_EXCEPTIONS[language])
    if len(words) > 20_000:
        words = random.Random(language).sample(words, 20_000)
    words += ["".join(random.Random(i).choice(sorted(letters)) for _ in range(1 + i % 12)) for i in range(2000)]
    words = [w for w in words if w not in lexicon.TOKENIZER_EXCEPTIONS[language]]
    for start in range(0, len(words), 5000):
        text = " ".join(words[start:start + 5000])
        assert lexicon.quick_tokens(text, language) == _parsed(text, language)
    for exception in lexicon.TOKENIZER_EXCEPTIONS[language]:
        assert lexicon.quick_tokens(exception, language) is None
        assert lexicon.quick_tokens(f"data {exception}", language) is None


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_lexicon_quick_tokens_of_the_bundled_terms_are_the_pipelines(language: str) -> None:
    terms = {lexicon.unstar(t) for c in load_checklists() for group in [*c.concepts.values(), *(g for i in c.items for g in (*i.concepts.values(), i.exclude))]
             for t in getattr(group, language)}
    answered = [t for t in sorted(terms) if lexicon.quick_tokens(t, language) is not None]
    assert len(answered) > len(terms) / 2  # most wordings are plain words
    assert [lexicon.quick_tokens(t, language) for t in answered] == [_parsed(t, language) for t in answered]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéñçãü", min_size=1, max_size=12), min_size=1, max_size=5),
       st.sampled_from(["en", "es", "pt"]))
def test_lexicon_quick_tokens_agree_with_the_pipeline_where_they_answer(words: list[str], language: str) -> None:
    text = " ".join(words)
    quick = lexicon.quick_tokens(text, language)
    assert quick is None or quick == _parsed(text, language)


@pytest.mark.parametrize(("text", "language"), [
    ("", "en"), ("data  subject", "en"), (" data", "en"), ("data ", "en"), ("Data", "en"), ("e-mail", "en"),
    ("data's", "en"), ("article 5", "en"), ("cannot", "en"), ("gonna do", "en"), ("data\tsubject", "en"),
    ("personal data*", "en"), ("données", "en"), ("données personnelles", "fr"), ("pal", "es"), ("i.e", "en"),
    ("data, subject", "en"), ("ação", "es"), ("x", "de"),
])
def test_lexicon_quick_tokens_refuse_what_spacy_must_tell(text: str, language: str) -> None:
    assert lexicon.quick_tokens(text, language) is None


@pytest.mark.parametrize(("text", "language", "lemmas"), [
    ("well defined", "en", ["good", "define"]), ("notified breaches", "en", ["notify", "breach"]),
    ("datos personales", "es", ["dato", "personal"]), ("ação", "pt", ["ação"]),
])
def test_lexicon_quick_tokens_answer_plain_words(text: str, language: str, lemmas: list[str]) -> None:
    tokens = lexicon.quick_tokens(text, language)
    assert tokens is not None and [norm for _, _, norm in tokens] == lemmas


@pytest.mark.parametrize(("term", "specs"), [
    ("personal data", [("norm", "personal", "personal"), ("norm", "datum", "data")]),
    ("personal data*", [("norm", "personal", "personal"), ("prefix", "data", "data")]),
    ("notif* Breaches", [("prefix", "notif", "notif"), ("norm", "breach", "breaches")]),
])
def test_lexicon_term_specs_of_tokens_as_of_docs(term: str, specs: list[lexicon.Spec]) -> None:
    doc = nlp.pipeline("en")(lexicon.unstar(term))
    assert lexicon.term_specs(term, nlp.tokens(doc)) == specs


# --------------------------------------------------------------------------- phrases parsed before


@pytest.mark.parametrize("language", ["en", "fr"])
def test_lexicon_phrase_memo_read_without_spacy_gives_the_parsed_tokens(language: str) -> None:
    texts = ["données personnelles", "l'intéressé", "personal data", "data controller's", "e-mail", ""]
    store, writer, reader = MemoryStore(), lexicon.PhraseMemo(), lexicon.PhraseMemo()
    writer.use(store)
    docs = nlp.phrases(texts, language, writer)
    writer.save()
    reader.use(store)
    assert [reader.tokens(text, language) for text in texts] == [nlp.tokens(doc) for doc in docs]
    assert reader.tokens("never parsed", language) is None


@pytest.mark.parametrize("stored", [b"{not json", b"[1, 2]", b'{"data": "x"}', b'{"data": [["data", true]]}', b'{"data": [[1, true, "x"]]}'])
def test_lexicon_damaged_phrase_memo_knows_nothing(stored: bytes) -> None:
    store, memo = MemoryStore(), lexicon.PhraseMemo()
    store.put_bytes(lexicon.PhraseMemo.key("en"), stored)
    memo.use(store)
    assert memo.tokens("data", "en") is None
