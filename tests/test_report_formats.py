"""The renderer registry and golden files of every format on the synthetic specimen."""

from __future__ import annotations

import pytest
from report_samples import ITEMS, check_golden, peer, specimen

from gapcheck.errors import GapcheckError
from gapcheck.models import Report
from gapcheck.report import FORMATS, SUFFIXES, render


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_formats_golden(fmt: str) -> None:
    text = render(specimen(), fmt, items=ITEMS, peers=[peer()])
    check_golden("specimen", f"expected{SUFFIXES[fmt]}", text)


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


def test_report_formats_every_format_has_a_suffix() -> None:
    assert set(FORMATS) <= set(SUFFIXES)
