"""Layout on small synthetic pages: furniture, hyphenation, two columns, margin notes."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gapcheck import layout
from gapcheck.layout import (
    DIGITS, SPACES, WORD, Segment, TextWords, clean_lines, dominant_size, drop_overprint, find_gutter, furniture_key, keeps_hyphen,
    new_line, row_segments,
    rounded, split_segments,
)
from gapcheck.language import word_set
from gapcheck.models import Line, Page, Word
from collections import Counter


def words(text: str, x: float, top: float, size: float = 10.0, font: str = "Times-Roman") -> list[Word]:
    """The words of `text` printed from x on one row (5 pt per character)."""
    found = []
    for token in text.split():
        found.append(Word(token, x, x + 5 * len(token), top, top + size, size, font))
        x += 5 * len(token) + 3
    return found


def page(number: int, rows: list[tuple[str, float, float]], size: float = 10.0) -> Page:
    return Page(number, 600, 800, tuple(w for text, x, top in rows for w in words(text, x, top, size)))


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_layout_removes_running_headers_and_page_numbers() -> None:
    pages = [
        page(n, [(f"GAZETTE No. {n + 40}", 100, 20), (f"Body line {w} on page {n}.", 100, 100) ,(f"{n}", 300, 780)])
        for n, w in zip(range(1, 5), "abcd")
    ]
    assert texts(clean_lines(pages)) == [f"Body line {w} on page {n}." for n, w in zip(range(1, 5), "abcd")]


def test_layout_joins_hyphenated_words() -> None:
    rows = [("the pro-", 100, 100), ("cessing of data and cross-", 100, 112), ("border transfers.", 100, 124)]
    assert texts(clean_lines([page(1, rows)])) == ["the processing", "of data and cross-border", "transfers."]


def test_layout_keeps_hyphen_when_document_uses_compound() -> None:
    vocabulary = Counter({"cross-border": 2, "processing": 3})
    assert keeps_hyphen("cross", "border", vocabulary)
    assert not keeps_hyphen("pro", "cessing", vocabulary)
    assert keeps_hyphen("non", "compliance", Counter())
    assert not keeps_hyphen("infor", "mation", Counter())


# letters whose lower case is longer (İ) or depends on the next letter (Σ), a letter \d does not take (²),
# hyphens between and beside letters, digits and "_" (in \w, not in WORD)
LAW_TEXT = st.text("aAbé-İΣσ²1_ .\n", max_size=40)


@settings(max_examples=300, deadline=None)
@given(LAW_TEXT, st.lists(st.text("abé-iσς²", min_size=1, max_size=5), max_size=5))
@example("σΣ.σ", [])  # the word is σς, the lowered text reads σσ.σ
@example("İx a-b-c", [])
def test_layout_law_words_as_the_word_set(text: str, others: list[str]) -> None:
    words = word_set(WORD, text)
    asked = words | set(others) | {text.lower()[i:j] for i in range(len(text)) for j in range(i + 1, min(len(text), i + 6))}
    law = TextWords(text)
    assert {word for word in asked if word in law} == {word for word in asked if word in words}
    assert "" not in law


def test_layout_two_columns_read_left_then_right() -> None:
    rows = []
    for i in range(10):
        rows.append((f"left column line {i} here", 60, 100 + 12 * i))
        rows.append((f"right column line {i} here", 340, 103 + 12 * i))  # rows need not line up
    lines = texts(clean_lines([page(1, rows)]))
    assert lines[:10] == [f"left column line {i} here" for i in range(10)]
    assert lines[10:] == [f"right column line {i} here" for i in range(10)]


def test_layout_margin_note_is_flagged_and_placed_before_its_section() -> None:
    body = [Word(t, 150 + 40 * i, 180 + 40 * i, 200, 210, 10, "Times-Roman") for i, t in enumerate("5. A person shall not".split())]
    filler = [w for i in range(6) for w in words("ordinary body text of the section goes here", 150, 230 + 12 * i)]
    note = [Word("Duty", 40, 70, 201, 209, 7, "Times-Italic"), Word("of", 72, 80, 201, 209, 7, "Times-Italic"),
            Word("care", 40, 70, 210, 218, 7, "Times-Italic")]
    lines = clean_lines([Page(1, 600, 800, tuple(body + filler + note))])
    assert lines[0].margin_note and lines[0].text == "Duty of care"
    assert lines[1].text.startswith("5. A person")


def overprinted_the_long_way(row: list[Word]) -> list[Word]:
    """`drop_overprint` as first written (every word against every kept word), the specification of the fast one."""
    kept: list[Word] = []
    for word in sorted(row, key=lambda w: (-w.size, w.x0)):
        width = max(word.x1 - word.x0, 0.1)
        if all(min(word.x1, other.x1) - max(word.x0, other.x0) < width * 0.5 for other in kept):
            kept.append(word)
    return sorted(kept, key=lambda w: w.x0)


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 10, 10), (13, 20, 10), (20, 30, 10)],  # apart, one touching its neighbour
        [(0, 10, 10), (0.5, 10.5, 10), (20, 30, 10)],  # fake bold: the same word printed twice
        [(0, 10, 10), (2, 8, 14), (20, 30, 10)],  # a larger print over a smaller one
        [(5, 5, 10), (5, 5, 12), (9, 12, 10)],  # empty boxes at one x
        [(0, 10, 10), (9, 20, 10)],  # overlapping a little: both stay
    ],
)
def test_layout_drop_overprint_keeps_the_larger_print(spans: list[tuple[float, float, float]]) -> None:
    row = sorted((Word(f"w{i}", x0, x1, 100, 110, size) for i, (x0, x1, size) in enumerate(spans)), key=lambda w: w.x0)
    assert drop_overprint(list(row)) == overprinted_the_long_way(row)


# Rows of words drawn at random: positions on a coarse grid so that words touch, overlap and
# share an x often; sizes few and close so that size changes both split segments and do not.
COORDINATE = st.sampled_from([x / 2 for x in range(0, 1200, 7)])
RANDOM_WORD = st.builds(
    lambda x0, width, size: Word("w", x0, x0 + width, 100.0, 100.0 + size, size),
    COORDINATE,
    st.sampled_from([0.0, 0.5, 3.0, 12.0, 40.0, 150.0]),
    st.sampled_from([3.0, 8.0, 9.0, 10.0, 12.0]),
)


def segment_words(row: list[Segment]) -> list[list[Word]]:
    return [segment.words for segment in row]


@settings(max_examples=300, deadline=None)
@given(st.lists(RANDOM_WORD, min_size=1, max_size=12))
def test_layout_row_segments_equals_the_two_steps(words: list[Word]) -> None:
    row = sorted(words, key=lambda w: w.x0)
    assert segment_words(row_segments(list(words))) == segment_words(split_segments(drop_overprint(row)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.lists(RANDOM_WORD, min_size=1, max_size=4), min_size=1, max_size=3), min_size=8, max_size=20))
def test_layout_find_gutter_skips_only_pages_that_cannot_have_one(rows: list[list[list[Word]]]) -> None:
    page = [[Segment(sorted(words, key=lambda w: w.x0)) for words in row] for row in rows]
    with mock.patch.object(layout, "may_have_columns", return_value=True):
        walked = find_gutter(page, 600.0)
    assert find_gutter(page, 600.0) == walked


def dominant_size_word_by_word(pages: list[Page]) -> float:
    """`dominant_size` as first written: each word's characters counted one word at a time."""
    sizes: dict[float, int] = {}
    for each in pages:
        for word in each.words:
            sizes[word.size] = sizes.get(word.size, 0) + len(word.text)
    return round(max(sizes, key=lambda size: (sizes[size], size)), 1) if sizes else 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from([9.0, 10.0, 10.04, 12.0, -0.0, 0.0]), st.text("ab", max_size=4)), max_size=12), max_size=4))
