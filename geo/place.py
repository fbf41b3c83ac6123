"""The immutable value a gazetteer returns: one place and its geometry."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Place", "KINDS"]

#: Keys of the ``search --json`` record (``geometry`` is added last).
_JSON_KEYS = ("id", "name", "kind", "feature", "country", "admin1", "population", "lat", "lon", "source")
#: Geometry kinds a place may have.
KINDS = ("point", "line", "polygon")


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``geometry`` is a GeoJSON geometry mapping in [lon, lat] order;
    ``lat``/``lon`` is a representative point on it (the point itself for a
    point, a point on the line or inside the polygon otherwise).
    ``raw`` keeps the row as stored, for callers that need more. A place
    read from a gazetteer loads its (possibly large) geometry on first use.
    """

    id: int
    name: str
    kind: str
    feature: str
    country: str | None
    admin1: str | None
    population: int
    lat: float
    lon: float
    bbox: tuple[float, float, float, float]
    source: str
    source_id: str | None
    importance: float = 0.0
    accuracy_m: float | None = None
    geometry_json: str = field(default="", repr=False, compare=False)
    geometry_loader: Callable[[int], str] | None = field(default=None, repr=False, compare=False, hash=False)
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def geometry(self) -> dict[str, Any]:
        """The place's GeoJSON geometry (a new dict on each call)."""
        text = self.geometry_json
        if not text and self.geometry_loader is not None:
            text = self.geometry_loader(self.id)
        if text:
            return json.loads(text)
        return {"type": "Point", "coordinates": [self.lon, self.lat]}

    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """GeoJSON Feature of this place, for shapely.shape() and friends."""
        return {
            "type": "Feature",
            "id": self.id,
            "geometry": self.geometry,
            "properties": self.properties(),
        }

    def properties(self) -> dict[str, Any]:
        """Plain properties of the place (no geometry)."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "feature": self.feature,
            "country": self.country,
            "admin1": self.admin1,
            "population": self.population,
            "lat": self.lat,
            "lon": self.lon,
            "source": self.source,
            "source_id": self.source_id,
            "accuracy_m": self.accuracy_m,
        }

    def to_json(self) -> dict[str, Any]:
        """The record printed by ``python -m geo search --json``."""
        props = self.properties()
        record = {key: props[key] for key in _JSON_KEYS}
        record["geometry"] = self.geometry
        return record
