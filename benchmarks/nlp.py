"""CPU cost of the spaCy side of a scan: pipeline start-up per language and parsing every provision.

    python3 benchmarks/nlp.py [--corpus $GAPCHECK_SHARED/corpus] [--runs 3] [--languages fr,pt]

Reads every law of the corpus (and the sample laws in corpus/pdf) once, not measured, and keeps the
texts a scan parses (`wordindex.texts`: each provision and each heading). Then, for
each language of those laws, in fresh processes (as a user's scan would start), measures in CPU seconds
(user+sys), best of `--runs`:
  import    `from gapcheck import nlp` (spaCy itself)
  start-up  building the pipeline and parsing one word (lemma tables, French model)
  parse     `nlp.parse` of every provision and heading of that language's laws
  terms     then `nlp.parse` of the bundled checklists' terms in that language (a scan without its cache)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import lexicon, nlp, pipeline, wordindex  # noqa: E402
from gapcheck.checklist.load import load_checklists  # noqa: E402

# Run in a child process: prints [import, start-up, parse, terms] CPU seconds for one language.
_CHILD = """
import json, resource, sys
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime
language, texts, terms = sys.argv[1], *json.load(open(sys.argv[2], encoding="utf-8"))
start = cpu(); from gapcheck import nlp; imported = cpu() - start
start = cpu(); list(nlp.parse(["word"], language)); ready = cpu() - start
start = cpu()
for law in texts:
    for doc in nlp.parse(law, language):
        pass
parsed = cpu() - start
start = cpu(); list(nlp.parse(terms, language))
print(json.dumps([imported, ready, parsed, cpu() - start]))
"""
_COLUMNS = 4


def law_texts(paths: list[Path]) -> dict[str, list[list[str]]]:
    """Per language, each law's texts as a scan parses them."""
    found: dict[str, list[list[str]]] = {}
    for path in paths:
        law = pipeline.read_law(path)
        language, _, _, texts = wordindex.texts(law)
        found.setdefault(language, []).append(texts)
    return found


def checklist_terms(language: str) -> list[str]:
    """The terms of the bundled checklists in `language`, as a scan without its cache parses them."""
    found: set[str] = set()
    for checklist in load_checklists():
        groups = [*checklist.concepts.values()] + [terms for item in checklist.items for terms in (*item.concepts.values(), item.exclude)]
        found.update(lexicon.unstar(term) for terms in groups for term in getattr(terms, language))
    return sorted(found)


def measure(language: str, texts: list[list[str]], runs: int) -> list[float]:
    """Best [import, start-up, parse, terms] CPU seconds over `runs` fresh processes."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as file:
        json.dump([texts, checklist_terms(language)], file, ensure_ascii=False)
    try:
        results = [json.loads(subprocess.run([sys.executable, "-c", _CHILD, language, file.name], cwd=ROOT, check=True,
                                             capture_output=True, text=True).stdout) for _ in range(runs)]
    finally:
        os.unlink(file.name)
    return [min(result[i] for result in results) for i in range(_COLUMNS)]


def main() -> None:
    shared = Path(os.environ.get("GAPCHECK_SHARED", ROOT.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=shared / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--languages", default=",".join(nlp.LANGUAGES), help="comma-separated, of " + ", ".join(nlp.LANGUAGES))
    options = parser.parse_args()
    paths = sorted(options.corpus.rglob("*.pdf")) + sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    texts = law_texts(paths)
    print(f"{len(paths)} laws; CPU seconds, best of {options.runs} fresh processes")
    print(f"{'language':8} {'laws':>4} {'words':>8} {'import':>7} {'start-up':>8} {'parse':>6} {'terms':>6}")
    total = 0.0
    for language in sorted(set(texts) & set(options.languages.split(","))):
        imported, ready, parsed, terms = measure(language, texts[language], options.runs)
        total += parsed
        words = sum(len(text.split()) for law in texts[language] for text in law)
        print(f"{language:8} {len(texts[language]):>4} {words:>8} {imported:>7.2f} {ready:>8.2f} {parsed:>6.2f} {terms:>6.2f}")
    print(f"parse of every provision, languages measured: {total:.2f} s")


if __name__ == "__main__":
    main()
