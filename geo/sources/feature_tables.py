"""Named physical features and landmarks from our own tables.

GeoNames' populated places, Natural Earth's regions and seas and the
airport list leave out much of what news names: rivers ("the Cauvery"),
islands ("Oahu"), mountain ranges and deserts ("the Appalachians", "the
Sahara"), and the buildings that stand for an institution ("the White
House", "the Kremlin"). The tables in ``geo/data/features/`` hold those
facts, one place a row:

``key  name  feature  country  lat  lon  extent_km  importance  aliases  note``

* ``feature``: one of :data:`FEATURES`;
* ``country``: ISO 3166-1 alpha-2 code of the country it lies in, empty for
  a feature several countries share;
* ``lat``/``lon``: a representative point: the building, the island's or
  range's centre, a river's mouth (GeoNames' convention for streams);
* ``extent_km``: about half the feature's largest dimension, stored as the
  place's accuracy radius;
* ``importance``: how prominent the place is in world news, in [0, 1] on
  the gazetteer's scale (a city of a million scores about 0.75);
* ``aliases``: other names news uses, ``|``-separated;
* ``note``: where the point is, in words.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from geo.errors import SourceError
from geo.sources.base import PlaceRecord, Source

__all__ = ["FEATURES", "FeatureTablesSource", "TABLE_DIR", "read_feature_table", "rows_outside_countries"]

TABLE_DIR = Path(__file__).resolve().parent.parent / "data" / "features"
#: The feature classes the tables may use.
FEATURES = frozenset(
    {
        "river", "lake", "island", "archipelago", "peninsula", "range", "peak",
        "desert", "valley", "landmark",
    }
)
#: How far outside its country's outline an island's point may lie (see rows_outside_countries).
ISLAND_SLACK_KM = 250.0
COLUMNS = ("key", "name", "feature", "country", "lat", "lon", "extent_km", "importance", "aliases", "note")


def read_feature_table(path: Path) -> list[PlaceRecord]:
    """The records of one table; a malformed row raises a :class:`SourceError`
    naming the file, the line and what is wrong with it."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise SourceError(f"{path}: the header must be {' '.join(COLUMNS)} (tab-separated)")
            rows = list(reader)
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc}") from exc
    records: list[PlaceRecord] = []
    for line, row in enumerate(rows, start=2):
        where = f"{path.name}:{line}"
        if None in row or any(v is None for v in row.values()):
            raise SourceError(f"{where}: expected {len(COLUMNS)} tab-separated columns")
        feature = row["feature"].strip()
        if feature not in FEATURES:
            raise SourceError(f"{where}: unknown feature {feature!r}; use one of {sorted(FEATURES)}")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            extent, importance = float(row["extent_km"]), float(row["importance"])
        except ValueError as exc:
            raise SourceError(f"{where}: bad number ({exc})") from exc
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or extent < 0 or not 0 <= importance <= 1:
            raise SourceError(f"{where}: coordinates, extent or importance out of range")
        country = row["country"].strip().upper() or None
        if country is not None and (len(country) != 2 or not country.isalpha()):
            raise SourceError(f"{where}: country must be an ISO alpha-2 code or empty, not {country!r}")
        records.append(
            PlaceRecord(
                name=row["name"].strip(),
                feature=feature,
                lat=lat,
                lon=lon,
                source=FeatureTablesSource.name,
                source_id=row["key"].strip(),
                country=country,
                names=[a.strip() for a in row["aliases"].split("|") if a.strip()],
                importance=importance,
                accuracy_m=max(extent, 0.05) * 1000.0,
                extra={"note": row["note"].strip()} if row["note"].strip() else {},
            )
        )
    return records


class FeatureTablesSource(Source):
    """Every ``*.tsv`` table of :data:`TABLE_DIR`, in both profiles."""

    name = "feature-tables"

    def __init__(self, *, table_dir: Path = TABLE_DIR) -> None:
        self.table_dir = table_dir

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield each table's places; keys must be unique across the tables."""
        seen: dict[str, str] = {}
        for path in sorted(self.table_dir.glob("*.tsv")):
            for record in read_feature_table(path):
                key = record.source_id or ""
                if key in seen:
                    raise SourceError(f"{path.name}: key {key!r} is already used in {seen[key]}")
                seen[key] = path.name
                yield record


def rows_outside_countries(
    records: Iterable[PlaceRecord], countries: Mapping[str, Any], km: float = 30.0
) -> list[tuple[PlaceRecord, float | None]]:
    """Records whose point lies more than ``km`` outside the polygon of their
    country (``countries``: ISO code -> shapely geometry), with the distance
    in km (None when the country has no polygon). A check of the tables'
    facts: a sign error or a wrong country code shows up here. Islands get
    :data:`ISLAND_SLACK_KM` at least: the country outlines leave out many
    small islands far from the mainland (Matsu, Pedra Branca)."""
    from pyproj import Geod
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    geod = Geod(ellps="WGS84")
    bad: list[tuple[PlaceRecord, float | None]] = []
    for rec in records:
        if rec.country is None:
            continue
        geom = countries.get(rec.country)
        if geom is None:
            bad.append((rec, None))
            continue
        point = Point(rec.lon, rec.lat)
        if geom.covers(point):
            continue
        near = nearest_points(geom, point)[0]
        dist = geod.inv(rec.lon, rec.lat, near.x, near.y)[2] / 1000.0
        if dist > (max(km, ISLAND_SLACK_KM) if rec.feature in ("island", "archipelago") else km):
            bad.append((rec, dist))
    return bad
