"""Print a per-law score table: extracted top-level provisions vs ../shared/structure/*.tsv.

Usage: python3 benchmarks/structure_scores.py [--backend pdfium|pdfplumber] [--show LAW]
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gapcheck.pipeline import read_law  # noqa: E402


def shared_dir() -> Path:
    """../shared beside the repository, or $GAPCHECK_SHARED."""
    return Path(os.environ.get("GAPCHECK_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")


def normalise(text: str) -> str:
    """Heading text compared without case, punctuation or spacing."""
    return re.sub(r"[^\w]+", " ", text.lower()).strip()


def expected_rows(tsv: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    """(number, heading, page) of the sections and (heading, page) of the schedules of one TSV."""
    sections, schedules = [], []
    for row in tsv.read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split("\t")
        if cells[0] == "SCHEDULE":
            schedules.append((cells[1], int(cells[2])))
        elif cells[0]:
            sections.append((cells[0], cells[1], int(cells[2])))
    return sections, schedules


def score(pdf: Path, tsv: Path, backend: str) -> dict[str, object]:
    """Compare one law's extraction with its annotation."""
    law = read_law(pdf, backend=backend)
    expected, schedules = expected_rows(tsv)
    got = [p for p in law.provisions if p.kind != "schedule"]
    by_number = {p.number: p for p in got}
    pages_ok = sum(1 for number, _, page in expected if number in by_number and by_number[number].page == page)
    headings_ok = sum(1 for number, heading, _ in expected if number in by_number and normalise(by_number[number].heading) == normalise(heading))
    found_schedules = [p for p in law.provisions if p.kind == "schedule"]
    return {
        "law": str(pdf.relative_to(shared_dir() / "corpus")),
        "sequence": [p.number for p in got] == [n for n, _, _ in expected],
        "expected": len(expected),
        "got": len(got),
        "pages": pages_ok,
        "headings": headings_ok,
        "schedules": f"{len(found_schedules)}/{len(schedules)}",
        "law_obj": law,
        "expected_rows": expected,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default="pdfium")
    parser.add_argument("--show", default="")
    args = parser.parse_args()
    shared = shared_dir()
    rows = []
    for tsv in sorted((shared / "structure").glob("*/*.tsv")):
        pdf = shared / "corpus" / tsv.relative_to(shared / "structure").with_suffix(".pdf")
        rows.append(score(pdf, tsv, args.backend))
    print(f"{'law':60} seq  sections  pages  headings  schedules")
    for row in rows:
        e = row["expected"]
        print(f"{row['law']:60} {'ok ' if row['sequence'] else 'NO '}  {row['got']:>3}/{e:<3}  {row['pages']:>3}/{e:<3} {row['headings']:>3}/{e:<3}  {row['schedules']}")
        if args.show and args.show in str(row["law"]):
            law = row["law_obj"]
            got = [(p.number, normalise(p.heading)[:50], p.page) for p in law.provisions]
            want = [(n, normalise(h)[:50], pg) for n, h, pg in row["expected_rows"]]
            for line in difflib.unified_diff([str(x) for x in want], [str(x) for x in got], lineterm="", n=0):
                print("   ", line)
    total = sum(r["expected"] for r in rows)
    print(f"sequence exact: {sum(r['sequence'] for r in rows)}/{len(rows)}; pages: {sum(r['pages'] for r in rows)}/{total} "
          f"({100 * sum(r['pages'] for r in rows) / max(total, 1):.1f}%); headings: {sum(r['headings'] for r in rows)}/{total} "
          f"({100 * sum(r['headings'] for r in rows) / max(total, 1):.1f}%)")


if __name__ == "__main__":
    main()
