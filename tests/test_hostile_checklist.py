"""Hostile checklists through the CLI: located at FILE:LINE:COL, nothing executed, exit 2.

tests/test_checklist_load.py checks the loader's messages on small cases;
these go through `checklist lint` and `scan -c` as a pull request's CI would,
and add the inputs an attacker would try.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
LAW = ROOT / "corpus" / "pdf" / "ardenia-electronic-transactions-act-2025.pdf"
VALID = (ROOT / "checklists" / "e-transactions.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(r"^(gapcheck: )?(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): \S+: .+$")


def laughs(levels: int = 9) -> str:
    """The billion laughs: each level refers to the one before nine times."""
    rows = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    rows += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(rows) + "\n"


def first_item_line(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


# name -> (file content, words the first problem must contain, line, column)
HOSTILE: dict[str, tuple[str | bytes, str, int | None, int | None]] = {
    "syntax": ("domain: [unclosed\n", "YAML syntax error", 2, 1),
    "tab": ("domain: x\n\ttitle: y\n", "YAML syntax error", 2, 1),
    "duplicate-key": ("domain: a\ndomain: b\n", "duplicate key 'domain'", 2, 1),
    "python-object": ("!!python/object/apply:os.system ['touch PWNED']\n", "is not allowed", 1, 1),
    "python-name": ("domain: !!python/name:os.system\n", "is not allowed", 1, 9),
    "custom-tag": ("domain: !shell rm\n", "tag !shell is not allowed", 1, 9),
    "laughs": (laughs(), "anchors and aliases are not allowed", None, None),
    "deep-flow": ("domain: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply", 1, 29),  # where the 21st level opens
    "deep-but-parsable": ("domain: " + "[" * 40 + "]" * 40 + "\n", "nested too deeply", 1, None),
    "huge-integer": ("domain: x\nversion: 1" + "0" * 5000 + "\n", "value cannot be read", 2, 10),
    "nul-byte": (b"domain: x\x00\n", "U+0000 is not allowed", 1, 10),
    "latin-1": ("domain: caf\xe9\n".encode("latin-1"), "not UTF-8", 1, 12),
    "not-a-mapping": ("- a list\n", "valid dictionary", 1, 1),
    "empty": ("", "empty file", 1, 1),
    "unknown-key": (first_item_line("    title: ", "    colour: red\n    title: "), "unknown key 'colour'", None, None),
    "wrong-type": (first_item_line("    refs: ", "    refs: 12\n    old_refs: "), "", None, None),
    "regex-term": (VALID.replace("en: [", "en: [\"(a|b)+\", ", 1), "no regular expressions", None, None),
    "wildcard-term": (VALID.replace("en: [", "en: [\"a*\", ", 1), "wildcard", None, None),
    "duplicate-id": (VALID + VALID[VALID.index("\n  - id:") + 1:], "duplicate item id", None, None),
    "escape-in-name": (first_item_line("require: [", "require: [\"\\e]0;pwned\\a\", "), "unknown concept", None, None),
}


def write(tmp_path: Path, content: str | bytes, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def check_located(lines: list[str], path: Path, words: str, line: int | None, column: int | None) -> None:
    assert lines, "no problem reported"
    for text in lines:
        match = LOCATED.match(text)
        assert match and match["path"] == str(path), text
        assert "\x1b" not in text and "\x07" not in text  # a checklist cannot drive the terminal
    first = LOCATED.match(next(t for t in lines if words in t))
    assert first is not None
    assert line is None or int(first["line"]) == line, lines
    assert column is None or int(first["column"]) == column, lines


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_checklist_lint_locates_problem(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content, words, line, column = HOSTILE[name]
    path = write(tmp_path, content)
    monkeypatch.chdir(tmp_path)
    result = CliRunner(env={"GAPCHECK_DEBUG": "1"}).invoke(main, ["checklist", "lint", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    check_located(result.stdout.splitlines(), path, words, line, column)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.yaml"]  # nothing ran, nothing was written


@pytest.mark.parametrize("name", ["python-object", "laughs", "deep-flow", "huge-integer", "escape-in-name", "regex-term"])
def test_hostile_checklist_scan_refuses_before_reading_laws(name: str, tmp_path: Path) -> None:
    content, words, line, column = HOSTILE[name]
    path = write(tmp_path, content)
    result = CliRunner(env={"GAPCHECK_DEBUG": "1"}).invoke(main, ["scan", str(LAW), "-c", str(path), "-o", str(tmp_path / "r.html")], catch_exceptions=False)
    assert result.exit_code == 2
    check_located(result.stderr.splitlines(), path, words, line, column)
    assert not (tmp_path / "r.html").exists()


def test_hostile_checklist_50_megabytes_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs, written in no time
    result = CliRunner().invoke(main, ["checklist", "lint", str(path)])
    assert result.exit_code == 2
    assert result.stdout == f"{path}:1:1: -: file is {50 * 1024 * 1024} bytes; a checklist may be at most 2097152\n"
