"""GeoJSON and newline-delimited GeoJSON files: valid, streamed, text unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import geojson_pydantic
import pytest
from layers_samples import NASTY, SEOUL, make_document, sample_documents
from shapely.geometry import shape

from geo.errors import ExportError
from layers import build_layers, check_rfc7946, iter_features, layer_bytes, write_layer, write_layers


@pytest.fixture
def layer() -> dict[str, Any]:
    return build_layers(sample_documents())["all"]


def _read_seq(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_geojson_file_round_trips(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.geojson"
    assert write_layer(layer, path, "geojson") == 6
    back = json.loads(path.read_bytes().decode("utf-8"))
    assert back == layer
    geojson_pydantic.FeatureCollection.model_validate(back)
    assert check_rfc7946(back) == []
    for f in back["features"]:
        assert shape(f["geometry"]).is_valid


def test_geojson_streams_features_and_computes_the_bbox(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "s.geojson"
    write_layer(iter_features(sample_documents()), path, "geojson", name="all")
    assert json.loads(path.read_text(encoding="utf-8")) == layer


def test_empty_layer_is_a_valid_collection(tmp_path: Path) -> None:
    path = tmp_path / "empty.geojson"
    assert write_layer(build_layers(sample_documents()[2:], by="articles")["empty"], path) == 0
    back = json.loads(path.read_text(encoding="utf-8"))
    assert back == {"type": "FeatureCollection", "name": "empty", "features": []}
    geojson_pydantic.FeatureCollection.model_validate(back)
    assert check_rfc7946(back) == []


def test_text_survives_byte_for_byte(tmp_path: Path, layer: dict[str, Any]) -> None:
    write_layer(layer, tmp_path / "a.geojson")
    write_layer(layer, tmp_path / "a.geojsonl")
    raw = (tmp_path / "a.geojson").read_bytes()
    assert NASTY.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace('"', '\\"').encode() in raw
    first = json.loads(raw)["features"][0]["properties"]
    assert first["article_title"] == f"Title {NASTY}"
    assert first["excerpts"][0]["text"] == f"Reports from Seoul said {NASTY} today."
    assert _read_seq(tmp_path / "a.geojsonl")[0]["properties"] == first


def test_seq_is_one_feature_a_line(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.geojsonl"
    assert write_layer(layer, path, "geojsonl") == 6
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    assert len(lines) == 7
    features = _read_seq(path)
    assert features == layer["features"]
    for f in features:
        geojson_pydantic.Feature.model_validate(f)
        assert check_rfc7946(f) == []


def test_seq_escapes_unicode_line_separators(tmp_path: Path) -> None:
    odd = "a\u2028b\u2029c\x85d"
    doc = make_document("u", odd, [(SEOUL, "Seoul")])
    path = tmp_path / "u.geojsonl"
    write_layer(iter_features([doc]), path, "geojsonl")
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1
    assert json.loads(text)["properties"]["article_title"] == odd


@pytest.mark.parametrize("fmt", ["geojson", "geojsonl"])
def test_file_objects_and_bytes(fmt: str, layer: dict[str, Any]) -> None:
    text = io.StringIO()
    write_layer(layer, text, fmt)
    binary = io.BytesIO()
    write_layer(layer, binary, fmt)
    assert binary.getvalue() == text.getvalue().encode("utf-8") == layer_bytes(layer, fmt)
    assert not binary.closed


def test_failed_export_leaves_no_file(tmp_path: Path, layer: dict[str, Any]) -> None:
    bad = dict(layer, features=[*layer["features"], {"type": "Feature", "geometry": None,
                                                     "properties": {"x": object()}}])
    path = tmp_path / "bad.geojson"
    with pytest.raises(ExportError, match="feature 6 cannot be written"):
        write_layer(bad, path)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target(tmp_path: Path, layer: dict[str, Any]) -> None:
    with pytest.raises(ExportError, match="cannot write"):
        write_layer(layer, tmp_path / "missing" / "x.geojson")
    with pytest.raises(ExportError, match="say which format"):
        write_layer(layer, tmp_path / "x.shp")
    with pytest.raises(ExportError, match="FeatureCollection"):
        write_layer({"type": "Feature"}, tmp_path / "x.geojson")


@pytest.mark.parametrize("fmt", ["geojson", "geojsonl"])
def test_several_layers_go_to_a_folder(tmp_path: Path, fmt: str) -> None:
    layers = build_layers(sample_documents(), by="kinds")
    paths = write_layers(layers, tmp_path / "out", fmt)
    assert sorted(p.name for p in paths.values()) == sorted(f"{n}.{fmt}" for n in layers)
    for name, path in paths.items():
        if fmt == "geojson":
            assert json.loads(path.read_text(encoding="utf-8")) == layers[name]
        else:
            assert _read_seq(path) == layers[name]["features"]
