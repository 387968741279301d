"""Compare the sample laws' extraction (corpus/pdf) with their sources (corpus/src): numbers and headings."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "corpus"))

from build import parse_law  # noqa: E402  (corpus/build.py)
from gapcheck.pipeline import read_law  # noqa: E402


def compare(pdf: Path, backend: str = "pdfium") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Expected and extracted (number, heading) of the top-level sections/articles."""
    law = read_law(pdf, backend=backend)
    got = [(p.number, p.heading) for p in law.provisions if p.kind != "schedule"]
    return parse_law(ROOT / "corpus" / "src" / (pdf.stem + ".law")).sections(), got


if __name__ == "__main__":
    for pdf in sorted((ROOT / "corpus" / "pdf").glob("*.pdf")):
        want, got = compare(pdf)
        ok = [w[0] for w in want] == [g[0] for g in got]
        heads = sum(1 for w, g in zip(want, got) if w == g)
        print(f"{pdf.name:50} numbers {'ok' if ok else 'NO'} {len(got)}/{len(want)} headings {heads}/{len(want)}")
        if not ok or heads < len(want):
            for w, g in zip(want, got):
                if w != g:
                    print("    want", w, "got", g)
            print("    extra/missing:", [g for g in got[len(want):]], [w for w in want[len(got):]])
