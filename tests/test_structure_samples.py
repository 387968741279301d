"""The sample laws in corpus/pdf come out as their sources in corpus/src say, with either backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import corpus_builder
from gapcheck.pipeline import read_law

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_structure_samples_numbers_and_headings(pdf: Path) -> None:
    source = ROOT / "corpus" / "src" / f"{pdf.stem}.law"
    if not source.exists():
        pytest.skip(f"no source for {pdf.name}")
    expected = corpus_builder().parse_law(source).sections()
    law = read_law(pdf)
    got = [(p.number, p.heading) for p in law.provisions if p.kind != "schedule"]
    assert [n for n, _ in got] == [n for n, _ in expected]
    right = sum(1 for g, e in zip(got, expected) if g == e)
    assert right >= 0.95 * len(expected), [(g, e) for g, e in zip(got, expected) if g != e]
    assert any(p.kind == "schedule" for p in law.provisions)
    pages = [p.page for p in law.provisions]
    assert pages == sorted(pages) and all(p.page <= p.end_page <= law.pages for p in law.provisions)


@pytest.mark.parametrize("pdf", SAMPLES, ids=lambda p: p.stem)
def test_structure_samples_backends_agree(pdf: Path) -> None:
    def outline(backend: str) -> list[tuple[str, str, int, int]]:
        return [(p.number, p.heading, p.page, p.end_page) for p in read_law(pdf, backend=backend).provisions]

    assert outline("pdfium") == outline("pdfplumber")


def test_structure_samples_inserted_section_stays_findable() -> None:
    pdf = ROOT / "corpus" / "pdf" / "ardenia-cybercrime-act-2025.pdf"
    if not pdf.exists():
        pytest.skip("sample law not built")
    law = read_law(pdf)
    inserted = law.find("163A")
    assert inserted is not None and inserted.kind == "inserted"
    assert inserted.heading == "Computer-related fraud"
    assert "163A" not in [p.number for p in law.provisions]
    parent = next(p for p in law.provisions if inserted in p.children)
    quote = parent.text.index("economic benefit")
    assert parent.path_at(quote) == f"{parent.number} [163A(1)]"
