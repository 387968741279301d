"""Untrusted law text made safe for HTML, Markdown and spreadsheets."""

from __future__ import annotations

import pytest

from gapcheck.report.text import clean, csv_cell, highlight, md_escape, md_highlight, sentence, term_spans


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
