"""The renderer registry and golden files of every format on the synthetic specimen."""

from __future__ import annotations

import pytest
from report_samples import ITEMS, check_golden, peer, specimen

from gapcheck.errors import GapcheckError
from gapcheck.models import Report
from gapcheck.report import FORMATS, fails, render


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_formats_golden(fmt: str) -> None:
    text = render(specimen(), fmt, items=ITEMS, peers=[peer()])
    check_golden("specimen", f"expected.{FORMATS[fmt].extension}", text)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_formats_deterministic(fmt: str) -> None:
    first = render(specimen(), fmt, items=ITEMS, peers=[peer()])
    assert render(specimen(), fmt, items=ITEMS, peers=[peer()]) == first


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_formats_without_items_or_peers(fmt: str) -> None:
    text = render(specimen(), fmt)
    assert "DP-22" in text
    assert "Recommended wording" not in text


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_formats_empty_report(fmt: str) -> None:
    assert render(Report(name="Nowhere", laws=(), findings=()), fmt)


def test_report_formats_unknown_format() -> None:
    with pytest.raises(GapcheckError, match="unknown report format 'pdf'"):
        render(specimen(), "pdf")


def test_report_formats_registry_keys_are_names() -> None:
    assert all(name == renderer.name and renderer.extension and renderer.description for name, renderer in FORMATS.items())


@pytest.mark.parametrize(
    ("fail_on", "min_score", "expected"),
    [
        ("never", None, False),
        ("missing", None, True),
        ("partial", None, True),
        ("never", 50, False),
        ("never", 50.1, True),
    ],
)
def test_report_formats_fails(fail_on: str, min_score: float | None, expected: bool) -> None:
    assert fails(specimen(), fail_on, min_score) is expected  # type: ignore[arg-type]


def test_report_formats_fails_only_on_missing() -> None:
    report = peer()
    met_and_partial = Report(report.name, report.laws, report.findings[:2])
    assert not fails(met_and_partial, "missing")
    assert fails(met_and_partial, "partial")


def test_report_formats_load_only_the_renderer_asked_for() -> None:
    import subprocess
    import sys

    script = ("import sys; from gapcheck.models import Report; from gapcheck.report import render; "
              "render(Report(name='Nowhere', laws=(), findings=()), 'json'); "
              "print(sorted(name for name in sys.modules if name.startswith('gapcheck.report.to_') or name == 'jinja2'))")
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "['gapcheck.report.to_json']"
