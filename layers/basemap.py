"""An offline basemap: the gazetteer's own country and sea polygons, simplified.

No tile server is needed to give the map context: the countries, oceans
and seas the gazetteer already holds are drawn as one light GeoJSON layer,
simplified for display (a few hundred kilobytes for the world).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, shape

from geo.gazetteer import Gazetteer
from geo.place import Place

__all__ = ["BASEMAP_FEATURES", "EXTRA_TERRITORIES", "basemap_collection", "cached_basemap", "simplify_geometry"]

#: Gazetteer feature classes drawn on the basemap: land first, then seas (the map's
#: background is the open ocean, so oceans themselves are not drawn).
BASEMAP_FEATURES: dict[str, str] = {"country": "land", "territory": "land", "sea": "water"}
#: Bump when the basemap's content changes, so cached copies are rebuilt.
BASEMAP_VERSION = 1
#: Territories outside any country polygon, looked up by name (they rank too low to be listed).
EXTRA_TERRITORIES = ("Western Sahara", "Palestine", "Antarctica")
#: How many of the gazetteer's most important places are scanned for countries and seas.
SCAN_LIMIT = 3000
#: Decimal places kept in basemap coordinates (about 1 km: context, not data).
DIGITS = 2


def _round(coords: Any) -> Any:
    if isinstance(coords, float):
        return round(coords, DIGITS)
    return [_round(c) for c in coords]


def simplify_geometry(geometry: dict[str, Any] | str, tolerance: float) -> dict[str, Any] | None:
    """``geometry`` simplified by ``tolerance`` degrees and rounded; None when nothing is left.

    Islands smaller than a few tolerance-wide squares are left out, unless
    the place has nothing larger.

    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 0.5], [1, 1], [0, 1], [0, 0]]]}
    >>> simplify_geometry(square, 0.01)["coordinates"]
    [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]
    """
    geom = shapely.from_geojson(geometry) if isinstance(geometry, str) else shape(geometry)
    if isinstance(geom, MultiPolygon):
        parts = list(geom.geoms)
        min_area = 3 * tolerance * tolerance
        geom = MultiPolygon([p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)])
    geom = geom.simplify(tolerance, preserve_topology=True)
    if geom.is_empty:
        return None
    out = json.loads(shapely.to_geojson(geom))
    return {"type": out["type"], "coordinates": _round(out["coordinates"])}


def _places(gaz: Gazetteer) -> Iterable[Place]:
    seen: set[int] = set()
    for place in gaz.within((-180.0, -90.0, 180.0, 90.0), limit=SCAN_LIMIT):
        if place.feature in BASEMAP_FEATURES and place.kind == "polygon":
            seen.add(place.id)
            yield place
    for name in EXTRA_TERRITORIES:
        for place in gaz.lookup(name, kinds=("primary",), limit=5):
            if place.feature in BASEMAP_FEATURES and place.kind == "polygon" and place.id not in seen:
                seen.add(place.id)
                yield place


def basemap_collection(gaz: Gazetteer, *, tolerance: float = 0.1) -> dict[str, Any]:
    """A FeatureCollection of the gazetteer's land and water polygons, simplified for display.

    Each feature's properties are ``name`` and ``layer`` (``land`` or ``water``);
    water comes after land so seas draw over coasts.
    """
    features: list[dict[str, Any]] = []
    for place in _places(gaz):
        text = place.geometry_json or (place.geometry_loader(place.id) if place.geometry_loader else "")
        geometry = simplify_geometry(text or place.geometry, tolerance)
        if geometry is not None:
            layer = BASEMAP_FEATURES[place.feature]
            props = {"name": place.name, "layer": layer}
            features.append({"type": "Feature", "geometry": geometry, "properties": props})
    features.sort(key=lambda f: f["properties"]["layer"] == "water")
    return {"type": "FeatureCollection", "features": features}


#: Basemaps read or built in this process, by file and stamp (see :func:`cached_basemap`).
_LOADED: dict[tuple[str, str], dict[str, Any]] = {}
_LOADED_LOCK = threading.Lock()


def cached_basemap(gaz: Gazetteer, *, tolerance: float = 0.1) -> dict[str, Any]:
    """:func:`basemap_collection`, kept in a JSON file beside the gazetteer
    (``<db>.basemap.json``) and rebuilt when the gazetteer is rebuilt.

    The collection is also kept in memory, so that the server's warm-up
    (:mod:`layers.warmup`) reads the file and the page's first run does
    not: callers share it and must not change it. A read-only folder only
    costs the file: the basemap is then built once per process.
    """
    stamp = f"{BASEMAP_VERSION}:{tolerance}:{gaz.meta.get('built_at', '')}:{gaz.meta.get('places', '')}"
    cache = gaz.path.with_name(gaz.path.name + ".basemap.json")
    with _LOADED_LOCK:  # one reader per process; a second caller waits for its result
        loaded = _LOADED.get((str(cache), stamp))
        if loaded is None:
            loaded = _LOADED[str(cache), stamp] = _read_or_build(gaz, cache, stamp, tolerance)
    return loaded


def _read_or_build(gaz: Gazetteer, cache: Path, stamp: str, tolerance: float) -> dict[str, Any]:
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("stamp") == stamp:
            return {"type": "FeatureCollection", "features": cached["features"]}
    except (OSError, ValueError, AttributeError, KeyError):
        pass
    fc = basemap_collection(gaz, tolerance=tolerance)
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"stamp": stamp, **fc}, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)
    return fc
