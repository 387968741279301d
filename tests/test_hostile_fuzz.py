"""A few seconds of mutation fuzzing in the suite (tests/fuzz.py; run it longer with --seconds)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz  # noqa: E402


@pytest.mark.parametrize("seed", [0, 10_000])
def test_hostile_fuzz_mutants_exit_cleanly(seed: int, tmp_path: Path) -> None:
    tried, failures = fuzz.run(tmp_path, seconds=6, seed=seed, limit=12)
    assert tried >= 4
    assert not failures, "\n".join(f"{f.kind} seed {f.seed}: {f.why}" for f in failures)


@pytest.mark.parametrize("seed", range(5))
def test_hostile_fuzz_mutations_change_the_input(seed: int) -> None:
    import random

    pdf = fuzz.PDF_SEEDS[0].read_bytes()
    checklist = fuzz.CHECKLIST_SEEDS[0].read_text(encoding="utf-8")
    assert fuzz.mutate_pdf(pdf, random.Random(seed)) != pdf
    assert fuzz.mutate_checklist(checklist, random.Random(seed)) != checklist
