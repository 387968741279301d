"""`gapcheck scan` through the CLI: where reports go, exit codes, bad input in a batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "pdf" / "ardenia-electronic-transactions-act-2025.pdf"


@pytest.fixture
def law(tmp_path: Path) -> Path:
    copy = tmp_path / "law.pdf"
    shutil.copy(SAMPLE, copy)
    return copy


def scan(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["scan", "-c", "e-transactions", "--cache-dir", str(tmp_path / "cache"), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_scan_writes_html_report_into_reports(tmp_path: Path, law: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = scan(tmp_path, str(law))
    assert code == 0
    assert out == "reports/law.html\n"
    assert "<!DOCTYPE html>" in (tmp_path / "reports" / "law.html").read_text(encoding="utf-8")[:200]


@pytest.mark.parametrize(
    ("args", "code"),
    [([], 0), (["--fail-on", "never"], 0), (["--fail-on", "missing"], 1), (["--fail-on", "partial"], 1), (["--min-score", "100"], 1), (["--min-score", "1"], 0)],
)
def test_cli_scan_exit_code_follows_threshold(tmp_path: Path, law: Path, args: list[str], code: int) -> None:
    assert scan(tmp_path, str(law), "-o", str(tmp_path), *args)[0] == code


def test_cli_scan_json_is_byte_identical_on_rerun(tmp_path: Path, law: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    scan(tmp_path, str(law), "-f", "json", "-o", str(first))
    scan(tmp_path, str(law), "-f", "json", "-o", str(second), "--no-cache")
    assert first.read_bytes() == second.read_bytes()
    report = json.loads(first.read_text(encoding="utf-8"))
    assert {f["status"] for f in report["findings"]} <= {"met", "partial", "missing"}
    assert all(f["evidence"] for f in report["findings"] if f["status"] == "met")


def test_cli_scan_several_formats_into_a_folder(tmp_path: Path, law: Path) -> None:
    code, out, _ = scan(tmp_path, str(law), "-f", "json", "-f", "csv", "-f", "sarif", "-o", str(tmp_path), "--name", "et")
    assert code == 0
    assert out.split() == [str(tmp_path / "et.json"), str(tmp_path / "et.csv"), str(tmp_path / "et.sarif")]


def test_cli_scan_bad_file_in_batch_still_reports_the_others(tmp_path: Path, law: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"<html>not a law</html>")
    code, out, err = scan(tmp_path, str(broken), str(law), "-f", "json", "-o", str(tmp_path / "r.json"))
    assert code == 2
    assert err == f"gapcheck: {broken}: is not a PDF file (no %PDF header)\n"
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [l["path"] for l in report["laws"]] == [str(law)]


def test_cli_scan_never_overwrites_an_input(tmp_path: Path, law: Path) -> None:
    before = law.read_bytes()
    code, _, err = scan(tmp_path, str(law), "-f", "json", "-o", str(law))
    assert code == 2
    assert "Traceback" not in err and err.count("\n") == 1
    assert law.read_bytes() == before


def test_cli_scan_unknown_format_is_a_usage_error(tmp_path: Path, law: Path) -> None:
    code, _, err = scan(tmp_path, str(law), "-f", "docx")
    assert code == 2
    assert "docx" in err


def test_cli_scan_broken_checklist_is_located(tmp_path: Path, law: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("domain: x\ntitle: y\nitems: [{id: X-01}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["scan", "-c", str(bad), str(law)])
    assert result.exit_code == 2
    assert f"{bad}:3:9: X-01: missing key 'title'" in result.stderr


def test_cli_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    commands = [name for name in main.commands if name != "checklist"]
    commands += [f"checklist {name}" for name in main.commands["checklist"].commands]
    assert [c for c in commands if f"gapcheck {c}" not in readme] == []


@pytest.mark.parametrize("given, kept", [(None, "1"), ("4", "4")])
def test_cli_holds_numpy_blas_to_one_thread_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch, given: str | None, kept: str) -> None:
    import os

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", given or "")  # so that the test's end restores what the process had
    if given is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    assert CliRunner().invoke(main, ["checklist", "list"]).exit_code == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == kept
