"""Build the sample laws in corpus/src/*.law into gazette-style PDFs in corpus/pdf/.

Usage: python3 corpus/build.py [--out DIR] [LAW.law ...]

The source format is described in corpus/README.md. Output is deterministic
(reportlab's ``invariant`` mode fixes the creation date and document ID), so a
rebuild of an unchanged source is byte-identical to the committed PDF.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"
PDF_DIR = HERE / "pdf"

LAYOUTS = ("plain", "marginal-notes", "two-column")
REQUIRED_KEYS = ("title", "jurisdiction", "language", "act", "gazette", "layout")
MARKER_RE = re.compile(r"^(\([a-z]{1,5}\)|\d+°|[a-z]\))\s")
SECTION_RE = re.compile(r"^§\s+(premier|\d+[A-Z]?(?:\s+(?:bis|ter|quater))?)(?:\s+(.*))?$")


# ----------------------------------------------------------------- source model


@dataclass
class Block:
    """One element of a law's body: division, section, text, heading or schedule."""

    kind: str  # division | section | text | heading | schedule
    text: str = ""
    number: str = ""
    level: int = 0


@dataclass
class LawSource:
    """A parsed .law file: header keys (repeatable keys become lists) and body blocks."""

    path: Path
    meta: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    @property
    def french(self) -> bool:
        return self.meta["language"] == "fr"

    def sections(self) -> list[tuple[str, str]]:
        """(number as printed, heading) of each top-level section/article ("1er" for Article premier)."""
        return [(printed_number(b.number), b.text) for b in self.blocks if b.kind == "section"]

    def section_numbers(self) -> list[str]:
        """Top-level section/article numbers as printed ("1er" for Article premier)."""
        return [number for number, _ in self.sections()]


class SourceError(ValueError):
    """A .law file that does not follow the format."""


def printed_number(number: str) -> str:
    """The number as a gold file cites it: 'premier' -> '1er', '12 bis' stays."""
    return "1er" if number == "premier" else number


