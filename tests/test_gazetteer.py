"""The gazetteer store: lookups, search, bbox, schema checks, atomic build."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from geo.errors import GazetteerCorruptError, GazetteerMissingError, GazetteerSchemaError
from geo.evaluate import great_circle_km
from geo.gazetteer import Gazetteer, build_gazetteer
from geo.place import Place
from geo.sources.base import PlaceRecord, Source

REPO = Path(__file__).resolve().parent.parent
JSA = (37.9558, 126.6767)


def test_panmunjom_search_puts_jsa_first_within_1km(gazetteer: Gazetteer) -> None:
    top = gazetteer.search("Panmunjom", limit=5)[0]
    assert top.name == "Joint Security Area"
    assert great_circle_km(top.lat, top.lon, *JSA) < 1.0


@pytest.mark.parametrize("query", ["P'anmunjŏm", "JSA", "Joint Security Area", "panmunjom"])
def test_jsa_aliases_reach_the_same_place(gazetteer: Gazetteer, query: str) -> None:
    jsa = gazetteer.search("Panmunjom", limit=1)[0]
    assert gazetteer.lookup(query)[0].id == jsa.id


def test_mdl_is_a_line(gazetteer: Gazetteer) -> None:
    mdl = gazetteer.lookup("Military Demarcation Line")[0]
    assert mdl.kind == "line"
    assert mdl.geometry["type"] in ("LineString", "MultiLineString")


@pytest.mark.parametrize("query", ["DMZ", "Korean Demilitarized Zone"])
def test_dmz_is_a_polygon_containing_the_jsa_of_plausible_area(gazetteer: Gazetteer, query: str) -> None:
    import numpy as np
    import shapely
    from pyproj import Transformer

    dmz = gazetteer.lookup(query)[0]
    assert dmz.kind == "polygon"
    geom = shape(dmz.geometry)
    assert geom.contains(Point(JSA[1], JSA[0]))
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32652", always_xy=True)
    projected = shapely.transform(geom, lambda xy: np.column_stack(utm.transform(xy[:, 0], xy[:, 1])))
    area_km2 = projected.area / 1e6
    assert 800 <= area_km2 <= 1200


@pytest.mark.parametrize(("query", "country"), [("Pyongyang", "KP"), ("Seoul", "KR"), ("Tokyo", "JP")])
def test_capitals_come_first(gazetteer: Gazetteer, query: str, country: str) -> None:
    top = gazetteer.search(query, limit=5)[0]
    assert (top.name, top.feature, top.country) == (query, "capital", country)
    assert gazetteer.lookup(query)[0].id == top.id


def test_demonyms_name_their_country(gazetteer: Gazetteer) -> None:
    for word, iso in [("North Korean", "KP"), ("American", "US"), ("Chinese", "CN")]:
        assert gazetteer.lookup(word)[0].country == iso


def test_prefix_search_is_ranked_and_limited(gazetteer: Gazetteer) -> None:
    hits = gazetteer.search("Pyong", limit=3)
    assert len(hits) <= 3
    assert hits[0].name == "Pyongyang"
    assert gazetteer.search("new yo", limit=5)[0].name in ("New York City", "New York")


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "\x00\x01", '"*^', "NEAR(a b)", "' OR 1=1 --"])
def test_absurd_queries_return_nothing_quietly(gazetteer: Gazetteer, query: str) -> None:
    assert isinstance(gazetteer.search(query), list)
    assert isinstance(gazetteer.lookup(query), list)


def test_within_bbox_finds_korean_sites(gazetteer: Gazetteer) -> None:
    names = {p.name for p in gazetteer.within((126.6, 37.9, 126.8, 38.0))}
    assert "Joint Security Area" in names
    assert "Seoul" not in names


def test_get_and_geo_interface(gazetteer: Gazetteer) -> None:
    dmz = gazetteer.lookup("DMZ")[0]
    same = gazetteer.get(dmz.id)
    assert same == dmz
    feature = dmz.__geo_interface__
    assert feature["type"] == "Feature"
    assert shape(feature["geometry"]).is_valid
    assert gazetteer.get(-1) is None


def test_place_values_are_immutable(gazetteer: Gazetteer) -> None:
    place = gazetteer.lookup("Seoul")[0]
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]


class _Tiny(Source):
    name = "tiny"

    def records(self, profile: str):  # type: ignore[no-untyped-def]
        yield PlaceRecord(name="Testville", feature="city", lat=1.0, lon=2.0, source="tiny", population=10)
        yield PlaceRecord(
            name="Test Line", feature="boundary", lat=0.5, lon=0.5, source="tiny",
            geometry={"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, abbreviations=["TL"],
        )


def test_build_is_atomic_and_round_trips(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    report = build_gazetteer(db, profile="small", sources=[_Tiny()])
    assert report.places == 2
    assert not list(tmp_path.glob(".*.tmp"))
    with Gazetteer(db) as gaz:
        assert gaz.lookup("testville")[0].name == "Testville"
        assert gaz.lookup("TL")[0].kind == "line"


class _Failing(Source):
    name = "failing"

    def records(self, profile: str):  # type: ignore[no-untyped-def]
        yield PlaceRecord(name="A", feature="city", lat=1.0, lon=2.0, source="x")
        raise RuntimeError("killed mid-build")


def test_failed_build_leaves_old_database_intact(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    build_gazetteer(db, profile="small", sources=[_Tiny()])
    before = db.read_bytes()
    with pytest.raises(RuntimeError):
        build_gazetteer(db, profile="small", sources=[_Failing()])
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_missing_corrupt_and_foreign_databases_are_reported(tmp_path: Path) -> None:
    with pytest.raises(GazetteerMissingError, match="python -m geo build"):
        Gazetteer(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises((GazetteerCorruptError, GazetteerSchemaError)):
        Gazetteer(junk)
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(GazetteerSchemaError, match="not a gazetteer"):
        Gazetteer(foreign)


def test_old_schema_version_is_detected(tmp_path: Path) -> None:
    db = tmp_path / "g.sqlite"
    build_gazetteer(db, profile="small", sources=[_Tiny()])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with pytest.raises(GazetteerSchemaError, match="schema version 0"):
        Gazetteer(db)


def _cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args, "--db", str(db)],
        capture_output=True, text=True, cwd=REPO, timeout=120, check=False,
    )


def test_cli_search_json_shape(gazetteer: Gazetteer) -> None:
    out = _cli("search", "Panmunjom", "--json", "--limit", "3", db=gazetteer.path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and set(rows[0]) == {
        "id", "name", "kind", "feature", "country", "admin1", "population", "lat", "lon", "geometry", "source"
    }
    assert rows[0]["name"] == "Joint Security Area"
    assert rows[0]["geometry"]["type"] == "Point"


@pytest.mark.parametrize("query", ["", "x" * 5000, "\u202e\u200b"])
def test_cli_absurd_query_exits_zero_with_nothing(gazetteer: Gazetteer, query: str) -> None:
    out = _cli("search", query, "--json", db=gazetteer.path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_place_geo_interface_of_a_bare_point() -> None:
    p = Place(id=1, name="X", kind="point", feature="city", country=None, admin1=None, population=0,
              lat=10.0, lon=20.0, bbox=(20.0, 10.0, 20.0, 10.0), source="t", source_id=None)
    assert p.geometry == {"type": "Point", "coordinates": [20.0, 10.0]}


@pytest.mark.parametrize(("query", "lat", "lon"), [("Russia", 60.0, 100.0), ("Canada", 60.10867, -113.64258)])
def test_countries_sit_at_their_conventional_point(gazetteer: Gazetteer, query: str, lat: float, lon: float) -> None:
    country = next(p for p in gazetteer.lookup(query) if p.feature == "country")
    assert great_circle_km(country.lat, country.lon, lat, lon) < 1
    assert shape(country.geometry).distance(Point(country.lon, country.lat)) == 0


def test_a_conventional_point_off_the_outline_falls_back_to_the_centroid(monkeypatch: pytest.MonkeyPatch) -> None:
    from shapely.geometry import box

    from geo.sources import countries

    square = box(10, 10, 12, 12)
    monkeypatch.setattr(countries, "load_country_points", lambda: {"XX": (50.0, 50.0), "YY": (11.5, 10.5)})
    assert countries._conventional_point("XX", square) == pytest.approx((11.0, 11.0))
    assert countries._conventional_point("YY", square) == (11.5, 10.5)
    assert countries._conventional_point("ZZ", square) == pytest.approx((11.0, 11.0))
