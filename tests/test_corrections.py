"""Tests for geo.corrections: the store of surface → place corrections."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from geo.corrections import SCHEMA_VERSION, Correction, CorrectionStore, default_corrections_path
from geo.errors import CorrectionError


@pytest.fixture
def store(tmp_path: Path) -> CorrectionStore:
    with CorrectionStore(tmp_path / "corrections.sqlite") as s:
        yield s


def test_empty_store_knows_nothing(store: CorrectionStore) -> None:
    assert store.all() == []
    assert store.lookup("Georgia", "doc") is None
    assert store.lookup("Georgia") is None


def test_global_correction_holds_in_every_article(store: CorrectionStore) -> None:
    store.add("Georgia", 42, doc_id=None)
    assert store.lookup("Georgia", "a") == 42
    assert store.lookup("Georgia", None) == 42


def test_article_correction_beats_global(store: CorrectionStore) -> None:
    store.add("Georgia", 42, doc_id=None)
    store.add("Georgia", 7, doc_id="atlanta")
    assert store.lookup("Georgia", "atlanta") == 7
    assert store.lookup("Georgia", "tbilisi") == 42
    store.remove("Georgia", doc_id=None)
    assert store.lookup("Georgia", "tbilisi") is None
    assert store.lookup("Georgia", "atlanta") == 7


def test_article_correction_does_not_leak(store: CorrectionStore) -> None:
    store.add("Paris", 3, doc_id="texas-story")
    assert store.lookup("Paris", "texas-story") == 3
    assert store.lookup("Paris", "france-story") is None
    assert store.lookup("Paris") is None


@pytest.mark.parametrize("variant", ["P'anmunjŏm", "panmunjom", "  PANMUNJOM ", "Panmunjom"])
def test_surfaces_are_normalised(store: CorrectionStore, variant: str) -> None:
    store.add("Panmunjom", 11, doc_id=None)
    assert store.lookup(variant) == 11


def test_add_replaces_the_same_scope(store: CorrectionStore) -> None:
    store.add("Victoria", 1, doc_id="d")
    store.add("victoria", 2, doc_id="d")
    assert store.lookup("Victoria", "d") == 2
    assert [(c.surface, c.place_id, c.doc_id) for c in store.all()] == [("victoria", 2, "d")]


def test_all_lists_every_correction(store: CorrectionStore) -> None:
    store.add("Georgia", 42, doc_id=None)
    store.add("Paris", 3, doc_id="texas")
    got = store.all()
    assert all(isinstance(c, Correction) for c in got)
    assert [(c.surface, c.place_id, c.doc_id) for c in got] == [("Georgia", 42, None), ("Paris", 3, "texas")]


def test_remove_reports_whether_something_went(store: CorrectionStore) -> None:
    store.add("Georgia", 42, doc_id="d")
    assert store.remove("georgia", doc_id=None) is False
    assert store.remove("georgia", doc_id="d") is True
    assert store.all() == []


def test_revision_changes_on_every_edit(store: CorrectionStore) -> None:
    seen = {store.revision()}
    store.add("Georgia", 42, doc_id=None)
    seen.add(store.revision())
    store.add("Georgia", 43, doc_id=None)
    seen.add(store.revision())
    store.remove("Georgia", doc_id=None)
    seen.add(store.revision())
    assert len(seen) == 4


def test_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "c.sqlite"
    with CorrectionStore(path) as s:
        s.add("Georgia", 42, doc_id="x")
    with CorrectionStore(path) as s:
        assert s.lookup("Georgia", "x") == 42
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_sql_in_surfaces_is_data(store: CorrectionStore) -> None:
    evil = "x'); DROP TABLE corrections; --"
    store.add(evil, 5, doc_id="'; DELETE FROM corrections; --")
    assert store.lookup(evil, "'; DELETE FROM corrections; --") == 5
    assert len(store.all()) == 1


@pytest.mark.parametrize("surface", ["", "   ", "...", None])
def test_rejects_empty_surfaces(store: CorrectionStore, surface: object) -> None:
    with pytest.raises(CorrectionError):
        store.add(surface, 1, doc_id=None)  # type: ignore[arg-type]
    assert store.lookup(surface) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("place_id", [0, -3, "12", 1.5, True, None])
def test_rejects_bad_place_ids(store: CorrectionStore, place_id: object) -> None:
    with pytest.raises(CorrectionError):
        store.add("Georgia", place_id, doc_id=None)  # type: ignore[arg-type]


def test_rejects_empty_doc_id(store: CorrectionStore) -> None:
    with pytest.raises(CorrectionError):
        store.add("Georgia", 1, doc_id="")
    assert isinstance(CorrectionError("x"), ValueError)


def test_refuses_foreign_and_newer_files(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE something (x)")
    conn.commit()
    conn.close()
    with pytest.raises(CorrectionError, match="not a corrections store"):
        CorrectionStore(foreign)
    newer = tmp_path / "newer.sqlite"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CorrectionError, match="version"):
        CorrectionStore(newer)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CorrectionError):
        CorrectionStore(garbage)


def test_default_path_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GEO_CORRECTIONS", str(tmp_path / "mine.sqlite"))
    assert default_corrections_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("GEO_CORRECTIONS")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_corrections_path() == tmp_path / "xdg" / "geo-news" / "corrections.sqlite"
    with CorrectionStore() as s:
        assert s.path == tmp_path / "xdg" / "geo-news" / "corrections.sqlite"


def test_shared_between_threads(store: CorrectionStore) -> None:
    def work(n: int) -> None:
        for i in range(20):
            store.add(f"place {n} {i}", i + 1, doc_id=None)
            assert store.lookup(f"place {n} {i}") == i + 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.all()) == 80