def parse_law(path: Path) -> LawSource:
    """Read a .law file: `key: value` header, a `---` line, then body lines."""
    law = LawSource(path=path)
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        sep = lines.index("---")
    except ValueError:
        raise SourceError(f"{path}: no '---' line after the header") from None
    for n, line in enumerate(lines[:sep], 1):
        if not line.strip() or line.startswith("//"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise SourceError(f"{path}:{n}: header line without 'key: value'")
        key, value = key.strip(), value.strip()
        law.lists.setdefault(key, []).append(value)
        law.meta[key] = value
    for key in REQUIRED_KEYS:
        if key not in law.meta:
            raise SourceError(f"{path}: header lacks '{key}'")
    if law.meta["layout"] not in LAYOUTS:
        raise SourceError(f"{path}: layout must be one of {', '.join(LAYOUTS)}")
    for n, line in enumerate(lines[sep + 1:], sep + 2):
        block = parse_body_line(line, path, n)
        if block:
            law.blocks.append(block)
    return law


def parse_body_line(line: str, path: Path, n: int) -> Block | None:
    """One body line -> a Block (None for blank lines and // comments)."""
    stripped = line.strip()
    if not stripped or stripped.startswith("//"):
        return None
    if stripped.startswith("# "):
        return Block("division", stripped[2:].strip())
    if stripped.startswith("=== "):
        return Block("schedule", stripped[4:].strip())
    if stripped.startswith("## "):
        return Block("heading", stripped[3:].strip())
    if stripped.startswith("§"):
        m = SECTION_RE.match(stripped)
        if not m:
            raise SourceError(f"{path}:{n}: bad section line")
        return Block("section", (m.group(2) or "").strip(), number=m.group(1))
    indent = len(line) - len(line.lstrip(" "))
    return Block("text", stripped, level=indent // 2)


# ----------------------------------------------------------------- hyphenation

VOWELS = set("aeiouyàâäéèêëîïôöùûüœæ")
# Consonant pairs that stay together at the start of a syllable.
ONSETS = {"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "ph", "pl", "pr",
          "sh", "th", "tr", "wh", "qu", "gn", "sc", "sp", "st"}


def hyphenation_points(word: str) -> list[int]:
    """Rough syllable breaks (V-CV, VC-CV) leaving at least 3 letters each side."""
    low = word.lower()
    points = []
    for i in range(3, len(low) - 2):
        a, b = low[i - 1], low[i]
        if a in VOWELS and b not in VOWELS and i + 1 < len(low) and low[i + 1] in VOWELS:
            points.append(i)  # V-CV: pro-cess
        elif a not in VOWELS and b not in VOWELS and low[i - 2] in VOWELS:
            if low[i + 1:i + 2] and low[i + 1] in VOWELS and low[i - 1:i + 1] not in ONSETS:
                points.append(i)  # VC-CV: pos-session
    return points


def hyphenate(word: str) -> Iterator[tuple[str, str]]:
    """reportlab hyphenator callback: (left, right) pairs, longest left first."""
    if len(word) < 8 or not word.isalpha() or word.isupper():  # never split headings
        return
    for i in reversed(hyphenation_points(word)):
        yield word[:i], word[i:]


# ----------------------------------------------------------------- rendering


def markup(text: str) -> str:
    """Escape for reportlab's mini-XML and turn *italic* / **bold** into tags."""
    out = escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", out)


def section_label(law: LawSource, number: str) -> str:
    """How a section number is printed: '12.' or 'Article 12.' / 'Article premier.'"""
    return f"Article {number}." if law.french else f"{number}."


def split_division(text: str) -> tuple[str, str]:
    """'PART II — PROCESSING' -> ('PART II', 'PROCESSING')."""
    head, _, rest = text.partition(" — ")
    return head.strip(), rest.strip()


class Renderer:
    """Turns one LawSource into a PDF with reportlab (imported lazily)."""

    def __init__(self, law: LawSource) -> None:
        self.law = law
        self.meta = law.meta
        from reportlab.lib import enums, pagesizes, styles, units

        self.page_w, self.page_h = pagesizes.A4
        self.mm = units.mm
        self.styles = self._styles(styles, enums)

    def _styles(self, styles, enums) -> dict:
        base = dict(fontName="Times-Roman", fontSize=10.5, leading=13.2,
                    alignment=enums.TA_JUSTIFY, hyphenationLang=hyphenate,
                    hyphenationMinWordLength=8, spaceAfter=3)
        ps = styles.ParagraphStyle
        centre = enums.TA_CENTER
        return {
            "body": ps("body", **base),
            "centre": ps("centre", **{**base, "alignment": centre}),
            "centre_b": ps("centre_b", **{**base, "alignment": centre, "fontName": "Times-Bold"}),
            "division": ps("division", **{**base, "alignment": centre, "fontName": "Times-Bold",
                                          "spaceBefore": 10, "spaceAfter": 1, "keepWithNext": 1}),
            "division2": ps("division2", **{**base, "alignment": centre, "fontName": "Times-Bold",
                                           "spaceAfter": 6, "keepWithNext": 1}),
            "heading": ps("heading", **{**base, "fontName": "Times-Bold", "alignment": enums.TA_LEFT,
                                         "spaceBefore": 7, "spaceAfter": 2, "keepWithNext": 1}),
            "note": ps("note", fontName="Times-Roman", fontSize=8, leading=9.2),
            "toc": ps("toc", **{**base, "alignment": enums.TA_LEFT, "fontSize": 10, "leading": 12,
                                "leftIndent": 24, "firstLineIndent": -24, "spaceAfter": 0}),
            "mast1": ps("mast1", fontName="Times-Bold", fontSize=15, leading=19, alignment=centre),
            "mast2": ps("mast2", fontName="Times-Bold", fontSize=22, leading=27, alignment=centre,
                        spaceBefore=2),
            "mast3": ps("mast3", fontName="Times-Italic", fontSize=11, leading=14, alignment=centre),
            "crest": ps("crest", fontName="Times-Roman", fontSize=9, leading=11, alignment=centre,
                        spaceBefore=4, spaceAfter=4),
            "title": ps("title", fontName="Times-Bold", fontSize=15, leading=19, alignment=centre,
                        spaceBefore=8, spaceAfter=4),
            "small_r": ps("small_r", fontName="Times-Roman", fontSize=10, leading=12,
                          alignment=enums.TA_RIGHT),
            "small_l": ps("small_l", fontName="Times-Roman", fontSize=10, leading=12),
        }

    # ------------------------------------------------------------ page frames

    def _doc(self, out: Path):
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

        mm, w, h = self.mm, self.page_w, self.page_h
        top, bottom = 24 * mm, 22 * mm
        layout = self.meta["layout"]
        left = 48 * mm if layout == "marginal-notes" else 22 * mm
        right = 20 * mm
        doc = BaseDocTemplate(
            str(out), pagesize=(w, h), invariant=1, title=self.meta["title"],
            author=self.meta["jurisdiction"], subject=self.meta["act"],
            creator=f"gapcheck corpus/build.py (reportlab {reportlab_version()})", leftMargin=22 * mm, rightMargin=right,
            topMargin=top, bottomMargin=bottom, lang=self.meta["language"])
        full = Frame(22 * mm, bottom, w - 42 * mm, h - top - bottom, id="full")
        body_h = h - top - bottom
        if layout == "two-column":
            gap, colw = 8 * mm, (w - 42 * mm - 8 * mm) / 2
            cols = [Frame(22 * mm, bottom, colw, body_h, id="c1"),
                    Frame(22 * mm + colw + gap, bottom, colw, body_h, id="c2")]
            head_h = 62 * mm
            first = [Frame(22 * mm, h - top - head_h, w - 42 * mm, head_h, id="head")]
            first += [Frame(f.x1, bottom, colw, body_h - head_h, id=f.id + "f") for f in cols]
            mid = 22 * mm + colw + gap / 2
            templates = [PageTemplate("front", [full], onPage=self._furniture),
                         PageTemplate("bodyfirst", first, autoNextPageTemplate="body",
                                      onPage=self._column_rule(mid, bottom, body_h - head_h)),
                         PageTemplate("body", cols,
                                      onPage=self._column_rule(mid, bottom, body_h))]
        else:
            body = Frame(left, bottom, w - left - right, body_h, id="body")
            templates = [PageTemplate("front", [full], onPage=self._furniture),
                         PageTemplate("bodyfirst", [body], onPage=self._furniture,
                                      autoNextPageTemplate="body"),
                         PageTemplate("body", [body], onPage=self._furniture)]
        doc.addPageTemplates(templates)
        return doc

    def _column_rule(self, x: float, bottom: float, height: float):
        """Page callback: furniture plus a thin rule between the two columns."""
        def on_page(canvas, doc) -> None:
            self._furniture(canvas, doc)
            canvas.saveState()
            canvas.setLineWidth(0.4)
            canvas.line(x, bottom + 4, x, bottom + height - 4)
            canvas.restoreState()
        return on_page

    def _furniture(self, canvas, doc) -> None:
        """Running header and footer on every page."""
        mm, w, h = self.mm, self.page_w, self.page_h
        canvas.saveState()
        canvas.setFont("Times-Italic", 8.5)
        canvas.drawString(20 * mm, h - 14 * mm, self.meta["gazette"])
        canvas.drawRightString(w - 20 * mm, h - 14 * mm, self.meta["act"])
        canvas.setLineWidth(0.5)
        canvas.line(20 * mm, h - 16 * mm, w - 20 * mm, h - 16 * mm)
        canvas.line(20 * mm, 15 * mm, w - 20 * mm, 15 * mm)
        canvas.setFont("Times-Roman", 9)
        label = self.meta.get("page label", "Page")
        canvas.drawCentredString(w / 2, 10 * mm, f"{label} {doc.page}")
        canvas.restoreState()

    # ------------------------------------------------------------ content

    def build(self, out: Path) -> None:
        """Write the PDF to `out`."""
        from reportlab.platypus import NextPageTemplate, PageBreak

        story = self._masthead() + self._toc()
        story += [NextPageTemplate("bodyfirst"), PageBreak()]
        story += self._act_heading()
        if self.meta["layout"] == "two-column":
            from reportlab.platypus import FrameBreak
            story.append(FrameBreak())
        story += self._body()
        self._doc(out).build(story)

    def _p(self, text: str, style: str, **kw):
        from reportlab.platypus import Paragraph

        st = self.styles[style]
        if kw:
            st = st.clone(st.name + "x", **kw)
        return Paragraph(markup(text), st)

    def _masthead(self) -> list:
        from reportlab.platypus import HRFlowable, Spacer, Table

        m = self.meta
        story = [self._p(m["jurisdiction"].upper(), "mast1"),
                 self._p(m.get("crest", "* * *"), "crest"),
                 self._p(m.get("gazette name", "GOVERNMENT GAZETTE"), "mast2"),
                 self._p(m.get("authority", "Published by Authority"), "mast3"),
                 Spacer(1, 6), HRFlowable(width="100%", thickness=1.2, spaceAfter=2)]
        row = [[self._p(m.get("issue", ""), "small_l"), self._p(m.get("place date", ""), "small_r")]]
        story.append(Table(row, colWidths=["50%", "50%"], style=[("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story.append(HRFlowable(width="100%", thickness=1.2, spaceBefore=2, spaceAfter=8))
        if "supplement" in m:
            story.append(self._p(m["supplement"], "centre", fontName="Times-Italic"))
        story.append(self._p(m["title"].upper(), "title"))
        if m["act"] not in m["title"]:
            story.append(self._p(m["act"].upper(), "centre_b"))
        return story

    def _toc(self) -> list:
        from reportlab.platypus import Spacer

        default = "SOMMAIRE" if self.law.french else "ARRANGEMENT OF SECTIONS"
        story = [Spacer(1, 8), self._p(self.meta.get("toc title", default), "centre_b",
                                       fontSize=11.5, spaceAfter=6)]
        for b in self.law.blocks:
            if b.kind == "division":
                head, rest = split_division(b.text)
                story.append(self._p(head, "division", fontSize=10, spaceBefore=6))
                if rest:
                    story.append(self._p(rest, "division2", fontSize=10, spaceAfter=2))
            elif b.kind == "section":
                label = section_label(self.law, b.number)
                sep = " — " if self.law.french and b.text else " "
                story.append(self._p(f"{label}{sep}{b.text}".strip(), "toc"))
            elif b.kind == "schedule":
                story.append(self._p(split_division(b.text)[0].title() + " — "
                                     + split_division(b.text)[1], "toc", spaceBefore=4))
        return story

    def _act_heading(self) -> list:
        m = self.meta
        story = [self._p(m["title"].upper(), "title", spaceBefore=0)]
        if m["act"] not in m["title"]:
            story.append(self._p(m["act"], "centre_b"))
        if "assent" in m:
            story.append(self._p(m["assent"], "small_r", spaceAfter=6))
        for text in self.law.lists.get("preamble", []):
            story.append(self._p(text, "body", spaceBefore=3))
        return story

    def _body(self) -> list:
        story: list = []
        blocks = self.law.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if b.kind == "section":
                texts = []
                j = i + 1
                while j < len(blocks) and blocks[j].kind == "text":
                    texts.append(blocks[j])
                    j += 1
                story += self._section(b, texts)
                i = j
                continue
            stacked = i > 0 and blocks[i - 1].kind == "division"
            story += self._other(b, stacked)
            i += 1
        return story

    def _other(self, b: Block, stacked: bool = False) -> list:
        from reportlab.platypus import CondPageBreak, PageBreak

        if b.kind == "division":
            head, rest = split_division(b.text)
            # a run of divisions (TITRE, CHAPITRE, Section) moves to the next page as one
            out = [] if stacked else [CondPageBreak(120)]
            out.append(self._p(head, "division"))
            return out + ([self._p(rest, "division2")] if rest else [])
        if b.kind == "schedule":
            head, rest = split_division(b.text)
            out = [PageBreak(), self._p(head, "division", fontSize=12)]
            return out + ([self._p(rest, "division2")] if rest else [])
        if b.kind == "heading":
            return [self._p(b.text, "division2")]
        return [self._text(b)]

    def _text(self, b: Block):
        if b.level and MARKER_RE.match(b.text):
            # hanging indent so wrapped lines align after "(a)" as in gazettes
            return self._p(b.text, "body", leftIndent=b.level * 16 + 18, firstLineIndent=-18)
        return self._p(b.text, "body", leftIndent=b.level * 16)

    def _p_raw(self, xml: str, indent: int, space_before: float = 0):
        from reportlab.platypus import Paragraph

        st = self.styles["body"].clone("bodyr", leftIndent=indent, spaceBefore=space_before)
        return Paragraph(xml, st)

    def _section(self, b: Block, texts: list[Block]) -> list:
        label = section_label(self.law, b.number)
        if self.meta["layout"] == "marginal-notes" and not self.law.french:
            note_p = self._p(b.text, "note")
            body = self.styles["body"]
            drop = 5 + body.fontSize - note_p.style.fontSize
            note = margin_note(note_p, 23 * self.mm, 4 * self.mm, drop)
            first = texts[0] if texts else Block("text", "")
            rest = texts[1:]
            head = self._p_raw(f"<b>{escape(label)}</b> " + markup(first.text), first.level * 16, 5)
            from reportlab.platypus import KeepTogether
            return [KeepTogether([note, head])] + [self._text(t) for t in rest]
        sep = " — " if self.law.french and b.text else " "
        heading = self._p(f"{label}{sep}{b.text}".strip(), "heading")
        return [heading] + [self._text(t) for t in texts]


def margin_note(para, width: float, gap: float, drop: float = 0.0):
    """A zero-height flowable that prints `para` as a side note in the left margin."""
    from reportlab.platypus import Flowable

    class MarginNote(Flowable):
        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self._note_h = para.wrap(width, 1000)[1]
            return avail_w, 0

        def draw(self) -> None:
            # align the note's first baseline with the section's first line, which
            # sits below this zero-height flowable by its spaceBefore and font ascent
            para.drawOn(self.canv, -width - gap, -self._note_h - drop)

    return MarginNote()


# ----------------------------------------------------------------- CLI


def reportlab_version() -> str:
    """The installed reportlab version, recorded in each PDF's Creator field."""
    import reportlab

    return reportlab.Version


def build(src: Path, out_dir: Path) -> Path:
    """Build one .law file into out_dir/<stem>.pdf and return its path."""
    law = parse_law(src)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (src.stem + ".pdf")
    Renderer(law).build(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=PDF_DIR)
    args = parser.parse_args(argv)
    sources = args.sources or sorted(SRC_DIR.glob("*.law"))
    for src in sources:
        try:
            print(build(src, args.out))
        except (SourceError, OSError) as exc:
            print(f"{src}: {exc}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
