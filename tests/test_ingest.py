"""Ingest: both backends read the same words; bad files give one clear LawError."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from gapcheck import ingest
from gapcheck.cli import main
from gapcheck.errors import LawError
from gapcheck.ingest import Char, words_from_chars
from gapcheck.pipeline import read_law

BACKENDS = ["pdfium", "pdfplumber"]


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: a picture, no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for i in range(20):
        pdf.rect(50 + i * 20, 400, 15, 200, fill=1)
    pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(sample: Path, path: Path) -> Path:
    with pikepdf.open(sample) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    return path


def bad_file(kind: str, tmp_path: Path, sample: Path) -> tuple[Path, str]:
    """A bad input of the given kind and a word the error message must contain."""
    path = tmp_path / f"{kind}.pdf"
    if kind == "missing":
        return path, "no such file"
    if kind == "empty":
        path.write_bytes(b"")
        return path, "empty"
    if kind == "not-pdf":
        path.write_text("This is a plain text file, not a law.\n")
        return path, "not a PDF"
    if kind == "truncated":
        path.write_bytes(sample.read_bytes()[:700])
        return path, "corrupt"
    if kind == "encrypted":
        return encrypted_pdf(sample, path), "password"
    if kind == "scanned":
        return image_only_pdf(path), "no text layer"
    raise AssertionError(kind)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("kind", ["missing", "empty", "not-pdf", "truncated", "encrypted", "scanned"])
def test_ingest_bad_input_raises_law_error(kind: str, backend: str, tmp_path: Path, sample_pdf: Path) -> None:
    path, word = bad_file(kind, tmp_path, sample_pdf)
    with pytest.raises(LawError) as caught:
        read_law(path, backend=backend)
    assert word in caught.value.problem
    assert caught.value.path == str(path)


def test_ingest_scanned_mentions_ocr(tmp_path: Path) -> None:
    with pytest.raises(LawError, match="OCR"):
        read_law(image_only_pdf(tmp_path / "scan.pdf"))


def test_ingest_cli_bad_files_one_line_each_and_others_still_read(tmp_path: Path, sample_pdf: Path) -> None:
    empty, _ = bad_file("empty", tmp_path, sample_pdf)
    scanned, _ = bad_file("scanned", tmp_path, sample_pdf)
    result = CliRunner().invoke(main, ["extract", str(empty), str(sample_pdf), str(scanned)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 2 and all(line.startswith("gapcheck: ") for line in errors)
    assert "Traceback" not in result.output + result.stderr
    assert "Sample Data Act" in result.stdout


def test_ingest_pages_without_text_are_recorded(sample_pdf: Path) -> None:
    pages = ingest.read_pages(sample_pdf)
    assert ingest.pages_without_text(pages) == ()


@pytest.mark.parametrize("backend", BACKENDS)
def test_ingest_backends_read_same_words(backend: str, sample_pdf: Path) -> None:
    pages = ingest.read_pages(sample_pdf, backend=backend)
    words = [w.text for w in pages[0].words]
    assert "ARRANGEMENT" in words and "Interpretation" in words
    assert pages[0].words[0].size > 0 and pages[0].words[0].font


def test_ingest_unknown_backend(sample_pdf: Path) -> None:
    with pytest.raises(LawError, match="unknown PDF backend"):
        ingest.read_pages(sample_pdf, backend="ocr")


def char(text: str, x0: float, top: float = 100.0, width: float = 5.0) -> Char:
    return Char(text, x0, x0 + width, top, top + 10, 10.0, "Times-Roman")


@pytest.mark.parametrize(
    "chars, words",
    [
        ([char("a", 0), char("b", 5), char(" ", 10), char("c", 12)], ["ab", "c"]),
        ([char("a", 0), char("b", 7)], ["a", "b"]),  # a gap without a space character
        ([char("a", 0), char("b", 5, top=120)], ["a", "b"]),  # next line
        ([char("\ufb01", 0), char("x", 5)], ["fix"]),  # ligature
    ],
)
def test_ingest_words_from_chars(chars: list[Char], words: list[str]) -> None:
    assert [w.text for w in words_from_chars(chars)] == words
