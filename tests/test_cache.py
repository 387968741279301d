"""Parsed laws are cached by content and parser version, safely."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from gapcheck.cache import LawCache, added_terms, file_hash
from gapcheck.models import Definition, Law, Provision


def sample_law() -> Law:
    child = Provision(number="(2)", kind="subsection", text="(2) Notify within 72 hours.", page=3, end_page=3, offset=20, pages=((0, 3),))
    section = Provision(
        number="43", kind="section", heading="Breach", text="(1) A breach occurs. (2) Notify within 72 hours.",
        page=2, end_page=3, part="PART V", children=[child], pages=((0, 2), (20, 3)),
    )
    return Law(source="a.pdf", pages=4, language="en", title="Act", provisions=[section],
               definitions=[Definition("breach", "2", "means a compromise")], ocr_pages=(4,), sha256="ab")


def test_cache_round_trip(tmp_path: Path) -> None:
    cache = LawCache(tmp_path, "1")
    key = cache.key("ab", {"backend": "pdfium"})
    cache.put(key, sample_law())
    assert cache.get(key) == sample_law()


def test_cache_round_trip_of_any_text(tmp_path: Path) -> None:
    import dataclasses

    cache = LawCache(tmp_path, "1")
    law = dataclasses.replace(sample_law(), title="Loi « é » 法 \ud83d", definitions=[Definition("données", "2", "« x » \x00")])
    cache.put("k", law)
    assert cache.get("k") == law


def test_cache_key_depends_on_parser_version_and_options() -> None:
    keys = {
        LawCache(Path("."), "1").key("ab", {"backend": "pdfium"}),
        LawCache(Path("."), "2").key("ab", {"backend": "pdfium"}),
        LawCache(Path("."), "1").key("ab", {"backend": "pdfplumber"}),
        LawCache(Path("."), "1").key("cd", {"backend": "pdfium"}),
    }
    assert len(keys) == 4


def test_cache_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache = LawCache(tmp_path, "1")
    (tmp_path / "k.json").write_text("{not json")
    assert cache.get("k") is None
    assert cache.get("absent") is None


def test_cache_unwritable_directory_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    LawCache(blocker / "sub", "1").put("k", sample_law())  # no exception


def test_cache_leaves_no_temporary_files(tmp_path: Path) -> None:
    cache = LawCache(tmp_path, "1")
    cache.put("k", sample_law())
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]


def test_cache_file_hash(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    assert file_hash(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def _write_many(directory: str, times: int) -> None:
    cache = LawCache(Path(directory), "1")
    for _ in range(times):
        cache.put("k", sample_law())


def test_cache_two_processes_writing_one_entry_never_expose_a_partial_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    writers = [context.Process(target=_write_many, args=(str(tmp_path), 200)) for _ in range(2)]
    for writer in writers:
        writer.start()
    cache = LawCache(tmp_path, "1")
    seen = [cache.get("k") for _ in range(300)]
    for writer in writers:
        writer.join(60)
    assert [writer.exitcode for writer in writers] == [0, 0]
    assert all(law is None or law == sample_law() for law in seen)
    assert cache.get("k") == sample_law()
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]


def _described(**changes: object) -> dict:
    base = {"matcher": "m", "domain": "d", "concepts": {"authority": {"en": ["commission"], "fr": []}},
            "item": {"id": "X-01", "scope": "provision", "concepts": {"notify": {"en": ["notify"], "fr": ["notifier"]}},
                     "exclude": {"en": [], "fr": []}, "require": ["notify", "authority"]}}
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = base
        for parent in parents:
            target = target[parent]
        target[last] = value
    return base


@pytest.mark.parametrize("changes, added", [
    ({}, []),
    ({"item__concepts__notify__en": ["notify", "inform"]}, [("en", "inform")]),
    ({"concepts__authority__fr": ["autorité"]}, [("fr", "autorité")]),
    ({"item__exclude__en": ["may notify"]}, [("en", "may notify")]),
    ({"item__concepts__notify__en": ["inform", "notify"]}, [("en", "inform")]),  # a term put first: the others keep their order
    ({"item__concepts__notify__en": []}, None),  # a term removed
    ({"concepts__authority__en": ["regulator"]}, None),  # a term replaced
    ({"item__require": ["notify"]}, None),
    ({"item__scope": "sentence"}, None),
    ({"matcher": "m2"}, None),
    ({"item__concepts": {"notify": {"en": ["notify"], "fr": ["notifier"]}, "inform": {"en": ["inform"], "fr": []}}}, None),
])
def test_cache_added_terms_only_when_adding_wordings_is_all_that_changed(changes: dict, added: list | None) -> None:
    assert added_terms(_described(), _described(**changes)) == added


def test_cache_as_plain_equals_dataclasses_asdict_on_laws_and_findings() -> None:
    import dataclasses
    import json

    from gapcheck.cache import as_plain
    from gapcheck.models import BenchmarkCheck, Evidence, Finding, Status

    child = Provision(number="1(a)", kind="paragraph", text="the first", page=2, end_page=2)
    law = Law(source="x.pdf", pages=3, language="fr", title="Loi é", sha256="ab",
              provisions=[Provision(number="1", kind="article", text="Texte « cité »", page=1, end_page=2, children=[child])],
              definitions=[Definition("données", "1", "toute information")], ocr_pages=(2,), unread_pages=(3,))
    evidence = Evidence(law="x.pdf", provision="1", path="1(a)", page=1, quote="q", terms=("a", "b"), concepts=("c",), ocr=True)
    finding = Finding(item="DP-1", domain="data-protection", title="t", status=Status.PARTIAL, confidence=0.5, evidence=(evidence,),
                      benchmark=BenchmarkCheck(benchmark="within 72 hours", found=None, satisfied=None))
    for value in (law, finding, evidence):
        plain = as_plain(value)
        assert plain == dataclasses.asdict(value)
        assert repr(plain) == repr(dataclasses.asdict(value))  # tuples stay tuples, lists lists, in the same order
        assert json.dumps(plain, ensure_ascii=False) == json.dumps(dataclasses.asdict(value), ensure_ascii=False)
    assert as_plain(law)["provisions"][0]["children"][0]["text"] == "the first"


def test_cache_law_json_is_the_json_of_dataclasses_asdict() -> None:
    import dataclasses
    import json

    from gapcheck.cache import law_json

    law = dataclasses.replace(sample_law(), title="Loi « é » \ud800", unread_pages=(5, 6))  # a lone surrogate too
    assert law_json(law) == json.dumps(dataclasses.asdict(law)).encode("ascii")
    assert json.loads(law_json(law)) == json.loads(json.dumps(dataclasses.asdict(law)))


def test_cache_law_json_refuses_what_json_cannot_hold() -> None:
    import dataclasses

    from gapcheck.cache import law_json

    with pytest.raises(TypeError):
        law_json(dataclasses.replace(sample_law(), title={1, 2}))  # type: ignore[arg-type]


def test_cache_as_plain_of_one_field_classes_named_tuples_and_dicts() -> None:
    import dataclasses
    from typing import NamedTuple

    from gapcheck.cache import as_plain

    class Point(NamedTuple):
        x: int
        y: list[int]

    @dataclasses.dataclass
    class Box:
        inside: dict[str, Point]

    value = [Box({"a": Point(1, [2])}), (Box({}), "b")]
    assert as_plain(value) == [dataclasses.asdict(value[0]), (dataclasses.asdict(value[1][0]), "b")]
    assert repr(as_plain(value)) == repr([dataclasses.asdict(value[0]), (dataclasses.asdict(value[1][0]), "b")])
    assert as_plain(value)[0]["inside"]["a"].y is not value[0].inside["a"].y  # a copy, as asdict makes
