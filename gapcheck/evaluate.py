"""`gapcheck eval`: findings compared with gold annotations of real laws.

Gold files (see ../shared/gold/GUIDELINES.md) say, per law and item, present /
partial / absent and the provisions that prove it. The metrics are pure
functions of rows (one row per law and item) so that they can be tested on
small tables:

* gap precision / recall / F1: a gap is our partial|missing against gold's partial|absent;
* evidence hit@1: where gold finds the item (present|partial) and we find it
  (met|partial), our first evidence's top-level provision is one of gold's;
* 3-class accuracy, Cohen's kappa, the confusion matrix, the worst items;
* `met` findings without evidence (must be 0).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from gapcheck.errors import GapcheckError
from gapcheck.models import Finding

CLASSES = ("met", "partial", "missing")
_GOLD_STATUS = {"present": "met", "partial": "partial", "absent": "missing"}
POOLED = "pooled"


@dataclass(frozen=True)
class Row:
    """One item of one law: gold's answer and ours."""

    law: str
    domain: str
    item: str
    gold: str  # met | partial | missing (gold's present | partial | absent)
    gold_provisions: tuple[str, ...]
    ours: str
    our_provision: str | None = None  # top-level provision of our first evidence
    evidence: int = 0
    assessed: bool = True  # False when no checklist item exists for it


@dataclass(frozen=True)
class Gold:
    """One gold file."""

    path: Path
    law: str  # path under corpus/
    language: str
    domains: tuple[str, ...]
    items: dict[str, tuple[str, tuple[str, ...]]]  # id -> (status, provisions)


# --------------------------------------------------------------------------- metrics (pure)


def top_level(provision: str) -> str:
    """The top-level number of a citation: "43(2)(b)" -> "43", "1 [431-8]" -> "1"."""
    head = provision.strip()
    for mark in ("(", "["):
        head = head.split(mark, 1)[0]
    return head.strip().lower()


def is_gap(status: str) -> bool:
    return status in ("partial", "missing")


def gap_scores(rows: Sequence[Row]) -> dict[str, float | None]:
    """Precision, recall and F1 of gaps (None where undefined)."""
    tp = sum(is_gap(r.ours) and is_gap(r.gold) for r in rows)
    predicted = sum(is_gap(r.ours) for r in rows)
    actual = sum(is_gap(r.gold) for r in rows)
    precision = tp / predicted if predicted else None
    recall = tp / actual if actual else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if predicted and actual else None)
    return {"precision": precision, "recall": recall, "f1": f1}


def hit_at_1(rows: Sequence[Row]) -> tuple[float | None, int]:
    """Share of rows found by both where our first evidence is in gold's provisions, and how many rows."""
    eligible = [r for r in rows if r.gold in ("met", "partial") and r.ours in ("met", "partial")]
    if not eligible:
        return None, 0
    hits = sum(r.our_provision is not None and top_level(r.our_provision) in {top_level(p) for p in r.gold_provisions}
               for r in eligible)
    return hits / len(eligible), len(eligible)


def accuracy(rows: Sequence[Row]) -> float | None:
    return sum(r.gold == r.ours for r in rows) / len(rows) if rows else None


def confusion(rows: Sequence[Row]) -> dict[str, dict[str, int]]:
    """counts[gold][ours]."""
    table = {g: {o: 0 for o in CLASSES} for g in CLASSES}
    for row in rows:
        table[row.gold][row.ours] += 1
    return table


def kappa(rows: Sequence[Row]) -> float | None:
    """Cohen's kappa between gold and our three classes."""
    if not rows:
        return None
    n = len(rows)
    observed = sum(r.gold == r.ours for r in rows) / n
    expected = sum((sum(r.gold == c for r in rows) / n) * (sum(r.ours == c for r in rows) / n) for c in CLASSES)
    return (observed - expected) / (1 - expected) if expected < 1 else (1.0 if observed == 1 else 0.0)


def worst_items(rows: Sequence[Row], limit: int = 10) -> list[tuple[str, int, int, list[str]]]:
    """(item, wrong, total, ["law: gold->ours"]) for the items most often wrong."""
    by_item: dict[str, list[Row]] = {}
    for row in rows:
        by_item.setdefault(row.item, []).append(row)
    ranked = []
    for item, group in by_item.items():
        wrong = [r for r in group if r.gold != r.ours]
        if wrong:
            ranked.append((item, len(wrong), len(group), [f"{Path(r.law).stem}: {r.gold}->{r.ours}" for r in wrong]))
    ranked.sort(key=lambda entry: (-entry[1], entry[0]))
    return ranked[:limit]


def summary(rows: Sequence[Row]) -> dict[str, object]:
    """Every metric of a set of rows."""
    hit, eligible = hit_at_1(rows)
    return {
        "items": len(rows), "gap": gap_scores(rows), "hit_at_1": hit, "hit_rows": eligible,
        "accuracy": accuracy(rows), "kappa": kappa(rows), "confusion": confusion(rows),
        "met_without_evidence": sum(r.ours == "met" and r.evidence == 0 for r in rows),
        "not_assessed": sum(not r.assessed for r in rows),
    }


def summaries(rows: Sequence[Row]) -> dict[str, dict[str, object]]:
    """Per domain (sorted) and pooled."""
    domains = sorted({r.domain for r in rows})
    result = {d: summary([r for r in rows if r.domain == d]) for d in domains}
    result[POOLED] = summary(rows)
    return result


