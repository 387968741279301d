"""Small law PDFs drawn with reportlab for tests: a gazette page layout we control."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4


def draw_law(path: Path, pages: list[list[tuple[str, float, float, str]]], header: str = "ARDENIA GAZETTE, 2024") -> Path:
    """Draw pages of (text, x, y-from-top, style) rows, with a running header and a page number footer."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("test law")
    for number, rows in enumerate(pages, start=1):
        pdf.setFont("Times-Roman", 9)
        pdf.drawString(72, HEIGHT - 40, f"{header}     No. {number + 10}")
        pdf.drawCentredString(WIDTH / 2, 30, str(number))
        for text, x, y, style in rows:
            font, size = {"body": ("Times-Roman", 11), "bold": ("Times-Bold", 11), "note": ("Times-Italic", 8), "title": ("Times-Bold", 16)}[style]
            pdf.setFont(font, size)
            pdf.drawString(x, HEIGHT - y, text)
        pdf.showPage()
    pdf.save()
    return path


def flow(lines: list[tuple[str, str]], x: float = 90, top: float = 80, step: float = 14) -> list[tuple[str, float, float, str]]:
    """Rows printed one under the other from `top`."""
    return [(text, x + (20 if text.startswith("(") else 0), top + i * step, style) for i, (text, style) in enumerate(lines)]


def sample_law(path: Path) -> Path:
    """A two-page act with a title, a table of contents, a Part, three sections and a schedule."""
    page1 = flow(
        [
            ("THE SAMPLE DATA ACT, 2024", "title"),
            ("ARRANGEMENT OF SECTIONS", "bold"),
            ("1. Short title", "body"),
            ("2. Interpretation", "body"),
            ("3. Duty to protect data", "body"),
            ("PART I", "bold"),
            ("PRELIMINARY", "bold"),
            ("Short title", "bold"),
            ("1. This Act may be cited as the Sample Data Act, 2024.", "body"),
            ("Interpretation", "bold"),
            ("2. In this Act, unless the context otherwise requires -", "body"),
            ('"personal data" means any information relating to an identified person;', "body"),
            ('"processing" includes collection, storage and disclosure of personal data;', "body"),
            ("PART II", "bold"),
            ("DUTIES", "bold"),
            ("Duty to protect data", "bold"),
            ("3. (1) A controller shall protect personal data against unauthorised pro-", "body"),
            ("cessing and accidental loss.", "body"),
            ("(2) A controller shall notify the Commission of a breach -", "body"),
            ("(a) within seventy-two hours; and", "body"),
            ("(b) in the form prescribed.", "body"),
        ]
    )
    page2 = flow(
        [
            ("(3) A controller who contravenes subsection (1) commits an offence.", "body"),
            ("SCHEDULE", "bold"),
            ("Forms of notice", "bold"),
            ("1. A notice shall be in writing.", "body"),
        ]
    )
    return draw_law(path, [page1, page2])
