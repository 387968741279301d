"""Benchmark gapcheck's scans against pdftotext and bare pdfplumber, in one run.

    python3 benchmarks/scan.py [--corpus ../shared/corpus] [--quick]

Prints, as ratios measured on the same files:
  cold scan (all four checklists, no cache) / `pdftotext -layout`   target <= 5
  pdfplumber path (read_law, backend=pdfplumber) / bare extract_text  target <= 1.25
  warm re-scan after a checklist edit / `pdftotext -layout`          target <= 1
  1 job / 2 jobs                                                      target >= 1.7
  peak memory of a scan of a >= 300-page law                          target <= 400 MB
  seconds per page for laws of different lengths (cost grows linearly)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import pipeline  # noqa: E402
from gapcheck.checklist.load import bundled_paths, load_checklists  # noqa: E402
from gapcheck.scan import ScanOptions, scan_laws  # noqa: E402


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def pdftotext(paths: Sequence[Path]) -> None:
    for path in paths:
        subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bare_pdfplumber(paths: Sequence[Path]) -> None:
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()


def read_all(paths: Sequence[Path], backend: str) -> None:
    for path in paths:
        pipeline.read_law(path, backend=backend)


def scan(paths: Sequence[Path], checklists: list, cache_dir: Path | None, jobs: int = 1) -> None:
    results = scan_laws(paths, checklists, ScanOptions(cache_dir=cache_dir), jobs=jobs)
    failed = [r for r in results if r.error]
    if failed:
        raise SystemExit(f"benchmark input could not be read: {failed[0].path}: {failed[0].error}")


def edited_checklists(folder: Path) -> list:
    """The bundled checklists with one term added, as a maintainer's pull request would."""
    for path in bundled_paths():
        shutil.copy(path, folder / path.name)
    target = folder / "data-protection.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\nitems:\n", "\n# edited by the benchmark\nitems:\n", 1), encoding="utf-8")
    return load_checklists(sorted(folder.glob("*.yaml")))


def peak_memory_mb(law: Path) -> float:
    """Peak resident memory of a fresh process scanning one law, in MB."""
    code = (
        "import sys, resource; sys.path.insert(0, %r)\n"
        "from gapcheck.checklist.load import load_checklists\n"
        "from gapcheck.scan import ScanOptions, scan_laws\n"
        "scan_laws([__import__('pathlib').Path(%r)], load_checklists(), ScanOptions(cache_dir=None))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    ) % (str(ROOT), str(law))
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return int(output.strip().splitlines()[-1]) / 1024


def long_law(samples: Sequence[Path], pages: int, target: Path) -> Path:
    """One law of at least `pages` pages, made by concatenating sample laws."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    while len(merged) < pages:
        for sample in samples:
            source = pdfium.PdfDocument(str(sample))
            merged.import_pages(source)
            source.close()
    merged.save(str(target))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--quick", action="store_true", help="skip the memory and per-page measures")
    args = parser.parse_args()
    laws = sorted(args.corpus.rglob("*.pdf"))
    samples = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    if not laws:
        raise SystemExit(f"no PDFs under {args.corpus}")
    pages = sum(pipeline.read_law(p).pages for p in laws)
    checklists = load_checklists()
    print(f"{len(laws)} laws, {pages} pages, {os.cpu_count()} cores")

    pdftotext(laws[:1])  # warm the disk cache and the programs
    base = timed(lambda: pdftotext(laws))
    with tempfile.TemporaryDirectory() as folder:
        cold = timed(lambda: scan(laws, checklists, None))
        plumber = timed(lambda: bare_pdfplumber(laws))
        ours_plumber = timed(lambda: read_all(laws, "pdfplumber"))
        ours_pdfium = timed(lambda: read_all(laws, "pdfium"))
        cache = Path(folder) / "cache"
        scan(laws, checklists, cache)
        edited_folder = Path(folder) / "edited"
        edited_folder.mkdir()
        warm = timed(lambda: scan(laws, edited_checklists(edited_folder), cache))
        one = timed(lambda: scan(laws, checklists, None, jobs=1))
        two = timed(lambda: scan(laws, checklists, None, jobs=2))
        rows = [
            ("pdftotext -layout", base, "", ""),
            ("cold scan, 4 checklists", cold, f"{cold / base:.2f}x pdftotext", "<= 5"),
            ("bare pdfplumber extract_text", plumber, "", ""),
            ("read_law, pdfplumber backend", ours_plumber, f"{ours_plumber / plumber:.2f}x bare pdfplumber", "<= 1.25"),
            ("read_law, pdfium backend", ours_pdfium, f"{ours_pdfium / plumber:.2f}x bare pdfplumber", ""),
            ("warm re-scan after checklist edit", warm, f"{warm / base:.2f}x pdftotext", "<= 1"),
            ("cold scan, 1 job", one, "", ""),
            ("cold scan, 2 jobs", two, f"{one / two:.2f}x faster than 1 job", ">= 1.7"),
        ]
        for label, seconds, ratio, target in rows:
            print(f"{label:<38} {seconds:8.2f} s  {ratio:<30} {('target ' + target) if target else ''}")
        if args.quick or not samples:
            return
        big = long_law(samples, 300, Path(folder) / "long.pdf")
        print(f"peak memory, {pipeline.read_law(big).pages}-page law: {peak_memory_mb(big):.0f} MB (target <= 400)")
        for size in (30, 100, 300):
            law = long_law(samples, size, Path(folder) / f"law-{size}.pdf")
            count = pipeline.read_law(law).pages
            seconds = timed(lambda: scan([law], checklists, None))
            print(f"{count:4d} pages: {seconds:6.2f} s, {1000 * seconds / count:6.1f} ms per page")


if __name__ == "__main__":
    main()
