"""CSV: properties, lat/lon, WKT; quoted so every text survives the csv module."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from layers_samples import NASTY, sample_documents
from shapely import wkt
from shapely.geometry import shape

from geo.errors import ExportError
from layers import FIELDS, build_layers, iter_features, write_layer
from layers.formats.table import geometry_wkt, representative_lat_lon


@pytest.fixture
def layer() -> dict[str, Any]:
    return build_layers(sample_documents())["all"]


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_columns_and_rows(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.csv"
    assert write_layer(layer, path, "csv") == 6
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [*FIELDS, "wkt"]
    rows = _rows(path)
    assert len(rows) == 6
    for row, feature in zip(rows, layer["features"], strict=True):
        p = feature["properties"]
        assert row["name"] == p["name"]
        assert row["country"] == (p["country"] or "")
        assert json.loads(row["excerpts"]) == p["excerpts"]
        assert float(row["lat"]) == p["lat"] and float(row["lon"]) == p["lon"]
        assert int(row["mention_count"]) == p["mention_count"]
        assert wkt.loads(row["wkt"]).equals(shape(feature["geometry"]))


def test_text_survives_byte_for_byte(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.csv"
    write_layer(layer, path)
    row = _rows(path)[0]
    assert row["article_title"] == f"Title {NASTY}"
    assert json.loads(row["excerpts"])[0]["text"] == f"Reports from Seoul said {NASTY} today."


def test_rows_end_with_crlf_and_quotes_are_doubled(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.csv"
    write_layer(layer, path)
    raw = path.read_bytes().decode("utf-8")
    assert raw.split("\r\n", 1)[0].startswith("name,kind,")
    assert '"Title He said ""no, <script>' in raw


def test_streamed_features_use_the_first_features_columns(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "s.csv"
    write_layer(iter_features(sample_documents()), path, "csv")
    assert path.read_bytes() == _written(layer)


def _written(layer: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    write_layer(layer, buf, "csv")
    return buf.getvalue()


def test_foreign_features_get_the_union_of_their_properties(tmp_path: Path) -> None:
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]},
         "properties": {"a": 1}},
        {"type": "Feature", "geometry": None, "properties": {"b": True, "wkt": "mine"}},
    ]}
    path = tmp_path / "f.csv"
    write_layer(fc, path)
    rows = _rows(path)
    assert list(rows[0]) == ["a", "b", "wkt", "lat", "lon", "geometry_wkt"]
    assert rows[0]["a"] == "1" and rows[0]["lat"] == "1.0" and rows[0]["lon"] == "1.0"
    assert rows[1] == {"a": "", "b": "true", "wkt": "mine", "lat": "", "lon": "", "geometry_wkt": ""}


def test_a_streamed_feature_with_new_properties_is_refused(tmp_path: Path) -> None:
    features = iter([
        {"type": "Feature", "geometry": None, "properties": {"a": 1}},
        {"type": "Feature", "geometry": None, "properties": {"z": 1}},
    ])
    path = tmp_path / "x.csv"
    with pytest.raises(ExportError, match=r"feature 1 has properties \['z'\]"):
        write_layer(features, path, "csv")
    assert not path.exists()


def test_empty_layer_has_a_header(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    write_layer({"type": "FeatureCollection", "features": []}, path)
    assert path.read_bytes() == b"lat,lon,wkt\r\n"


def test_wkt_and_point_helpers() -> None:
    assert geometry_wkt({"type": "Point", "coordinates": [1.5, -2.25, 3.0]}) == "POINT Z (1.5 -2.25 3.0)"
    assert geometry_wkt(None) == ""
    assert geometry_wkt({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}) == "LINESTRING (0 0, 1 1)"
    assert representative_lat_lon({"geometry": {"type": "Point", "coordinates": [5, 6]}}) == (6, 5)
