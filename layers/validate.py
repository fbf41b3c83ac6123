"""Check GeoJSON against RFC 7946 and the rules of our exports.

:func:`check_rfc7946` returns readable messages (empty when all is well);
:func:`iter_problems` yields the same as :class:`Problem` values with a
``code``, so the importer can tell what it may repair (winding) from what
it must refuse (a [lat, lon] swap).

>>> check_rfc7946({"type": "Point", "coordinates": [126.978, 37.566]})
[]
>>> for message in check_rfc7946({"type": "Point", "coordinates": [37.566, 126.978]}):
...     print(message)
coordinates: [37.566, 126.978] has latitude 126.978 outside [-90, 90];
    looks like [lat, lon] order; GeoJSON is [lon, lat]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from layers.geometry import PRECISION, geometry_bbox, ring_signed_area

__all__ = ["GEOMETRY_TYPES", "Problem", "check_rfc7946", "iter_problems"]

#: The geometry types of RFC 7946 §1.4.
GEOMETRY_TYPES = (
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
)

#: Slack (degrees) when checking that a bbox holds every position.
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a GeoJSON object.

    ``code`` is one of: ``type``, ``member``, ``structure``, ``number``,
    ``range``, ``swapped``, ``ring``, ``winding``, ``precision``, ``bbox``,
    ``point``. ``where`` is a path such as ``features[3].geometry.coordinates[0]``;
    ``feature`` the index of the feature it is in, if any.
    """

    code: str
    where: str
    message: str
    feature: int | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _decimals_ok(x: float, ndigits: int) -> bool:
    return isinstance(x, int) or round(x, ndigits) == x


