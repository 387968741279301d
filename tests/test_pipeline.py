"""Pipeline: read_law chains the stages; JSON and text forms follow the contract."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gapcheck.cli import main
from gapcheck.pipeline import law_as_json, law_as_text, read_law


def test_pipeline_sample_law_provisions(sample_pdf: Path) -> None:
    law = read_law(sample_pdf)
    assert [p.number for p in law.provisions] == ["1", "2", "3", "SCHEDULE"]
    assert [p.heading for p in law.provisions[:3]] == ["Short title", "Interpretation", "Duty to protect data"]
    assert law.provisions[2].part.startswith("PART II")
    assert [(p.page, p.end_page) for p in law.provisions] == [(1, 1), (1, 1), (1, 2), (2, 2)]
    assert law.provisions[3].kind == "schedule"
    assert law.language == "en"
    assert law.title == "THE SAMPLE DATA ACT, 2024"
    assert len(law.sha256) == 64


def test_pipeline_subdivisions_and_paths(sample_pdf: Path) -> None:
    section = read_law(sample_pdf).find("3")
    assert section is not None
    assert [c.number for c in section.children] == ["(1)", "(2)", "(3)"]
    assert [c.number for c in section.children[1].children] == ["(a)", "(b)"]
    quote = section.text.index("in the form prescribed")
    assert section.path_at(quote) == "3(2)(b)"
    assert "unauthorised processing" in section.text  # hyphenated at the line end, joined
    assert section.page_at(section.text.index("commits an offence")) == 2


def test_pipeline_definitions(sample_pdf: Path) -> None:
    law = read_law(sample_pdf)
    assert [(d.term, d.provision) for d in law.definitions] == [("personal data", "2"), ("processing", "2")]
    assert law.definitions[0].text.startswith('"personal data" means')


def test_pipeline_json_contract(sample_pdf: Path) -> None:
    law = read_law(sample_pdf)
    data = json.loads(law_as_json(law))
    assert {"source", "pages", "language", "title", "provisions", "definitions"} <= set(data)
    top = data["provisions"][0]
    assert set(top) == {"number", "heading", "kind", "part", "page", "end_page", "text", "children"}
    assert data["pages"] == 2 and data["source"] == str(sample_pdf)
    assert law_as_json(read_law(sample_pdf)) == law_as_json(law)  # deterministic


def test_pipeline_text_form(sample_pdf: Path) -> None:
    text = law_as_text(read_law(sample_pdf))
    assert "3  Duty to protect data  [pp. 1-2]" in text


def test_pipeline_cli_extract_json(sample_pdf: Path) -> None:
    result = CliRunner().invoke(main, ["extract", "--format", "json", "--backend", "pdfplumber", str(sample_pdf)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["provisions"][1]["heading"] == "Interpretation"
