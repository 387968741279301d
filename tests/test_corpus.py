"""The sample laws in corpus/: expected findings complete, PDFs up to date, features present."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from conftest import corpus_builder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SOURCES = sorted((CORPUS / "src").glob("*.law"))
STATUSES = {"present", "partial", "absent"}


build = corpus_builder()


def _shared_catalogue() -> dict[str, list[str]]:
    """Item ids by domain from ../shared/reference/items.yaml, or {} when absent."""
    import os

    shared = Path(os.environ.get("GAPCHECK_SHARED", ROOT.parent / "shared"))
    path = shared / "reference" / "items.yaml"
    if not path.is_file():
        return {}
    by_prefix: dict[str, list[str]] = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
        by_prefix.setdefault(item["id"].split("-")[0], []).append(item["id"])
    return by_prefix


PREFIX = {"data-protection": "DP", "consumer-protection": "CP",
          "cybersecurity": "CY", "e-transactions": "ET"}
# How many items each domain has in the reference catalogue (items.yaml).
DOMAIN_SIZE = {"data-protection": 34, "consumer-protection": 22,
               "cybersecurity": 22, "e-transactions": 18}


def _expected(src: Path) -> dict:
    return yaml.safe_load((CORPUS / "expected" / f"{src.stem}.yaml").read_text(encoding="utf-8"))


def _top_number(cited: str) -> str:
    """'23(1)(a)' -> '23'; '12 bis' stays; '1er' stays."""
    return re.split(r"\(", cited, maxsplit=1)[0].strip()


@pytest.fixture(scope="module")
def laws() -> dict[str, object]:
    return {src.stem: build.parse_law(src) for src in SOURCES}


def test_corpus_has_the_six_laws() -> None:
    stems = {s.stem for s in SOURCES}
    assert "ardenia-data-protection-act-2025" in stems
    for src in SOURCES:
        assert (CORPUS / "expected" / f"{src.stem}.yaml").is_file(), src.stem
        assert (CORPUS / "pdf" / f"{src.stem}.pdf").is_file(), src.stem


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_expected_lists_every_item_once(src: Path) -> None:
    exp = _expected(src)
    assert exp["law"] == f"pdf/{src.stem}.pdf"
    assert {"title", "jurisdiction", "language", "domains", "items"} <= set(exp)
    (domain,) = exp["domains"]
    prefix = PREFIX[domain]
    wanted = [f"{prefix}-{n:02d}" for n in range(1, DOMAIN_SIZE[domain] + 1)]
    assert sorted(exp["items"]) == wanted
    # a YAML mapping silently keeps the last duplicate key: count them in the text
    text = (CORPUS / "expected" / f"{src.stem}.yaml").read_text(encoding="utf-8")
    for item in wanted:
        assert len(re.findall(rf"^  {item}:", text, flags=re.M)) == 1, item
    catalogue = _shared_catalogue().get(prefix)
    if catalogue:
        assert sorted(catalogue) == wanted


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_expected_statuses_and_provisions(src: Path, laws: dict) -> None:
    exp = _expected(src)
    numbers = set(laws[src.stem].section_numbers())
    for item, entry in exp["items"].items():
        assert entry["status"] in STATUSES, item
        provisions = entry.get("provisions") or []
        if entry["status"] == "absent":
            assert provisions == [], item
        else:
            assert provisions, f"{item}: no provision cited"
            for cited in provisions:
                assert _top_number(cited) in numbers, f"{item}: {cited} not in {src.name}"
        if entry["status"] == "partial":
            assert entry.get("note"), f"{item}: partial without a note"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_mix_of_statuses(src: Path) -> None:
    counts = {s: 0 for s in STATUSES}
    for entry in _expected(src)["items"].values():
        counts[entry["status"]] += 1
    assert 4 <= counts["absent"] <= 7, counts
    assert 4 <= counts["partial"] <= 7, counts


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_law_has_promised_features(src: Path, laws: dict) -> None:
    law = laws[src.stem]
    kinds = [b.kind for b in law.blocks]
    assert 20 <= kinds.count("section") <= 40
    assert "schedule" in kinds and "division" in kinds
    numbers = law.section_numbers()
    assert len(numbers) == len(set(numbers)), "duplicate section numbers"
    text = " ".join(b.text for b in law.blocks)
    assert re.search(r"“[^”]+”|« [^»]+ »", text), "no quoted defined terms"
    levels = {b.level for b in law.blocks if b.kind == "text"}
    assert {1, 2} <= levels, "no nested numbering"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_pdf_has_toc_and_running_headers(src: Path, laws: dict) -> None:
    law = laws[src.stem]
    pdf = CORPUS / "pdf" / f"{src.stem}.pdf"
    try:
        out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) not installed")
    pages = out.split("\f")[:-1]
    assert len(pages) >= 4
    toc = law.meta.get("toc title", "SOMMAIRE" if law.french else "ARRANGEMENT OF SECTIONS")
    assert toc in pages[0]
    label = law.meta.get("page label", "Page")
    for n, page in enumerate(pages, 1):
        assert law.meta["act"] in page, f"page {n} lacks the running header"
        assert re.search(rf"{label} {n}\s*$", page.strip()), f"page {n} lacks its number"
    assert any(re.search(r"\w-\n", p) for p in pages), "no word hyphenated at a line end"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_corpus_pdf_up_to_date(src: Path, tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    built = build.build(src, tmp_path)
    committed = CORPUS / "pdf" / f"{src.stem}.pdf"
    made_by = re.search(rb"reportlab ([\w.]+)\\?\)", committed.read_bytes())
    if made_by and made_by.group(1).decode() != build.reportlab_version():
        # another reportlab lays out bytes differently; the text must still match
        assert _pdf_text(built) == _pdf_text(committed), f"{committed.name} is stale"
        return
    assert built.read_bytes() == committed.read_bytes(), (
        f"{committed.name} is stale: run python3 corpus/build.py")


def _pdf_text(path: Path) -> str:
    try:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) not installed")


def test_corpus_hyphenate_keeps_three_letters_each_side() -> None:
    pairs = list(build.hyphenate("processing"))
    assert pairs and all(len(a) >= 3 and len(b) >= 3 and a + b == "processing" for a, b in pairs)
    assert list(build.hyphenate("short")) == []


@pytest.mark.parametrize("line, kind, number, text", [
    ("§ 12 Rights of data subjects", "section", "12", "Rights of data subjects"),
    ("§ 12 bis Droit à l’oubli", "section", "12 bis", "Droit à l’oubli"),
    ("§ premier Objet", "section", "premier", "Objet"),
    ("§ 163A", "section", "163A", ""),
    ("# PART II — PROCESSING", "division", "", "PART II — PROCESSING"),
    ("=== SCHEDULE — FORMS", "schedule", "", "SCHEDULE — FORMS"),
])
def test_corpus_source_lines(line: str, kind: str, number: str, text: str) -> None:
    block = build.parse_body_line(line, Path("x.law"), 1)
    assert (block.kind, block.number, block.text) == (kind, number, text)


COPY_RUN = 15  # words in a row shared with a real law that count as copying


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return re.findall(r"[^\W_]+", re.sub(r"-\s*\n\s*", "", text))


def _pdf_words(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return _words(out.stdout)


@pytest.mark.shared
def test_corpus_sources_do_not_copy_real_laws(shared: Path) -> None:
    """The sample laws are our own words: no long run of words taken from ../shared/corpus."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    pdfs = sorted((shared / "corpus").glob("*/*.pdf"))
    ours = {}
    for src in SOURCES:
        words = _words(src.read_text(encoding="utf-8"))
        for i in range(len(words) - COPY_RUN + 1):
            ours.setdefault(tuple(words[i:i + COPY_RUN]), src.name)
    with ThreadPoolExecutor(max_workers=4) as pool:
        for pdf, words in zip(pdfs, pool.map(_pdf_words, pdfs)):
            for i in range(len(words) - COPY_RUN + 1):
                run = tuple(words[i:i + COPY_RUN])
                assert run not in ours, f"{ours[run]} repeats {pdf.name}: {' '.join(run)!r}"
