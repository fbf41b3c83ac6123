"""A user's GeoJSON as an overlay: loaded whole with notes, or refused with a precise message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geojson_pydantic
import pytest
from layers_samples import NASTY, sample_documents
from shapely.geometry import shape

from geo.errors import GeoJSONError
from layers import ImportResult, build_layers, check_rfc7946, import_geojson, write_layer

SQUARE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]


def feature(geometry: dict[str, Any] | None, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def collection(*features: dict[str, Any], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features), **members}


def load(tmp_path: Path, obj: Any, name: str = "user.geojson") -> ImportResult:
    path = tmp_path / name
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return import_geojson(path)


def refused(tmp_path: Path, obj: Any) -> str:
    with pytest.raises(GeoJSONError) as info:
        load(tmp_path, obj)
    return str(info.value)


def assert_valid(result: ImportResult) -> None:
    geojson_pydantic.FeatureCollection.model_validate(result.collection)
    assert check_rfc7946(result.collection, max_decimals=None) == []


# -- accepted -----------------------------------------------------------------

def test_our_own_export_imports_unchanged(tmp_path: Path) -> None:
    layer = build_layers(sample_documents())["all"]
    path = tmp_path / "mine.geojson"
    write_layer(layer, path)
    result = import_geojson(path)
    assert result.notes == ()
    assert result.name == "mine"
    assert result.collection == dict(layer, name="mine")
    assert_valid(result)


def test_text_survives_import(tmp_path: Path) -> None:
    result = load(tmp_path, collection(feature({"type": "Point", "coordinates": [1, 2]}, note=NASTY)))
    assert result.collection["features"][0]["properties"]["note"] == NASTY


def test_bytes_and_parsed_objects_are_accepted() -> None:
    data = json.dumps(collection(feature({"type": "Point", "coordinates": [1, 2]}))).encode()
    assert import_geojson(data).feature_count == 1
    assert import_geojson(b"\xef\xbb\xbf" + data, name="bom").name == "bom"
    assert import_geojson(json.loads(data)).collection["bbox"] == [1, 2, 1, 2]


def test_bare_feature_is_wrapped(tmp_path: Path) -> None:
    result = load(tmp_path, feature({"type": "Point", "coordinates": [1, 2]}, name="x"))
    assert result.feature_count == 1
    assert result.notes == ("a single Feature was wrapped in a FeatureCollection",)
    assert_valid(result)


def test_bare_geometry_is_wrapped(tmp_path: Path) -> None:
    result = load(tmp_path, {"type": "Polygon", "coordinates": [SQUARE]})
    assert result.collection["features"] == [feature({"type": "Polygon", "coordinates": [SQUARE]})]
    assert result.notes == ("a bare Polygon geometry was wrapped in a Feature",)
    assert_valid(result)


def test_clockwise_ring_is_rewound_with_a_note(tmp_path: Path) -> None:
    result = load(tmp_path, collection(feature({"type": "Polygon", "coordinates": [list(reversed(SQUARE))]})))
    assert result.collection["features"][0]["geometry"]["coordinates"] == [SQUARE]
    assert len(result.notes) == 1 and "rewound to the right-hand rule" in result.notes[0]
    assert_valid(result)


def test_self_intersecting_polygon_is_repaired_with_a_note(tmp_path: Path) -> None:
    bowtie = [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]
    result = load(tmp_path, collection(feature({"type": "Polygon", "coordinates": [bowtie]}, name="bow")))
    geometry = result.collection["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert shape(geometry).is_valid
    assert shape(geometry).area == pytest.approx(2.0)
    assert any("feature 0 (name 'bow'): invalid Polygon (Self-intersection" in n and "make_valid into a MultiPolygon"
               in n for n in result.notes)
    assert_valid(result)


def test_wgs84_crs_is_dropped_with_a_note(tmp_path: Path) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    result = load(tmp_path, collection(feature({"type": "Point", "coordinates": [1, 2]}), crs=crs))
    assert "crs" not in result.collection
    assert result.notes == ("the crs member (WGS 84) was dropped: RFC 7946 GeoJSON has none",)


def test_null_geometry_and_properties_are_kept(tmp_path: Path) -> None:
    result = load(tmp_path, collection({"type": "Feature", "geometry": None, "properties": None}))
    assert result.collection["features"] == [{"type": "Feature", "geometry": None, "properties": {}}]
    assert "have no geometry (kept, not drawn)" in result.notes[0]
    assert "bbox" not in result.collection


def test_wrong_bbox_is_recomputed(tmp_path: Path) -> None:
    result = load(tmp_path, collection(feature({"type": "Point", "coordinates": [1, 2]}), bbox=[0, 0, 0, 0]))
    assert result.collection["bbox"] == [1, 2, 1, 2]
    assert "was recomputed" in result.notes[0]


def test_empty_collection(tmp_path: Path) -> None:
    result = load(tmp_path, collection())
    assert result.feature_count == 0
    assert result.notes == ("the file holds no features",)
    assert_valid(result)


def test_input_object_is_not_modified() -> None:
    obj = collection(feature({"type": "Polygon", "coordinates": [list(reversed(SQUARE))]}, a=None))
    before = json.dumps(obj)
    import_geojson(obj)
    assert json.dumps(obj) == before


# -- refused ------------------------------------------------------------------

def test_not_json_says_line_and_column(tmp_path: Path) -> None:
    message = refused(tmp_path, '{"type": "FeatureCollection",\n  "features": [,]}')
    assert message == "user.geojson: not JSON: Expecting value at line 2, column 16"


def test_nan_is_not_json(tmp_path: Path) -> None:
    assert "NaN is not a JSON number" in refused(tmp_path, '{"type": "Point", "coordinates": [NaN, 1]}')


def test_empty_and_non_utf8_files(tmp_path: Path) -> None:
    assert refused(tmp_path, "  \n") == "user.geojson: the file is empty"
    with pytest.raises(GeoJSONError, match="not UTF-8 text"):
        import_geojson(b'{"type": "Point", "name": "\xff"}', name="latin")


@pytest.mark.parametrize(("obj", "found"), [
    ([{"type": "Feature"}], "found a JSON array (a list of Features? wrap them in a FeatureCollection)"),
    ("3", "found a JSON int"),
    ({"features": []}, "found an object without a type member"),
    ({"type": "Topology", "objects": {}}, "found TopoJSON (type 'Topology')"),
    ({"type": "Circle"}, "found type 'Circle'; expected FeatureCollection, Feature or a geometry"),
    ({"type": "FeatureCollection"}, "the FeatureCollection has no features array"),
])
def test_not_geojson_says_what_was_found(tmp_path: Path, obj: Any, found: str) -> None:
    assert found in refused(tmp_path, obj)


def test_bad_feature_is_named_by_index(tmp_path: Path) -> None:
    good = feature({"type": "Point", "coordinates": [1, 2]})
    message = refused(tmp_path, collection(good, good, feature({"type": "LineString", "coordinates": [[0, 0]]},
                                                               name="stub")))
    assert message.startswith("user.geojson: not loaded (1 problem; nothing was imported):")
    assert "feature 2 (name 'stub'): geometry.coordinates: a LineString needs at least 2 positions, found 1" in message


def test_swapped_coordinates_are_explained(tmp_path: Path) -> None:
    seoul = feature({"type": "Point", "coordinates": [37.5665, 126.978]}, name="Seoul")
    message = refused(tmp_path, collection(seoul))
    assert ("feature 0 (name 'Seoul'): geometry.coordinates: [37.5665, 126.978] has latitude 126.978 outside "
            "[-90, 90]; looks like [lat, lon] order; GeoJSON is [lon, lat]") in message


def test_projected_coordinates_are_out_of_range(tmp_path: Path) -> None:
    message = refused(tmp_path, collection(feature({"type": "Point", "coordinates": [500000.0, 4100000.0]})))
    assert "longitude 500000.0 outside [-180, 180]" in message
    assert "reproject to EPSG:4326" in message


def test_other_crs_is_refused(tmp_path: Path) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    message = refused(tmp_path, collection(feature({"type": "Point", "coordinates": [1, 2]}), crs=crs))
    assert "EPSG::3857" in message and "reproject it" in message


def test_unclosed_ring(tmp_path: Path) -> None:
    message = refused(tmp_path, {"type": "Polygon", "coordinates": [[*SQUARE[:-1], [0.0, 0.5]]]})
    assert "feature 0: geometry.coordinates[0]: the ring is not closed" in message


def test_repair_that_changes_the_kind_is_refused(tmp_path: Path) -> None:
    flat = [[0, 0], [1, 1], [2, 2], [0, 0]]
    message = refused(tmp_path, collection(feature({"type": "Polygon", "coordinates": [flat]})))
    assert "feature 0: invalid Polygon (" in message
    assert "repairing it would make a" in message and "not the same kind of geometry" in message


def test_all_or_nothing_and_problems_listed(tmp_path: Path) -> None:
    bad = [feature({"type": "Point", "coordinates": [0, 95 + i]}) for i in range(12)]
    message = refused(tmp_path, collection(feature({"type": "Point", "coordinates": [1, 2]}), *bad))
    assert "(12 problems; nothing was imported)" in message
    assert "feature 1:" in message and "feature 10:" in message and "feature 11:" not in message
    assert message.endswith("… and 2 more")


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.geojson"
    path.write_text(json.dumps(collection(feature({"type": "Point", "coordinates": [1, 2]}))), encoding="utf-8")
    with pytest.raises(GeoJSONError, match=r"big.geojson: 0.0 MB is over the 2.86102e-05 MiB limit"):
        import_geojson(path, max_bytes=30)
    with pytest.raises(GeoJSONError, match="over the"):
        import_geojson(b"x" * 31, max_bytes=30)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(GeoJSONError, match="no such file"):
        import_geojson(tmp_path / "nope.geojson")
    with pytest.raises(GeoJSONError, match="is a folder"):
        import_geojson(tmp_path)


def test_text_and_file_objects_are_accepted(tmp_path: Path) -> None:
    text = json.dumps(feature({"type": "Point", "coordinates": [1, 2]}))
    assert import_geojson(text).name == "overlay"
    path = tmp_path / "upload.geojson"
    path.write_text(text, encoding="utf-8")
    with open(path, "rb") as fh:
        result = import_geojson(fh)
    assert (result.name, result.feature_count) == ("upload", 1)
    with open(path, "rb") as fh, pytest.raises(GeoJSONError, match="over the"):
        import_geojson(fh, max_bytes=10)


def test_a_feature_that_is_not_a_feature(tmp_path: Path) -> None:
    message = refused(tmp_path, collection(feature(None), {"type": "Point", "coordinates": [1, 2]}))
    assert "feature 1: expected a Feature, found type 'Point'" in message