class _Walker:
    """Walks one GeoJSON object, collecting problems."""

    def __init__(self, max_decimals: int | None, require_bbox: bool) -> None:
        self.max_decimals = max_decimals
        self.require_bbox = require_bbox
        self.problems: list[Problem] = []
        self.feature: int | None = None

    def add(self, code: str, where: str, message: str) -> None:
        self.problems.append(Problem(code, where, message, self.feature))

    # -- positions ---------------------------------------------------------
    def position(self, pos: Any, where: str, state: dict[str, bool]) -> bool:
        """Check one position; ``state`` limits reports to one of each kind per geometry."""
        if not isinstance(pos, list | tuple) or len(pos) < 2:
            self.add("structure", where, f"a position must be an array of 2 or 3 numbers, found {_describe(pos)}")
            return False
        if len(pos) > 3:
            self.add("structure", where, f"a position has at most 3 numbers (lon, lat, height), found {len(pos)}")
            return False
        if not all(_is_number(c) for c in pos):
            self.add("number", where, f"coordinates must be numbers, found {_short(pos)}")
            return False
        if not all(math.isfinite(c) for c in pos):
            self.add("number", where, f"coordinates must be finite, found {_short(pos)}")
            return False
        lon, lat = pos[0], pos[1]
        if not state.get("range") and (abs(lon) > 180 or abs(lat) > 90):
            state["range"] = True
            if abs(lat) > 90 and abs(lon) <= 90:
                self.add("swapped", where, f"{_short(pos)} has latitude {lat} outside [-90, 90]; "
                         "looks like [lat, lon] order; GeoJSON is [lon, lat]")
            else:
                axis = f"longitude {lon} outside [-180, 180]" if abs(lon) > 180 else f"latitude {lat} outside [-90, 90]"
                self.add("range", where, f"{_short(pos)} has {axis}; GeoJSON is WGS 84 degrees [lon, lat] "
                         "(projected coordinates? reproject to EPSG:4326)")
        if (self.max_decimals is not None and not state.get("precision")
                and not all(_decimals_ok(c, self.max_decimals) for c in pos)):
            state["precision"] = True
            self.add("precision", where, f"{_short(pos)} has more than {self.max_decimals} decimals")
        return True

    def positions(self, seq: Any, where: str, state: dict[str, bool]) -> bool:
        if not isinstance(seq, list | tuple):
            self.add("structure", where, f"expected an array of positions, found {_describe(seq)}")
            return False
        return all([self.position(p, f"{where}[{i}]", state) for i, p in enumerate(seq)])

    def ring(self, ring: Any, where: str, exterior: bool, state: dict[str, bool]) -> None:
        if not self.positions(ring, where, state):
            return
        if len(ring) < 4:
            self.add("ring", where, f"a linear ring needs at least 4 positions, found {len(ring)}")
            return
        if list(ring[0]) != list(ring[-1]):
            self.add("ring", where, "the ring is not closed (its first and last positions differ)")
            return
        area = ring_signed_area(ring)
        if area < 0 and exterior:
            self.add("winding", where, "exterior ring is clockwise; RFC 7946 wants counter-clockwise")
        elif area > 0 and not exterior:
            self.add("winding", where, "hole is counter-clockwise; RFC 7946 wants clockwise")

    def polygon(self, rings: Any, where: str, state: dict[str, bool]) -> None:
        if not isinstance(rings, list | tuple) or not rings:
            self.add("structure", where, f"a polygon is a non-empty array of rings, found {_describe(rings)}")
            return
        for i, r in enumerate(rings):
            self.ring(r, f"{where}[{i}]", i == 0, state)

    # -- objects -----------------------------------------------------------
    def geometry(self, g: Any, where: str) -> None:
        w = f"{where}." if where else ""
        if not isinstance(g, dict):
            self.add("type", where, f"a geometry must be an object, found {_describe(g)}")
            return
        gtype = g.get("type")
        if gtype not in GEOMETRY_TYPES:
            self.add("type", where, f"unknown geometry type {gtype!r}; expected one of {', '.join(GEOMETRY_TYPES)}")
            return
        if "crs" in g:
            self.add("member", f"{w}crs", "RFC 7946 has no crs member; coordinates are WGS 84 [lon, lat]")
        if gtype == "GeometryCollection":
            members = g.get("geometries")
            if not isinstance(members, list):
                self.add("structure", f"{w}geometries", f"expected an array, found {_describe(members)}")
                return
            for i, m in enumerate(members):
                self.geometry(m, f"{w}geometries[{i}]")
            return
        c = g.get("coordinates")
        cw = f"{w}coordinates"
        state: dict[str, bool] = {}
        if gtype == "Point":
            self.position(c, cw, state)
        elif gtype == "MultiPoint":
            self.positions(c, cw, state)
        elif gtype == "LineString":
            if self.positions(c, cw, state) and len(c) < 2:
                self.add("structure", cw, f"a LineString needs at least 2 positions, found {len(c)}")
        elif gtype == "MultiLineString":
            if not isinstance(c, list | tuple):
                self.add("structure", cw, f"expected an array of lines, found {_describe(c)}")
                return
            for i, line in enumerate(c):
                if self.positions(line, f"{cw}[{i}]", state) and len(line) < 2:
                    self.add("structure", f"{cw}[{i}]", f"a line needs at least 2 positions, found {len(line)}")
        elif gtype == "Polygon":
            self.polygon(c, cw, state)
        else:
            if not isinstance(c, list | tuple):
                self.add("structure", cw, f"expected an array of polygons, found {_describe(c)}")
                return
            for i, poly in enumerate(c):
                self.polygon(poly, f"{cw}[{i}]", state)

    def feature_object(self, f: Any, where: str) -> None:
        w = f"{where}." if where else ""
        if not isinstance(f, dict) or f.get("type") != "Feature":
            found = f"type {f.get('type')!r}" if isinstance(f, dict) else _describe(f)
            self.add("type", where, f"expected a Feature, found {found}")
            return
        if "geometry" not in f:
            self.add("structure", where, "a Feature must have a geometry member (null if none)")
        elif f["geometry"] is not None:
            self.geometry(f["geometry"], f"{w}geometry")
        props = f.get("properties", None)
        if "properties" not in f:
            self.add("structure", where, "a Feature must have a properties member (null if none)")
        elif props is not None and not isinstance(props, dict):
            self.add("structure", f"{w}properties", f"properties must be an object or null, found {_describe(props)}")
        if "id" in f and not (isinstance(f["id"], str) or _is_number(f["id"])):
            self.add("structure", f"{w}id", f"a Feature id is a string or a number, found {_describe(f['id'])}")
        if isinstance(props, dict) and isinstance(f.get("geometry"), dict):
            self.representative_point(props, f["geometry"], w)

    def representative_point(self, props: dict[str, Any], geometry: dict[str, Any], w: str) -> None:
        """A feature whose ``lat``/``lon`` properties lie in its geometry's bbox only
        once swapped has its geometry in [lat, lon] order."""
        lat, lon = props.get("lat"), props.get("lon")
        if not (_is_number(lat) and _is_number(lon)):
            return
        try:
            box = geometry_bbox(geometry)
        except (TypeError, IndexError, KeyError):
            return
        if box is None:
            return

        def inside(x: float, y: float) -> bool:
            t = 1e-6
            return box[0] - t <= x <= box[2] + t and box[1] - t <= y <= box[3] + t

        if inside(lon, lat):
            return
        if inside(lat, lon):
            self.add("swapped", f"{w}geometry", f"the geometry holds the point ({lat}, {lon}) of its lat/lon "
                     "properties in [lat, lon] order; GeoJSON is [lon, lat]")
        else:
            self.add("point", f"{w}properties", f"lat/lon ({lat}, {lon}) lie outside the geometry's bbox {list(box)}")

    def bbox(self, obj: dict[str, Any], features: Sequence[Any], where: str) -> None:
        boxes = []
        for f in features:
            try:
                boxes.append(geometry_bbox(f.get("geometry")) if isinstance(f, dict) else None)
            except (TypeError, IndexError, KeyError, AttributeError):
                return
        real = [b for b in boxes if b is not None]
        w = f"{where}." if where else ""
        if "bbox" not in obj:
            if real and self.require_bbox:
                self.add("bbox", where, "the collection has no bbox")
            return
        b = obj["bbox"]
        if not isinstance(b, list) or len(b) not in (4, 6) or not all(_is_number(x) for x in b):
            self.add("bbox", f"{w}bbox", f"a bbox is an array of 4 (or 6) numbers, found {_short(b)}")
            return
        west, south, east, north = (b[0], b[1], b[3], b[4]) if len(b) == 6 else b
        if south > north:
            self.add("bbox", f"{w}bbox", "south is greater than north")
        if not real:
            return
        x0, y0 = min(r[0] for r in real), min(r[1] for r in real)
        x1, y1 = max(r[2] for r in real), max(r[3] for r in real)
        t = _TOLERANCE
        if west > x0 + t or south > y0 + t or east < x1 - t or north < y1 - t:
            self.add("bbox", f"{w}bbox", f"{_short(b)} does not hold every feature ([{x0}, {y0}, {x1}, {y1}])")

    def top(self, obj: Any) -> None:
        if not isinstance(obj, dict):
            self.add("type", "", f"GeoJSON is an object, found {_describe(obj)}")
            return
        otype = obj.get("type")
        if otype == "FeatureCollection":
            if "crs" in obj:
                self.add("member", "crs", "RFC 7946 has no crs member; coordinates are WGS 84 [lon, lat]")
            features = obj.get("features")
            if not isinstance(features, list):
                self.add("structure", "features", f"expected an array of Features, found {_describe(features)}")
                return
            for i, f in enumerate(features):
                self.feature = i
                self.feature_object(f, f"features[{i}]")
            self.feature = None
            self.bbox(obj, features, "")
        elif otype == "Feature":
            self.feature_object(obj, "")
        else:
            self.geometry(obj, "")


