"""Which language a law is written in (en, fr, es, pt), from the frequency of common words."""

from __future__ import annotations

import re
from collections import Counter

STOP_WORDS = {
    "en": "the of and to in a is that for be by shall or any with as on this an which such person act section "
    "not under may are from it its".split(),
    "fr": "le la les de des du et à en un une est que qui dans pour par sur au aux ou sont être loi présente "
    "article ne pas ces cette son sa".split(),
    "es": "el la los las de del y en un una es que por para con se al o lo su sus ley presente artículo "
    "como datos será".split(),
    "pt": "o a os as de do da dos das e em um uma é que por para com se ao ou no na nos nas lei art seu sua "
    "não pela pelo".split(),
}
WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """The code of the language whose common words are most frequent in `text` ('en' when unsure)."""
    counts = word_counts(WORD, text[:200_000])
    if not counts:
        return "en"
    scores = {code: sum(counts[word] for word in set(words)) for code, words in STOP_WORDS.items()}
    best = max(sorted(scores), key=lambda code: scores[code])
    return best if scores[best] > 0 else "en"


def word_counts(word: re.Pattern[str], text: str) -> Counter[str]:
    """How often each match of `word` occurs in `text`, lower-cased: `Counter(map(str.lower, word.findall(text)))`.

    `word` must match no white space and take a run of letters whole (as `WORD`
    does). A law repeats its words, so each distinct run of non-space characters
    is searched once, and a run of letters alone is its own match.
    """
    counts: dict[str, int] = {}  # a Counter would call its Python __missing__ for each new word
    count = counts.get
    for run, times in Counter(text.split()).items():
        for match in (run,) if run.isalpha() else word.findall(run):
            key = match.lower()
            counts[key] = count(key, 0) + times
    return Counter(counts)


def word_set(word: re.Pattern[str], text: str) -> set[str]:
    """The matches of `word` in `text`, lower-cased: `set(map(str.lower, word.findall(text)))`.

    `word_counts` without the counting, for a vocabulary asked only whether a word occurs;
    `word` as there. Each distinct run of non-space characters is searched once.
    """
    found: set[str] = set()
    add = found.add
    for run in set(text.split()):
        if run.isalpha():
            add(run.lower())
        else:
            found.update(map(str.lower, word.findall(run)))
    return found
