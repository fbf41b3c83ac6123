"""Parsed articles kept on disk (layers.parse_cache): same results, keyed by all they depend on."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from geo.corrections import CorrectionStore
from geo.document import Document
from geo.gazetteer import Gazetteer
from geo.pipeline import parse
from layers.map import display_features
from layers.parse_cache import (
    ParseCache,
    code_digest,
    corrections_digest,
    decode_document,
    default_cache_dir,
    encode_document,
    gazetteer_identity,
    parse_for_map,
)


class Counting:
    """``display_features``, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, doc: Document) -> list[dict[str, Any]]:
        self.calls += 1
        return display_features(doc)


def run(text: str, gazetteer: Gazetteer, cache: ParseCache | None, features_of: Any = display_features,
        corrections: Any = None, **kwargs: str) -> Any:
    """:func:`parse_for_map` of the seed article, as the explorer calls it."""
    return parse_for_map(text, gazetteer=gazetteer, features_of=features_of, doc_id=kwargs.get("doc_id", "dmz-visit"),
                         title=kwargs.get("title", "DMZ visit"), corrections=corrections, cache=cache)


def test_a_document_survives_the_round_trip(seed_text: str, gazetteer: Gazetteer) -> None:
    doc = parse(seed_text, gazetteer=gazetteer, doc_id="dmz-visit", title="DMZ visit")
    assert any(m.alternatives for m in doc.mentions) and any(m.place is None or m.place.kind != "point"
                                                              for m in doc.mentions)
    data = json.loads(json.dumps(encode_document(doc)))
    back = decode_document(data, gazetteer)
    assert back == doc
    assert [m.alternatives for m in back.mentions] == [m.alternatives for m in doc.mentions]
    assert [m.sentence for m in back.mentions] == [m.sentence for m in doc.mentions]
    line = next(m.place for m in back.mentions if m.place is not None and m.place.kind == "line")
    assert line.geometry["type"] in ("LineString", "MultiLineString")  # geometry still loads from the gazetteer


def test_a_place_gone_from_the_gazetteer_is_a_miss(seed_text: str, gazetteer: Gazetteer) -> None:
    data = encode_document(parse(seed_text, gazetteer=gazetteer, doc_id="d"))
    data["mentions"][0]["place"] = -1
    assert decode_document(data, gazetteer) is None
    assert decode_document({"text": "x"}, gazetteer) is None


