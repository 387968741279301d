"""Ingest: both backends read the same words; bad files give one clear LawError."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from gapcheck import ingest
from gapcheck.cli import main
from gapcheck.errors import LawError
from gapcheck.ingest import LIGATURES, Char, pdfium_backend, words_from_chars
from gapcheck.models import Word
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


# --------------------------------------------------------------------------- PDFium's array grouping


def one_char_at_a_time(text: str, boxes: list[tuple[float, float, float, float]], height: float, style) -> list[Word]:
    """The PDFium backend's former loop, one character at a time: the specification of `group_words`."""
    words: list[Word] = []
    word: list[str] = []
    x0 = x1 = top = bottom = size = 0.0
    font = ""
    last = (0.0, 0.0, 0.0, 0.0)

    def flush() -> None:
        words.append(Word("".join(word).translate(LIGATURES), round(x0, 2), round(x1, 2), round(top, 2), round(bottom, 2), round(size, 2), font))

    for i, char in enumerate(text):
        if char.isspace() or char in "\x00\ufffe\uffff":
            if word:
                flush()
                word = []
            continue
        box_left, box_top, box_right, box_bottom = boxes[i]
        left, right, high, low = box_left, box_right, height - box_top, height - box_bottom
        if word:
            height_of_last = max(last[3] - last[2], 1.0)
            if abs(high - last[2]) > height_of_last * 0.5 or left < last[0] - 1.0 or left - last[1] > max(size, 4.0) * 0.1:
                flush()
                word = []
        if not word:
            size, font, upright = style(i)
            if not upright:
                continue
            x0, x1, top, bottom = left, right, high, low
        else:
            x0, x1, top, bottom = min(x0, left), max(x1, right), min(top, high), max(bottom, low)
        word.append(char)
        last = (left, right, high, low)
    if word:
        flush()
    return words


def as_float32(value: float) -> float:
    return float(np.float32(value))


@st.composite
def printed_page(draw: st.DrawFn) -> tuple[str, list[tuple[float, float, float, float]], list[tuple[float, str, bool]]]:
    """Characters set along lines, with gaps, overprints, line jumps, odd styles and now and then a zero or NaN box."""
    count = draw(st.integers(1, 60))
    text = "".join(draw(st.lists(st.sampled_from("abcd12-.  \n\x00\ufb01"), min_size=count, max_size=count)))
    boxes, styles = [], []
    x, baseline = draw(st.sampled_from([0.0, 50.0])), 700.0
    rotated = draw(st.booleans())  # else every character is upright
    moves = ["next", "next", "next", "gap", "back", "line", "half-line"] + draw(st.sampled_from([[], ["wide", "odd"]]))
    for _ in range(count):
        move = draw(st.sampled_from(moves))
        if move == "line":
            x, baseline = 50.0, baseline - 12.0
        elif move == "half-line":
            baseline -= draw(st.sampled_from([0.4, 2.0, 5.0, 6.0]))
        elif move == "back":
            x -= draw(st.sampled_from([0.5, 1.0, 3.0]))
        else:
            x += {"next": 0.0, "gap": 0.3, "wide": draw(st.sampled_from([0.4, 0.5, 1.1, 2.0])), "odd": 0.0}[move]
        width = draw(st.sampled_from([0.0, 2.5, 5.0]))
        tall = draw(st.sampled_from([10.0, 10.0, 0.6]))
        box = (x, baseline + tall * 0.8, x + width, baseline - tall * 0.2)
        if move == "odd":
            box = draw(st.sampled_from([(0.0, 0.0, 0.0, 0.0), (-0.0, 708.0, 0.0, 698.0), (float("nan"), 708.0, 5.0, 698.0)]))
        boxes.append(tuple(as_float32(value) for value in box))
        x += width
        styles.append((draw(st.sampled_from([0.0, 3.0, 8.0, 10.5, 12.000000001])), draw(st.sampled_from(["Times", "Arial-Bold"])), not rotated or draw(st.booleans()) or draw(st.booleans())))
    return text, boxes, styles


