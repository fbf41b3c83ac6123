"""Tests for the curated layer: the GeoJSON file, its source and its accuracy."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from geo.errors import SourceError
from geo.sources.curated import CURATED_PATH, CuratedSource, load_curated
from geo.sources.curated_derive import to_utm

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The LSIB yardstick lives in the shared folder beside the repository.
REFERENCE_PATH = REPO_ROOT.parent / "shared" / "reference" / "dmz-lsib.geojson"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def collection() -> dict[str, Any]:
    """The curated FeatureCollection as plain JSON."""
    return json.loads(CURATED_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_id(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The curated features by id."""
    return {f["properties"]["id"]: f for f in collection["features"]}


def _geom(by_id: dict[str, dict[str, Any]], fid: str) -> BaseGeometry:
    return shape(by_id[fid]["geometry"])


def _rings(geom: BaseGeometry) -> list[tuple[Any, bool]]:
    """(ring, is_exterior) for every ring of a (multi)polygon."""
    polygons = getattr(geom, "geoms", [geom])
    return [(r, i == 0) for p in polygons for i, r in enumerate([p.exterior, *p.interiors])]


def _positions(coords: Any) -> list[list[float]]:
    if coords and isinstance(coords[0], (int, float)):
        return [coords]
    return [pos for c in coords for pos in _positions(c)]


# --- the file ---------------------------------------------------------------


def test_file_is_a_plain_rfc7946_collection(collection: dict[str, Any]) -> None:
    """The file is a FeatureCollection without the obsolete ``crs`` member."""
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert collection["features"]


def test_every_feature_has_the_required_properties(collection: dict[str, Any]) -> None:
    """Every feature has a name, feature class, provenance, slug id and sane values."""
    ids = []
    for feature in collection["features"]:
        props = feature["properties"]
        assert feature["type"] == "Feature"
        for key in ("name", "feature", "provenance"):
            assert isinstance(props.get(key), str) and props[key].strip(), (props.get("id"), key)
        assert SLUG.match(props["id"]), props["id"]
        ids.append(props["id"])
        assert isinstance(props["names"], list) and all(isinstance(n, str) and n for n in props["names"])
        assert 0.0 <= props["importance"] <= 1.0
        assert props.get("accuracy_m") is None or props["accuracy_m"] > 0
        assert props["country"] is None or re.fullmatch(r"[A-Z]{2}", props["country"])
    assert len(ids) == len(set(ids))


