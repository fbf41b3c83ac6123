"""Layers of everything, per article, per kind: valid GeoJSON that shapely reads back."""

from __future__ import annotations

import geojson_pydantic
import pytest
from layers_samples import PLACES, SEOUL, make_document, sample_documents
from shapely.geometry import mapping, shape

from geo.document import Document
from layers import KIND_LAYERS, build_layers, check_rfc7946, feature_collection
from layers.build import article_layer_names


@pytest.mark.parametrize("by", ["all", "articles", "kinds"])
def test_layers_are_valid_geojson(by: str) -> None:
    for fc in build_layers(sample_documents(), by=by).values():
        geojson_pydantic.FeatureCollection.model_validate(fc)
        assert "crs" not in fc
        assert check_rfc7946(fc) == []


def test_every_geometry_round_trips_through_shapely() -> None:
    fc = build_layers(sample_documents())["all"]
    for f in fc["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid
        assert not geom.is_empty
        assert mapping(geom)["type"] == f["geometry"]["type"]
    places = {p.id: p for p in PLACES}
    for f in fc["features"]:
        place = places[f["properties"]["place_id"]]
        assert shape(f["geometry"]).normalize().equals_exact(shape(place.geometry).normalize(), 1e-6)


def test_all_layer_holds_every_feature_with_bbox() -> None:
    layers = build_layers(sample_documents())
    assert list(layers) == ["all"]
    fc = layers["all"]
    assert len(fc["features"]) == 3 + 3
    assert fc["bbox"] == [-5.0, -5.0, 128.6, 51.0]
    assert fc["name"] == "all"


def test_article_layers_in_input_order_with_empty_ones() -> None:
    layers = build_layers(sample_documents(), by="articles")
    assert list(layers) == ["a1", "a2", "empty"]
    assert [len(fc["features"]) for fc in layers.values()] == [3, 3, 0]
    assert layers["empty"] == {"type": "FeatureCollection", "name": "empty", "features": []}


def test_kind_layers_always_three() -> None:
    layers = build_layers(sample_documents(), by="kinds")
    assert list(layers) == list(KIND_LAYERS.values()) == ["points", "lines", "areas"]
    assert {n: len(fc["features"]) for n, fc in layers.items()} == {"points": 2, "lines": 1, "areas": 3}
    for fc in layers.values():
        assert {f["properties"]["kind"] for f in fc["features"]} <= {"point", "line", "polygon"}
    assert build_layers([], by="kinds") == {n: {"type": "FeatureCollection", "name": n, "features": []}
                                            for n in ("points", "lines", "areas")}


def test_article_layer_names_are_distinct() -> None:
    docs = [Document(text="", id="x"), Document(text="", id="x"), Document(text=""), Document(text="", id="x-2")]
    assert article_layer_names(docs) == ["x", "x-2", "article-3", "x-2-2"]


def test_unknown_split_is_refused() -> None:
    with pytest.raises(ValueError, match="by must be one of"):
        build_layers(sample_documents(), by="country")


def test_color_by_is_passed_on() -> None:
    docs = [make_document("p", "P", [(SEOUL, "Seoul")]), make_document("q", "Q", [(SEOUL, "Seoul")])]
    fc = build_layers(docs, color_by="article")["all"]
    from layers.style import article_color

    assert [f["properties"]["marker-color"] for f in fc["features"]] == [article_color("p"), article_color("q")]


def test_feature_collection_without_features_has_no_bbox() -> None:
    assert "bbox" not in feature_collection([])
    assert "name" not in feature_collection([])
