"""GeoPackage through pyogrio: one layer or several in one file, values and geometry read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyogrio
import pytest
import shapely
from layers_samples import NASTY, sample_documents
from pyogrio.raw import read
from shapely.geometry import shape

from geo.errors import ExportError
from layers import FIELDS, build_layers, iter_features, layer_bytes, write_layer, write_layers
from layers.formats import open_writer


@pytest.fixture
def layer() -> dict[str, Any]:
    return build_layers(sample_documents())["all"]


def _read(path: Path, layer: str) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
    meta, _, geometry, values = read(str(path), layer=layer)
    columns = dict(zip(meta["fields"], values, strict=True))
    return meta, [shapely.from_wkb(g) if g is not None else None for g in geometry], columns


def test_one_layer_reads_back(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.gpkg"
    assert write_layer(layer, path, "gpkg") == 6
    assert [str(n) for n, _ in pyogrio.list_layers(path)] == ["all"]
    meta, geoms, cols = _read(path, "all")
    assert list(meta["fields"]) == list(FIELDS)
    assert meta["crs"] == "EPSG:4326"
    for i, feature in enumerate(layer["features"]):
        assert geoms[i].equals(shape(feature["geometry"]))
        p = feature["properties"]
        assert cols["name"][i] == p["name"]
        assert cols["place_id"][i] == p["place_id"]
        assert cols["confidence"][i] == p["confidence"]
        assert json.loads(cols["excerpts"][i]) == p["excerpts"]
    assert cols["country"][2] is None  # null stays null


def test_text_survives_byte_for_byte(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.gpkg"
    write_layer(layer, path)
    _, _, cols = _read(path, "all")
    assert cols["article_title"][0] == f"Title {NASTY}"


def test_several_layers_in_one_file(tmp_path: Path) -> None:
    layers = build_layers(sample_documents(), by="kinds")
    path = tmp_path / "kinds.gpkg"
    paths = write_layers(layers, path, "gpkg")
    assert set(paths.values()) == {path}
    listed = {str(n): str(t) for n, t in pyogrio.list_layers(path)}
    assert listed == {"points": "Point", "lines": "LineString", "areas": "MultiPolygon"}
    for name, fc in layers.items():
        assert pyogrio.read_info(path, layer=name)["features"] == len(fc["features"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kinds.gpkg"]


def test_articles_including_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / "articles.gpkg"
    write_layers(build_layers(sample_documents(), by="articles"), path, "gpkg")
    assert {str(n): pyogrio.read_info(path, layer=str(n))["features"] for n, _ in pyogrio.list_layers(path)} == {
        "a1": 3, "a2": 3, "empty": 0}


def test_streamed_in_chunks(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "chunks.gpkg"
    with open_writer(path, "gpkg", name="all", chunk_size=2) as writer:
        writer.write_all(iter_features(sample_documents()))
    _, geoms, cols = _read(path, "all")
    assert list(cols["name"]) == [f["properties"]["name"] for f in layer["features"]]
    assert len(geoms) == 6


def test_bytes_for_a_download(tmp_path: Path, layer: dict[str, Any]) -> None:
    data = layer_bytes(layer, "gpkg")
    assert data.startswith(b"SQLite format 3\x00")
    (tmp_path / "download.gpkg").write_bytes(data)
    assert pyogrio.read_info(tmp_path / "download.gpkg", layer="all")["features"] == 6


def test_type_change_in_a_later_chunk_is_refused(tmp_path: Path) -> None:
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"n": 1}},
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"n": "x"}}]
    path = tmp_path / "t.gpkg"
    writer = open_writer(path, "gpkg", chunk_size=1)
    with pytest.raises(ExportError, match="'n' holds 'x' in a int column"), writer:
        writer.write_all(features)
    assert list(tmp_path.iterdir()) == []


def test_text_stream_is_refused(layer: dict[str, Any]) -> None:
    import io

    with pytest.raises(ExportError, match="cannot write a GeoPackage to StringIO"):
        write_layer(layer, io.StringIO(), "gpkg")
