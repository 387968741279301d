"""Reports from hostile text, and report files that survive interruptions and never replace an input.

Law text and checklist text are untrusted: a law whose title is markup, a
formula and an XML terminator, and a checklist item titled with markup, go
through a real scan into every format. tests/test_report_ci.py checks the
renderers on arbitrary text; this checks the whole path from the PDF.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gapcheck.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402
from lawpdf import draw_law, flow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["html", "md", "json", "csv", "junit", "sarif"]
TITLE = "THE <script>alert(1)</script> =HYPERLINK(\"http://x\") ]]> [a](javascript:x) ACT"
ITEM_TITLE = "=HYPERLINK(\"http://evil\") <img src=x onerror=alert(2)> @here | pipe"


def scan(*args: str) -> Result:
    return CliRunner().invoke(main, ["scan", "--no-cache", *args])


@pytest.fixture(scope="module")
def hostile_law(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    rows = flow([
        (TITLE, "title"),
        ("1. Electronic records", "bold"),
        ("(1) Information shall not be denied legal effect solely because it is in electronic form.", "body"),
        ("(2) =cmd|' /C calc'!A0 and <b>bold</b> and \u202eevil\u202c are printed in this law.", "body"),
    ])
    return draw_law(folder / "law.pdf", [rows])


@pytest.fixture(scope="module")
def hostile_checklist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (ROOT / "checklists" / "e-transactions.yaml").read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("    title: "))
    path = tmp_path_factory.mktemp("checklist") / "e-transactions.yaml"
    path.write_text(text.replace(first_title, f"    title: {json.dumps(ITEM_TITLE)}", 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reports(hostile_law: Path, hostile_checklist: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("reports")
    args = [str(hostile_law), "-c", str(hostile_checklist), "-o", str(out), "--name", "hostile"]
    result = scan(*args, *(f"-f{fmt}" for fmt in FORMATS))
    assert result.exit_code == 0, result.output
    texts = {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir()}
    again = scan(*args, *(f"-f{fmt}" for fmt in FORMATS))
    assert again.exit_code == 0
    assert {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir()} == texts, "reruns must be byte-identical"
    return texts


def test_hostile_output_html_shows_markup_as_text(reports: dict[str, str]) -> None:
    html = reports[".html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("<script") == 1  # gapcheck's own, allowed by the page's hash-pinned CSP


def test_hostile_output_markdown_escapes_markup(reports: dict[str, str]) -> None:
    md = reports[".md"]
    assert "\\<script\\>" in md and "\\<img src=x onerror=alert(2)\\> \\@here \\| pipe" in md
    assert "<script>" not in md and "[a](javascript" not in md


def test_hostile_output_csv_formulas_neutralised(reports: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(reports[".csv"])))
    assert len({len(row) for row in rows}) == 1
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert any(cell == "'" + ITEM_TITLE for row in rows for cell in row)


def test_hostile_output_xml_and_json_parse(reports: dict[str, str]) -> None:
    ET.fromstring(reports[".xml"])
    sarif = json.loads(reports[".sarif"])
    assert sarif["runs"][0]["artifacts"][0]["description"]["text"] == TITLE
    report = json.loads(reports[".json"])
    assert report["laws"][0]["title"] == TITLE and report["errors"] == []


@pytest.mark.parametrize("how", ["symlink", "hardlink", "checklist"])
def test_hostile_output_never_replaces_an_input(how: str, tmp_path: Path, hostile_law: Path, hostile_checklist: Path) -> None:
    law = shutil.copy(hostile_law, tmp_path / "law.pdf")
    checklist = shutil.copy(hostile_checklist, tmp_path / "e-transactions.yaml")
    target = {"symlink": tmp_path / "link.html", "hardlink": tmp_path / "hard.html", "checklist": checklist}[how]
    if how == "symlink":
        target.symlink_to(law)
    elif how == "hardlink":
        os.link(law, target)
    before = (Path(law).read_bytes(), Path(checklist).read_bytes())
    result = scan(str(law), "-c", str(checklist), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"gapcheck: {target}: is one of the input files; refusing to overwrite it with the report\n"
    assert (Path(law).read_bytes(), Path(checklist).read_bytes()) == before


def test_hostile_output_unwritable_folder_is_one_line(tmp_path: Path, hostile_law: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root ignores permissions; /proc refuses new files to anyone
        folder = Path("/proc/self")
    result = scan(str(hostile_law), "-c", "e-transactions", "-o", str(folder / "r.html"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"gapcheck: {folder / 'r.html'}: cannot") and result.stderr.count("\n") == 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_hostile_output_interrupted_scan_keeps_previous_report(sig: signal.Signals, tmp_path: Path) -> None:
    slow = tmp_path / "long.pdf"
    slow.write_bytes(hostile.many_pages_pdf(4000))  # pdfminer needs ~20 s for these pages
    report = tmp_path / "r.html"
    report.write_text("previous report")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "gapcheck", "scan", "--no-cache", "--backend", "pdfplumber", "--max-pages", "5000",
               "-c", "e-transactions", str(slow), "-o", str(report)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)
    readers = children(process.pid)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert report.read_text() == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["long.pdf", "r.html"]
    assert "Traceback" not in err
    time.sleep(0.5)
    assert not [pid for pid in readers if running(pid)], "the process reading the law outlived gapcheck"


def children(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc; none elsewhere)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"version": 1, "name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", b"\xff\xfe{}", b"", b"null"],
    ids=["deep-array", "deep-value", "utf-16", "empty", "null"],
)
def test_hostile_output_hostile_json_reports_are_one_line(content: bytes, tmp_path: Path, hostile_law: Path) -> None:
    peers = tmp_path / "peers"
    peers.mkdir()
    bad = peers / "bad.json"
    bad.write_bytes(content)
    runner = CliRunner(env={"GAPCHECK_DEBUG": "1"})
    for args in (["diff", str(bad), str(bad)], ["compare", str(bad)], ["scan", str(hostile_law), "-c", "e-transactions", "--peers", str(peers)]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"gapcheck: {bad}: ") and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_output_lone_surrogates_are_written(fmt: str, tmp_path: Path) -> None:
    from gapcheck.models import Evidence, Finding, LawSummary, Report, Status
    from gapcheck.report import render, write_report

    quote = "a\ud800b \udfff ]]> \x00\x1b[31m"
    evidence = Evidence("l.pdf", "1", "1", 1, quote, terms=("a",))
    report = Report(
        name="r\udc80", laws=(LawSummary("l.pdf", "Act \ud83d", "en", 1),),
        findings=(Finding("DP-01", "data-protection", "t\ud800", Status.PARTIAL, 0.5, (evidence,), reason=quote),),
        errors=(("x\ud800.pdf", quote),),
    )
    path = tmp_path / f"r.{fmt}"
    write_report(path, render(report, fmt))
    text = path.read_bytes().decode("utf-8")  # valid UTF-8 whatever the law held
    if fmt in ("json", "sarif"):
        json.loads(text)
    if fmt == "junit":
        ET.fromstring(text)


def test_hostile_output_pdfium_codes_beyond_unicode_are_no_characters() -> None:
    from gapcheck.ingest.pdfium_backend import unicode_char

    assert [unicode_char(c) for c in (0x41, 0x1F600, 0, 0xD800, 0xDFFF, 0x110000, 2**32 - 1)] == ["A", "\U0001F600"] + ["\ufffe"] * 5


def test_hostile_output_file_names_not_in_utf8(tmp_path: Path, hostile_law: Path) -> None:
    folder = os.fsencode(tmp_path)
    law = os.fsdecode(folder + b"/loi-caf\xe9.pdf")  # a Latin-1 name from an e-mail attachment
    broken = os.fsdecode(folder + b"/vide-caf\xe9.pdf")
    shutil.copy(hostile_law, law)
    Path(broken).write_bytes(b"")
    out = tmp_path / "out"
    result = scan(law, broken, "-c", "e-transactions", "--name", "x", "-o", str(out), *(f"-f{fmt}" for fmt in FORMATS))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1 and "is empty" in result.stderr
    assert json.loads((out / "x.sarif").read_text(encoding="utf-8"))["runs"][0]["artifacts"][0]["location"]["uri"].endswith("loi-caf%E9.pdf")
    assert json.loads((out / "x.json").read_text(encoding="utf-8"))["errors"][0]["path"].endswith("vide-caf?.pdf")
