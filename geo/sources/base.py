"""The small interface every gazetteer source implements.

A source reads one package's data and yields :class:`PlaceRecord` values;
the builder (``geo.gazetteer.build``) does everything else: ids, names
table, geometry encoding, indexes. A source never touches SQLite.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["PlaceRecord", "Source", "PROFILES"]

#: Build profiles: ``full`` for use, ``small`` for fast tests.
PROFILES = ("full", "small")


@dataclass(slots=True)
class PlaceRecord:
    """One place as a source yields it.

    ``geometry`` is a GeoJSON geometry mapping ([lon, lat]) or ``None`` for a
    point at ``lat``/``lon``. ``names`` are alternate names (the primary
    ``name`` need not be repeated). ``key`` is a source-local identifier
    (e.g. an ISO code) other sources may refer to. ``importance`` in [0, 1]
    ranks places of equal name when population says nothing (e.g. a sea).
    """

    name: str
    feature: str
    lat: float
    lon: float
    source: str
    source_id: str | None = None
    country: str | None = None
    admin1: str | None = None
    population: int = 0
    geometry: dict[str, Any] | None = None
    names: list[str] = field(default_factory=list)
    abbreviations: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    importance: float = 0.0
    accuracy_m: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Source(abc.ABC):
    """A gazetteer source: one module per package or curated file."""

    #: Short name stored in the ``source`` column.
    name: str = ""

    @abc.abstractmethod
    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield the source's places for a build profile (``full``/``small``)."""

    def estimate(self, profile: str) -> int | None:
        """Roughly how many records :meth:`records` yields (for progress)."""
        return None