def test_second_parse_is_read_from_disk(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    counting = Counting()
    first = run(seed_text, gazetteer, ParseCache(tmp_path), counting)
    assert not first.cached and counting.calls == 1
    assert len(list(tmp_path.glob("*.json"))) == 1
    again = run(seed_text, gazetteer, ParseCache(tmp_path), counting)  # a new process would build a new cache object
    assert again.cached and counting.calls == 1
    assert again.doc == first.doc
    assert again.features == json.loads(json.dumps(first.features))


def test_key_follows_text_title_id_and_corrections(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    store = CorrectionStore(tmp_path / "c.sqlite")
    try:
        def key(text: str = seed_text, **kwargs: str) -> str | None:
            return cache.key(text, gazetteer=gazetteer, doc_id=kwargs.get("doc_id", "a"),
                             title=kwargs.get("title", "t"), corrections=store)

        base = key()
        assert base is not None and base == key()
        assert len({base, key(seed_text + " "), key(title="u"), key(doc_id="b")}) == 4
        seoul = gazetteer.search("Seoul", limit=1)[0].id
        store.add("Seoul", seoul, doc_id="a")
        assert key() != base
        store.remove("Seoul", doc_id="a")
        assert key() == base  # the corrections' content counts, not how often the store changed
    finally:
        store.close()


def test_a_correction_is_applied_not_served_stale(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    store = CorrectionStore(tmp_path / "c.sqlite")
    try:
        before = run(seed_text, gazetteer, cache, corrections=store)
        busan = next(p.id for p in gazetteer.search("Busan", limit=5) if p.country == "KR")
        store.add("Seoul", busan, doc_id="dmz-visit")
        after = run(seed_text, gazetteer, cache, corrections=store)
        assert not after.cached
        fixed = [m for m in after.doc.mentions if m.text == "Seoul"]
        assert fixed and all(m.place is not None and m.place.id == busan and m.corrected for m in fixed)
        assert run(seed_text, gazetteer, cache, corrections=store).cached
        assert before.doc != after.doc
    finally:
        store.close()


def test_corrections_that_cannot_be_listed_are_never_cached(seed_text: str, gazetteer: Gazetteer,
                                                           tmp_path: Path) -> None:
    lookup_only = SimpleNamespace(lookup=lambda surface, doc_id: None)
    assert corrections_digest(lookup_only) is None and corrections_digest(None) == ""
    run(seed_text, gazetteer, ParseCache(tmp_path), corrections=lookup_only)
    assert not list(tmp_path.glob("*.json"))


def test_gazetteer_identity_changes_with_a_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    db.write_bytes(b"x" * 10)
    fake = SimpleNamespace(path=db)
    first = gazetteer_identity(fake)  # type: ignore[arg-type]
    os.utime(db, ns=(1_000_000_000, 1_000_000_000))
    assert gazetteer_identity(fake) != first  # type: ignore[arg-type]
    assert str(db.resolve()) in first


def test_code_digest_changes_with_the_code(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "__pycache__").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    first = code_digest((package,))
    (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"bytecode")
    code_digest.cache_clear()
    assert code_digest((package,)) == first  # bytecode is not code
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    code_digest.cache_clear()
    assert code_digest((package,)) != first
    code_digest.cache_clear()


def test_broken_or_foreign_files_are_misses(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    run(seed_text, gazetteer, cache)
    (path,) = tmp_path.glob("*.json")
    key = path.stem
    path.write_text("{not json", encoding="utf-8")
    assert cache.load(key, gazetteer) is None
    path.write_text(json.dumps({"key": "another", "doc": {}, "features": []}), encoding="utf-8")
    assert cache.load(key, gazetteer) is None
    assert not run(seed_text, gazetteer, cache).cached  # parsed again, and stored again
    assert run(seed_text, gazetteer, cache).cached


def test_an_unwritable_cache_only_costs_time(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    cache = ParseCache(blocker / "cache")  # a folder that cannot be created
    result = run(seed_text, gazetteer, cache)
    assert result.doc.mentions and not result.cached
    assert not cache.store("k", result)


def test_old_entries_are_pruned(seed_text: str, gazetteer: Gazetteer, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path, max_entries=2)
    article = run(seed_text, gazetteer, None)
    for i, key in enumerate(["a", "b", "c"]):
        assert cache.store(key, article)
        os.utime(tmp_path / f"{key}.json", ns=(i * 1_000_000_000, i * 1_000_000_000))
    assert cache.store("d", article)
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == ["c", "d"]


def test_documents_that_json_cannot_hold_are_not_cached(seed_text: str, gazetteer: Gazetteer,
                                                       tmp_path: Path) -> None:
    article = run(seed_text, gazetteer, None)
    odd = dataclasses.replace(article, doc=dataclasses.replace(article.doc, meta={"when": object()}))
    assert not ParseCache(tmp_path).store("k", odd)
    assert not list(tmp_path.iterdir())


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "geo-news" / "parsed"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "geo-news" / "parsed"


def test_two_threads_asking_for_one_parse_parse_it_once(seed_text: str, gazetteer: Gazetteer, geoparser: Any,
                                                         tmp_path: Path) -> None:
    import threading

    cache = ParseCache(tmp_path)
    made: list[int] = []
    first_started = threading.Event()

    def slow_parser() -> Any:  # the first caller holds the key while it "loads"
        made.append(1)
        first_started.set()
        threading.Event().wait(0.3)
        return geoparser

    got: list[Any] = []

    def ask() -> None:
        got.append(parse_for_map(seed_text, gazetteer=gazetteer, features_of=display_features, doc_id="d",
                                 title="t", cache=cache, parser=slow_parser))

    first = threading.Thread(target=ask)
    first.start()
    assert first_started.wait(10)
    second = threading.Thread(target=ask)  # starts while the first is still parsing
    second.start()
    first.join(10)
    second.join(10)
    assert len(made) == 1  # parsed once
    assert sorted(a.cached for a in got) == [False, True]  # the second read what the first stored
    assert got[0].doc == got[1].doc


def test_a_given_parser_is_used_and_only_when_needed(seed_text: str, gazetteer: Gazetteer, geoparser: Any,
                                                      tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    calls: list[int] = []

    def parser() -> Any:
        calls.append(1)
        return geoparser

    for _ in range(2):
        parse_for_map(seed_text, gazetteer=gazetteer, features_of=display_features, cache=cache, parser=parser)
    assert calls == [1]
