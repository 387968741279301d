"""Hostile and broken PDFs: each is read or refused with one clear reason, never a crash or a hang.

The inputs are made by tests/hostile.py from the sample law or from raw PDF
bytes. Reading goes through `read_law_cached`, as `scan` and `extract` do, so
the child process and its time and memory limits are part of what is tested.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gapcheck import ingest, ocr
from gapcheck.cli import main
from gapcheck.errors import LawError
from gapcheck.models import Law
from gapcheck import scan as scanning
from gapcheck.scan import LawResult, ScanOptions, read_law_cached

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402

BACKENDS = ["pdfium", "pdfplumber"]


@pytest.fixture(autouse=True)
def _loud_bugs(monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error must fail these tests with its traceback, not pass as a tidy LawError."""
    monkeypatch.setenv("GAPCHECK_DEBUG", "1")


def read(path: Path, backend: str = "pdfium", **limits: object) -> Law:
    options = ScanOptions(backend=backend, timeout=limits.pop("timeout", 60), **limits)  # type: ignore[arg-type]
    return read_law_cached(path, options)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(hostile.HOSTILE_PDFS))
def test_hostile_pdf_read_or_refused_with_reason(name: str, backend: str, tmp_path: Path, sample_pdf: Path) -> None:
    make, words = hostile.HOSTILE_PDFS[name]
    path = make(tmp_path / f"{name}.pdf", sample_pdf)
    try:
        law = read(path, backend, max_pages=2000)
    except LawError as error:
        assert error.path == str(path)
        assert "\n" not in error.problem and len(error.problem) < 300
        assert words != (), f"{name} must be read but: {error.problem}"
        assert words is None or any(word in error.problem for word in words), error.problem
    else:
        assert not words, f"{name} was read by {backend}; expected a refusal"
        assert law.pages >= 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_pdf_owner_password_only_is_read(backend: str, tmp_path: Path, sample_pdf: Path) -> None:
    law = read(hostile.encrypted(sample_pdf, tmp_path / "owner.pdf", user=""), backend)
    assert "SAMPLE DATA ACT" in law.title


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_pdf_user_password_is_refused(backend: str, tmp_path: Path, sample_pdf: Path) -> None:
    with pytest.raises(LawError, match="password-protected"):
        read(hostile.encrypted(sample_pdf, tmp_path / "user.pdf", user="secret"), backend)


def test_hostile_pdf_image_only_is_read_by_ocr_or_explained(tmp_path: Path) -> None:
    page = tmp_path / "page.pdf"
    page.write_bytes(hostile.one_page_pdf(b"BT /F1 20 Tf 72 720 Td (1. A controller shall protect personal data.) Tj ET"))
    path = hostile.image_only(page, tmp_path / "scan.pdf", scale=200 / 72)
    if not ocr.available("en"):
        with pytest.raises(LawError, match="no text layer"):
            read(path)
        return
    law = read(path)
    assert law.ocr_pages == (1,)
    assert "personal data" in " ".join(p.text for p in law.provisions)


def test_hostile_pdf_huge_scanned_page_rendered_within_memory(tmp_path: Path) -> None:
    path = tmp_path / "poster.pdf"  # 200 x 200 inches, no text: 3.6 billion pixels at OCR's 300 dpi
    path.write_bytes(hostile.one_page_pdf(b"0 0 1 rg 0 0 14400 14400 re f", media_box=b"[0 0 14400 14400]"))
    with pytest.raises(LawError, match="no text"):
        read(path, max_memory=512)


