"""GeoJSON geometry as RFC 7946 wants it: rounded, wound, with a bbox.

Pure Python on the coordinate lists (no shapely round trip), because every
exported feature passes through here.

>>> square_cw = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1.00000001], [1, 0], [0, 0]]]}
>>> normalize_geometry(square_cw)["coordinates"][0]
[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
>>> geometry_bbox({"type": "LineString", "coordinates": [[10.1234567, 5], [-3, 7]]})
(-3, 5, 10.1234567, 7)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = [
    "PRECISION",
    "BBox",
    "geometry_bbox",
    "geometry_kind",
    "iter_positions",
    "merge_bbox",
    "normalize_geometry",
    "ring_is_ccw",
    "ring_signed_area",
    "round_coordinate",
]

#: Decimal places kept in exported coordinates (about 0.1 m), as RFC 7946 §11.2 suggests.
PRECISION = 6

_KIND_OF_TYPE = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
}

#: ``(west, south, east, north)`` in degrees.
BBox = tuple[float, float, float, float]


def geometry_kind(geometry: dict[str, Any] | None) -> str | None:
    """``point``, ``line`` or ``polygon`` for a geometry type, else None.

    A GeometryCollection takes the kind of its members when they agree.
    """
    if not geometry:
        return None
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        kinds = {geometry_kind(g) for g in geometry.get("geometries") or ()}
        return kinds.pop() if len(kinds) == 1 else None
    return _KIND_OF_TYPE.get(str(gtype))


def ring_signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Shoelace area of a ring in degrees²: positive when counter-clockwise."""
    total = 0.0
    for i in range(len(ring) - 1):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[i + 1][0], ring[i + 1][1]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def ring_is_ccw(ring: Sequence[Sequence[float]]) -> bool:
    """Whether a closed ring runs counter-clockwise (the RFC 7946 exterior)."""
    return ring_signed_area(ring) > 0


def round_coordinate(x: float, ndigits: int = PRECISION) -> float:
    """``x`` rounded to ``ndigits`` decimals, fast: the nearest double to an integer
    over 10**ndigits, so its shortest repr has at most ``ndigits`` decimals
    (ties may go the other way than :func:`round`, which is 8 times slower).

    >>> round_coordinate(126.97796923), round_coordinate(-0.0000004)
    (126.977969, 0.0)
    """
    scale = 10.0**ndigits
    return round(x * scale) / scale


def _round_position(pos: Sequence[float], ndigits: int | None) -> list[float]:
    if ndigits is None:
        return list(pos)
    scale = 10.0**ndigits
    return [round(c * scale) / scale for c in pos]


def _round_ring(ring: Sequence[Sequence[float]], ndigits: int | None, ccw: bool) -> list[list[float]]:
    out = [_round_position(p, ndigits) for p in ring]
    area = ring_signed_area(out)
    if area and (area > 0) != ccw:
        out.reverse()
    return out


def _polygon(rings: Sequence[Any], ndigits: int | None) -> list[list[list[float]]]:
    return [_round_ring(r, ndigits, ccw=(i == 0)) for i, r in enumerate(rings)]


def normalize_geometry(geometry: dict[str, Any], *, ndigits: int | None = PRECISION) -> dict[str, Any]:
    """A new geometry with coordinates rounded to ``ndigits`` decimals (None: kept
    as they are) and rings wound by the right-hand rule.

    Exterior rings become counter-clockwise and holes clockwise (RFC 7946
    §3.1.6). Members other than ``type`` and ``coordinates``/``geometries``
    (such as a ``crs``) are dropped.
    """
    gtype = geometry["type"]
    c = geometry.get("coordinates")
    if gtype == "Point" and ndigits is not None and len(c) == 2:
        scale = 10.0**ndigits
        return {"type": "Point", "coordinates": [round(c[0] * scale) / scale, round(c[1] * scale) / scale]}
    if gtype == "GeometryCollection":
        return {"type": gtype, "geometries": [normalize_geometry(g, ndigits=ndigits) for g in geometry["geometries"]]}
    if gtype == "Point":
        coords: Any = _round_position(c, ndigits)
    elif gtype in ("MultiPoint", "LineString"):
        coords = [_round_position(p, ndigits) for p in c]
    elif gtype == "MultiLineString":
        coords = [[_round_position(p, ndigits) for p in line] for line in c]
    elif gtype == "Polygon":
        coords = _polygon(c, ndigits)
    elif gtype == "MultiPolygon":
        coords = [_polygon(poly, ndigits) for poly in c]
    else:
        raise ValueError(f"unknown geometry type {gtype!r}")
    return {"type": gtype, "coordinates": coords}


def iter_positions(geometry: dict[str, Any] | None) -> Iterator[Sequence[float]]:
    """Every position of a geometry (none for a null geometry)."""
    if not geometry:
        return
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        for g in geometry.get("geometries") or ():
            yield from iter_positions(g)
        return
    c = geometry.get("coordinates")
    if gtype == "Point":
        yield c
    elif gtype in ("MultiPoint", "LineString"):
        yield from c
    elif gtype in ("MultiLineString", "Polygon"):
        for part in c:
            yield from part
    elif gtype == "MultiPolygon":
        for poly in c:
            for ring in poly:
                yield from ring


def geometry_bbox(geometry: dict[str, Any] | None) -> BBox | None:
    """``(west, south, east, north)`` of a geometry, or None when it has no positions."""
    if geometry and geometry.get("type") == "Point":
        x, y = geometry["coordinates"][0], geometry["coordinates"][1]
        return (x, y, x, y)
    xs: list[float] = []
    ys: list[float] = []
    for p in iter_positions(geometry):
        xs.append(p[0])
        ys.append(p[1])
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def merge_bbox(boxes: Iterable[BBox | None]) -> BBox | None:
    """The smallest box holding every given box (None if all are None)."""
    out: list[float] | None = None
    for b in boxes:
        if b is None:
            continue
        if out is None:
            out = list(b)
            continue
        out[0] = min(out[0], b[0])
        out[1] = min(out[1], b[1])
        out[2] = max(out[2], b[2])
        out[3] = max(out[3], b[3])
    return None if out is None else (out[0], out[1], out[2], out[3])