def iter_problems(obj: Any, *, max_decimals: int | None = PRECISION, require_bbox: bool = True) -> Iterator[Problem]:
    """Every problem found in a GeoJSON object (FeatureCollection, Feature or geometry).

    ``max_decimals`` flags coordinates with more decimals (None: any
    precision); ``require_bbox`` flags a non-empty FeatureCollection
    without a bbox (RFC 7946 makes it optional; our exports always have one).
    """
    walker = _Walker(max_decimals, require_bbox)
    walker.top(obj)
    yield from walker.problems


def check_rfc7946(obj: Any, *, max_decimals: int | None = PRECISION, require_bbox: bool = True) -> list[str]:
    """Messages for everything in ``obj`` that breaks RFC 7946 or our export rules.

    Checked: object types and members, no ``crs``, positions of 2 or 3
    finite numbers in range (with a hint when [lat, lon] looks swapped,
    also when a feature's ``lat``/``lon`` properties only fit its geometry
    swapped), closed rings of 4+ positions wound by the right-hand rule
    (exterior counter-clockwise, holes clockwise), at most ``max_decimals``
    decimals, and a collection bbox that holds every feature.
    """
    return [str(p) for p in iter_problems(obj, max_decimals=max_decimals, require_bbox=require_bbox)]


def _short(x: Any, limit: int = 60) -> str:
    text = repr(list(x) if isinstance(x, tuple) else x)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(x: Any) -> str:
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "a boolean"
    if isinstance(x, dict):
        return f"an object with type {x['type']!r}" if "type" in x else "an object without a type member"
    if isinstance(x, list | tuple):
        return "an array"
    if isinstance(x, str):
        return f"a string ({_short(x, 30)})"
    if _is_number(x):
        return f"a number ({x})"
    return type(x).__name__
