"""CPU cost of reading laws: PDF -> words -> lines -> provisions, stage by stage.

    python3 benchmarks/read.py [--corpus $GAPCHECK_SHARED/corpus] [--backend pdfium] [--runs 3] [--profile]

Reads every law of the corpus and the sample laws and prints, in CPU seconds
(user+sys) of this process, the least of `--runs` runs (a busy machine only
ever adds time):
  ingest     `ingest.read_pages` (the PDF backend's words)
  layout     `layout.clean_lines`
  structure  `structure.split_provisions`
  read_law   `pipeline.read_law` as a whole (also OCR's share in this process, language, title, hash)
`--profile` prints the top functions of a cProfile run of read_law.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import collector, ingest, layout, pipeline, structure  # noqa: E402


def cpu_seconds() -> float:
    """User+sys CPU time of this process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


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
    start = cpu_seconds()
    for path in paths:
        pipeline.read_law(path, backend=backend)
    spent["read_law"] = cpu_seconds() - start
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
