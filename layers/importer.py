"""Load a user's own GeoJSON file as an overlay layer, all or nothing.

:func:`import_geojson` returns an :class:`ImportResult` (a FeatureCollection
and notes on what was changed) or raises :class:`GeoJSONError` with a
precise message: the file is too large, not UTF-8, not JSON (line and
column), not GeoJSON (what was found instead), or which features are bad
and why (coordinates out of range, apparently in [lat, lon] order, rings
not closed, ...). Nothing is ever half-loaded: either every feature is in
the result or the file is refused.

Repaired, with a note: rings wound the wrong way (rewound to the
right-hand rule), invalid polygons such as a self-intersecting ring
(``shapely.make_valid``, refused if the repair would change the kind of
geometry, e.g. collapse an area to a line), a WGS 84 ``crs`` member
(dropped), a wrong ``bbox`` (recomputed). A bare Feature or geometry is
wrapped in a FeatureCollection. Coordinates keep their precision.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from geo.errors import GeoJSONError
from geo.textio import read_limited
from layers.geometry import geometry_bbox, geometry_kind, merge_bbox, normalize_geometry
from layers.validate import GEOMETRY_TYPES, Problem, iter_problems

__all__ = ["MAX_IMPORT_BYTES", "ImportResult", "import_geojson"]

#: Largest file accepted (bytes): an overlay is drawn in the browser, so keep it small.
MAX_IMPORT_BYTES = 50 * 2**20

#: Most problems listed in one error message.
_MAX_LISTED = 10

_WGS84_NAMES = ("crs84", "epsg:4326", "epsg::4326", "epsg/0/4326", "crs:84", "wgs84", "wgs 84")


#: What :func:`import_geojson` reads: a path, JSON text, bytes, a binary file
#: (such as Streamlit's UploadedFile), or an already parsed object.
Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """An imported overlay: its FeatureCollection (with ``name`` and ``bbox``),
    the notes on what was repaired or wrapped, and its name."""

    collection: dict[str, Any]
    notes: tuple[str, ...]
    name: str

    @property
    def feature_count(self) -> int:
        """How many features the overlay holds."""
        return len(self.collection["features"])


def _read(source: Source, name: str, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        data = source.encode("utf-8")
    elif hasattr(source, "read"):
        data = source.read(max_bytes + 1)  # type: ignore[union-attr]
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        data = read_limited(
            Path(source), max_bytes, error=GeoJSONError,
            too_large=lambda size: GeoJSONError(_too_large(name, size, max_bytes)),
        )
    if len(data) > max_bytes:
        raise GeoJSONError(_too_large(name, len(data), max_bytes))
    return data


def _too_large(name: str, size: int, limit: int) -> str:
    return (f"{name}: {size / 1e6:.1f} MB is over the {limit / 2**20:g} MiB limit for an overlay; "
            "simplify or clip it first (e.g. ogr2ogr -simplify 0.001)")


def _parse(data: bytes, name: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GeoJSONError(f"{name}: not UTF-8 text (byte {exc.start}); GeoJSON is UTF-8 (RFC 7946 §11)") from exc
    if not text.strip():
        raise GeoJSONError(f"{name}: the file is empty")

    def no_constant(token: str) -> Any:
        raise ValueError(f"{token} is not a JSON number")

    try:
        return json.loads(text, parse_constant=no_constant)
    except json.JSONDecodeError as exc:
        raise GeoJSONError(f"{name}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    except ValueError as exc:
        raise GeoJSONError(f"{name}: not JSON: {exc}") from exc
    except RecursionError as exc:
        raise GeoJSONError(f"{name}: not usable JSON: nested too deeply") from exc


def _crs_is_wgs84(crs: Any) -> bool:
    text = json.dumps(crs).lower()
    return any(n in text for n in _WGS84_NAMES)


def _top(obj: Any, name: str, notes: list[str]) -> list[Any]:
    """The features of the top-level object (wrapping a Feature or geometry)."""
    if isinstance(obj, list):
        hint = " (a list of Features? wrap them in a FeatureCollection)" if obj and isinstance(obj[0], dict) else ""
        raise GeoJSONError(f"{name}: not GeoJSON: found a JSON array{hint}; GeoJSON is an object with a type member")
    if not isinstance(obj, dict):
        raise GeoJSONError(f"{name}: not GeoJSON: found a JSON {type(obj).__name__}; "
                           "GeoJSON is an object with a type member")
    if "type" not in obj:
        raise GeoJSONError(f"{name}: not GeoJSON: found an object without a type member")
    otype = obj["type"]
    if "crs" in obj:
        if not _crs_is_wgs84(obj["crs"]):
            raise GeoJSONError(f"{name}: declares the coordinate system {json.dumps(obj['crs'])[:120]}; GeoJSON "
                               "(RFC 7946) is WGS 84 lon/lat: reproject it (ogr2ogr -t_srs EPSG:4326 out.geojson in)")
        notes.append("the crs member (WGS 84) was dropped: RFC 7946 GeoJSON has none")
    if otype == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise GeoJSONError(f"{name}: not GeoJSON: the FeatureCollection has no features array")
        return features
    if otype == "Feature":
        notes.append("a single Feature was wrapped in a FeatureCollection")
        return [obj]
    if otype in GEOMETRY_TYPES:
        notes.append(f"a bare {otype} geometry was wrapped in a Feature")
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    if otype == "Topology":
        raise GeoJSONError(f"{name}: not GeoJSON: found TopoJSON (type 'Topology'); convert it to GeoJSON first "
                           "(e.g. topojson-client's topo2geo, or mapshaper)")
    raise GeoJSONError(f"{name}: not GeoJSON: found type {otype!r}; expected FeatureCollection, Feature or "
                       f"a geometry ({', '.join(GEOMETRY_TYPES)})")


def _feature_label(features: list[Any], index: int | None) -> str:
    if index is None:
        return ""
    label = f"feature {index}"
    f = features[index] if 0 <= index < len(features) else None
    props = f.get("properties") if isinstance(f, dict) else None
    if isinstance(props, dict):
        for key in ("name", "NAME", "title", "id"):
            if isinstance(props.get(key), str | int) and not isinstance(props.get(key), bool):
                label += f" ({key} {str(props[key])[:40]!r})"
                break
    return label


def _refuse(name: str, features: list[Any], problems: list[Problem] | list[str]) -> GeoJSONError:
    lines = []
    for p in problems[:_MAX_LISTED]:
        if isinstance(p, Problem):
            label = _feature_label(features, p.feature)
            if not label:
                lines.append(str(p))
                continue
            where = p.where.split(".", 1)[1] if "." in p.where else ""
            lines.append(f"{label}: {where}: {p.message}" if where else f"{label}: {p.message}")
        else:
            lines.append(p)
    more = len(problems) - _MAX_LISTED
    tail = f"\n  … and {more} more" if more > 0 else ""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return GeoJSONError(f"{name}: not loaded ({count}; nothing was imported):\n  " + "\n  ".join(lines) + tail)


def _indices(ixs: list[int]) -> str:
    shown = ", ".join(str(i) for i in ixs[:8])
    return shown + (f" and {len(ixs) - 8} more" if len(ixs) > 8 else "")


def _family(gtype: str) -> str | None:
    return geometry_kind({"type": gtype})


def _repair(geometry: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """Check a geometry's validity with shapely: ``(repaired, note, error)``.

    Unchanged valid geometry gives ``(None, None, None)``.
    """
    gtype = geometry["type"]
    if gtype in ("Point", "MultiPoint"):
        return None, None, None
    if gtype == "GeometryCollection":
        members, notes = [], []
        changed = False
        for i, m in enumerate(geometry["geometries"]):
            fixed, note, error = _repair(m)
            if error:
                return None, None, f"geometries[{i}]: {error}"
            if fixed is not None:
                changed = True
                notes.append(f"geometries[{i}]: {note}")
            members.append(fixed or m)
        return ({"type": gtype, "geometries": members}, "; ".join(notes), None) if changed else (None, None, None)
    import shapely
    from shapely.geometry import mapping, shape

    geom = shape(geometry)
    if geom.is_valid:
        return None, None, None
    reason = shapely.is_valid_reason(geom)
    fixed = shapely.make_valid(geom)
    if fixed.is_empty or _family(fixed.geom_type) != _family(gtype):
        return None, None, (f"invalid {gtype} ({reason}); repairing it would make a {fixed.geom_type}, "
                            "not the same kind of geometry: fix it in a GIS")
    note = f"invalid {gtype} ({reason}) repaired with make_valid"
    if fixed.geom_type != gtype:
        note += f" into a {fixed.geom_type}"
    return normalize_geometry(json.loads(json.dumps(mapping(fixed))), ndigits=None), note, None


def import_geojson(source: Source, *, name: str | None = None, max_bytes: int = MAX_IMPORT_BYTES) -> ImportResult:
    """Load a GeoJSON file as an overlay layer.

    ``source`` is a path, the file's bytes, a binary file object (its
    ``name`` is used when it has one), JSON text (a str starting with ``{``
    or ``[``), or an already parsed object. ``name`` names the layer and the
    messages (default: the file name, else ``overlay``); files over
    ``max_bytes`` are refused. Returns the
    collection and the notes on what was repaired; raises
    :class:`GeoJSONError` when anything cannot be loaded, listing the
    problems (up to ten) with the index of each bad feature.
    """
    path_like = isinstance(source, os.PathLike) or (isinstance(source, str) and source.lstrip()[:1] not in ("{", "["))
    given = str(source) if path_like else getattr(source, "name", None)
    label = name or (Path(given).name if isinstance(given, str) and given else "overlay")
    layer_name = name or (Path(given).stem if isinstance(given, str) and given else "overlay")
    notes: list[str] = []
    obj = source if isinstance(source, Mapping) else _parse(_read(source, label, max_bytes), label)
    features = [dict(f) if isinstance(f, dict) else f for f in _top(obj, label, notes)]

    rewound: list[int] = []
    geometry_crs: list[int] = []
    no_geometry: list[int] = []
    for i, f in enumerate(features):
        if not isinstance(f, dict):
            continue
        if f.get("properties", None) is None and f.get("type") == "Feature":
            f["properties"] = {}
        g = f.get("geometry")
        if isinstance(g, dict) and "crs" in g:
            if not _crs_is_wgs84(g["crs"]):
                raise _refuse(label, features, [f"{_feature_label(features, i)}: geometry declares the coordinate "
                                                f"system {json.dumps(g['crs'])[:80]}; reproject to WGS 84"])
            f["geometry"] = {k: v for k, v in g.items() if k != "crs"}
            geometry_crs.append(i)
        if g is None and f.get("type") == "Feature" and "geometry" in f:
            no_geometry.append(i)

    collection = {"type": "FeatureCollection", "features": features}
    problems = list(iter_problems(collection, max_decimals=None, require_bbox=False))
    fatal = [p for p in problems if p.code not in ("winding", "point")]
    if fatal:
        raise _refuse(label, features, fatal)
    off_point: list[int] = []
    for p in problems:
        if p.feature is None:
            continue
        found = rewound if p.code == "winding" else off_point
        if not found or found[-1] != p.feature:
            found.append(p.feature)
    for i in rewound:
        features[i]["geometry"] = normalize_geometry(features[i]["geometry"], ndigits=None)
        features[i].pop("bbox", None)

    repairs: list[str] = []
    errors: list[str] = []
    for i, f in enumerate(features):
        if not f.get("geometry"):
            continue
        fixed, note, error = _repair(f["geometry"])
        if error:
            errors.append(f"{_feature_label(features, i)}: {error}")
        elif fixed is not None:
            f["geometry"] = fixed
            f.pop("bbox", None)
            repairs.append(f"{_feature_label(features, i)}: {note}")
    if errors:
        raise _refuse(label, features, errors)

    if rewound:
        notes.append(f"rings of {len(rewound)} feature(s) rewound to the right-hand rule "
                     f"(exterior counter-clockwise, holes clockwise): features {_indices(rewound)}")
    if geometry_crs:
        notes.append(f"crs members (WGS 84) dropped from the geometry of features {_indices(geometry_crs)}")
    notes.extend(repairs)
    if off_point:
        notes.append(f"the lat/lon properties of {len(off_point)} feature(s) lie outside their geometry: "
                     f"features {_indices(off_point)}")
    if no_geometry:
        notes.append(f"{len(no_geometry)} feature(s) have no geometry (kept, not drawn): features "
                     f"{_indices(no_geometry)}")
    if not features:
        notes.append("the file holds no features")

    out: dict[str, Any] = {"type": "FeatureCollection", "name": layer_name}
    bbox = merge_bbox(geometry_bbox(f.get("geometry")) for f in features)
    if bbox is not None:
        out["bbox"] = list(bbox)
    given = obj.get("bbox") if isinstance(obj, Mapping) and obj.get("type") == "FeatureCollection" else None
    if given is not None and given != out.get("bbox"):
        notes.append(f"the collection bbox {json.dumps(given)[:80]} was recomputed from the features")
    out["features"] = features
    return ImportResult(collection=out, notes=tuple(notes), name=layer_name)
