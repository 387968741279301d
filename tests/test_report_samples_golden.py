"""Golden reports of every format for the bundled sample laws of Ardenia.

These change whenever the parser, the matcher or a checklist changes what is
found: review the diff, then rewrite them with GAPCHECK_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gapcheck.checklist.load import load_checklists
from gapcheck.models import Report
from gapcheck.report import FORMATS, render
from gapcheck.scan import ScanOptions, build_report, scan_laws
from report_samples import check_golden

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ardenia() -> tuple[Report, dict]:
    """The four Ardenia laws scanned as one framework, cited by their paths in the repository."""
    checklists = load_checklists()
    here = os.getcwd()
    os.chdir(ROOT)  # so the report cites corpus/pdf/..., the same in every clone
    try:
        laws = sorted(Path("corpus/pdf").glob("ardenia-*.pdf"))
        results = scan_laws(laws, checklists, ScanOptions(cache_dir=None))
    finally:
        os.chdir(here)
    items = {item.id: item for checklist in checklists for item in checklist.items}
    return build_report("ardenia", results, checklists), items


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_report_samples_golden(ardenia: tuple[Report, dict], fmt: str) -> None:
    report, items = ardenia
    check_golden("ardenia", f"expected.{FORMATS[fmt].extension}", render(report, fmt, items=items))