def test_layout_dominant_size_counts_runs_as_words(sizes: list[list[tuple[float, str]]]) -> None:
    pages = [Page(n, 600, 800, tuple(Word(text, 0, 1, 0, 1, size) for size, text in words)) for n, words in enumerate(sizes, 1)]
    assert repr(dominant_size(pages)) == repr(dominant_size_word_by_word(pages))


def test_layout_new_line_equals_the_dataclass() -> None:
    made = new_line("text", 3, 1.5, 2.5, 10.0, True, margin_note=True)
    assert made == Line("text", 3, 1.5, 2.5, 10.0, True, margin_note=True)
    assert made.__dict__ == Line("text", 3, 1.5, 2.5, 10.0, True, margin_note=True).__dict__


@pytest.mark.parametrize("value", [10.05, 2.675, 0.0, -0.0, -3.125, float("nan"), float("inf"), 1e300])
def test_layout_rounded_as_round(value: float) -> None:
    known: dict[float, float] = {}
    for _ in range(2):  # computed, then remembered
        assert repr(rounded(value, 2, known)) == repr(round(value, 2))
    assert repr(rounded(-value, 2, known)) == repr(round(-value, 2))


SEGMENT_WORD = st.builds(
    lambda text, x0, width, bottom, size, font: Word(text, x0, x0 + width, bottom - size, bottom, size, font),
    st.sampled_from(["", "a", "word", "Section"]),
    COORDINATE,
    st.sampled_from([0.0, 3.0, 40.0]),
    st.sampled_from([100.0, 101.5, 112.0, 12.0, -0.0, float("inf")]),
    st.sampled_from([0.0, 9.0, 10.04, 12.0, float("inf")]),
    st.sampled_from(["Times-Roman", "Times-Bold", "Arial-BoldMT"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SEGMENT_WORD, min_size=1, max_size=8))
@example([Word("a", 0, 1, float("nan"), float("inf"), float("inf")), Word("b", 2, 3, 12.0 - float("inf"), 12.0, float("inf"))])
def test_layout_segment_measures_as_defined(words: list[Word]) -> None:
    segment = Segment(words)
    chars = {size: sum(len(w.text) for w in words if w.size == size) for size in {w.size for w in words}}
    bold = sum(len(w.text) for w in words if w.bold)
    assert segment.text == " ".join(w.text for w in words)
    assert (segment.x0, segment.x1) == (words[0].x0, max(w.x1 for w in words))
    assert repr(segment.top) == repr(min(w.bottom - w.size for w in words))
    most = max(chars, key=lambda size: (chars[size], size))
    assert segment.size == round(most, 1)
    if len({w.font for w in words}) > 1:
        assert segment.bold == (bold * 2 > sum(len(w.text) for w in words))
    else:
        assert segment.bold == (words[0].bold and any(w.text for w in words))
    assert segment.bottom == max(w.bottom for w in words)


@settings(max_examples=200, deadline=None)
@given(st.text(" \t\n\u00a0\u2003\x1cAb1٣", max_size=20))
def test_layout_furniture_key_as_the_patterns(text: str) -> None:
    assert furniture_key(text) == SPACES.sub(" ", DIGITS.sub("#", text.lower())).strip()