# --------------------------------------------------------------------------- gold and rows


def load_gold(path: Path) -> Gold:
    """One gold file; GapcheckError naming the file when it is malformed."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = {str(k): (_GOLD_STATUS[v["status"]], tuple(str(p) for p in v.get("provisions") or ()))
                 for k, v in data["items"].items()}
        return Gold(path, str(data["law"]), str(data.get("language", "en")), tuple(data["domains"]), items)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        raise GapcheckError(f"{path}: not a gold annotation file ({error})") from error


def gold_files(gold_dir: Path) -> list[Path]:
    """Gold files under `gold_dir`, sorted (GUIDELINES and other non-annotations skipped)."""
    return sorted(p for p in gold_dir.rglob("*.yaml") if p.is_file())


def rows_for(gold: Gold, findings: Iterable[Finding], domains: Iterable[str]) -> list[Row]:
    """Rows of one law: every gold item of the gold's domains, with our finding (missing when we have none)."""
    ours = {f.item: f for f in findings}
    known = set(domains)
    rows = []
    for item, (status, provisions) in sorted(gold.items.items()):
        domain = _domain_of(item, gold.domains, ours)
        if domain not in known:
            continue
        finding = ours.get(item)
        first = finding.evidence[0].provision if finding and finding.evidence else None
        rows.append(Row(gold.law, domain, item, status, provisions,
                        finding.status.value if finding else "missing", first,
                        len(finding.evidence) if finding else 0, finding is not None))
    return rows


_PREFIX = {"DP": "data-protection", "CP": "consumer-protection", "CY": "cybersecurity", "CS": "cybersecurity",
           "ET": "e-transactions", "EC": "e-transactions"}


def _domain_of(item: str, domains: tuple[str, ...], ours: dict[str, Finding]) -> str:
    if item in ours:
        return ours[item].domain
    guess = _PREFIX.get(item.split("-", 1)[0])
    return guess if guess in domains else (domains[0] if len(domains) == 1 else guess or "unknown")


# --------------------------------------------------------------------------- rendering


def render_text(results: dict[str, dict[str, object]], rows: Sequence[Row]) -> str:
    lines = [f"{'domain':<22} {'items':>5} {'gapP':>6} {'gapR':>6} {'gapF1':>6} {'hit@1':>6} {'acc':>6} {'kappa':>6}"]
    for name, m in results.items():
        gap = m["gap"]
        assert isinstance(gap, dict)
        lines.append(f"{name:<22} {m['items']:>5} {_f(gap['precision'])} {_f(gap['recall'])} {_f(gap['f1'])} "
                     f"{_f(m['hit_at_1'])} {_f(m['accuracy'])} {_f(m['kappa'])}")
    pooled = results[POOLED]
    lines += ["", "confusion (rows gold, columns ours): " + " ".join(f"{c:>8}" for c in CLASSES)]
    table = pooled["confusion"]
    assert isinstance(table, dict)
    lines += [f"{'':<36} {g:>8}" + "".join(f" {table[g][o]:>8}" for o in CLASSES) for g in CLASSES]
    lines += ["", f"met without evidence: {pooled['met_without_evidence']}",
              f"items without a checklist item (counted as missing): {pooled['not_assessed']}", "", "worst items:"]
    lines += [f"  {item:<8} {wrong}/{total}  {'; '.join(detail)}" for item, wrong, total, detail in worst_items(rows)]
    return "\n".join(lines) + "\n"


def _f(value: object) -> str:
    return f"{value:>6.2f}" if isinstance(value, float) else f"{'n/a':>6}"


def render_json(results: dict[str, dict[str, object]], rows: Sequence[Row]) -> str:
    payload = {"summary": results, "worst": worst_items(rows), "rows": [asdict(r) for r in rows]}
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


# --------------------------------------------------------------------------- running


def assessed_domains(gold: Gold, checklists: Sequence[object]) -> list[str]:
    """The gold's domains that one of `checklists` covers (`eval --checklist X` grades X's domain only)."""
    ours = {getattr(c, "domain") for c in checklists}
    return [domain for domain in gold.domains if domain in ours]


def run(gold_dir: Path, corpus_dir: Path, checklists: Sequence[object], cache_dir: Path | None = None) -> list[Row]:
    """Rows for every law under `corpus_dir` that has a gold file under `gold_dir`."""
    from gapcheck.concepts import forget
    from gapcheck.isolation import Reader
    from gapcheck.match import assess
    from gapcheck.scan import ScanOptions, read_law_cached

    if not gold_dir.is_dir():
        raise GapcheckError(f"{gold_dir}: no such gold directory")
    options = ScanOptions(cache_dir=cache_dir)
    rows: list[Row] = []
    with Reader() as reader:  # one reading process for every law graded, not one per law
        for path in gold_files(gold_dir):
            gold = load_gold(path)
            law_path = corpus_dir / gold.law
            if not law_path.is_file():
                raise GapcheckError(f"{path}: the law {law_path} does not exist")
            wanted = [c for c in checklists if getattr(c, "domain") in gold.domains]
            law = read_law_cached(law_path, options, reader)
            findings = [f for checklist in wanted for f in assess([law], checklist)]  # type: ignore[arg-type]
            forget(law)
            rows += rows_for(gold, findings, assessed_domains(gold, checklists))
    return rows
