"""Benchmark gapcheck's scans against pdftotext and bare pdfplumber, in one run.

    python3 benchmarks/scan.py [--corpus ../shared/corpus] [--repeat 3] [--quick]

Every scan is a `gapcheck scan` command in a fresh process writing a JSON
report, as a user's would (spaCy is loaded and checklists are compiled inside
the measure; Python keeps its compiled modules, as on a user's machine: see
SCAN_ENVIRONMENT). Each row shows wall-clock seconds and CPU seconds (user+sys,
child processes included); on a busy machine trust the CPU figures more,
except for the jobs ratio, which only wall-clock shows.

A shared machine's timings swing by a quarter from one run to the next, so the
measures behind the targets are taken in `--repeat` rounds, one after another
within each round: each row shows the median of the rounds, and each ratio the
median of the ratios measured within a round (with their range), so that a
slow spell of the machine weighs on both sides of a ratio alike. Within a round
`pdftotext` runs just before and just after the cold scan, and the scan is set
against the mean of the two: a machine speeding up or slowing down during the
round then weighs on both sides alike too.

Prints, as ratios measured on the same files:
  cold scan (all four checklists, no cache, 1 job) / `pdftotext -layout`   target <= 5
  the same with the default --jobs (one per core), wall-clock, against pdftotext
    run one at a time and as many at a time as there are cores
  pdfplumber path (read_law, backend=pdfplumber) / bare extract_text        target <= 1.25
  warm re-scan after a checklist edit / `pdftotext -layout`                 target <= 1
    (two edits: a comment, and a new English term for one item, DP-05)
  1 job / 2 jobs                                                            target >= 1.7
  peak memory of a scan of a >= 300-page law, and of a French one          target <= 400 MB
  seconds per page for laws of different lengths (cost grows linearly)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import pipeline  # noqa: E402
from gapcheck.checklist.load import bundled_paths  # noqa: E402


Measure = tuple[float, float]  # (wall-clock seconds, CPU seconds)

# The scans run as on a user's machine, where Python keeps each module's compiled bytecode (pip writes it
# when it installs a package, and Python beside the sources of an editable install at their first import):
# with PYTHONDONTWRITEBYTECODE set, as on some CI and sandbox machines, every scan would compile gapcheck's
# modules again, about 0.12 s of CPU. The warm-up scan writes what is missing.
SCAN_ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds() -> float:
    """User+sys CPU time of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object]) -> Measure:
    start, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - start, cpu_seconds() - cpu


def pdftotext(paths: Sequence[Path]) -> None:
    for path in paths:
        subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def pdftotext_parallel(paths: Sequence[Path], processes: int) -> None:
    """`pdftotext -layout` of `paths`, `processes` at a time: the baseline for a scan using as many cores."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(lambda path: pdftotext([path]), paths))


def bare_pdfplumber(paths: Sequence[Path]) -> None:
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()


def read_all(paths: Sequence[Path], backend: str) -> None:
    for path in paths:
        pipeline.read_law(path, backend=backend)


_SCAN = """
import json, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from gapcheck.checklist.load import load_checklists
from gapcheck.scan import ScanOptions, scan_laws
paths, checklists, cache, jobs = json.loads(sys.argv[1])
results = scan_laws([Path(p) for p in paths], load_checklists([Path(c) for c in checklists] or ()),
                    ScanOptions(cache_dir=Path(cache) if cache else None), jobs=jobs)
failed = [r for r in results if r.error]
if failed:
    sys.exit(f"benchmark input could not be read: {{failed[0].path}}: {{failed[0].error}}")
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would count the benchmark's own memory
with open("/proc/self/status") as status:
    own = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
