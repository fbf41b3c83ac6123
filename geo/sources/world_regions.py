"""Supranational regions news names ("Middle East", "EU", "the Balkans").

Names come from ``geo/data/region_names.tsv``; representative points and
an accuracy radius from ``geo/data/world_regions.tsv``. Continent keys
(AF, AS, ...) are not places here: their names and demonyms are attached
to the GeoNames continents instead (see :func:`continent_names`).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from geo.errors import SourceError
from geo.sources.base import PlaceRecord, Source
from geo.sources.country_names import load_region_names

__all__ = ["WorldRegionsSource", "continent_names"]

_TABLE = Path(__file__).resolve().parent.parent / "data" / "world_regions.tsv"
CONTINENT_KEYS = frozenset({"AF", "AN", "AS", "EU", "NA", "OC", "SA"})


def continent_names(code: str) -> dict[str, list[str]]:
    """Aliases and demonyms our table gives a continent code ("EU" → European)."""
    return load_region_names().get(code, {})


class WorldRegionsSource(Source):
    """One point per supranational region, with its aliases and demonyms."""

    name = "world-regions"

    def __init__(self, *, table: Path = _TABLE) -> None:
        self.table = table

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield each region of the coordinates table that has names."""
        names = load_region_names()
        try:
            with self.table.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t"))
        except OSError as exc:
            raise SourceError(f"cannot read {self.table}: {exc}") from exc
        for line, row in enumerate(rows, start=2):
            key = row.get("key") or ""
            if key not in names:
                raise SourceError(f"{self.table}:{line}: region {key!r} has no names in region_names.tsv")
            try:
                lat, lon, radius = float(row["lat"]), float(row["lon"]), float(row["accuracy_km"])
            except (TypeError, ValueError, KeyError) as exc:
                raise SourceError(f"{self.table}:{line}: bad coordinates ({exc})") from exc
            yield PlaceRecord(
                name=row["name"],
                feature="region",
                lat=lat,
                lon=lon,
                source=self.name,
                source_id=key,
                names=list(names[key].get("alias", [])),
                demonyms=list(names[key].get("demonym", [])),
                importance=0.7,
                accuracy_m=radius * 1000.0,
            )
