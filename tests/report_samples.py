"""A small synthetic report for the report tests, with hostile law text on purpose.

The laws, sections and quotes are invented for these tests. The quotes hold
what a PDF could: markup, a spreadsheet formula, control characters, `]]>`,
table pipes, and text in French.
"""

from __future__ import annotations

import os
from pathlib import Path

from gapcheck.checklist.schema import Item
from gapcheck.models import BenchmarkCheck, Evidence, Finding, LawSummary, Report, Status

DPA = "corpus/pdf/ardenia-data-protection.pdf"
ETL = "corpus/pdf/ardenia-transactions-electroniques.pdf"
SCRIPT = "<script>document.title='pwned';document.body.setAttribute('data-pwned','1')</script>"
IMG = "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"


def _item(id: str, title: str, ask: str, refs: list[str], benchmark: str | None = None) -> Item:
    return Item(
        id=id, title=title, ask=ask, refs=refs, benchmark=benchmark,
        explanation=f"Without it, people cannot rely on the law for {title.lower()}.",
        recommendation=f"The law should provide that {title.lower()} is guaranteed, for example: \"Every controller shall ...\".",
        require=["x"],
    )


ITEMS = {
    "DP-01": _item("DP-01", "Comprehensive scope", "Does the law apply to public bodies and private entities?", ["GDPR Art 2", "C108+ Art 3"]),
    "DP-22": _item("DP-22", "Breach notification", "Must controllers notify the authority of a breach?", ["GDPR Art 33", "MALABO Art 11"], "within 72 hours of becoming aware"),
    "DP-30": _item("DP-30", "Data protection officer", "Must some controllers appoint a data protection officer?", ["GDPR Art 37"]),
    "ET-05": _item("ET-05", "Legal recognition of electronic signatures", "Is an electronic signature given legal effect?", ["MLES Art 6", "EIDAS Art 25"]),
    "ET-07": _item("ET-07", "Electronic contracts", "Can a contract be formed by data messages?", ["MLEC Art 11", "ECC Art 8"]),
    "CP-04": _item("CP-04", "Cooling-off period", "Can a consumer withdraw from a distance contract?", ["CRD Art 9", "OECD-EC para 38"], "at least 14 days"),
}


def specimen() -> Report:
    """A report on two laws of a fictional country, hostile text included."""
    laws = (
        LawSummary(DPA, "Data Protection Act 2019", "en", 34, ocr_pages=(21, 22)),
        LawSummary(ETL, "Loi n° 2020-15 relative aux transactions électroniques", "fr", 12),
    )
    findings = (
        Finding("DP-01", "data-protection", "Comprehensive scope", Status.MET, 0.92, (
            Evidence(DPA, "3", "3(1)", 4, "This Act applies to the processing of personal data by a public body or a private entity | any person.",
                     terms=("applies", "public body", "private entity"), concepts=("scope",), heading="Application", kind="section"),
            *(Evidence(DPA, str(n), f"{n}(1)", n, f"Section {n} also binds every public body.", terms=("public body",), kind="section") for n in (4, 5, 6)),
        ), reason="Section 3(1) covers public and private processing."),
        Finding("DP-22", "data-protection", "Breach notification", Status.PARTIAL, 0.71, (
            Evidence(DPA, "43", "43(2)(b)", 21, f"The controller shall notify the Commissioner within seven days {SCRIPT} =HYPERLINK(\"http://evil.example\",\"x\") of a breach.",
                     terms=("notify", "Commissioner", "breach"), concepts=("notify", "authority"), heading="Personal data breach", kind="section", ocr=True),
        ), BenchmarkCheck("within 72 hours of becoming aware", "seven days", False, "168 hours"), reason="The deadline is longer than the benchmark."),
        Finding("DP-30", "data-protection", "Data protection officer", Status.MISSING, 0.8, (), reason=""),
        Finding("ET-05", "e-transactions", "Legal recognition of electronic signatures", Status.MET, 0.88, (
            Evidence(ETL, "12", "12", 5, "La signature électronique a la même valeur « juridique » que la signature manuscrite ]]> \x00\x1b\ufffe fin.",
                     terms=("signature électronique", "valeur"), concepts=("signature",), heading="Valeur juridique", kind="article"),
        )),
        Finding("ET-07", "e-transactions", "Electronic contracts", Status.MISSING, 0.6, (), reason=f"Only article 2 mentions contracts {IMG}."),
        Finding("CP-04", "consumer-protection", "Cooling-off period", Status.PARTIAL, 0.5, (
            Evidence(DPA, "60", "60(1)", 30, "@SUM(A1:A9) -2 days | a consumer *may* withdraw [here](javascript:alert(1)) # within",
                     terms=("consumer", "withdraw"), concepts=("withdraw",)),
        ), BenchmarkCheck("at least 14 days", None, None)),
    )
    return Report(
        name="Ardenia <b>&</b>",
        laws=laws,
        findings=findings,
        checklists=("checklists/data-protection.yaml", "checklists/e-transactions.yaml", "checklists/consumer-protection.yaml"),
        generated="2026-01-15",
        errors=(("corpus/pdf/ardenia-broken.pdf", "not a PDF (starts with '<html>')"),),
    )


def peer() -> Report:
    """A neighbouring country that meets two of the specimen's gaps."""
    law = "laws/bresia-dpa.pdf"
    return Report(
        name="Bresia",
        laws=(LawSummary(law, "Personal Information Act 2021", "en", 40),),
        findings=(
            Finding("DP-22", "data-protection", "Breach notification", Status.MET, 0.9, (
                Evidence(law, "30", "30(1)", 17, "A controller shall notify the Regulator of a personal data breach within seventy-two hours.",
                         terms=("notify", "Regulator", "breach"), kind="section"),
            ), BenchmarkCheck("within 72 hours of becoming aware", "seventy-two hours", True)),
            Finding("DP-30", "data-protection", "Data protection officer", Status.PARTIAL, 0.6, (
                Evidence(law, "41", "41", 22, "A public body shall designate an information officer.", terms=("designate", "information officer"), kind="section"),
            )),
            Finding("ET-07", "e-transactions", "Electronic contracts", Status.MISSING, 0.7),
        ),
    )


GOLDEN = Path(__file__).parent / "golden"


def check_golden(case: str, name: str, text: str) -> None:
    """Assert `text` equals tests/golden/<case>/<name>; GAPCHECK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / case / name
    if os.environ.get("GAPCHECK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    if not path.exists():
        raise AssertionError(f"{path} is missing; run with GAPCHECK_UPDATE_GOLDEN=1 to create it")
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{path} differs; if the change is intended, rerun with GAPCHECK_UPDATE_GOLDEN=1 and review the diff"
