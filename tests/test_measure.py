"""Tests for geo.measure: geodesic point distances, projected geometry distances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from geopy.distance import geodesic
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from geo.measure import Distance, distance, format_distance
from geo.place import Place

CURATED = Path(__file__).resolve().parents[1] / "geo" / "data" / "curated.geojson"

# Canonical sample geometries (lon, lat), built once.
POINT = Point(0.0, 0.0)
MERIDIAN = LineString([(0.01, -1.0), (0.01, 1.0)])  # ~1113 m east of POINT
SQUARE = Polygon([(0.02, -0.01), (0.04, -0.01), (0.04, 0.01), (0.02, 0.01)])  # ~2226 m east of POINT
MULTI = MultiPolygon([SQUARE, Polygon([(1, 1), (2, 1), (2, 2), (1, 2)])])
SAMPLES = {"point": POINT, "line": MERIDIAN, "polygon": SQUARE, "multipolygon": MULTI}


def _place(geometry: dict, *, pid: int = 1, kind: str = "point") -> Place:
    lon, lat = geometry["coordinates"] if geometry["type"] == "Point" else (0.0, 0.0)
    return Place(
        id=pid, name="p", kind=kind, feature="site", country=None, admin1=None, population=0,
        lat=lat, lon=lon, bbox=(lon, lat, lon, lat), source="test", source_id=None,
        geometry_json=json.dumps(geometry) if geometry["type"] != "Point" else "",
    )


def test_two_points_are_measured_geodesically() -> None:
    d = distance({"type": "Point", "coordinates": [0.0, 0.0]}, {"type": "Point", "coordinates": [0.0, 1.0]})
    assert d.method == "geodesic"
    assert d.metres == pytest.approx(geodesic((0, 0), (1, 0)).meters)
    assert d.metres == pytest.approx(110_574, abs=1)


def test_point_to_line_is_the_perpendicular_geodesic() -> None:
    d = distance(POINT, MERIDIAN)
    assert d.method == "projected"
    assert d.metres == pytest.approx(geodesic((0, 0), (0, 0.01)).meters, rel=1e-6)
    assert d.b == pytest.approx((0.01, 0.0), abs=1e-9)


def test_point_to_polygon_edge() -> None:
    assert distance(POINT, SQUARE).metres == pytest.approx(geodesic((0, 0), (0, 0.02)).meters, rel=1e-6)


def test_long_distance_stays_accurate() -> None:
    line = LineString([(10.0, -5.0), (10.0, 5.0)])
    assert distance(POINT, line).metres == pytest.approx(geodesic((0, 0), (0, 10)).meters, rel=1e-4)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_distance_is_symmetric(name: str) -> None:
    other = Polygon([(5, 5), (6, 5), (6, 6), (5, 6)])
    assert distance(SAMPLES[name], other).metres == pytest.approx(distance(other, SAMPLES[name]).metres, rel=1e-9)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_touching_or_overlapping_is_zero(name: str) -> None:
    geom = SAMPLES[name]
    assert distance(geom, geom.buffer(0.001) if name == "point" else geom).metres == 0.0


def test_point_inside_area_is_zero() -> None:
    d = distance(Point(0.03, 0.0), SQUARE)
    assert d.metres == 0.0
    assert d.a == d.b == (0.03, 0.0)


def test_across_the_antimeridian() -> None:
    east = Point(179.99, 0.0)
    west = LineString([(-179.99, -1.0), (-179.99, 1.0)])
    assert distance(east, west).metres == pytest.approx(geodesic((0, 179.99), (0, -179.99)).meters, rel=1e-4)


def test_accepts_places_features_and_geometries() -> None:
    a = _place({"type": "Point", "coordinates": [0.0, 0.0]})
    b = _place({"type": "LineString", "coordinates": [[0.01, -1.0], [0.01, 1.0]]}, pid=2, kind="line")
    feature = {"type": "Feature", "properties": {}, "geometry": b.geometry}
    assert distance(a, b).metres == pytest.approx(distance(POINT, feature).metres)
    assert isinstance(distance(a, b), Distance)
    assert distance(a, b).kilometres == pytest.approx(distance(a, b).metres / 1000)


def test_op_ouellette_to_the_military_demarcation_line() -> None:
    curated = {f["properties"]["name"]: f["geometry"] for f in json.loads(CURATED.read_text())["features"]}
    d = distance(curated["Observation Post Ouellette"], curated["Military Demarcation Line"])
    assert d.method == "projected"
    assert 10 < d.metres < 2_000  # the post overlooks the line from a few hundred metres at most
    # The reported nearest point lies on the line, and the figure is the geodesic between the pair.
    assert LineString(curated["Military Demarcation Line"]["coordinates"]).distance(Point(d.b)) < 1e-6
    assert d.metres == pytest.approx(geodesic(d.a[::-1], d.b[::-1]).meters)


def test_rejects_what_is_not_a_geometry() -> None:
    with pytest.raises(TypeError):
        distance("Seoul", POINT)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        distance(Point(), POINT)


@pytest.mark.parametrize(
    ("metres", "text"), [(0.0, "0 m"), (91.7, "92 m"), (9_999.0, "9,999 m"), (52_408.9, "52.4 km")]
)
def test_format_distance(metres: float, text: str) -> None:
    assert format_distance(metres) == text
