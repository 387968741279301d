"""Structure measured on real laws: ../shared/structure/*.tsv annotations and every corpus PDF.

Targets (from the project brief): exact section-number sequence for >= 90% of
annotated laws, >= 98% of sections found on the right first page, headings
right (case, punctuation and spacing aside) for >= 90% of sections.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import shared_dir
from gapcheck.models import Law
from gapcheck.pipeline import read_law

pytestmark = pytest.mark.shared


def normalise(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


@lru_cache(maxsize=None)
def law_of(path: str, backend: str = "pdfium") -> Law:
    return read_law(path, backend=backend)


def annotated() -> list[tuple[Path, list[tuple[str, str, int]], list[int]]]:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared (real laws and structure annotations) is not present")
    laws = []
    for tsv in sorted((shared / "structure").glob("*/*.tsv")):
        rows = [row.split("\t") for row in tsv.read_text(encoding="utf-8").splitlines()[1:]]
        sections = [(r[0], r[1], int(r[2])) for r in rows if r[0] and r[0] != "SCHEDULE"]
        schedules = [int(r[2]) for r in rows if r[0] == "SCHEDULE"]
        laws.append((shared / "corpus" / tsv.relative_to(shared / "structure").with_suffix(".pdf"), sections, schedules))
    if not laws:
        pytest.skip("no structure annotations in ../shared/structure")
    return laws


def test_structure_shared_targets() -> None:
    laws = annotated()
    exact = pages = headings = total = 0
    for pdf, sections, _ in laws:
        got = [p for p in law_of(str(pdf)).provisions if p.kind != "schedule"]
        by_number = {p.number: p for p in got}
        exact += [p.number for p in got] == [n for n, _, _ in sections]
        pages += sum(1 for n, _, page in sections if n in by_number and by_number[n].page == page)
        headings += sum(1 for n, h, _ in sections if n in by_number and normalise(by_number[n].heading) == normalise(h))
        total += len(sections)
    assert exact >= 0.9 * len(laws), f"exact sequence for {exact}/{len(laws)} laws"
    assert pages >= 0.98 * total, f"right first page for {pages}/{total} sections"
    assert headings >= 0.9 * total, f"right heading for {headings}/{total} sections"


def corpus_pdfs() -> list[Path]:
    shared = shared_dir()
    return sorted((shared / "corpus").glob("*/*.pdf")) if shared else []


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_structure_shared_every_pdf_reads(pdf: Path) -> None:
    law = law_of(str(pdf))
    assert law.provisions, "no provisions found"
    numbers = [p.number for p in law.provisions if p.kind != "schedule"]
    assert len(numbers) == len(set(numbers)), "a top-level number appears twice"
    assert all(p.page <= p.end_page for p in law.provisions)


def test_structure_shared_schedules_on_their_pages() -> None:
    expected = found = 0
    for pdf, _, schedules in annotated():
        got = [p.page for p in law_of(str(pdf)).provisions if p.kind == "schedule"]
        expected += len(schedules)
        found += got == schedules
        assert len(got) == len(schedules), f"{pdf.name}: schedules on pages {got}, expected {schedules}"
    assert expected > 0


def small_corpus_pdfs() -> list[Path]:
    """The shorter real laws (pdfplumber is slow): enough layouts to compare the backends in seconds."""
    import pypdfium2 as pdfium  # only to count pages cheaply

    small = []
    for pdf in corpus_pdfs():
        document = pdfium.PdfDocument(str(pdf))
        if len(document) <= 11:
            small.append(pdf)
        document.close()
    return small


@pytest.mark.parametrize("pdf", small_corpus_pdfs(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_structure_shared_backends_agree(pdf: Path) -> None:
    def outline(backend: str) -> list[tuple[str, str, int, int]]:
        return [(p.number, p.heading, p.page, p.end_page) for p in law_of(str(pdf), backend).provisions]

    assert outline("pdfium") == outline("pdfplumber")
