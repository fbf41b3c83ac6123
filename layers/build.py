"""Group features into layers: one of everything, one per article, one per kind.

A layer is a GeoJSON FeatureCollection with a ``name`` (a foreign member
GDAL and QGIS read as the layer name) and a ``bbox`` (omitted when it has
no features: an empty layer has no extent).

>>> fc = feature_collection([], name="empty")
>>> fc
{'type': 'FeatureCollection', 'name': 'empty', 'features': []}
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from geo.document import Document
from layers.features import document_features
from layers.geometry import geometry_bbox, geometry_kind, merge_bbox

__all__ = ["KIND_LAYERS", "LAYER_BY", "article_layer_names", "build_layers", "feature_collection", "kind_layer"]

#: Ways to split features into layers.
LAYER_BY = ("all", "articles", "kinds")

#: Layer name of each kind of geometry, in layer order.
KIND_LAYERS: dict[str, str] = {"point": "points", "line": "lines", "polygon": "areas"}


def feature_collection(features: Sequence[dict[str, Any]], *, name: str | None = None) -> dict[str, Any]:
    """A FeatureCollection of ``features`` with its bbox (and ``name`` when given)."""
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    if name is not None:
        fc["name"] = name
    bbox = merge_bbox(geometry_bbox(f.get("geometry")) for f in features)
    if bbox is not None:
        fc["bbox"] = list(bbox)
    fc["features"] = list(features)
    return fc


def kind_layer(feature: dict[str, Any]) -> str:
    """The kind layer (``points``, ``lines``, ``areas``) a feature belongs to, by its geometry."""
    kind = geometry_kind(feature.get("geometry")) or feature.get("properties", {}).get("kind")
    return KIND_LAYERS.get(str(kind), "points")


def article_layer_names(docs: Sequence[Document]) -> list[str]:
    """One distinct layer name per article: its id, else ``article-N``; repeats get ``-2``, ``-3``..."""
    names: list[str] = []
    seen: set[str] = set()
    for i, doc in enumerate(docs, 1):
        base = doc.id or f"article-{i}"
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        names.append(name)
    return names


def build_layers(docs: Iterable[Document], *, by: str = "all", color_by: str = "kind") -> dict[str, dict[str, Any]]:
    """Layer name → FeatureCollection for parsed articles.

    ``by="all"`` gives ``{"all": ...}``; ``"articles"`` one layer per article
    (named by :func:`article_layer_names`, in input order, empty ones
    included); ``"kinds"`` always the three layers ``points``, ``lines``,
    ``areas`` (possibly empty). ``color_by`` is passed to
    :func:`layers.features.document_features`.
    """
    if by not in LAYER_BY:
        raise ValueError(f"by must be one of {', '.join(LAYER_BY)}, not {by!r}")
    docs = list(docs)
    if by == "articles":
        return {
            name: feature_collection(document_features(doc, color_by=color_by), name=name)
            for name, doc in zip(article_layer_names(docs), docs, strict=True)
        }
    features = [f for doc in docs for f in document_features(doc, color_by=color_by)]
    if by == "all":
        return {"all": feature_collection(features, name="all")}
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name in KIND_LAYERS.values()}
    for f in features:
        groups[kind_layer(f)].append(f)
    return {name: feature_collection(fs, name=name) for name, fs in groups.items()}
