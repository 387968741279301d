"""Compare the sample laws' extraction (corpus/pdf) with their sources (corpus/src): numbers and headings."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck.pipeline import read_law  # noqa: E402


def source_sections(path: Path) -> list[tuple[str, str]]:
    """(number, heading) of each `§ N Heading` line of a sample law's source."""
    rows = []
    for line in path.read_text(encoding="utf-8").split("---", 1)[1].splitlines():
        match = re.match(r"^§\s+(premier|\d+[A-Z]?(?: bis| ter)?)\s+(.*)$", line)
        if match:
            rows.append(("1er" if match.group(1) == "premier" else match.group(1), match.group(2).strip()))
    return rows


def compare(pdf: Path, backend: str = "pdfium") -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Expected and extracted (number, heading) of the top-level sections/articles."""
    law = read_law(pdf, backend=backend)
    got = [(p.number, p.heading) for p in law.provisions if p.kind != "schedule"]
    return source_sections(ROOT / "corpus" / "src" / (pdf.stem + ".law")), got


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
