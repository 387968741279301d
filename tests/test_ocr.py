"""Scanned pages are read by Tesseract when it is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck import ocr


def rasterise(source: Path, target: Path, dpi: int = 200) -> Path:
    """An image-only copy of a PDF, as a gazette scan would be."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    images = [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    document.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def text_pdf(path: Path, lines: list[str]) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = canvas.Canvas(str(path), pagesize=(595, 842), invariant=1)
    pdf.setFont("Times-Roman", 14)
    for index, line in enumerate(lines):
        pdf.drawString(72, 760 - 24 * index, line)
    pdf.save()
    return path


@pytest.mark.skipif(not ocr.available("en"), reason="Tesseract with English data is not installed")
def test_ocr_reads_words_with_positions(tmp_path: Path) -> None:
    scan = rasterise(text_pdf(tmp_path / "law.pdf", ["12. Rights of data subjects", "A data subject may object to processing."]), tmp_path / "scan.pdf")
    (page,) = ocr.ocr_pages(scan, [1], ["en"])
    words = [w.text for w in page.words]
    assert page.ocr and page.number == 1
    assert "subjects" in words and "processing." in words
    first = next(w for w in page.words if w.text == "Rights")
    assert 60 < first.x0 < 200 and 60 < first.top < 120  # in PDF points, from the top-left


@pytest.mark.skipif(not ocr.available("fr"), reason="Tesseract with French data is not installed")
def test_ocr_reads_french_accents(tmp_path: Path) -> None:
    scan = rasterise(text_pdf(tmp_path / "loi.pdf", ["Article premier. Les données à caractère personnel"]), tmp_path / "scan.pdf")
    (page,) = ocr.ocr_pages(scan, [1], ["fr"])
    assert "données" in [w.text for w in page.words]


def test_ocr_language_argument_falls_back_to_english() -> None:
    if not ocr.available("en"):
        pytest.skip("Tesseract is not installed")
    assert ocr.tesseract_language(["xx"]) == "eng"


SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "pdf"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sample", "language"),
    [("ardenia-electronic-transactions-act-2025.pdf", "en"), ("belmont-loi-cybercriminalite-2025.pdf", "fr")],
)
def test_ocr_scanned_sample_law_gives_same_sections_and_findings(tmp_path: Path, sample: str, language: str) -> None:
    """A sample law rasterised to an image-only PDF comes back through OCR with its sections and findings."""
    if not ocr.available(language):
        pytest.skip(f"Tesseract with {language} data is not installed")
    from gapcheck import pipeline
    from gapcheck.checklist.load import load_checklists
    from gapcheck.match import assess

    printed = pipeline.read_law(SAMPLES / sample)
    scanned = pipeline.read_law(rasterise(SAMPLES / sample, tmp_path / "scan.pdf", dpi=150))
    assert scanned.ocr_pages == tuple(range(1, printed.pages + 1))
    assert scanned.language == language
    numbers = [p.number for p in scanned.provisions]
    found = [p.number for p in printed.provisions if p.number in numbers]
    assert len(found) / len(printed.provisions) >= 0.95, numbers
    checklist = next(c for c in load_checklists() if c.items[0].id[:2] == {"en": "ET", "fr": "CY"}[language])
    expected = {f.item: f.status for f in assess([printed], checklist)}
    got = {f.item: f.status for f in assess([scanned], checklist)}
    same = sum(expected[item] == got[item] for item in expected)
    assert same / len(expected) >= 0.95, {i: (expected[i], got[i]) for i in expected if expected[i] != got[i]}
    assert all(e.ocr for f in assess([scanned], checklist) for e in f.evidence)


def test_ocr_unavailable_reads_the_rest_and_says_how_to_enable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gapcheck import pipeline
    from gapcheck.errors import LawError

    monkeypatch.setattr(ocr, "available", lambda language=None: False)
    scan = rasterise(text_pdf(tmp_path / "law.pdf", ["1. Short title"]), tmp_path / "scan.pdf")
    with pytest.raises(LawError, match="no text layer.*apt-get install tesseract-ocr"):
        pipeline.read_law(scan)


def drawn_pdf(path: Path, draw: bool) -> Path:
    """A one-page PDF with nothing on it, or with a filled rectangle and no text."""
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    pdf = canvas.Canvas(str(path), pagesize=(595, 842), invariant=1)
    if draw:
        pdf.rect(100, 100, 200, 50, fill=1)
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(("draw", "rendered"), [(False, False), (True, True)])
def test_ocr_blank_page_needs_no_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, draw: bool, rendered: bool) -> None:
    pytesseract = pytest.importorskip("pytesseract")
    asked: list[object] = []

    def no_words(image: object, **options: object) -> dict[str, list[object]]:
        asked.append(image)
        return {key: [] for key in ("text", "conf", "left", "top", "width", "height", "block_num", "par_num", "line_num")}

    monkeypatch.setattr(pytesseract, "image_to_data", no_words)
    monkeypatch.setattr(ocr, "installed_languages", lambda: frozenset({"eng"}))
    (page,) = ocr.ocr_pages(drawn_pdf(tmp_path / "page.pdf", draw), [1], ["en"])
    assert page.ocr and page.words == () and (page.width, page.height) == (595, 842)
    assert bool(asked) == rendered  # a page printing anything at all is still read by Tesseract
