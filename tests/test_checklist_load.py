"""Checklists are read safely and every problem is located at FILE:LINE:COL: ITEM."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.checklist.lint import lint
from gapcheck.checklist.load import load_checklist, term_problem
from gapcheck.cli import main
from gapcheck.errors import ChecklistError

VALID = textwrap.dedent(
    """\
    domain: example
    title: Privacy
    concepts:
      authority: {en: [commission*, authority], fr: [autorité]}
    items:
      - id: DP-22
        title: Breach notification
        ask: Must breaches be notified?
        refs: [GDPR Art 33]
        explanation: Regulators need to know.
        recommendation: Require notice within 72 hours.
        concepts:
          breach: {en: [security breach], fr: [violation]}
        require: [breach, authority]
        partial: [[breach]]
        quantity: {kind: duration, max: 72, unit: hours}
    """
)


def write(tmp_path: Path, text: str, name: str = "data-protection.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str) -> list[str]:
    return [str(p).split(": ", 1)[1] for p in lint([write(tmp_path, text)])]


def test_load_valid_checklist(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, VALID))
    assert checklist.items[0].id == "DP-22"
    assert checklist.items[0].quantity.max == 72


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("require: [breach, authority]", "require: [breach, regulator]"), "14:23: DP-22: unknown concept 'regulator'"),
        (("    title: Breach notification", "    title: Breach notification\n    colour: red"), "8:5: DP-22: unknown key 'colour'"),
        (("quantity: {kind: duration, max: 72, unit: hours}", "quantity: {kind: duration, max: soon, unit: hours}"), "16:37: DP-22: Input should be a valid number"),
        (("security breach", "secur(ity)+ breach"), "13:21: DP-22: term 'secur(ity)+ breach' may contain only words"),
        (("  - id: DP-22", "  - id: DP22"), "6:9: DP22: String should match pattern"),
        (("    explanation: Regulators need to know.\n", ""), "6:5: DP-22: missing key 'explanation'"),
        (("require: [breach, authority]", "require: [breach, {every: [authority]}]"), "14:23: DP-22: expected a concept name"),
    ],
)
def test_lint_locates_problem(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = VALID.replace(*change)
    assert text != VALID
    problems = [str(p) for p in lint([write(tmp_path, text)])]
    assert any(p.split(".yaml:", 1)[1].startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("domain: x\n\titems: []\n", "YAML syntax error"),
        ("domain: a\ndomain: b\n", "duplicate key 'domain'"),
        ("!!python/object/apply:os.system ['echo pwned']\n", "is not allowed"),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "anchors and aliases are not allowed"),
        ("", "empty file"),
        ("- just\n- a list\n", "Input should be a valid dictionary"),
    ],
)
def test_lint_hostile_yaml(tmp_path: Path, text: str, expected: str) -> None:
    assert any(expected in m for m in messages(tmp_path, text))


def test_lint_duplicate_ids_point_at_second(tmp_path: Path) -> None:
    item = VALID.split("items:\n", 1)[1]
    problems = [str(p) for p in lint([write(tmp_path, VALID + item)])]
    assert any(":17:9: DP-22: duplicate item id" in p for p in problems), problems


def test_lint_refuses_huge_file(tmp_path: Path) -> None:
    path = write(tmp_path, "# padding\n" * 300_000)
    assert "may be at most" in str(lint([path])[0])


def test_lint_problems_are_sorted_and_all_reported(tmp_path: Path) -> None:
    text = VALID.replace("require: [breach, authority]", "require: [breach, nobody]").replace("security breach", "a  b")
    problems = lint([write(tmp_path, text)])
    assert len(problems) == 2
    assert problems == sorted(problems)


@pytest.mark.parametrize(
    ("term", "ok"),
    [("personal data", True), ("notif*", True), ("data subject's", True), ("n*", False), ("a|b", False), ("(x)", False), (" x", False)],
)
def test_load_term_syntax(term: str, ok: bool) -> None:
    assert (term_problem(term) is None) is ok


def test_load_checklist_raises_with_every_problem(tmp_path: Path) -> None:
    with pytest.raises(ChecklistError) as raised:
        load_checklist(write(tmp_path, VALID.replace("[breach, authority]", "[x, y]")))
    assert len(raised.value.problems) == 2


def test_cli_lint_exit_code_and_format(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("[breach, authority]", "[breach, x]"))
    result = CliRunner().invoke(main, ["checklist", "lint", str(path)])
    assert result.exit_code == 2
    assert result.output == f"{path}:14:23: DP-22: unknown concept 'x'\n"


def test_cli_lint_clean(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["checklist", "lint", str(write(tmp_path, VALID))])
    assert result.exit_code == 0, result.output
