"""Mutation fuzzing of gapcheck's inputs through its CLI: damaged PDFs and damaged checklists.

Every mutant must give exit code 0, 1 or 2, no traceback, no internal error,
and only one-line `gapcheck: FILE: problem` messages (or FILE:LINE:COL lines
from `checklist lint`). tests/test_hostile_fuzz.py runs a few seconds of it
in the suite; maintainers run it longer:

    python3 tests/fuzz.py --seconds 600 [--seed 1] [--keep fuzz-failures]

A failing mutant is saved (with --keep) under its seed, to replay and shrink.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gapcheck.cli import main  # noqa: E402

PDF_SEEDS = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
CHECKLIST_SEEDS = sorted((ROOT / "checklists").glob("*.yaml"))
PDF_TOKENS = [b"obj", b"endobj", b"<<", b">>", b"[", b"]", b"R", b"stream", b"endstream", b"/Length 999999999", b"/Filter /FlateDecode",
              b"/Type /Pages", b"/Kids [1 0 R]", b"/Count -1", b"xref", b"trailer", b"startxref", b"%%EOF", b"(", b")", b"\\", b"-0",
              b"1e308", b"/MediaBox [0 0 1e30 1e30]", b"BT", b"ET", b"Tj", b"Do", b"q", b"Q", b"\x00", b"\xff"]
YAML_TOKENS = ["&a ", "*a", "!!python/object/apply:os.system ['true']", ": ", "- ", "{", "}", "[", "]", "'", '"', "? ", "\x00", "---",
               "\t", "<<: *a", "!!binary", "%YAML 1.1", "~", "1e999", "0x" + "f" * 40, "\u2028", "\ud800", "|", ">", "#", "@", "`"]
LOCATED = re.compile(r"^.+:\d+:\d+: .+$")


@dataclass
class Failure:
    """A mutant that broke a promise, with what gapcheck printed."""

    kind: str
    seed: int
    why: str
    data: bytes


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    """`data` damaged by one to four random edits."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(out)) if out else 0
        edit = rng.randrange(6)
        if edit == 0:
            del out[where:]
        elif edit == 1:
            for _ in range(rng.randint(1, 50)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif edit == 2:
            del out[where:where + rng.randint(1, 2000)]
        elif edit == 3:
            out[where:where] = out[rng.randrange(len(out)):][: rng.randint(1, 2000)]
        elif edit == 4:
            out[where:where] = rng.choice(PDF_TOKENS) + b" "
        else:  # a number changed: lengths, offsets, counts, object references
            numbers = list(re.finditer(rb"\d+", bytes(out)))
            if numbers:
                number = rng.choice(numbers)
                out[number.start():number.end()] = str(rng.choice([0, 1, -1, 2**31, 10**12, rng.randrange(10**6)])).encode()
        if not out:
            break
    return bytes(out)


def mutate_checklist(text: str, rng: random.Random) -> str:
    """`text` damaged by one to four random line edits."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        index = rng.randrange(len(lines))
        edit = rng.randrange(5)
        if edit == 0:
            del lines[index]
        elif edit == 1:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif edit == 2:
            line = lines[index]
            cut = rng.randrange(len(line) + 1)
            lines[index] = line[:cut] + rng.choice(YAML_TOKENS) + line[cut:]
        elif edit == 3:
            lines[index] = " " * rng.choice([0, 1, 3, 8]) + lines[index].lstrip(" ")
        else:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
    return "".join(lines)


def check_output(code: int, stdout: str, stderr: str, exception: BaseException | None, lint: bool) -> str | None:
    """Why this run broke a promise, or None."""
    if exception is not None and not isinstance(exception, SystemExit):
        return f"exception {type(exception).__name__}: {exception}"
    if code not in (0, 1, 2):
        return f"exit code {code}"
    text = stdout + stderr
    if "Traceback" in text or "internal error" in text:
        return "traceback or internal error: " + text[-500:]
    problems = stdout.splitlines() if lint and code == 2 else stderr.splitlines()
    for line in problems:
        if not (line.startswith("gapcheck: ") or LOCATED.match(line) or line.endswith("checklist(s) clean")):
            return f"not a one-line problem: {line[:300]!r}"
    return None


def fuzz_pdf(folder: Path, seed: int, runner: CliRunner) -> Failure | None:
    """One mutated PDF through `gapcheck extract`."""
    rng = random.Random(seed)
    source = rng.choice(PDF_SEEDS)
    data = mutate_pdf(source.read_bytes(), rng)
    path = folder / f"mutant-{seed}.pdf"
    path.write_bytes(data)
    backend = rng.choice(["pdfium", "pdfplumber"])
    result = runner.invoke(main, ["extract", "--backend", backend, str(path)])
    why = check_output(result.exit_code, result.stdout, result.stderr, result.exception, lint=False)
    path.unlink()
    return Failure(f"pdf-{backend}", seed, why, data) if why else None


def fuzz_checklist(folder: Path, seed: int, runner: CliRunner) -> Failure | None:
    """One mutated checklist through `gapcheck checklist lint`."""
    rng = random.Random(seed)
    source = rng.choice(CHECKLIST_SEEDS)
    text = mutate_checklist(source.read_text(encoding="utf-8"), rng)
    path = folder / f"mutant-{seed}.yaml"
    data = text.encode("utf-8", "surrogatepass")  # a lone surrogate is one of the mutations
    path.write_bytes(data)
    result = runner.invoke(main, ["checklist", "lint", str(path)])
    why = check_output(result.exit_code, result.stdout, result.stderr, result.exception, lint=True)
    path.unlink()
    return Failure("checklist", seed, why, data) if why else None


def run(folder: Path, seconds: float, seed: int = 0, limit: int | None = None) -> tuple[int, list[Failure]]:
    """Fuzz for `seconds` (or `limit` mutants of each kind); the number tried and the failures."""
    runner = CliRunner()
    failures: list[Failure] = []
    tried = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop and (limit is None or tried < 2 * limit):
        for fuzz in (fuzz_pdf, fuzz_checklist):
            failure = fuzz(folder, seed + tried, runner)
            tried += 1
            if failure:
                failures.append(failure)
    return tried, failures


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", type=Path, help="folder to save failing mutants in")
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory() as temporary:
        tried, failures = run(Path(temporary), args.seconds, args.seed)
    print(f"{tried} mutants from seed {args.seed}: {len(failures)} failures")
    for failure in failures:
        print(f"  {failure.kind} seed {failure.seed}: {failure.why[:300]}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            suffix = "yaml" if failure.kind == "checklist" else "pdf"
            (args.keep / f"{failure.kind}-{failure.seed}.{suffix}").write_bytes(failure.data)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main_())
