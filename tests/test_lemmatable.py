"""Tests of gapcheck.lemmatable: lemma tables looked up in their bytes answer as the decoded JSON does."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest
from spacy.util import load_language_data, registry

from gapcheck import lexicon
from gapcheck.lemmatable import CHECKED, SortedLemmaFile, checked_before

SORTED = {"Abc": "abc", "a": "", "ab": "x", "abcdefgh": "1", "abcdefghi": "2", "abcdefghij": "3", "b": "é", "ção": "ção", "é": "e"}


def _file(entries: dict[str, str] | list[tuple[str, str]], indent: int | None = 4) -> bytes:
    pairs = entries.items() if isinstance(entries, dict) else entries
    return ("{" + ",".join(f"\n{' ' * (indent or 0)}{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                           for k, v in pairs) + "\n}").encode()


ASKED = [*SORTED, "", "A", "abcdefg", "abcdefghijk", "c", "ç", "zzz", "\ud800", "ab "]


@pytest.mark.parametrize("indent", [4, 0, 2])
def test_lemmatable_sorted_file_answers_as_its_json(indent: int) -> None:
    data = _file(SORTED, indent)
    table = SortedLemmaFile.of(data)
    assert table is not None
    expected = json.loads(data)
    assert [table.get(word) for word in ASKED] == [expected.get(word) for word in ASKED]
    assert [table.get(word, word) for word in ASKED] == [expected.get(word, word) for word in ASKED]


@pytest.mark.parametrize(
    "data",
    [
        _file([("b", "x"), ("a", "y")]),  # not sorted
        _file([("abcdefghij", "x"), ("abcdefghi", "y")]),  # not sorted past the first 8 bytes
        _file([("a", "x"), ("a", "y")]),  # a word twice: JSON keeps the last
        _file([("abcdefgh", "x"), ("abcdefgh", "y")]),
        _file({"a\"b": "x", "c": "y"}),  # escapes
        _file({"a": "\u00e9"}).replace("é".encode(), b"\\u00e9"),
        b'{"a": "x", "b": ["y"], "c": "z", "d": "w"}',  # a value that is no string
        b'{"a": "x", "b": "y"} x',  # no JSON: a decoder says why
        b'{"a": "x" , "b": "y", "c":"z"}',  # spacing that differs between entries
        b'{}',
        b'["a", "b", "c", "d"]',
    ],
)
def test_lemmatable_other_files_are_left_to_a_json_decoder(data: bytes) -> None:
    assert SortedLemmaFile.of(data) is None


def test_lemmatable_read_lemma_table_decodes_other_files_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_ON_DEMAND", 0)
    unsorted = {"b": "x", "a": "y", "é": "e"}
    (tmp_path / "unsorted.json").write_bytes(_file(unsorted))
    (tmp_path / "sorted.json").write_bytes(_file(SORTED))
    assert lexicon.read_lemma_table(tmp_path / "unsorted.json") == unsorted
    assert isinstance(lexicon.read_lemma_table(tmp_path / "sorted.json"), SortedLemmaFile)


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_lemmatable_spacy_lookups_data_tables_answer_as_decoded(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_ON_DEMAND", 0)  # the English table too, though it is decoded whole in a scan
    table = lexicon.read_lemma_table(Path(registry.lookups.get(language)["lemma_lookup"]))
    assert isinstance(table, SortedLemmaFile)
    decoded = load_language_data(registry.lookups.get(language)["lemma_lookup"])
    words = list(decoded)
    asked = words[::max(1, len(words) // 40_000)] + words[-3:]  # every word of the English table, a sample of the others
    asked += [w.upper() for w in asked[::10]] + [w + "s" for w in asked[::10]] + [w[:-1] for w in asked[::10]] + ["", "\ud800"]
    assert [table.get(word, word) for word in asked] == [decoded.get(word, word) for word in asked]


def _stored(language: str) -> Path:
    """The installed spacy-lookups-data's gzipped lemma table of `language`."""
    path = Path(registry.lookups.get(language)["lemma_lookup"])
    return path.with_name(path.name + ".gz")


@pytest.mark.parametrize("language", ["es", "pt"])
def test_lemmatable_listed_files_pass_the_full_checks(language: str) -> None:
    """`CHECKED` cannot vouch, on the package installed, for a file that fails the checks it lets a read skip."""
    stored = _stored(language).read_bytes()
    if not checked_before(stored):
        pytest.skip(f"{_stored(language).name} is not listed in CHECKED: it is checked in full at each read")
    assert CHECKED[hashlib.sha256(stored).hexdigest()].endswith(" " + _stored(language).name)
    assert SortedLemmaFile.of(gzip.decompress(stored)) is not None


def test_lemmatable_a_file_one_byte_changed_is_checked_in_full(tmp_path: Path) -> None:
    data = gzip.decompress(_stored("es").read_bytes())
    first = data.index(b'"') + 1
    changed = data[:first] + b"~" + data[first + 1:]  # the first word now sorts after the second
    (tmp_path / "es.json.gz").write_bytes(gzip.compress(changed, compresslevel=1))
    assert not checked_before((tmp_path / "es.json.gz").read_bytes())
    assert SortedLemmaFile.of(changed) is None
    table = lexicon.read_lemma_table(tmp_path / "es.json")
    assert isinstance(table, dict) and table == json.loads(changed)
