"""The JSON contract: its committed schema, output that validates, and reading it back."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from report_samples import ITEMS, peer, specimen

from gapcheck.errors import GapcheckError
from gapcheck.models import Report
from gapcheck.report import render
from gapcheck.report.loading import load_report_json
from gapcheck.report.schema import json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "gapcheck" / "report" / "report.schema.json"


def validate(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """Problems of `value` against the JSON Schema keywords pydantic emits (a small validator)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(value, root["$defs"][name], root, where)
    if "anyOf" in schema:
        if any(not validate(value, option, root, where) for option in schema["anyOf"]):
            return []
        return [f"{where}: matches none of anyOf"]
    problems: list[str] = []
    kinds = {"string": str, "boolean": bool, "object": dict, "array": list, "null": type(None)}
    kind = schema.get("type")
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = kind is None or isinstance(value, kinds[kind])
    if not ok:
        return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        problems.append(f"{where}: below {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        problems.append(f"{where}: above {schema['maximum']}")
    if isinstance(value, dict):
        problems += _validate_object(value, schema, root, where)
    if isinstance(value, list) and "items" in schema:
        for index, element in enumerate(value):
            problems += validate(element, schema["items"], root, f"{where}[{index}]")
    return problems


def _validate_object(value: dict[str, Any], schema: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    properties = schema.get("properties", {})
    problems = [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
    extra = schema.get("additionalProperties", True)
    for key, element in value.items():
        if key in properties:
            problems += validate(element, properties[key], root, f"{where}.{key}")
        elif extra is False:
            problems.append(f"{where}: unexpected {key}")
        elif isinstance(extra, dict):
            problems += validate(element, extra, root, f"{where}.{key}")
    return problems


def test_report_json_schema_file_is_current() -> None:
    if os.environ.get("GAPCHECK_UPDATE_GOLDEN") == "1":
        SCHEMA_FILE.write_text(json_schema(), encoding="utf-8")
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema(), "rerun with GAPCHECK_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("report", [specimen(), peer(), Report(name="Empty", laws=(), findings=())], ids=["specimen", "peer", "empty"])
def test_report_json_validates_against_schema(report: Report) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert validate(json.loads(render(report, "json", items=ITEMS)), schema, schema) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.pop("findings"), "$: missing findings"),
        (lambda d: d.update(extra=1), "$: unexpected extra"),
        (lambda d: d["findings"][0].update(status="present"), "$.findings[0].status"),
        (lambda d: d["findings"][0].update(confidence=1.5), "$.findings[0].confidence: above 1"),
        (lambda d: d["laws"][0].update(pages="34"), "$.laws[0].pages: expected integer"),
    ],
)
def test_report_json_validator_catches_problems(change: Any, problem: str) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = json.loads(render(specimen(), "json"))
    change(data)
    assert any(p.startswith(problem) for p in validate(data, schema, schema))


def test_report_json_contract_fields() -> None:
    data = json.loads(render(specimen(), "json", items=ITEMS))
    assert data["version"] == 1
    assert list(data) == sorted(data)
    assert data["laws"][0] == {"language": "en", "ocr_pages": [21, 22], "pages": 34, "path": "corpus/pdf/ardenia-data-protection.pdf", "title": "Data Protection Act 2019"}
    finding = data["findings"][1]
    assert finding["item"] == "DP-22" and finding["status"] == "partial"
    assert finding["evidence"][0]["citation"] == "Data Protection Act 2019, s. 43(2)(b), p. 21"
    assert finding["benchmark"] == {"benchmark": "within 72 hours of becoming aware", "found": "seven days", "note": "168 hours", "satisfied": False}
    assert finding["refs"] == ["GDPR Art 33", "MALABO Art 11"]
    assert data["summary"]["all"] == {"items": 6, "met": 2, "missing": 2, "partial": 2, "score": 0.5}


def test_report_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "ardenia.json"
    path.write_text(render(specimen(), "json"), encoding="utf-8")
    assert load_report_json(path) == specimen()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON (line 1, column 2"),
        ("[]", "not a gapcheck JSON report: top level"),
        ('{"version": 2}', "JSON report version 2 is not supported"),
        ('{"version": 1, "gapcheck": "0.1", "name": "x", "laws": []}', "not a gapcheck JSON report: findings: Field required"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_report_json_load_bad_file(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(GapcheckError, match="bad.json: ") as caught:
        load_report_json(path)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_report_json_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GapcheckError, match="nothing.json: cannot read"):
        load_report_json(tmp_path / "nothing.json")
