"""Untrusted law text made safe for HTML, Markdown and spreadsheets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.report.text import _CASE_UNSURE, _pattern_spans, clean, csv_cell, highlight, md_escape, md_highlight, sentence, term_spans


@pytest.mark.parametrize(
    ("text", "terms", "html"),
    [
        ("The controller shall notify", ("notify",), "The controller shall <mark>notify</mark>"),
        ("<script>notify</script>", ("notify",), "&lt;script&gt;<mark>notify</mark>&lt;/script&gt;"),
        ("a contract is an act", ("act",), "a contract is an <mark>act</mark>"),
        ("Notify & NOTIFY", ("notify",), "<mark>Notify</mark> &amp; <mark>NOTIFY</mark>"),
        ("public body and body", ("body", "public body"), "<mark>public body</mark> and <mark>body</mark>"),
        ("x <mark> y", ("<mark>",), "x <mark>&lt;mark&gt;</mark> y"),
        ("line\nbreak\x00here", (), "line breakhere"),
        ("signature électronique", ("électronique",), "signature <mark>électronique</mark>"),
    ],
)
def test_report_text_highlight_escapes_first(text: str, terms: tuple[str, ...], html: str) -> None:
    assert str(highlight(text, terms)) == html


def test_report_text_term_spans_do_not_overlap() -> None:
    assert term_spans("data protection data", ["data", "data protection"]) == [(0, 15), (16, 20)]


@pytest.mark.parametrize(
    ("text", "terms", "spans"),
    [
        ("an act or a contract", ["act"], [(3, 6)]),  # not inside "contract"
        ("data data", ["data data", "data"], [(0, 9)]),  # the longer term where two start together
        ("a a a", ["a a"], [(0, 3)]),  # a term overlapping the one found before it is skipped
        ("Données PERSONNELLES", ["données personnelles"], [(0, 20)]),
        ("x_act act", ["act"], [(6, 9)]),  # "_" is a word character
        ("ſecurity and security", ["security"], [(0, 8), (13, 21)]),  # `re` takes long s for s
        ("İnternet", ["internet"], [(0, 8)]),  # dotted capital I: `re` takes it for i
    ],
)
def test_report_text_term_spans_whole_words_longest_first(text: str, terms: list[str], spans: list[tuple[int, int]]) -> None:
    assert term_spans(text, terms) == spans


# Letters where lowercase strings and `re` agree, and the ones where they may not (the fallback's cases).
_LETTERS = "aAbBiIsSkKéÉßçÇ _-1.'’—" + "\u0131\u0130\u017f\u00b5\u03bc\u212a\u03c3\u03c2\u03a3\u1e9e"


@settings(max_examples=400, deadline=None)
@given(st.text(_LETTERS, max_size=24), st.lists(st.text(_LETTERS, min_size=1, max_size=5), max_size=4))
def test_report_text_term_spans_as_one_pattern_finds_them(text: str, terms: list[str]) -> None:
    words = sorted({t.strip() for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    assert term_spans(text, terms) == (_pattern_spans(text, words) if words else [])


def test_report_text_plain_letters_lowercase_as_re_compares_them() -> None:
    """Every character `term_spans` searches as a lowercase string lowercases to one character, and `re`
    (ignoring case) takes two such characters for the same letter exactly when their lowercases are equal."""
    plain = [chr(code) for code in [*range(0x180), *range(0x2000, 0x2070)] if not _CASE_UNSURE.search(chr(code))]
    assert all(len(c.lower()) == 1 for c in plain)
    for c in plain:
        same = {d for d in plain if re.fullmatch(re.escape(c), d, re.IGNORECASE)}
        assert same == {d for d in plain if d.lower() == c.lower()}, c


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("a | b", "a \\| b"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("*bold* _it_ `code` [x](y) ~s~", "\\*bold\\* \\_it\\_ \\`code\\` \\[x\\](y) \\~s\\~"),
        ("# Heading", "\\# Heading"),
        ("1. item", "1\\. item"),
        ("12) item", "12\\) item"),
        (". fine", ". fine"),
        ("2019-15 law", "2019-15 law"),
        ("= x", "\\= x"),
        ("- item", "\\- item"),
        ("AT&amp;T", "AT\\&amp;T"),
        ("AT&T", "AT&T"),
        ("ask @someone", "ask \\@someone"),
        ("mail a@b.org", "mail a@b.org"),
        ("two\nlines", "two lines"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_report_text_md_escape(text: str, markdown: str) -> None:
    assert md_escape(text) == markdown


def test_report_text_md_highlight() -> None:
    assert md_highlight("# notify *now*", ["notify"]) == "\\# **notify** \\*now\\*"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1", "'+1"),
        ("-2 days", "'-2 days"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain = fine", "plain = fine"),
        ("", ""),
    ],
)
def test_report_text_csv_cell_neutralises_formulas(cell: str, safe: str) -> None:
    assert csv_cell(cell) == safe


def test_report_text_clean_removes_xml_illegal_characters() -> None:
    assert clean("a\x00b\x08c\x0bd\x1fe\x7ff\ufffeg\tn\nr\r") == "abcdefg\tn\nr\r"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no single provision expresses contract and confirm together", "No single provision expresses contract and confirm together."),
        ("Section 3(1) covers it.", "Section 3(1) covers it."),
        ("  two\nlines ", "Two lines."),
        ("", ""),
        ("élan (see s. 4)", "Élan (see s. 4)"),
    ],
)
def test_report_text_sentence(text: str, expected: str) -> None:
    assert sentence(text) == expected