def test_geometries_are_valid_in_range_and_counter_clockwise(collection: dict[str, Any]) -> None:
    """Geometries are valid, [lon, lat] in range, exteriors counter-clockwise."""
    for feature in collection["features"]:
        fid = feature["properties"]["id"]
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty, fid
        for lon, lat in _positions(feature["geometry"]["coordinates"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90, fid
        for ring, exterior in _rings(geom) if geom.geom_type.endswith("Polygon") else []:
            assert ring.is_ccw == exterior, f"{fid}: exterior rings run counter-clockwise, holes clockwise"


def test_mdl_is_a_line_across_the_peninsula(by_id: dict[str, dict[str, Any]]) -> None:
    """The MDL is one LineString from the Han estuary to the east coast."""
    mdl = _geom(by_id, "kr-mdl")
    assert isinstance(mdl, LineString)
    west, east = mdl.coords[0], mdl.coords[-1]
    assert 126.5 < west[0] < 126.8 and 128.2 < east[0] < 128.45
    assert len(mdl.coords) <= 500  # simplified: the file stays small


def test_dmz_is_a_polygon_of_about_1000_km2_holding_the_jsa(by_id: dict[str, dict[str, Any]]) -> None:
    """The DMZ is a Polygon of 800-1,200 km2 holding the JSA and the MDL."""
    dmz = _geom(by_id, "kr-dmz")
    assert isinstance(dmz, Polygon)
    assert 800 <= to_utm(dmz).area / 1e6 <= 1200
    assert dmz.contains(_geom(by_id, "kr-jsa"))
    assert dmz.contains(_geom(by_id, "kr-mdl"))


@pytest.mark.parametrize("fid", ["kr-jsa", "kr-daeseong-dong", "kr-kijong-dong", "kr-bridge-of-no-return"])
def test_dmz_sites_lie_in_the_dmz(by_id: dict[str, dict[str, Any]], fid: str) -> None:
    """Sites known to lie inside the DMZ fall inside our polygon."""
    assert _geom(by_id, "kr-dmz").contains(_geom(by_id, fid))


def test_peninsula_holds_the_dmz_and_leaves_out_jeju(by_id: dict[str, dict[str, Any]]) -> None:
    """The peninsula is mainland only: it holds the JSA, not Jeju."""
    peninsula = _geom(by_id, "kr-peninsula")
    assert isinstance(peninsula, Polygon)
    assert peninsula.contains(_geom(by_id, "kr-jsa"))
    assert not peninsula.contains(Point(126.53, 33.36))  # Jeju


@pytest.mark.parametrize(("island", "lon", "lat"), [("Yeonpyeong", 125.70, 37.66), ("Baengnyeong", 124.66, 37.96)])
def test_nll_passes_north_of_the_islands(by_id: dict[str, dict[str, Any]], island: str, lon: float, lat: float) -> None:
    """The approximate NLL runs north of the UN Command islands."""
    nll = _geom(by_id, "kr-nll")
    crossing = nll.intersection(LineString([(lon, 30.0), (lon, 45.0)]))
    assert not crossing.is_empty, island
    assert crossing.bounds[1] > lat, f"the NLL must pass north of {island}"


# --- the source -------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> dict[str, Any]:
    """The source's records by source id."""
    return {r.source_id: r for r in CuratedSource().records("full")}


def test_jsa_record_is_a_point_named_panmunjom(records: dict[str, Any]) -> None:
    """The JSA record is a point whose names include Panmunjom."""
    jsa = records["kr-jsa"]
    assert jsa.name == "Joint Security Area"
    assert "Panmunjom" in jsa.names and "JSA" in jsa.names
    assert jsa.geometry is None
    assert (jsa.lat, jsa.lon) == pytest.approx((37.9558, 126.6767))
    assert jsa.source == "curated"


def test_records_carry_accuracy_and_a_point_on_their_geometry(records: dict[str, Any]) -> None:
    """Records carry accuracy and a representative point on their geometry."""
    assert records["kr-op-ouellette"].accuracy_m is not None
    for record in records.values():
        assert record.name not in record.names
        if record.geometry is None:
            continue
        geom = shape(record.geometry)
        assert geom.distance(Point(record.lon, record.lat)) < 1e-9, record.source_id


def test_profiles_yield_the_same_records() -> None:
    """The small and full profiles yield the same records."""
    source = CuratedSource()
    assert list(source.records("small")) == list(source.records("full"))
    assert source.estimate("small") == len(list(source.records("small")))


def _write(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _point(fid: str, name: str | None) -> dict[str, Any]:
    props = {"id": fid, "feature": "site", "provenance": "test"}
    if name is not None:
        props["name"] = name
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [1.0, 2.0]}}


def test_a_feature_without_a_name_is_refused(tmp_path: Path) -> None:
    """A nameless feature stops the load with a message naming it."""
    path = _write(tmp_path / "c.geojson", [_point("x-ok", "Fine"), _point("x-nameless", None)])
    with pytest.raises(SourceError, match=r"x-nameless.*no name"):
        list(CuratedSource(path=path).records("full"))


def test_an_invalid_geometry_is_refused(tmp_path: Path) -> None:
    """A self-intersecting polygon stops the load with a message naming it."""
    bowtie = _point("x-bowtie", "Bowtie")
    bowtie["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(SourceError, match=r"x-bowtie.*invalid Polygon"):
        load_curated(_write(tmp_path / "c.geojson", [bowtie]))


def test_swapped_coordinates_and_missing_geometry_are_refused(tmp_path: Path) -> None:
    """Out-of-range coordinates and a null geometry are refused."""
    swapped = _point("x-swapped", "Swapped")
    swapped["geometry"]["coordinates"] = [37.9, 126.7 + 100]
    with pytest.raises(SourceError, match=r"x-swapped.*outside"):
        load_curated(_write(tmp_path / "a.geojson", [swapped]))
    bare = _point("x-bare", "Bare")
    bare["geometry"] = None
    with pytest.raises(SourceError, match=r"x-bare.*no usable geometry"):
        load_curated(_write(tmp_path / "b.geojson", [bare]))


def test_a_missing_file_is_a_source_error(tmp_path: Path) -> None:
    """A missing file is a SourceError, not a bare FileNotFoundError."""
    with pytest.raises(SourceError, match="not found"):
        CuratedSource(path=tmp_path / "absent.geojson").estimate("full")


# --- against the reference (a yardstick only) --------------------------------


def test_mdl_is_close_to_the_lsib_reference(by_id: dict[str, dict[str, Any]]) -> None:
    """Our MDL lies within 1 km of the LSIB MDL on average (skipped without it)."""
    if not REFERENCE_PATH.exists():
        pytest.skip(f"reference geometry not available at {REFERENCE_PATH}")
    reference = json.loads(REFERENCE_PATH.read_text(encoding="utf-8"))
    lines = [
        shape(f["geometry"])
        for f in reference["features"]
        if f["properties"].get("DISCLAIME1") == "Military Demarcation Line"
    ]
    assert len(lines) == 1
    ours = to_utm(_geom(by_id, "kr-mdl"))
    gaps = np.array([ours.distance(Point(c)) for c in to_utm(lines[0]).coords])
    assert gaps.mean() < 1000, f"mean distance {gaps.mean():.0f} m"


# --- the derivation's building blocks -----------------------------------------


def test_dmz_polygon_is_a_4_km_band_with_flat_caps() -> None:
    """A straight 100 km line gives a 4 km x 100 km counter-clockwise band."""
    from geo.sources.curated_derive import dmz_polygon, to_wgs84

    line = to_wgs84(LineString([(300_000, 4_200_000), (400_000, 4_200_000)]))
    band = dmz_polygon(line)
    assert band.exterior.is_ccw
    assert to_utm(band).area / 1e6 == pytest.approx(400, rel=0.01)


def test_written_collections_round_trip(tmp_path: Path) -> None:
    """write_collection writes one feature per line and loses nothing."""
    from geo.sources.curated_derive import rounded_mapping, write_collection

    feature = _point("x-line", "Line")
    feature["geometry"] = rounded_mapping(LineString([(126.1234567891, 37.1), (126.2, 37.2)]))
    assert feature["geometry"]["coordinates"][0] == [126.123457, 37.1]
    collection = {"type": "FeatureCollection", "features": [feature, _point("x-pt", "Pt")]}
    write_collection(tmp_path / "c.geojson", collection)
    text = (tmp_path / "c.geojson").read_text(encoding="utf-8")
    assert json.loads(text) == collection
    assert len(text.splitlines()) == 4
