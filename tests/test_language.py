"""Language: a law's language from its common words; word counts as the word pattern finds them."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck import language, layout
from gapcheck.language import detect_language, word_counts, word_set


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Minister shall publish the notice in the Gazette and any person may object.", "en"),
        ("Le responsable du traitement est tenu de notifier la violation à la Commission.", "fr"),
        ("El responsable del tratamiento de los datos será sancionado por la ley.", "es"),
        ("O controlador dos dados pessoais é responsável pela segurança da informação.", "pt"),
        ("1234 5678 — 91011", "en"),  # no words: unsure
        ("", "en"),
    ],
)
def test_language_detects_the_language_of_common_words(text: str, code: str) -> None:
    assert detect_language(text) == code


# letters (cased, uncased, with a case that lowers to two characters), digits that are and are
# not decimal, a combining mark, underscores, hyphens, punctuation and white space of several kinds
TRICKY = "aAbZéÉßİıſΣς中²½٣9_-’'.,;(«\u0301 \n\t\u00a0\u2003\u1680"


@given(st.text(alphabet=TRICKY, max_size=80))
@settings(max_examples=300, deadline=None)
@pytest.mark.parametrize("word", [language.WORD, layout.WORD], ids=["language", "layout-hyphenated"])
def test_language_word_counts_equal_counting_every_match(word: re.Pattern[str], text: str) -> None:
    assert word_counts(word, text) == Counter(map(str.lower, word.findall(text)))
    assert word_set(word, text) == set(map(str.lower, word.findall(text)))


def test_language_word_counts_count_a_repeated_word_each_time() -> None:
    assert word_counts(language.WORD, "Data, data and DATA (data)") == Counter({"data": 4, "and": 1})
