"""Time reading the shared corpus: bare pdfplumber extract_text vs gapcheck's two backends.

Prints per-law seconds, the ratios (target: gapcheck's pdfplumber path <= 1.25 x bare
extract_text) and whether both backends give the same provisions (numbers, headings, pages).

Usage: python3 benchmarks/extract.py [GLOB]   (default: ../shared/corpus/**/*.pdf)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from gapcheck.pipeline import read_law  # noqa: E402


def bare(path: Path) -> float:
    """Seconds for pdfplumber alone to extract the text of every page."""
    start = time.perf_counter()
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.flush_cache()
    return time.perf_counter() - start


def ours(path: Path, backend: str) -> tuple[float, list[tuple[str, str, int, int]]]:
    """Seconds for read_law with a backend, and the provisions it found."""
    start = time.perf_counter()
    law = read_law(path, backend=backend)
    seconds = time.perf_counter() - start
    return seconds, [(p.number, p.heading, p.page, p.end_page) for p in law.provisions]


def main() -> None:
    shared = Path(os.environ.get("GAPCHECK_SHARED") or ROOT.parent / "shared")
    pattern = sys.argv[1] if len(sys.argv) > 1 else "corpus/**/*.pdf"
    paths = sorted(shared.glob(pattern))
    totals = [0.0, 0.0, 0.0]
    same = 0
    print(f"{'law':58} {'bare':>6} {'plumber':>8} {'pdfium':>7}  same")
    for path in paths:
        b = bare(path)
        p, plumber = ours(path, "pdfplumber")
        f, pdfium = ours(path, "pdfium")
        totals = [totals[0] + b, totals[1] + p, totals[2] + f]
        same += plumber == pdfium
        print(f"{str(path.relative_to(shared)):58} {b:6.2f} {p:8.2f} {f:7.2f}  {'yes' if plumber == pdfium else 'NO'}")
    b, p, f = totals
    print(f"total: bare extract_text {b:.1f}s, gapcheck pdfplumber {p:.1f}s ({p / b:.2f}x), gapcheck pdfium {f:.1f}s ({f / b:.2f}x)")
    print(f"backends agree on {same}/{len(paths)} laws")


if __name__ == "__main__":
    main()
