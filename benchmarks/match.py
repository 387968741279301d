"""CPU cost of matching: the bundled checklists against already-parsed laws.

    python3 benchmarks/match.py [--corpus $GAPCHECK_SHARED/corpus] [--profile] [--laws-pickle FILE] [--rounds N]

Reads every law once (`pipeline.read_law`, not measured), loads the spaCy pipelines, then measures, in CPU
seconds (user+sys) of this process:
  read      `concepts.read(law)` for every law, split into the spaCy parse (`nlp.parse`) and the rest
  compile   building every checklist's matchers for every language of the laws (lemmatises the terms)
  assess    `assess([law], checklist)` for every law and checklist (the matching itself)
`--profile` prints the top functions of a cProfile run of the read (rest) and assess steps (env
SORT=cumulative, TOP=50 to change the listing; cProfile's overhead inflates the many small calls). `--laws-pickle` keeps the
read laws in a file between runs (PDF reading is slow and is not what is measured here).
"""

from __future__ import annotations

import argparse
import copy
import gc
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


class CollectorClock:
    """CPU seconds spent in Python's cyclic garbage collector while it is started (when it runs depends on
    everything allocated before, so its share moves between runs: reported apart)."""

    def __init__(self) -> None:
        self.spent, self._started, self.running = 0.0, 0.0, False
        self.full = 0  # collections of the oldest generation (they walk every object of the process)
        gc.callbacks.append(self._tick)

    def _tick(self, phase: str, info: dict) -> None:
        if not self.running:
            return
        if phase == "start":
            self._started = cpu_seconds()
            self.full += info["generation"] == 2
        else:
            self.spent += cpu_seconds() - self._started

    def measure(self, action: Callable[[], object]) -> tuple[float, float, int]:
        """CPU seconds of `action`, of the collections it triggered, and how many of those were full."""
        gc.collect()  # what was allocated before is not this action's to collect
        self.spent, self.full, self.running = 0.0, 0, True
        try:
            total = timed(action)
        finally:
            self.running = False
        return total, self.spent, self.full


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


def profiled(action: Callable[[], object], profile: bool) -> None:
    """Run `action`, under cProfile with its top functions printed when `profile`."""
    if not profile:
        action()
        return
    profiler = cProfile.Profile()
    profiler.runcall(action)
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(int(os.environ.get("TOP", "25")))


_DOCS: dict[tuple[str, tuple[str, ...]], list] = {}


def read_all(laws: list[Law], profile: bool) -> tuple[float, float]:
    """CPU seconds of `concepts.read` of every law, and the part of them spent in spaCy's parse (texts parsed
    in an earlier round are not parsed again: later rounds measure the rest alone)."""
    parse, spent = concepts.nlp.parse, [0.0]

    def timed_parse(texts: list[str], language: str) -> list:
        key = (language, tuple(texts))
        if key not in _DOCS:
            start = cpu_seconds()
            _DOCS[key] = list(parse(texts, language))
            spent[0] += cpu_seconds() - start
        return _DOCS[key]

    concepts.nlp.parse = timed_parse  # type: ignore[assignment]
    try:
        total = timed(lambda: profiled(lambda: [concepts.read(law) for law in laws], profile))
    finally:
        concepts.nlp.parse = parse  # type: ignore[assignment]
    return total, spent[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ["GAPCHECK_SHARED"]) if "GAPCHECK_SHARED" in os.environ else ROOT.parent / "shared"
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the assess step")
    parser.add_argument("--laws-pickle", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=1, help="read and assess fresh copies of the laws this many "
                        "times and report the least CPU of the rest of reading and of assessing (others share the cores)")
    args = parser.parse_args()
    originals = read_laws(args.corpus, args.laws_pickle)
    languages = sorted({law.language if law.language in concepts.nlp.LANGUAGES else "en" for law in originals})
    for language in languages:  # loading a pipeline is not what is measured
        list(concepts.nlp.parse(["Warm up."], language))
    checklists = load_checklists(())
    compile_cpu = timed(lambda: [concepts.compiled(c, lang) for c in checklists for lang in languages])
    parse_cpu, rest, assessed, clock = 0.0, [], [], CollectorClock()
    for round_ in range(max(args.rounds, 1)):
        laws = copy.deepcopy(originals)  # nothing read or matched before: every cache starts empty
        read_cpu, parsed = read_all(laws, args.profile and round_ == 0)
        parse_cpu += parsed
        rest.append(read_cpu - parsed)

        def assess_all() -> None:
            for checklist in checklists:
                for law in laws:
                    assess([law], checklist)

        assessed.append(clock.measure(lambda: profiled(assess_all, args.profile and round_ == 0)))
    print(f"{len(originals)} laws x {len(checklists)} checklists ({', '.join(languages)}), best of {len(rest)}")
    print(f"read     {parse_cpu + min(rest):6.2f} s CPU: spaCy {parse_cpu:.2f}, rest {min(rest):.2f}")
    print(f"compile  {compile_cpu:6.2f} s CPU")
    total, collecting, full = min(assessed)
    print(f"assess   {total:6.2f} s CPU, of which the garbage collector {collecting:.2f} ({full} full collections)")


if __name__ == "__main__":
    main()