@given(printed_page())
@settings(max_examples=250, deadline=None)
def test_ingest_pdfium_group_words_matches_one_char_at_a_time(page: tuple) -> None:
    text, boxes, styles = page
    height = 841.8897705078125
    expected = one_char_at_a_time(text, boxes, height, styles.__getitem__)
    found = pdfium_backend.group_words(text, pdfium_backend.printed_chars(text), np.array(boxes, dtype=np.float64), height, lambda at: [styles[i] for i in at])
    assert [repr(vars(word)) for word in found] == [repr(vars(word)) for word in expected]


@pytest.mark.parametrize("value", [0.125, 1.125, 2.675, 1.005, 0.015, -0.001, -0.0, 0.0, 841.89, 1e-300, 5e9, -1e300, float("inf"), float("nan")])
def test_ingest_pdfium_two_places_rounds_as_python(value: float) -> None:
    assert repr(pdfium_backend.two_places(np.array([value]))[0]) == repr(round(value, 2))


@contextmanager
def _first_text_page(path: Path) -> Iterator[pdfium.PdfTextPage]:
    """The text page of the PDF's first page, closed with its page and document after."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        textpage = page.get_textpage()
        try:
            yield textpage
        finally:
            textpage.close()
            page.close()
    finally:
        document.close()


def test_ingest_pdfium_char_boxes_are_pdfiums_loose_boxes(sample_pdf: Path) -> None:
    """The handle passed as `handle_argument` makes it reads the boxes pypdfium2's own call reads."""
    with _first_text_page(sample_pdf) as textpage:
        count = textpage.count_chars()
        boxes = pdfium_backend.char_boxes(pdfium_backend.handle_argument(textpage.raw), np.arange(count), count)
        expected = [textpage.get_charbox(i, loose=True) for i in range(count)]  # left, bottom, right, top
        assert count > 100
        assert boxes.tolist() == [[left, top, right, bottom] for left, bottom, right, top in expected]
        # the room kept from the page before holds nothing of it: boxes not asked for are zeros
        fewer = pdfium_backend.char_boxes(pdfium_backend.handle_argument(textpage.raw), np.arange(0, count // 2, 2), count // 2)
        assert fewer.tolist() == [[left, top, right, bottom] if i % 2 == 0 else [0.0] * 4 for i, (left, bottom, right, top) in enumerate(expected[: count // 2])]
        assert boxes.tolist()[1] != [0.0] * 4  # and the first page's boxes are its own


def test_ingest_pdfium_styles_read_through_the_handle_argument(sample_pdf: Path) -> None:
    """Sizes and fonts as pypdfium2 reads them, by text object; a missing handle is refused, not passed on."""
    with _first_text_page(sample_pdf) as textpage:
        count = textpage.count_chars()
        styles = pdfium_backend.StyleReader(pdfium_backend.handle_argument(textpage.raw)).styles(list(range(count)))
        printed = [i for i, char in enumerate(textpage.get_text_range()) if not char.isspace()]
        # the sample prints unscaled upright text: each size is the font size PDFium gives the character
        assert printed and all(styles[i][0] == pdfium.raw.FPDFText_GetFontSize(textpage.raw, i) and styles[i][2] for i in printed)
        assert all(styles[i][1] for i in printed)
    with pytest.raises(pdfium.PdfiumError):
        pdfium_backend.handle_argument(None)


def test_ingest_pdfium_char_boxes_refuse_an_index_past_the_page(sample_pdf: Path) -> None:
    """PDFium's own failure is not read: an index it would refuse is refused before the call."""
    with _first_text_page(sample_pdf) as textpage:
        count = textpage.count_chars()
        with pytest.raises(pdfium.PdfiumError):
            pdfium_backend.char_boxes(pdfium_backend.handle_argument(textpage.raw), np.array([0, count]), count)


@pytest.mark.parametrize("name", ["ardenia-data-protection-act-2025.pdf", "belmont-loi-protection-donnees-2025.pdf"])
def test_ingest_pdfium_text_range_reads_as_pypdfium2(name: str) -> None:
    """The text read through the bare text page handle is pypdfium2's, page by page."""
    document = pdfium.PdfDocument(str(Path(__file__).resolve().parents[1] / "corpus" / "pdf" / name))
    try:
        for page in document:
            textpage = page.get_textpage()
            count = textpage.count_chars()
            assert pdfium_backend.text_range(textpage.raw, count) == textpage.get_text_range(0, count)
            textpage.close()
            page.close()
    finally:
        document.close()
