"""CPU cost of matching: the bundled checklists against already-parsed laws.

    python3 benchmarks/match.py [--corpus $GAPCHECK_SHARED/corpus] [--profile] [--laws-pickle FILE]

Reads every law once (`pipeline.read_law`) and parses it (`concepts.read`), neither measured; then
measures, in CPU seconds (user+sys) of this process:
  compile   building every checklist's matchers for every language of the laws (lemmatises the terms)
  assess    `assess([law], checklist)` for every law and checklist (the matching itself)
`--profile` prints the top functions of a cProfile run of the assess step (env SORT=cumulative, TOP=50 to
change the listing; cProfile's overhead inflates the many small calls). `--laws-pickle` keeps the
read laws in a file between runs (PDF reading is slow and is not what is measured here).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pickle
import pstats
import resource
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import concepts, pipeline  # noqa: E402
from gapcheck.checklist.load import load_checklists  # noqa: E402
from gapcheck.match import assess  # noqa: E402
from gapcheck.models import Law  # noqa: E402


def cpu_seconds() -> float:
    """User+sys CPU time of this process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def timed(action: Callable[[], object]) -> float:
    start = cpu_seconds()
    action()
    return cpu_seconds() - start


def read_laws(corpus: Path, pickled: Path | None) -> list[Law]:
    """The shared corpus's laws and the sample laws, read from PDF (or from `pickled` when it exists)."""
    if pickled is not None and pickled.exists():
        return pickle.loads(pickled.read_bytes())
    paths = sorted(corpus.rglob("*.pdf")) + sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    laws = [pipeline.read_law(path) for path in paths]
    if pickled is not None:
        pickled.write_bytes(pickle.dumps(laws))
    return laws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ["GAPCHECK_SHARED"]) if "GAPCHECK_SHARED" in os.environ else ROOT.parent / "shared"
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the assess step")
    parser.add_argument("--laws-pickle", type=Path, default=None)
    args = parser.parse_args()
    laws = read_laws(args.corpus, args.laws_pickle)
    for law in laws:
        concepts.read(law)
    checklists = load_checklists(())
    languages = sorted({law.language if law.language in concepts.nlp.LANGUAGES else "en" for law in laws})
    compile_cpu = timed(lambda: [concepts.compiled(c, lang) for c in checklists for lang in languages])

    def assess_all() -> None:
        for checklist in checklists:
            for law in laws:
                assess([law], checklist)

    if args.profile:
        profiler = cProfile.Profile()
        assess_cpu = timed(lambda: profiler.runcall(assess_all))
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "25")))
    else:
        assess_cpu = timed(assess_all)
    print(f"{len(laws)} laws x {len(checklists)} checklists ({', '.join(languages)})")
    print(f"compile  {compile_cpu:6.2f} s CPU")
    print(f"assess   {assess_cpu:6.2f} s CPU")


if __name__ == "__main__":
    main()
