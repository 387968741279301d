"""`gapcheck compare` and `gapcheck diff` through click's CliRunner."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import ITEMS, check_golden, peer, specimen

from gapcheck.cli import main
from gapcheck.models import Evidence, Report, Status
from gapcheck.report import render
from gapcheck.report.compare import render_compare


def save(report: Report, path: Path) -> Path:
    path.write_text(render(report, "json"), encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path: Path) -> tuple[Path, Path]:
    return save(specimen(), tmp_path / "ardenia.json"), save(peer(), tmp_path / "bresia.json")


def improved() -> Report:
    """The specimen after an amendment: DP-30 now met, DP-22's evidence re-cited."""
    old = specimen()
    findings = list(old.findings)
    officer = Evidence(old.laws[0].path, "50", "50(1)", 25, "Every controller shall appoint a data protection officer.", kind="section")
    findings[2] = dataclasses.replace(findings[2], status=Status.MET, evidence=(officer,))
    findings[1] = dataclasses.replace(findings[1], evidence=(dataclasses.replace(findings[1].evidence[0], page=22),))
    return dataclasses.replace(old, findings=tuple(findings))


def test_report_cli_compare_csv_to_stdout(reports: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, ["compare", "--format", "csv", *map(str, reports)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "domain,item,title,Ardenia <b>&</b>,Bresia"
    assert lines[2] == "data-protection,DP-22,Breach notification,partial,met"
    assert lines[-1] == "all,,score,50%,50%"


def test_report_cli_compare_html_to_file(reports: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "compare.html"
    result = CliRunner().invoke(main, ["compare", *map(str, reports), "--output", str(out)])
    assert (result.exit_code, result.output) == (0, f"{out}\n")
    html = out.read_text(encoding="utf-8")
    assert "<h1>Ardenia &lt;b&gt;&amp;&lt;/b&gt; · Bresia</h1>" in html
    assert 'title="Bresia, DP-22: Met: Personal Information Act 2021, s. 30(1), p. 17"' in html


def test_report_cli_compare_html_golden() -> None:
    check_golden("compare", "expected.html", render_compare([specimen(), peer()], "html", ITEMS))


def test_report_cli_compare_csv_golden(reports: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, ["compare", "--format", "csv", *map(str, reports)])
    check_golden("compare", "expected.csv", result.output)


def test_report_cli_compare_refuses_to_overwrite_a_report(reports: tuple[Path, Path]) -> None:
    before = reports[0].read_bytes()
    result = CliRunner().invoke(main, ["compare", *map(str, reports), "--output", str(reports[0])])
    assert result.exit_code == 2
    assert result.output == f"gapcheck: {reports[0]}: is one of the input files; refusing to overwrite it with the report\n"
    assert reports[0].read_bytes() == before


@pytest.mark.parametrize(("content", "problem"), [("{", "not valid JSON"), ('{"version": 1}', "not a gapcheck JSON report")])
def test_report_cli_bad_report_is_one_line(tmp_path: Path, content: str, problem: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    for command in (["compare", str(bad)], ["diff", str(bad), str(bad)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2
        assert result.output.startswith(f"gapcheck: {bad}: {problem}") and result.output.count("\n") == 1


def test_report_cli_diff_text(tmp_path: Path) -> None:
    old, new = save(specimen(), tmp_path / "old.json"), save(improved(), tmp_path / "new.json")
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0
    quote = "The controller shall notify the Commissioner within seven days <script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script> =HYPERLINK(\"http://evil.example\",\"x\") of a breach."
    assert result.output == (
        "DP-22 Breach notification: partial -> partial\n"
        f"  + Data Protection Act 2019, s. 43(2)(b), p. 22: \u201c{quote}\u201d\n"
        f"  - Data Protection Act 2019, s. 43(2)(b), p. 21: \u201c{quote}\u201d\n"
        "DP-30 Data protection officer: missing -> met\n"
        "  + Data Protection Act 2019, s. 50(1), p. 25: \u201cEvery controller shall appoint a data protection officer.\u201d\n"
        "2 items changed (1 better, 1 evidence only); 4 unchanged.\n"
    )


@pytest.mark.parametrize(("flags", "code"), [([], 0), (["--exit-code"], 1)])
def test_report_cli_diff_exit_code(tmp_path: Path, flags: list[str], code: int) -> None:
    old, new = save(specimen(), tmp_path / "old.json"), save(improved(), tmp_path / "new.json")
    assert CliRunner().invoke(main, ["diff", *flags, str(old), str(new)]).exit_code == code
    same = CliRunner().invoke(main, ["diff", *flags, str(old), str(old)])
    assert (same.exit_code, same.output) == (0, "0 items changed; 6 unchanged.\n")


def test_report_cli_diff_md_and_json(tmp_path: Path) -> None:
    old, new = save(specimen(), tmp_path / "old.json"), save(improved(), tmp_path / "new.json")
    md = CliRunner().invoke(main, ["diff", "--format", "md", str(old), str(new)]).output
    assert "| DP-30 | Data protection officer | missing | **met** | added: Data Protection Act 2019, s. 50(1), p. 25 |" in md
    data = json.loads(CliRunner().invoke(main, ["diff", "--format", "json", str(old), str(new)]).output)
    assert [(c["item"], c["old"], c["new"], c["direction"]) for c in data["changes"]] == [("DP-22", "partial", "partial", "evidence"), ("DP-30", "missing", "met", "better")]
    assert (data["changed"], data["unchanged"]) == (2, 4)


def test_report_cli_diff_items_added_and_removed(tmp_path: Path) -> None:
    old = specimen()
    new = dataclasses.replace(old, findings=old.findings[1:] + (dataclasses.replace(old.findings[0], item="DP-99"),))
    result = CliRunner().invoke(main, ["diff", str(save(old, tmp_path / "a.json")), str(save(new, tmp_path / "b.json"))])
    assert "DP-99 Comprehensive scope: (not assessed) -> met" in result.output
    assert "DP-01 Comprehensive scope: met -> (not assessed)" in result.output
    assert result.output.endswith("2 items changed (1 new, 1 dropped); 5 unchanged.\n")


def test_report_cli_compare_quotes_each_country() -> None:
    html = render_compare([specimen(), peer()], "html", ITEMS)
    assert '<a href="#ex-DP-22-1"><span aria-hidden="true">✓</span> Met</a>' in html
    assert 'id="ex-DP-22-1"' in html and "Personal Information Act 2021, s. 30(1), p. 17" in html
    assert 'id="ex-ET-07"' not in html  # nobody meets it: nothing to show


def test_report_cli_diff_ignores_the_folder_laws_were_read_from(tmp_path: Path) -> None:
    old = specimen()
    moved_laws = tuple(dataclasses.replace(law, path="/ci/checkout/" + law.path) for law in old.laws)
    moved = dataclasses.replace(old, laws=moved_laws, findings=tuple(
        dataclasses.replace(f, evidence=tuple(dataclasses.replace(e, law="/ci/checkout/" + e.law) for e in f.evidence)) for f in old.findings
    ))
    result = CliRunner().invoke(main, ["diff", str(save(old, tmp_path / "a.json")), str(save(moved, tmp_path / "b.json"))])
    assert result.output == "0 items changed; 6 unchanged.\n"
