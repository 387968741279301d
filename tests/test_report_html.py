"""The HTML report as a document: self-contained, escaped, citable, reproducible."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from report_samples import ITEMS, peer, specimen

from gapcheck.models import Report
from gapcheck.report import render
from gapcheck.report.templating import csp_hash


@pytest.fixture(scope="module")
def html() -> str:
    return render(specimen(), "html", items=ITEMS, peers=[peer()])


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_report_html_fetches_nothing(html: str) -> None:
    for tag, attrs in tags(html):
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        for name in ("src", "href"):
            assert (attrs.get(name) or "#").startswith("#"), (tag, attrs)
    assert "@import" not in html and "url(" not in html


def test_report_html_has_one_script_allowed_by_its_hash(html: str) -> None:
    scripts = [attrs for tag, attrs in tags(html) if tag == "script"]
    assert scripts == [{}]
    assert f"script-src {csp_hash('report.js')}" in html


def test_report_html_escapes_law_text(html: str) -> None:
    assert "&lt;script&gt;document.title=&#39;pwned&#39;" in html
    assert "&lt;img src=x onerror=" in html
    assert "Ardenia &lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "\x00" not in html and "\x1b" not in html and "\ufffe" not in html


@pytest.mark.parametrize(
    "expected",
    [
        "Data Protection Act 2019, s. 43(2)(b), p. 21",
        "Loi n° 2020-15 relative aux transactions électroniques, art. 12, p. 5",
        "Personal Information Act 2021, s. 30(1), p. 17",
        "<strong>Not found in the laws read.</strong>",
        "(met + ½ × partial) ÷ items",
        "falls short of the benchmark (168 hours)",
        "<h5>How others do it</h5>",
        '<blockquote lang="fr">',
        '<span class="badge badge-missing"><span aria-hidden="true">✗</span> Missing</span>',
        "pages 21, 22",
    ],
)
def test_report_html_shows(html: str, expected: str) -> None:
    assert expected in html


def test_report_html_items_start_visible(html: str) -> None:
    articles = [attrs for tag, attrs in tags(html) if tag == "article"]
    assert [a["id"] for a in articles] == ["DP-01", "DP-22", "DP-30", "ET-05", "ET-07", "CP-04"]
    assert all("hidden" not in a for a in articles)
    assert re.search(r'<form class="filters" hidden', html)


def test_report_html_no_date_unless_generated_is_set() -> None:
    undated = Report(name="X", laws=(), findings=())
    assert "Generated" not in render(undated, "html")
    assert "<dt>Generated</dt><dd>2026-01-15</dd>" in render(specimen(), "html")


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("text", "background", "minimum"),
    [
        ("met-ink", "met-bg", 4.5), ("partial-ink", "partial-bg", 4.5), ("missing-ink", "missing-bg", 4.5),
        ("ink", "mark", 4.5), ("muted", "paper", 4.5), ("muted", "tint", 4.5), ("accent", "paper", 4.5),
        ("met", "paper", 3.0), ("partial", "paper", 3.0), ("missing", "paper", 3.0),  # bars and borders: graphics
    ],
)
def test_report_html_colours_have_accessible_contrast(text: str, background: str, minimum: float) -> None:
    from gapcheck.report.templating import TEMPLATES

    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", css))
    assert _contrast(colours[text], colours[background]) >= minimum
