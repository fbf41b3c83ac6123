"""Rounding, right-hand winding and bboxes of exported geometry."""

from __future__ import annotations

import pytest

from layers.geometry import geometry_bbox, geometry_kind, merge_bbox, normalize_geometry, ring_is_ccw

CW = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0], [0.0, 0.0]]
CCW = list(reversed(CW))
HOLE_CCW = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]


def test_ring_orientation() -> None:
    assert ring_is_ccw(CCW)
    assert not ring_is_ccw(CW)


@pytest.mark.parametrize("exterior", [CW, CCW])
@pytest.mark.parametrize("hole", [HOLE_CCW, list(reversed(HOLE_CCW))])
def test_polygon_exterior_ccw_and_hole_cw(exterior: list, hole: list) -> None:
    out = normalize_geometry({"type": "Polygon", "coordinates": [exterior, hole]})["coordinates"]
    assert ring_is_ccw(out[0])
    assert not ring_is_ccw(out[1])


def test_multipolygon_parts_each_wound() -> None:
    g = normalize_geometry({"type": "MultiPolygon", "coordinates": [[CW], [CCW, HOLE_CCW]]})
    assert [ring_is_ccw(r) for poly in g["coordinates"] for r in poly] == [True, True, False]


def test_coordinates_rounded_to_six_decimals() -> None:
    g = normalize_geometry({"type": "LineString", "coordinates": [[1.23456789, -2.0000004], [3, 4]]})
    assert g["coordinates"] == [[1.234568, -2.0], [3, 4]]


def test_rounding_can_be_turned_off() -> None:
    g = normalize_geometry({"type": "Point", "coordinates": [1.23456789, 2.0]}, ndigits=None)
    assert g["coordinates"] == [1.23456789, 2.0]


def test_geometry_collection_and_crs_member() -> None:
    g = normalize_geometry({"type": "GeometryCollection", "crs": {}, "geometries": [
        {"type": "Polygon", "coordinates": [CW]}, {"type": "MultiPoint", "coordinates": [[1, 2]]}]})
    assert "crs" not in g
    assert ring_is_ccw(g["geometries"][0]["coordinates"][0])


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="Circle"):
        normalize_geometry({"type": "Circle", "coordinates": [0, 0]})


def test_bbox() -> None:
    assert geometry_bbox({"type": "Point", "coordinates": [3, 4]}) == (3, 4, 3, 4)
    assert geometry_bbox({"type": "MultiPolygon", "coordinates": [[CW], [[[5, -1], [6, -1], [6, 0], [5, -1]]]]}) == (
        0.0, -1, 6, 1.0)
    assert geometry_bbox(None) is None
    assert geometry_bbox({"type": "GeometryCollection", "geometries": []}) is None
    assert merge_bbox([None, (0, 0, 1, 1), (-1, 0.5, 0.5, 2)]) == (-1, 0, 1, 2)
    assert merge_bbox([None]) is None


@pytest.mark.parametrize(("gtype", "kind"), [("Point", "point"), ("MultiPoint", "point"), ("LineString", "line"),
                                             ("MultiLineString", "line"), ("Polygon", "polygon"),
                                             ("MultiPolygon", "polygon")])
def test_geometry_kind(gtype: str, kind: str) -> None:
    assert geometry_kind({"type": gtype}) == kind


def test_geometry_kind_of_collections() -> None:
    same = {"type": "GeometryCollection", "geometries": [{"type": "Point"}, {"type": "MultiPoint"}]}
    mixed = {"type": "GeometryCollection", "geometries": [{"type": "Point"}, {"type": "Polygon"}]}
    assert geometry_kind(same) == "point"
    assert geometry_kind(mixed) is None
    assert geometry_kind(None) is None
