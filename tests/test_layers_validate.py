"""The RFC 7946 checker catches what a broken export would do."""

from __future__ import annotations

import copy
import json

import pytest
from layers_samples import sample_documents

from layers import build_layers, check_rfc7946
from layers.validate import iter_problems


@pytest.fixture
def layer() -> dict:
    return build_layers(sample_documents())["all"]


def _codes(obj: object, **kw: object) -> set[str]:
    return {p.code for p in iter_problems(obj, **kw)}  # type: ignore[arg-type]


@pytest.mark.parametrize("by", ["all", "articles", "kinds"])
def test_our_layers_pass(by: str) -> None:
    for fc in build_layers(sample_documents(), by=by).values():
        assert check_rfc7946(fc) == []


def test_clockwise_exterior_fails(layer: dict) -> None:
    bad = copy.deepcopy(layer)
    dmz = next(f for f in bad["features"] if f["properties"]["name"] == "DMZ")
    dmz["geometry"]["coordinates"][0].reverse()
    problems = check_rfc7946(bad)
    assert problems == [f"features[{bad['features'].index(dmz)}].geometry.coordinates[0]: "
                        "exterior ring is clockwise; RFC 7946 wants counter-clockwise"]


def test_counter_clockwise_hole_fails(layer: dict) -> None:
    bad = copy.deepcopy(layer)
    lake = next(f for f in bad["features"] if f["properties"]["place_id"] == 4)
    lake["geometry"]["coordinates"][1].reverse()
    assert _codes(bad) == {"winding"}
    assert "hole is counter-clockwise" in check_rfc7946(bad)[0]


def test_lat_lon_swap_out_of_range_fails(layer: dict) -> None:
    bad = copy.deepcopy(layer)
    seoul = bad["features"][0]
    seoul["geometry"]["coordinates"].reverse()
    problems = check_rfc7946(bad)
    assert any("looks like [lat, lon] order; GeoJSON is [lon, lat]" in p for p in problems)


def test_lat_lon_swap_in_range_is_caught_through_the_representative_point(layer: dict) -> None:
    # Lake Test at 10-11 E, 50-51 N: swapped, every coordinate is still in range.
    bad = copy.deepcopy(layer)
    lake = next(f for f in bad["features"] if f["properties"]["place_id"] == 4)
    for ring in lake["geometry"]["coordinates"]:
        for pos in ring:
            pos.reverse()
    bad["bbox"] = [-180, -90, 180, 90]
    assert "swapped" in _codes(bad)
    assert any("[lat, lon] order" in p for p in check_rfc7946(bad))


def test_crs_member_fails(layer: dict) -> None:
    bad = dict(layer, crs={"type": "name", "properties": {"name": "EPSG:4326"}})
    assert _codes(bad) == {"member"}


def test_too_many_decimals_fails_unless_allowed() -> None:
    point = {"type": "Point", "coordinates": [1.1234567, 2.0]}
    assert _codes(point) == {"precision"}
    assert check_rfc7946(point, max_decimals=None) == []


def test_missing_or_short_bbox_fails(layer: dict) -> None:
    no_bbox = {k: v for k, v in layer.items() if k != "bbox"}
    assert _codes(no_bbox) == {"bbox"}
    assert check_rfc7946(no_bbox, require_bbox=False) == []
    short = dict(layer, bbox=[0, 0, 1, 1])
    assert "does not hold every feature" in check_rfc7946(short)[0]


def test_empty_collection_needs_no_bbox() -> None:
    assert check_rfc7946({"type": "FeatureCollection", "features": []}) == []


@pytest.mark.parametrize(("geometry", "code"), [
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0.5]]]}, "ring"),
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "ring"),
    ({"type": "LineString", "coordinates": [[0, 0]]}, "structure"),
    ({"type": "Point", "coordinates": [0]}, "structure"),
    ({"type": "Point", "coordinates": [0, 1, 2, 3]}, "structure"),
    ({"type": "Point", "coordinates": ["1", 2]}, "number"),
    ({"type": "Point", "coordinates": [float("nan"), 2]}, "number"),
    ({"type": "Point", "coordinates": [200, 10]}, "range"),
    ({"type": "Point", "coordinates": [500000, 4000000]}, "range"),
    ({"type": "Circle", "coordinates": [0, 0]}, "type"),
    ({"type": "MultiPolygon", "coordinates": 3}, "structure"),
])
def test_bad_geometry(geometry: dict, code: str) -> None:
    assert _codes(geometry) == {code}


def test_feature_members() -> None:
    assert _codes({"type": "Feature", "properties": {}}) == {"structure"}
    assert _codes({"type": "Feature", "geometry": None}) == {"structure"}
    assert _codes({"type": "Feature", "geometry": None, "properties": []}) == {"structure"}
    assert _codes({"type": "Feature", "geometry": None, "properties": None, "id": [1]}) == {"structure"}
    assert check_rfc7946({"type": "Feature", "geometry": None, "properties": None, "id": 7}) == []


def test_messages_are_json_safe_strings(layer: dict) -> None:
    bad = copy.deepcopy(layer)
    bad["features"][0]["geometry"] = {"type": "Point", "coordinates": [1e300, 5]}
    assert json.loads(json.dumps(check_rfc7946(bad)))
