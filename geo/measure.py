"""Distances between places: geodesic for two points, projected for lines and areas.

Two points are measured on the WGS 84 ellipsoid (geopy's geodesic). When
either place is a line or an area, the distance is the *shortest* distance
between the two geometries: both are projected into an azimuthal
equidistant projection centred between them (pyproj), shapely finds the
nearest pair of points there, and that pair is measured geodesically.
Geometries that touch or overlap are 0 m apart.

>>> a = {"type": "Point", "coordinates": [126.0, 37.0]}
>>> b = {"type": "LineString", "coordinates": [[126.01, 36.0], [126.01, 38.0]]}
>>> d = distance(a, b)
>>> round(d.metres), d.method
(890, 'projected')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyproj
import shapely
from geopy.distance import geodesic
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

from geo.place import Place

__all__ = ["Distance", "distance", "format_distance"]

#: Longest edge (degrees) kept as it is before projecting; longer ones are densified.
MAX_SEGMENT_DEG = 0.01

Located = Place | Mapping[str, Any] | BaseGeometry


@dataclass(frozen=True, slots=True)
class Distance:
    """The shortest distance between two places.

    ``a``/``b`` are the nearest points, as (lon, lat), on the first and the
    second geometry; ``method`` is ``"geodesic"`` (two points) or
    ``"projected"`` (a line or area involved).
    """

    metres: float
    method: str
    a: tuple[float, float]
    b: tuple[float, float]

    @property
    def kilometres(self) -> float:
        """The distance in kilometres."""
        return self.metres / 1000.0


def _geometry(value: Located) -> BaseGeometry:
    if isinstance(value, BaseGeometry):
        geom = value
    elif isinstance(value, Place):
        geom = shape(value.geometry)
    elif isinstance(value, Mapping):
        g = value.get("geometry", value) if value.get("type") == "Feature" else value
        geom = shape(g)
    else:
        raise TypeError(f"cannot measure a {type(value).__name__}; give a Place, a GeoJSON geometry or a shapely one")
    if geom.is_empty:
        raise ValueError("cannot measure an empty geometry")
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return geom


def _geodesic_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(geodesic((a[1], a[0]), (b[1], b[0])).meters)


def _lon_lat(p: Point) -> tuple[float, float]:
    return (float(p.x), float(p.y))


def _centre(ga: BaseGeometry, gb: BaseGeometry) -> tuple[float, float]:
    """A projection centre between the geometries: midway between their nearest points in degrees."""
    pa, pb = nearest_points(ga, gb)
    lon_a, lon_b = pa.x, pb.x
    if abs(lon_a - lon_b) > 180:  # across the antimeridian
        lon_b += 360 if lon_b < lon_a else -360
    lon = (lon_a + lon_b) / 2
    lon = (lon + 180) % 360 - 180
    return lon, (pa.y + pb.y) / 2


def distance(a: Located, b: Located) -> Distance:
    """The shortest distance between ``a`` and ``b`` (places, GeoJSON or shapely geometries in lon/lat).

    >>> p = {"type": "Point", "coordinates": [0.0, 0.0]}
    >>> q = {"type": "Point", "coordinates": [0.0, 1.0]}
    >>> round(distance(p, q).metres)
    110574
    """
    ga, gb = _geometry(a), _geometry(b)
    if ga.geom_type == "Point" and gb.geom_type == "Point":
        pa, pb = _lon_lat(ga), _lon_lat(gb)
        return Distance(_geodesic_m(pa, pb), "geodesic", pa, pb)
    if ga.intersects(gb):
        p = _lon_lat(nearest_points(ga, gb)[0]) if ga.geom_type == "Point" else _lon_lat(
            ga.intersection(gb).representative_point()
        )
        return Distance(0.0, "projected", p, p)
    lon0, lat0 = _centre(ga, gb)
    aeqd = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m +no_defs")
    forward = pyproj.Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    back = pyproj.Transformer.from_crs(aeqd, "EPSG:4326", always_xy=True)
    # GeoJSON edges are straight in lon/lat: densify them so they stay so once projected.
    pa_m, pb_m = nearest_points(
        shapely.transform(shapely.segmentize(ga, MAX_SEGMENT_DEG), lambda xy: _project(forward, xy)),
        shapely.transform(shapely.segmentize(gb, MAX_SEGMENT_DEG), lambda xy: _project(forward, xy)),
    )
    pa = back.transform(pa_m.x, pa_m.y)
    pb = back.transform(pb_m.x, pb_m.y)
    pa_ll, pb_ll = (float(pa[0]), float(pa[1])), (float(pb[0]), float(pb[1]))
    return Distance(_geodesic_m(pa_ll, pb_ll), "projected", pa_ll, pb_ll)


def _project(transformer: pyproj.Transformer, xy: Any) -> Any:
    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def format_distance(metres: float) -> str:
    """A distance for people: metres under 10 km, kilometres above.

    >>> format_distance(843.4), format_distance(12_345.0)
    ('843 m', '12.3 km')
    """
    if metres < 10_000:
        return f"{metres:,.0f} m"
    return f"{metres / 1000:,.1f} km"
