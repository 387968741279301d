"""Tests of gapcheck.lemmatable: lemma tables looked up in their bytes answer as the decoded JSON does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.util import load_language_data, registry

from gapcheck import lexicon
from gapcheck.lemmatable import SortedLemmaFile

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