peak = max(own or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(peak // 1024)
"""


def scan(paths: Sequence[Path], checklists: Sequence[Path] = (), cache_dir: Path | None = None, jobs: int = 1) -> int:
    """Scan `paths` in a fresh process; its peak resident memory in MB (laws are read in forked children)."""
    arguments = json.dumps([[str(p) for p in paths], [str(c) for c in checklists], str(cache_dir or ""), jobs])
    done = subprocess.run([sys.executable, "-c", _SCAN.format(root=str(ROOT)), arguments], capture_output=True, text=True, env=SCAN_ENVIRONMENT)
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or f"scan failed ({done.returncode})")
    return int(done.stdout.strip().splitlines()[-1])


def cli_scan(paths: Sequence[Path], out: Path, *options: str) -> None:
    """`gapcheck scan` of `paths` into a JSON report, in a fresh process; exits on failure."""
    command = [sys.executable, "-m", "gapcheck", "scan", *map(str, paths), "-f", "json", "-o", str(out), *options]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=SCAN_ENVIRONMENT)
    if done.returncode not in (0, 1):  # 1: gaps found, as expected of real laws
        raise SystemExit(done.stderr.strip() or f"scan failed ({done.returncode})")


# Two edits a maintainer makes: a comment, and one more English wording of a concept of one item.
EDITS = {
    "comment": ("\nitems:\n", "\n# edited by the benchmark\nitems:\n"),
    "one item's terms": ("explicitly defined, clearly defined,", "explicitly defined, clearly defined, well defined,"),
}


def edited_checklists(folder: Path, edit: str) -> list[str]:
    """`--checklist` options for the bundled checklists with `edit` made to data-protection.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in bundled_paths():
        shutil.copy(path, folder / path.name)
    target = folder / "data-protection.yaml"
    text = target.read_text(encoding="utf-8")
    old, new = EDITS[edit]
    if old not in text:
        raise SystemExit(f"benchmark edit {edit!r} no longer applies to data-protection.yaml: update EDITS")
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [option for path in sorted(folder.glob("*.yaml")) for option in ("-c", str(path))]


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


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def row(label: str, measure: Measure, ratio: str = "", target: str = "") -> None:
    wall, cpu = measure
    print(f"{label:<36} {wall:7.2f} s wall {cpu:7.2f} s CPU  {ratio:<34} {('target ' + target) if target else ''}")


def ratio(ours: Measure, base: Measure, what: str) -> str:
    return f"{ours[0] / base[0]:.2f}x wall {ours[1] / base[1]:.2f}x CPU {what}"


def mean_measure(first: Measure, second: Measure) -> Measure:
    """The mean wall-clock and the mean CPU seconds of two measures of the same thing."""
    return (first[0] + second[0]) / 2, (first[1] + second[1]) / 2


def median_measure(rounds: Sequence[dict[str, Measure]], name: str) -> Measure:
    """The median wall-clock and the median CPU seconds of measure `name` over the rounds."""
    return statistics.median(r[name][0] for r in rounds), statistics.median(r[name][1] for r in rounds)


def round_ratios(rounds: Sequence[dict[str, Measure]], ours: str, base: str, what: str) -> str:
    """The median, least and greatest of the ratios `ours` / `base` within each round, wall-clock and CPU."""
    walls = sorted(r[ours][0] / r[base][0] for r in rounds)
    cpus = sorted(r[ours][1] / r[base][1] for r in rounds)
    return (f"{statistics.median(walls):.2f}x wall {statistics.median(cpus):.2f}x CPU [{cpus[0]:.2f}, {cpus[-1]:.2f}] {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    shared = Path(os.environ.get("GAPCHECK_SHARED") or ROOT.parent / "shared")
    parser.add_argument("--corpus", type=Path, default=shared / "corpus", help="real laws (default: ../shared/corpus or $GAPCHECK_SHARED/corpus)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the measures behind the targets (default 3)")
    parser.add_argument("--quick", action="store_true", help="skip the memory and per-page measures")
    args = parser.parse_args()
    samples = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    laws = sorted(args.corpus.rglob("*.pdf")) + samples
    if not laws:
        raise SystemExit(f"no PDFs under {args.corpus}")
    print(f"{len(laws)} laws, {sum(map(page_count, laws))} pages, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

    pdftotext(laws)  # warm the disk cache and the programs
    with tempfile.TemporaryDirectory() as folder:  # and gapcheck's: compiled modules (see SCAN_ENVIRONMENT), spaCy's model files
        cli_scan(samples[:1] or laws[:1], Path(folder) / "warm-up.json", "--no-cache")
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        out, cache = work / "report.json", work / "cache"
        rounds: list[dict[str, Measure]] = []
        for number in range(max(args.repeat, 1)):
            cache = work / f"cache-{number}"  # each round's cold scan fills a cache of its own
            before = timed(lambda: pdftotext(laws))
            cold = timed(lambda: cli_scan(laws, out, "--cache-dir", str(cache), "-j", "1"))
            after = timed(lambda: pdftotext(laws))
            rounds.append({
                "base": mean_measure(before, after),  # around the cold scan (see the module's docstring)
                "cold": cold,
                "base_before": before,  # the cold scan's ratio to it alone is printed too, as this benchmark used to measure it
                "base_cores": timed(lambda: pdftotext_parallel(laws, cores)),
                "cold_default": timed(lambda: cli_scan(laws, out, "--no-cache")),
                "one": timed(lambda: cli_scan(laws, out, "--no-cache", "-j", "1")),
                "two": timed(lambda: cli_scan(laws, out, "--no-cache", "-j", "2")),
            })
        base, cold, _, base_cores, cold_default, one, two = (median_measure(rounds, name) for name in rounds[0])
        edits = {edit: edited_checklists(work / edit, edit) for edit in EDITS}
        warm = {edit: timed(lambda: cli_scan(laws, out, "--cache-dir", str(cache), *options)) for edit, options in edits.items()}
        plumber = timed(lambda: bare_pdfplumber(laws))
        ours_plumber = timed(lambda: read_all(laws, "pdfplumber"))
        ours_pdfium = timed(lambda: read_all(laws, "pdfium"))
        print(f"median of {len(rounds)} rounds; ratios: median of each round's, [least, greatest]")
        row("pdftotext -layout (around the scan)", base)
        row("cold scan, 4 checklists, 1 job", cold, round_ratios(rounds, "cold", "base", "pdftotext"), "<= 5")
        row("  the same, old measure", cold, round_ratios(rounds, "cold", "base_before", "pdftotext just before only"))
        row("cold scan, default --jobs", cold_default, round_ratios(rounds, "cold_default", "base", "pdftotext"))
        row(f"pdftotext -layout, {cores} at a time", base_cores)
        row("cold scan, default --jobs", cold_default, round_ratios(rounds, "cold_default", "base_cores", f"pdftotext {cores} at a time"))
        row("bare pdfplumber extract_text", plumber)
        row("read_law, pdfplumber backend", ours_plumber, ratio(ours_plumber, plumber, "bare pdfplumber"), "<= 1.25")
        row("read_law, pdfium backend", ours_pdfium, ratio(ours_pdfium, plumber, "bare pdfplumber"))
        for edit, measure in warm.items():
            row(f"warm re-scan, edit: {edit}", measure, ratio(measure, base, "pdftotext"), "<= 1")
        row("cold scan, 1 job, no cache", one)
        speedups = sorted(r["one"][0] / r["two"][0] for r in rounds)
        row("cold scan, 2 jobs, no cache", two, f"{statistics.median(speedups):.2f}x faster than 1 job (wall) "
            f"[{speedups[0]:.2f}, {speedups[-1]:.2f}]", ">= 1.7")
        # what the machine's cores give a job with no serial part at all: the ceiling of the ratio above
        ceiling = sorted(r["base"][0] / r["base_cores"][0] for r in rounds)
        print(f"{'':<36} the machine's own: pdftotext {cores} at a time is {statistics.median(ceiling):.2f}x faster "
              f"than 1 at a time [{ceiling[0]:.2f}, {ceiling[-1]:.2f}]")
        if args.quick or not samples:
            return
        big = long_law(samples, 300, Path(folder) / "long.pdf")
        print(f"peak memory, {page_count(big)}-page law: {scan([big]):.0f} MB (target <= 400)")
        french = [sample for sample in samples if "-loi-" in sample.name]  # the French model is the larger one
        if french:
            big_french = long_law(french, 300, Path(folder) / "long-french.pdf")
            print(f"peak memory, {page_count(big_french)}-page French law: {scan([big_french]):.0f} MB (target <= 400)")
        previous = None  # (pages, CPU seconds): the cost of the extra pages leaves out start-up
        for size in (30, 100, 300):
            law = long_law(samples, size, Path(folder) / f"law-{size}.pdf")
            count = page_count(law)
            wall, cpu = timed(lambda: scan([law]))
            extra = f", {1000 * (cpu - previous[1]) / (count - previous[0]):6.1f} ms CPU per extra page" if previous else ""
            print(f"{count:4d} pages: {wall:6.2f} s wall {cpu:6.2f} s CPU, {1000 * cpu / count:6.1f} ms CPU per page{extra}")
            previous = (count, cpu)


if __name__ == "__main__":
    main()
