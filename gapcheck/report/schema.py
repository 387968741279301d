"""The JSON report contract, declared once.

`gapcheck/report/report.schema.json` is generated from these models
(`python -m gapcheck.report.schema > gapcheck/report/report.schema.json`);
the JSON renderer writes them and `load_report_json` reads them back, so the
schema, the writer and the reader cannot drift apart. Bump `VERSION` when a
change would break a reader of version 1.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LawDoc(Strict):
    """A law the report read."""

    path: str = Field(description="The law's file as given on the command line")
    title: str = Field(description="The law's title as printed")
    language: str = Field(description="The language the law was read in (ISO 639-1 code)")
    pages: int = Field(ge=0, description="Number of PDF pages")
    ocr_pages: list[int] = Field(default_factory=list, description="Pages whose text came from OCR")


class EvidenceDoc(Strict):
    """A quotation from a law that answers (part of) an item."""

    law: str = Field(description="The law's file (matches a `laws[].path`)")
    provision: str = Field(description="Top-level provision number as printed, e.g. 43")
    path: str = Field(description="Citation path, e.g. 43(2)(b)")
    page: int = Field(ge=0, description="PDF page of the quote")
    quote: str = Field(description="The words of the law")
    citation: str = Field(default="", description="Human citation, e.g. 'Data Protection Act 2019, s. 43(2)(b), p. 21' (derived; ignored when read back)")
    terms: list[str] = Field(default_factory=list, description="Words of the quote that matched the item's concepts")
    concepts: list[str] = Field(default_factory=list, description="The item's concepts this quote expresses")
    heading: str = Field(default="", description="The provision's heading")
    kind: str = Field(default="", description="The provision's kind: section, article...")
    ocr: bool = Field(default=False, description="Whether the quote was read by OCR")


class BenchmarkDoc(Strict):
    """A quantity found in the law compared with the item's benchmark."""

    benchmark: str = Field(description="The benchmark as the checklist words it")
    found: Optional[str] = Field(description="The quantity as the law words it; null when none was found")
    satisfied: Optional[bool] = Field(description="Whether the law meets the benchmark; null when nothing could be compared")
    note: str = Field(default="", description="A short explanation")


class FindingDoc(Strict):
    """The answer for one checklist item."""

    item: str = Field(description="Checklist item id, e.g. DP-22")
    domain: str = Field(description="Checklist domain, e.g. data-protection")
    title: str = Field(description="Item title")
    status: Literal["met", "partial", "missing"] = Field(description="met, partial or missing")
    confidence: float = Field(ge=0, le=1, description="How sure the matcher is, 0 to 1")
    reason: str = Field(default="", description="One sentence on why this status")
    evidence: list[EvidenceDoc] = Field(default_factory=list, description="Quotes from the laws")
    benchmark: Optional[BenchmarkDoc] = Field(default=None, description="The benchmark check, when the item sets one")
    refs: list[str] = Field(default_factory=list, description="International instruments that set the standard (from the checklist)")


class TallyDoc(Strict):
    """Counts and score of a domain (or of the whole report)."""

    items: int = Field(ge=0)
    met: int = Field(ge=0)
    partial: int = Field(ge=0)
    missing: int = Field(ge=0)
    score: float = Field(ge=0, le=1, description="(met + 0.5 * partial) / items")


class ErrorDoc(Strict):
    """An input that could not be read."""

    path: str = Field(description="The file as given on the command line")
    problem: str = Field(description="Why it could not be read, in one line")

    @model_validator(mode="before")
    @classmethod
    def _older_name(cls, data: Any) -> Any:
        # Reports written before the key was named like LawDoc.path called it `file`.
        if isinstance(data, dict) and "file" in data and "path" not in data:
            data = {("path" if key == "file" else key): value for key, value in data.items()}
        return data


class ReportDoc(Strict):
    """A gapcheck report: the laws of one framework (country) against checklists."""

    version: Literal[1] = Field(description="Version of this JSON contract")
    gapcheck: str = Field(description="Version of gapcheck that wrote the report")
    name: str = Field(description="Name of the framework, usually the country")
    generated: Optional[str] = Field(default=None, description="ISO date the report was made, when asked for (SOURCE_DATE_EPOCH)")
    checklists: list[str] = Field(default_factory=list, description="Checklists the laws were checked against")
    laws: list[LawDoc] = Field(description="The laws read")
    findings: list[FindingDoc] = Field(description="One finding per checklist item")
    summary: dict[str, TallyDoc] = Field(default_factory=dict, description="Counts and score per domain, and `all` for the whole report")
    errors: list[ErrorDoc] = Field(default_factory=list, description="Inputs that could not be read")


def json_schema() -> str:
    """The JSON Schema of a JSON report, as committed in gapcheck/report/report.schema.json."""
    schema = ReportDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(json_schema())