def test_hostile_pdf_over_max_pages_refused_without_reading_them(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(hostile.many_pages_pdf(3000))
    with pytest.raises(LawError, match="3000 pages, more than the limit of 100"):
        read(path, max_pages=100, timeout=5)  # reading 3000 pages would take longer than this


def test_hostile_pdf_decompression_bomb_stopped_by_memory_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(hostile.flate_bomb_pdf(512))  # 0.5 MB on disk, 512 MB inflated, 1 GB in PDFium
    with pytest.raises(LawError, match="memory limit of 128 MB"):
        read(path, max_memory=128, timeout=60)


def scan(*args: str) -> Result:
    """`gapcheck scan` through the CLI, as users see it (no debug tracebacks)."""
    return CliRunner(env={"GAPCHECK_DEBUG": ""}).invoke(main, ["scan", "--no-cache", *args])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_hostile_pdf_timeout_stops_a_hang_and_names_the_file(jobs: str, tmp_path: Path, sample_pdf: Path) -> None:
    bomb = tmp_path / "slow.pdf"
    bomb.write_bytes(hostile.text_bomb_pdf(2_000_000))  # PDFium needs a minute and 5 GB for this page
    out = tmp_path / "out.json"
    # A memory limit well above what the bomb can reach in 2 s, so that on a fast machine
    # the time limit, not the memory limit, is what stops it.
    result = scan(str(bomb), str(sample_pdf), "-c", "data-protection", "-f", "json", "-o", str(out), "--timeout", "2", "--max-memory", "8192", "-j", jobs)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"gapcheck: {bomb}: took longer than the limit of 2 seconds (see --timeout)"]
    report = json.loads(out.read_text())
    assert [law["path"] for law in report["laws"]] == [str(sample_pdf)]
    assert report["errors"] == [{"path": str(bomb), "problem": "took longer than the limit of 2 seconds (see --timeout)"}]


def test_hostile_pdf_batch_one_line_per_bad_file_others_reported(tmp_path: Path, sample_pdf: Path) -> None:
    bad = [make(tmp_path / f"{name}.pdf", sample_pdf) for name, (make, words) in sorted(hostile.HOSTILE_PDFS.items()) if words]
    out = tmp_path / "out"
    result = scan(*map(str, bad), str(sample_pdf), "-c", "data-protection", "-f", "json", "-f", "html", "-o", str(out), "-j", "2")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    refused = [line for line in lines if line.startswith("gapcheck: ")]
    assert len(refused) == len(lines) == len(bad), lines
    report = json.loads((out / "framework.json").read_text())
    assert [law["path"] for law in report["laws"]] == [str(sample_pdf)]
    assert sorted(error["path"] for error in report["errors"]) == sorted(map(str, bad))
    assert (out / "framework.html").exists()


def _dies_on_one_law(path: Path, options: object, missed: object = None) -> LawResult:
    if path.name == "die.pdf":
        os._exit(1)  # as the kernel's OOM killer would end a worker
    time.sleep(1)  # the other laws finish after the worker died
    return LawResult(str(path), error="read")


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched worker function reaches workers only by fork")
def test_hostile_pdf_dead_worker_fails_its_laws_not_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanning, "read_one", _dies_on_one_law)
    paths = [Path("a.pdf"), Path("die.pdf"), Path("b.pdf")]
    results = scanning.scan_laws(paths, [], ScanOptions(), jobs=2)
    assert [r.path for r in results] == ["a.pdf", "die.pdf", "b.pdf"]
    assert "died" in str(results[1].error)


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_pdf_limited_read_equals_direct_read(backend: str, sample_pdf: Path) -> None:
    from gapcheck.pipeline import read_law

    assert read(sample_pdf, backend) == read_law(sample_pdf, backend=backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_pdf_no_pages_after_an_encrypted_law_is_not_called_encrypted(backend: str, tmp_path: Path, sample_pdf: Path) -> None:
    """PDFium keeps the error of the last file it failed to open: a later file's reason must be its own (as in one reading process)."""
    with pytest.raises(LawError, match="password-protected"):
        ingest.read_pages(hostile.encrypted(sample_pdf, tmp_path / "user.pdf", user="secret"), backend=backend)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(hostile.zero_pages_pdf())
    with pytest.raises(LawError, match="has no pages"):
        ingest.read_pages(empty, backend=backend)
