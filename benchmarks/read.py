"""CPU cost of reading laws: PDF -> words -> lines -> provisions, stage by stage.

    python3 benchmarks/read.py [--corpus $GAPCHECK_SHARED/corpus] [--backend pdfium] [--runs 3] [--profile]

Reads every law of the corpus and the sample laws and prints, in CPU seconds
(user+sys) of this process, the least of `--runs` runs (a busy machine only
ever adds time):
  ingest     `ingest.read_pages` (the PDF backend's words)
  layout     `layout.clean_lines`
  structure  `structure.split_provisions`
  read_law   `pipeline.read_law` as a whole (also OCR's share in this process, language, title, hash)
  tesseract  the Tesseract processes OCR starts during those read_law calls (not in read_law's figure)
and, each run in a fresh process, as a cold `gapcheck scan --no-cache -j 1` reads the laws
(the parent's and its children's CPU, Tesseract's included; checklists loaded, none assessed):
  scan read  `scan.scan_laws`: one child process reads law after law (isolation.Reader)
  per-law    the same laws each read by `isolation.call_limited`, a process forked per law
`--profile` prints the top functions of a cProfile run of read_law.

The cold figures exceed read_law + tesseract by what a fresh process pays: forking,
sending each law back, and the memory it touches for the first time (a process
forked per law faults in tens of megabytes for every law: the gap between the
last two rows). On a busy machine single cold runs vary by a second or more:
compare least-of-runs figures only.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import collector, ingest, layout, pipeline, structure  # noqa: E402


def cpu_seconds() -> float:
    """User+sys CPU time of this process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def children_seconds() -> float:
    """User+sys CPU time of this process's finished children (Tesseract)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


COLD = """
import resource, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from functools import partial
from gapcheck import pipeline, scan
from gapcheck.checklist.load import load_checklists
from gapcheck.isolation import call_limited

def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

paths = [Path(p) for p in {paths!r}]
load_checklists(())  # as a scan holds them while it reads
options = scan.ScanOptions(backend={backend!r})
start = cpu()
if {per_law!r}:
    for path in paths:
        scan.ingest.backend_module(options.backend)
        call_limited(path, partial(pipeline.read_law, path, backend=options.backend), options.timeout, options.max_memory)
else:
    scan.scan_laws(paths, [], options, jobs=1)
print(cpu() - start)
"""


def cold_run(paths: list[Path], backend: str, per_law: bool) -> float:
    """CPU seconds of reading `paths` in a fresh process, as a one-job cold scan does (or forking per law)."""
    code = COLD.format(root=str(ROOT), paths=[str(path) for path in paths], backend=backend, per_law=per_law)
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.split()[-1])


def one_run(paths: list[Path], backend: str) -> dict[str, float]:
    """CPU seconds of each stage, and of read_law, over `paths`."""
    spent = {"ingest": 0.0, "layout": 0.0, "structure": 0.0}
    with collector.paused():  # as read_law runs its stages
        for path in paths:
            start = cpu_seconds()
            pages = ingest.read_pages(path, backend=backend)
            read = cpu_seconds()
            lines = layout.clean_lines(pages)
            laid = cpu_seconds()
            structure.split_provisions(lines)
            spent["ingest"] += read - start
            spent["layout"] += laid - read
            spent["structure"] += cpu_seconds() - laid
    start, ocr = cpu_seconds(), children_seconds()
    for path in paths:
        pipeline.read_law(path, backend=backend)
    spent["read_law"] = cpu_seconds() - start
    spent["tesseract"] = children_seconds() - ocr
    spent["scan read"] = cold_run(paths, backend, per_law=False)
    spent["per-law"] = cold_run(paths, backend, per_law=True)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ["GAPCHECK_SHARED"]) if "GAPCHECK_SHARED" in os.environ else ROOT.parent / "shared"
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--backend", default="pdfium", choices=ingest.BACKENDS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of read_law over the laws")
    args = parser.parse_args()
    paths = sorted(args.corpus.rglob("*.pdf")) + sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    pipeline.read_law(paths[-1], backend=args.backend)  # imports and first-use caches are not measured
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [pipeline.read_law(path, backend=args.backend) for path in paths])
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "25")))
        return
    best: dict[str, float] = {}
    for _ in range(args.runs):
        for stage, seconds in one_run(paths, args.backend).items():
            best[stage] = min(seconds, best.get(stage, seconds))
    pages = sum(len(ingest.read_pages(path, backend=args.backend)) for path in paths)
    print(f"{len(paths)} laws, {pages} pages, backend {args.backend}, least of {args.runs} runs")
    for stage, seconds in best.items():
        print(f"{stage:10} {seconds:6.2f} s CPU")


if __name__ == "__main__":
    main()
