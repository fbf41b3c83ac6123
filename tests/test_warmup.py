"""The explorer's start-up work (layers.warmup, layers.articles, layers.settings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from layers.articles import seed_articles, split_headline, title_from_name
from layers.parse_cache import ParseCache
from layers.settings import ExplorerSettings
from layers.warmup import warm_up

REPO = Path(__file__).resolve().parent.parent


def settings(tmp_path: Path, gazetteer: Path, seeds: Path) -> ExplorerSettings:
    """Settings that touch nothing outside ``tmp_path`` (but the given gazetteer and seeds)."""
    return ExplorerSettings(profile="small", gazetteer=gazetteer, corrections=tmp_path / "corrections.sqlite",
                            cache=tmp_path / "cache", seeds=seeds)


def test_seed_articles_are_titled_by_headline_or_file_name(tmp_path: Path) -> None:
    (tmp_path / "b-floods.txt").write_text("Floods in Dhaka\n\nRain fell for days.\n", encoding="utf-8")
    (tmp_path / "a-dmz-visit.txt").write_text("Soldiers stood at the line. Then they left.\n", encoding="utf-8")
    (tmp_path / "c-latin1.txt").write_bytes("Caf\xe9 in Nice".encode("latin-1"))  # not UTF-8: skipped
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    got = seed_articles(tmp_path)
    assert [(a.id, a.title, a.origin) for a in got] == [
        ("a-dmz-visit", "A DMZ visit", "seeds/a-dmz-visit.txt"),
        ("b-floods", "Floods in Dhaka", "seeds/b-floods.txt"),
    ]
    assert got[1].text.startswith("Floods in Dhaka\n\n")


def test_titles_and_headlines() -> None:
    assert title_from_name("op_ouellette-report.txt") == "OP ouellette report"
    assert title_from_name("the-jsa.txt") == "The JSA"
    assert split_headline("A long first sentence ends here.\n\nMore.")[0] is None
    assert split_headline("No blank line at all")[0] is None


def test_settings_follow_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GEO_PROFILE", "small")
    monkeypatch.setenv("GEO_GAZETTEER", str(tmp_path / "g.sqlite"))
    monkeypatch.setenv("GEO_CORRECTIONS", str(tmp_path / "c.sqlite"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("GEO_SEEDS", str(tmp_path / "seeds"))
    monkeypatch.delenv("GEO_MAP_READY_TIMEOUT_MS", raising=False)
    got = ExplorerSettings.from_env()
    assert got == ExplorerSettings("small", tmp_path / "g.sqlite", tmp_path / "c.sqlite",
                                   tmp_path / "xdg" / "geo-news" / "parsed", tmp_path / "seeds")
    assert got.map_ready_timeout_ms == 8000
    monkeypatch.setenv("GEO_MAP_READY_TIMEOUT_MS", "250")
    assert ExplorerSettings.from_env().map_ready_timeout_ms == 250
    monkeypatch.setenv("GEO_MAP_READY_TIMEOUT_MS", "soon")  # not a number: the default
    assert ExplorerSettings.from_env().map_ready_timeout_ms == 8000


def test_warm_up_parses_the_seeds_into_the_cache_once(gazetteer: Gazetteer, tmp_path: Path) -> None:
    db = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, db)  # the basemap file is written beside it
    conf = settings(tmp_path, db, REPO / "seeds")
    seeds = seed_articles(conf.seeds)
    first = warm_up(conf, map_wait=0)
    assert first.error is None and first.parsed == len(seeds) > 0 and first.cached == 0
    assert len(list(ParseCache(conf.cache).folder.glob("*.json"))) == len(seeds)
    assert Path(str(db) + ".basemap.json").is_file()
    again = warm_up(conf, map_wait=0)
    assert again.error is None and again.parsed == 0 and again.cached == len(seeds)


def test_warm_up_never_builds_the_gazetteer_and_never_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "gazetteer.sqlite"
    done = warm_up(settings(tmp_path, missing, REPO / "seeds"), map_wait=0)
    assert done.error is None and done.parsed == 0 and not missing.exists()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database")
    done = warm_up(settings(tmp_path, bad, REPO / "seeds"), map_wait=0)
    assert done.parsed == 0 and bad.read_bytes() == b"this is not a database"
