"""The Markdown report, for pull requests and wikis.

Everything that comes from a law or a checklist goes through `md_escape`, so
a law's `|`, `*`, `<script>` or `[link](...)` shows as text.
"""

from __future__ import annotations

from gapcheck.models import Finding, Status
from gapcheck.report.text import md_escape, md_highlight
from gapcheck.report.view import CAUTION, LABELS, NOT_FOUND, SCORE_RULE, SYMBOLS, Cited, ItemView, ReportView, Tally, language_name


SHOWN = 3  # quotes per item; the strongest come first


def render(view: ReportView) -> str:
    """The report as GitHub-flavoured Markdown."""
    lines = _header(view) + _laws(view) + _summary(view)
    for domain in view.domains:
        lines += ["", f"## {md_escape(domain.title)} ({domain.tally.percent}%)"]
        for entry in domain.items:
            lines += _item(entry, len(view.report.laws))
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(view: ReportView) -> list[str]:
    report = view.report
    lines = [f"# Gap report: {md_escape(report.name)}", ""]
    facts = []
    if report.generated:
        facts.append(f"Generated {md_escape(report.generated)}")
    if report.checklists:
        facts.append("checklists: " + ", ".join(md_escape(c) for c in report.checklists))
    facts.append(f"overall score {view.tally.percent}%")
    return lines + ["; ".join(facts).capitalize() + "."]


def _laws(view: ReportView) -> list[str]:
    lines = ["", "## Laws read", "", "| Law | File | Read in | Pages | Read by OCR |", "|---|---|---|--:|---|"]
    for law in view.report.laws:
        ocr = "pages " + ", ".join(str(p) for p in law.ocr_pages) if law.ocr_pages else "none"
        title = md_escape(view.law_titles[law.path])
        lines.append(f"| {title} | `{_code(law.path)}` | {language_name(law.language)} | {law.pages} | {ocr} |")
    for file, problem in view.report.errors:
        lines.append(f"\n**Could not read** `{_code(file)}`: {md_escape(problem)}")
    return lines


def _summary(view: ReportView) -> list[str]:
    head = "| Domain | Items | " + " | ".join(f"{SYMBOLS[s]} {LABELS[s]}" for s in Status) + " | Score |"
    lines = ["", "## Summary", "", head, "|---|--:|--:|--:|--:|--:|"]
    for domain in view.domains:
        lines.append(_tally_row(md_escape(domain.title), domain.tally))
    if len(view.domains) > 1:
        lines.append(_tally_row("**All domains**", view.tally))
    return lines + ["", f"{SCORE_RULE.capitalize()}. {SYMBOLS[Status.MET]} met: a provision does what the item asks; "
                    f"{SYMBOLS[Status.PARTIAL]} partial: addressed but incomplete or weaker than the benchmark; "
                    f"{SYMBOLS[Status.MISSING]} missing: no provision found."]


def _tally_row(name: str, t: Tally) -> str:
    return f"| {name} | {t.items} | {t.met} | {t.partial} | {t.missing} | {t.percent}% |"


def _item(entry: ItemView, law_count: int) -> list[str]:
    f: Finding = entry.finding
    lines = ["", f"### {entry.symbol} {md_escape(f.item)} {md_escape(f.title)}: {entry.label}", ""]
    if entry.item:
        lines += [f"*{md_escape(entry.item.ask)}*", ""]
    if f.status == Status.MISSING:
        laws = "laws" if law_count != 1 else "law"
        reason = md_escape(entry.reason or NOT_FOUND)
        lines += [f"**Not found in the {laws} read.** {reason} {md_escape(CAUTION)}", ""]
    elif entry.reason:
        lines += [md_escape(entry.reason), ""]
    lines += _benchmark(entry)
    for cited in entry.evidence[:SHOWN]:
        lines += _quote(cited)
    if len(entry.evidence) > SHOWN:
        lines += [f"({len(entry.evidence) - SHOWN} more quotes in the HTML and JSON reports.)", ""]
    if entry.refs:
        lines += ["References: " + ", ".join(md_escape(r) for r in entry.refs), ""]
    if entry.is_gap and entry.item:
        lines += [f"**Why it matters:** {md_escape(entry.item.explanation)}", "",
                  f"**Recommended wording:** {md_escape(entry.item.recommendation)}", ""]
    for peer in entry.peers:
        lines += [f"**How {md_escape(peer.country)} does it** ({LABELS[peer.status].lower()}):", ""]
        for cited in peer.evidence[:2]:
            lines += _quote(cited)
    return lines[:-1] if lines[-1] == "" else lines


def _benchmark(entry: ItemView) -> list[str]:
    check = entry.finding.benchmark
    if check is None:
        return [f"Benchmark: {md_escape(entry.item.benchmark)}", ""] if entry.item and entry.item.benchmark else []
    found = md_escape(check.found) if check.found is not None else "no figure found"
    result = {True: "meets the benchmark", False: "falls short", None: "could not be compared"}[check.satisfied]
    note = f" ({md_escape(check.note)})" if check.note else ""
    return [f"Benchmark: {md_escape(check.benchmark)}; found: {found}; {result}{note}.", ""]


def _quote(cited: Cited) -> list[str]:
    ocr = " (read by OCR: check the printed page)" if cited.evidence.ocr else ""
    return [f"> {md_highlight(cited.evidence.quote, cited.evidence.terms)}", ">", f"> {md_escape(cited.citation)}{ocr}", ""]


def _code(text: str) -> str:
    """Text for an inline code span: no backticks or line breaks can end it early."""
    return " ".join(text.replace("`", "'").split())
