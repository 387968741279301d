"""Read words with pdfplumber (pdfminer.six): slower, pure Python, a cross-check for PDFium.

This is the only module that imports pdfplumber.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from gapcheck.errors import LawError
from gapcheck.ingest import Char, check_page, clean_font, too_many_pages, words_from_chars
from gapcheck.models import Page

# pdfminer logs its repairs of damaged files ("Invalid MediaBox ...") as warnings on stderr;
# gapcheck reports a file's problem in one line of its own.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pages(path: Path, max_pages: int = 2000) -> list[Page]:
    """The pages of the PDF at `path` with their words."""
    try:
        with pdfplumber.open(str(path)) as pdf:
            if not pdf.pages:
                raise LawError(str(path), "the PDF has no pages")
            if len(pdf.pages) > max_pages:
                raise LawError(str(path), too_many_pages(len(pdf.pages), max_pages))
            pages = []
            for page in pdf.pages:
                check_page(path, page.page_number, len(page.chars))
                pages.append(read_page(page))
            return pages
    except LawError:
        raise
    except PDFPasswordIncorrect:
        raise LawError(str(path), "the PDF is password-protected (encrypted); give an unprotected copy") from None
    except PDFSyntaxError:
        raise LawError(str(path), "the PDF is corrupt or truncated and cannot be opened") from None
    except Exception as error:  # pdfminer raises many kinds of errors on damaged files
        causes = [error, *error.args, error.__cause__, error.__context__]
        if any(isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower() for cause in causes):
            raise LawError(str(path), "the PDF is password-protected (encrypted); give an unprotected copy") from None
        if any(isinstance(cause, PDFSyntaxError) for cause in causes):
            raise LawError(str(path), "the PDF is corrupt or truncated and cannot be opened") from None
        raise LawError(str(path), f"the PDF is corrupt or cannot be read ({type(error).__name__})") from None


def read_page(page: pdfplumber.page.Page) -> Page:
    """One page's words, from its characters (one pass over pdfminer's layout)."""
    chars = [
        Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], clean_font(str(c.get("fontname", ""))))
        for c in page.chars
        if c.get("upright", True) and not c["text"].startswith("(cid:")  # unmapped glyphs: PDFium drops them too
    ]
    page.flush_cache()
    return Page(number=page.page_number, width=round(float(page.width), 2), height=round(float(page.height), 2), words=words_from_chars(chars))
