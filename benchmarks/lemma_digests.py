"""Print the `gapcheck.lemmatable.CHECKED` entries of the installed spacy-lookups-data's lemma tables.

    python3 benchmarks/lemma_digests.py

Each big lemma table of gapcheck's lookup languages (the ones looked up in their bytes) is checked in full; a line is printed for each file that
passes, to be pasted into `CHECKED` after a new release of the package. A file that fails is named on stderr.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gapcheck import lexicon  # noqa: E402
from gapcheck.lemmatable import SortedLemmaFile  # noqa: E402


def main() -> None:
    version = importlib.metadata.version("spacy-lookups-data")
    for point in lexicon._entry_points("spacy_lookups"):
        table = point.load().get("lemma_lookup") if point.name in lexicon.LOOKUP_LANGUAGES else None
        if table is None:
            continue
        path = Path(table).with_name(Path(table).name + ".gz")
        if not path.exists():
            continue
        stored = path.read_bytes()
        data = gzip.decompress(stored)
        if len(data) <= lexicon._ON_DEMAND:
            continue
        if SortedLemmaFile.of(data) is None:
            print(f"{path.name}: fails the checks, decoded whole", file=sys.stderr)
            continue
        print(f'    "{hashlib.sha256(stored).hexdigest()}": "spacy-lookups-data {version} {path.name}",')


if __name__ == "__main__":
    main()
