"""Hostile inputs for the tests: broken, malicious and absurd PDFs and checklists.

Every input is made here, from the sample law (tests/lawpdf.py) or from raw
PDF bytes, so that the tests need no stored fixtures and say what each file
is. `HOSTILE_PDFS` maps a name to a maker `(folder, sample) -> path`.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Callable

import pikepdf

# --------------------------------------------------------------------------- raw PDF bytes


def raw_pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF file of `objects` (object i+1 is objects[i]) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    """A stream object's bytes, optionally FlateDecode-compressed."""
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Section 1. A controller shall protect personal data.) Tj ET"


def one_page_pdf(content: bytes = TEXT, media_box: bytes = b"[0 0 612 792]", compress: bool = False) -> bytes:
    """A one-page PDF with the given content stream and page size."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(content, compress=compress),
            FONT,
        ]
    )


def many_pages_pdf(count: int) -> bytes:
    """A PDF of `count` pages sharing one content stream (small on disk, long to read)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        stream(TEXT),
        FONT,
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 3 0 R >>"
    return raw_pdf(objects + [page] * count)


def zero_pages_pdf() -> bytes:
    """A valid PDF whose page tree is empty."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def cyclic_pages_pdf() -> bytes:
    """A page tree whose node lists itself (and its parent) among its kids."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [3 0 R 2 0 R] /Count 1 >>",
        ]
    )


def nested_arrays_pdf(depth: int = 50_000) -> bytes:
    """A page whose resources hold arrays nested `depth` deep (stack exhaustion in naive parsers)."""
    nested = b"[" * depth + b"]" * depth
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /Deep " + nested + b" >> /Contents 4 0 R >>",
            stream(TEXT),
            FONT,
        ]
    )


def nested_forms_pdf(depth: int = 2000) -> bytes:
    """A page drawing a form that draws a form ... `depth` levels deep, the last one drawing the first."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
        stream(TEXT + b" /X Do"),
        FONT,
    ]
    for level in range(depth):
        child = 6 + (level + 1) % depth  # the last form draws the first: a cycle
        resources = b"/Resources << /Font << /F1 5 0 R >> /XObject << /X %d 0 R >> >>" % child
        objects.append(stream(b"BT /F1 9 Tf 72 700 Td (form) Tj ET /X Do", b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + resources))
    return raw_pdf(objects)


def flate_bomb_pdf(megabytes: int = 1024) -> bytes:
    """A page whose content stream is ~1 KB per MB compressed and `megabytes` MB of spaces inflated."""
    chunk = b" " * (1 << 20)
    # After a full flush a deflate block does not refer back, so one block repeats:
    # a gigabyte bomb is written in a second instead of compressed in ten.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    body = b"\x78\xda" + block * megabytes + compressor.flush() + checksum.to_bytes(4, "big")
    return one_page_pdf_with_stream(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream")


def text_bomb_pdf(repeats: int = 2_000_000) -> bytes:
    """A page that shows millions of characters: a tiny compressed stream, a huge text layer."""
    show = b"BT /F1 1 Tf 10 10 Td " + b"(aaaaaaaaaa) Tj " * repeats + b"ET"
    return one_page_pdf(show, compress=True)


def one_page_pdf_with_stream(stream_bytes: bytes) -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream_bytes,
            FONT,
        ]
    )


# --------------------------------------------------------------------------- damaged copies of a good PDF


def truncated(data: bytes, fraction: float) -> bytes:
    """The first `fraction` of the file."""
    return data[: max(1, int(len(data) * fraction))]


def flipped(data: bytes, seed: int, count: int = 20) -> bytes:
    """The file with `count` random bytes (after the header) replaced."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(16, len(out))] = rng.randrange(256)
    return bytes(out)


def corrupt_xref(data: bytes) -> bytes:
    """The file with every cross-reference offset and the startxref pointer garbled."""
    head, sep, tail = data.rpartition(b"startxref")
    tail = b"\n999999999\n%%EOF\n"
    out = bytearray(head)
    start = out.find(b"\nxref")
    if start >= 0:
        for i in range(start, len(out)):
            if 48 <= out[i] <= 57:
                out[i] = 48 + (out[i] * 7 + i) % 10
    return bytes(out) + sep + tail


def encrypted(sample: Path, path: Path, user: str, owner: str = "owner") -> Path:
    """The sample law encrypted (AES-256) with a user password ('' for owner-only protection)."""
    with pikepdf.open(sample) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner=owner, user=user, R=6))
    return path


def image_only(sample: Path, path: Path, scale: float = 1.0) -> Path:
    """The sample law rasterised: each page replaced by a picture of it, no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    document = pdfium.PdfDocument(str(sample))
    try:
        first = document[0]
        width, height = first.get_size()
        pdf = canvas.Canvas(str(path), pagesize=(width, height))
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil()
            pdf.drawImage(ImageReader(image), 0, 0, width, height)
            pdf.showPage()
        pdf.save()
    finally:
        document.close()
    return path


# --------------------------------------------------------------------------- the catalogue


def _write(data: bytes) -> Callable[[Path, Path], Path]:
    def make(path: Path, sample: Path) -> Path:
        path.write_bytes(data)
        return path

    return make


def _from_sample(change: Callable[[bytes], bytes]) -> Callable[[Path, Path], Path]:
    def make(path: Path, sample: Path) -> Path:
        path.write_bytes(change(sample.read_bytes()))
        return path

    return make


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)

# name -> (maker, expectation): words one of which the refusal must contain;
# () the file must be read; None either (the two backends differ, both sensibly).
HOSTILE_PDFS: dict[str, tuple[Callable[[Path, Path], Path], tuple[str, ...] | None]] = {
    "empty": (_write(b""), ("empty",)),
    "html": (_write(b"<!DOCTYPE html><html><body><h1>Data Act</h1></body></html>\n"), ("not a PDF",)),
    "png": (_write(PNG), ("not a PDF",)),
    "header-only": (_write(b"%PDF-1.7\n"), ("corrupt",)),
    "truncated-5": (_from_sample(lambda d: truncated(d, 0.05)), ("corrupt",)),
    "truncated-50": (_from_sample(lambda d: truncated(d, 0.5)), ("corrupt",)),
    "truncated-95": (_from_sample(lambda d: truncated(d, 0.95)), ("corrupt",)),
    "corrupt-xref": (_from_sample(corrupt_xref), None),  # pdfminer repairs it, PDFium refuses it
    "zero-pages": (_write(zero_pages_pdf()), ("no pages", "corrupt")),
    "cyclic-pages": (_write(cyclic_pages_pdf()), ("no pages", "damaged")),
    "nested-arrays": (_write(nested_arrays_pdf()), ()),
    "nested-forms": (_write(nested_forms_pdf()), None),  # PDFium stops the recursion, pdfminer refuses
    "huge-page": (_write(one_page_pdf(media_box=b"[0 0 14400 14400]")), ()),
    "absurd-page": (_write(one_page_pdf(media_box=b"[0 0 1e30 1e30]")), None),
    "many-pages": (_write(many_pages_pdf(2100)), ("2100 pages",)),
}
