"""Curated places: sites, lines and zones general gazetteers lack.

The data is ``geo/data/curated.geojson``, written by us from public facts
(each feature says where its facts come from in ``provenance``); the
Korean MDL, DMZ and peninsula geometry in it is derived from public data
by :mod:`geo.sources.curated_derive`. Every feature carries a stable slug
``id`` (e.g. ``kr-jsa``) that becomes the record's ``source_id``.

The file is checked as it is read: a feature without a name, an id or a
valid geometry stops the build with a :class:`~geo.errors.SourceError`
naming the feature.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geo.errors import SourceError
from geo.sources.base import PlaceRecord, Source

__all__ = ["CURATED_PATH", "CuratedSource", "load_curated", "representative_point"]

#: The curated layer shipped with the package.
CURATED_PATH = Path(__file__).resolve().parent.parent / "data" / "curated.geojson"

_GEOMETRY_TYPES = ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def representative_point(geom: BaseGeometry) -> tuple[float, float]:
    """(lat, lon) of a point on ``geom``: the point itself, a line's midpoint, or a point inside an area."""
    if geom.geom_type == "Point":
        point = geom
    elif geom.geom_type == "LineString":
        point = geom.interpolate(0.5, normalized=True)
    else:
        point = geom.point_on_surface()
    return point.y, point.x


def _label(index: int, props: dict[str, Any]) -> str:
    """How a message names a feature: its id or name if it has one, else its position."""
    for key in ("id", "name"):
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            return f"feature {value!r}"
    return f"feature #{index}"


def _check_coordinates(geom: BaseGeometry, label: str, path: Path) -> None:
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        raise SourceError(f"{path}: {label} has non-finite coordinates")
    if minx < -180 or maxx > 180 or miny < -90 or maxy > 90:
        raise SourceError(f"{path}: {label} has coordinates outside lon -180..180, lat -90..90 (are they [lon, lat]?)")


def _parse_geometry(raw: Any, label: str, path: Path) -> BaseGeometry:
    if not isinstance(raw, dict) or raw.get("type") not in _GEOMETRY_TYPES:
        kind = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
        raise SourceError(f"{path}: {label} has no usable geometry (got {kind!r}; expected one of {_GEOMETRY_TYPES})")
    try:
        geom = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        raise SourceError(f"{path}: {label} has a malformed {raw['type']}: {exc}") from exc
    if geom.is_empty:
        raise SourceError(f"{path}: {label} has an empty {geom.geom_type}")
    _check_coordinates(geom, label, path)
    if not geom.is_valid:
        raise SourceError(f"{path}: {label} has an invalid {geom.geom_type}: {explain_validity(geom)}")
    return geom


def load_curated(path: Path = CURATED_PATH) -> list[tuple[dict[str, Any], BaseGeometry]]:
    """Read and check the curated file: (properties, shapely geometry) per feature.

    Raises SourceError naming the file and feature when the file cannot be
    read, or a feature lacks a name or id, repeats an id, or has a missing
    or invalid geometry.
    """
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SourceError(f"curated layer not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"cannot read the curated layer {path}: {exc}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise SourceError(f"{path} is not a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise SourceError(f"{path}: 'features' is not a list")
    seen: set[str] = set()
    out: list[tuple[dict[str, Any], BaseGeometry]] = []
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise SourceError(f"{path}: feature #{index} has no properties")
        label = _label(index, props)
        name = props.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SourceError(f"{path}: {label} has no name")
        fid = props.get("id")
        if not isinstance(fid, str) or not fid.strip():
            raise SourceError(f"{path}: {label} has no id (a stable slug such as 'kr-jsa')")
        if fid in seen:
            raise SourceError(f"{path}: {label} repeats an id used by an earlier feature")
        seen.add(fid)
        out.append((props, _parse_geometry(feature.get("geometry"), label, path)))
    return out


def _names(props: dict[str, Any]) -> list[str]:
    """Alternate names, without the primary name or repeats, in file order."""
    primary = props["name"].strip()
    out: list[str] = []
    for value in props.get("names") or []:
        if isinstance(value, str) and value.strip() and value.strip() != primary and value.strip() not in out:
            out.append(value.strip())
    return out


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


class CuratedSource(Source):
    """Places from the curated GeoJSON layer; the same in every profile."""

    name = "curated"

    def __init__(self, *, path: Path | None = None) -> None:
        """Read ``path`` (default: the packaged ``geo/data/curated.geojson``)."""
        self.path = Path(path) if path is not None else CURATED_PATH
        self._loaded: list[tuple[dict[str, Any], BaseGeometry]] | None = None

    def _features(self) -> list[tuple[dict[str, Any], BaseGeometry]]:
        if self._loaded is None:
            self._loaded = load_curated(self.path)
        return self._loaded

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per curated feature (``profile`` changes nothing)."""
        for props, geom in self._features():
            lat, lon = representative_point(geom)
            yield PlaceRecord(
                name=props["name"].strip(),
                feature=str(props.get("feature") or "site"),
                lat=lat,
                lon=lon,
                source=self.name,
                source_id=props["id"],
                country=props.get("country") or None,
                geometry=None if geom.geom_type == "Point" else dict(mapping(geom)),
                names=_names(props),
                importance=float(props.get("importance") or 0.0),
                accuracy_m=_optional_float(props.get("accuracy_m")),
                extra={"provenance": props.get("provenance")},
            )

    def estimate(self, profile: str) -> int | None:
        """The number of curated features."""
        return len(self._features())
