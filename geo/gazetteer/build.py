"""Build a gazetteer database from the registered sources.

The build writes a temporary file beside the target and renames it into
place only when complete, so a killed build never leaves a broken database.
Places are stored in descending order of importance, so every index that
walks rows in id order (FTS5 prefix matches included) meets the most
important places first.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from shapely.geometry import shape

from geo.errors import GazetteerError
from geo.gazetteer.schema import APPLICATION_ID, DDL, INDEXES, SCHEMA_VERSION
from geo.normalize import normalize_name
from geo.sources.base import PROFILES, PlaceRecord, Source

__all__ = ["BuildReport", "build_gazetteer", "place_score", "geometry_kind"]

#: Base importance of a feature class, for places whose source gives none.
FEATURE_BASE = {
    "continent": 0.95,
    "country": 0.9,
    "ocean": 0.9,
    "sea": 0.8,
    "admin1": 0.75,
    "gulf": 0.6,
    "bay": 0.55,
    "strait": 0.55,
    "zone": 0.75,
    "boundary": 0.75,
    "region": 0.75,
    "site": 0.5,
    "airport": 0.3,
}
#: Added to a national capital's score, so "Seoul" beats its namesakes.
CAPITAL_BONUS = 0.15

#: Name kinds the prefix search indexes (codes and transliterations are not).
SEARCH_KINDS = frozenset({"primary", "alt", "abbrev", "demonym"})
#: Features whose all-capital alternate names are abbreviations news uses.
ABBREVIATED_FEATURES = frozenset({"country", "territory", "continent", "region", "zone", "boundary", "site"})

#: The uncached normaliser: a build sees each name about once, so a cache only costs.
_normalize = getattr(normalize_name, "__wrapped__", normalize_name)

_CODE_RE = re.compile(r"^[A-Z]{2,5}$")

ProgressFactory = Callable[..., Any]


@dataclass(frozen=True)
class BuildReport:
    """What a build produced."""

    path: Path
    profile: str
    places: int
    names: int
    seconds: float
    bytes: int
    per_source: dict[str, int]
    stage_seconds: dict[str, float]


def geometry_kind(geometry: dict[str, Any] | None) -> str:
    """'point', 'line' or 'polygon' for a GeoJSON geometry (None = point)."""
    if geometry is None:
        return "point"
    gtype = geometry.get("type", "")
    if gtype in ("Point", "MultiPoint"):
        return "point"
    if gtype in ("LineString", "MultiLineString"):
        return "line"
    if gtype in ("Polygon", "MultiPolygon"):
        return "polygon"
    raise GazetteerError(f"unsupported geometry type {gtype!r}")


def place_score(record: PlaceRecord) -> float:
    """Importance used to rank places of the same name (higher first)."""
    base = max(record.importance, FEATURE_BASE.get(record.feature, 0.0))
    score = base + math.log10(max(record.population, 0) + 1) / 40.0
    if record.feature == "capital":
        score += CAPITAL_BONUS
    return round(score, 6)


def _round_coords(obj: Any) -> Any:
    """Coordinates rounded to 6 decimals (about 0.1 m), rings in one numpy step."""
    if obj and isinstance(obj[0], (int, float)):
        return [round(float(v), 6) for v in obj]
    if obj and isinstance(obj[0], (list, tuple)) and obj[0] and isinstance(obj[0][0], (int, float)):
        return np.round(np.asarray(obj, dtype=float), 6).tolist()
    return [_round_coords(v) for v in obj]


def _name_rows(record: PlaceRecord) -> list[tuple[str, str, str]]:
    """(name, norm, kind) rows of a record, deduplicated on (norm, kind)."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(name: str, kind: str) -> None:
        name = name.strip()
        if len(name) > 200:
            return
        norm = _normalize(name)
        if not norm:
            return
        if kind == "alt":
            bare = name.replace(".", "").replace(" ", "")
            if name == name.lower() and any(c.isalpha() for c in name) and name.isascii():
                kind = "lower"
            elif _CODE_RE.match(bare):
                # Capitals in a country's or curated place's names are abbreviations
                # ("UK", "DPRK", "DMZ"); elsewhere they are codes (IATA, postal).
                kind = "abbrev" if record.feature in ABBREVIATED_FEATURES else "code"
        if (norm, kind) in seen:
            return
        seen.add((norm, kind))
        rows.append((name, norm, kind))

    add(record.name, "primary")
    for name in record.abbreviations:
        add(name, "abbrev")
    for name in record.demonyms:
        add(name, "demonym")
    for name in record.names:
        add(name, "alt")
    return rows


def _collect(
    sources: Sequence[Source], profile: str, progress: ProgressFactory | None, timings: dict[str, float]
) -> tuple[list[PlaceRecord], dict[str, int]]:
    records: list[PlaceRecord] = []
    per_source: dict[str, int] = {}
    for source in sources:
        started = time.perf_counter()
        iterator: Iterable[PlaceRecord] = source.records(profile)
        if progress is not None:
            iterator = progress(iterator, total=source.estimate(profile), desc=f"reading {source.name}", unit="place")
        before = len(records)
        records.extend(iterator)
        per_source[source.name] = len(records) - before
        timings[f"read {source.name}"] = time.perf_counter() - started
    return records, per_source


def build_gazetteer(
    path: str | os.PathLike[str],
    *,
    profile: str = "full",
    sources: Sequence[Source] | None = None,
    progress: ProgressFactory | None = None,
) -> BuildReport:
    """Build the gazetteer for ``profile`` at ``path`` (atomically replaced).

    ``progress`` is a tqdm-like factory (``progress(iterable, total=, desc=)``)
    or None for silence.
    """
    if profile not in PROFILES:
        raise GazetteerError(f"unknown profile {profile!r}: choose one of {', '.join(PROFILES)}")
    if sources is None:
        from geo.sources.registry import default_sources

        sources = default_sources()
    started = time.perf_counter()
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)

    timings: dict[str, float] = {}
    records, per_source = _collect(sources, profile, progress, timings)
    scored = sorted(((place_score(r), i, r) for i, r in enumerate(records)), key=lambda t: (-t[0], t[1]))
    try:
        n_names = _write(tmp, profile, scored, progress, timings)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return BuildReport(
        path=target,
        profile=profile,
        places=len(scored),
        names=n_names,
        seconds=time.perf_counter() - started,
        bytes=target.stat().st_size,
        per_source=per_source,
        stage_seconds=timings,
    )


def _write(
    tmp: Path,
    profile: str,
    scored: list[tuple[float, int, PlaceRecord]],
    progress: ProgressFactory | None,
    timings: dict[str, float],
) -> int:
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;"
            f" PRAGMA application_id = {APPLICATION_ID};"
        )
        conn.executescript(DDL)
        t0 = time.perf_counter()
        place_rows: list[tuple[Any, ...]] = []
        geom_rows: list[tuple[int, str]] = []
        name_rows: list[tuple[int, int, str, str, str]] = []
        fts_rows: list[tuple[int, str]] = []
        rtree_rows: list[tuple[int, float, float, float, float]] = []
        iterator: Iterable[tuple[int, tuple[float, int, PlaceRecord]]] = enumerate(scored, start=1)
        if progress is not None:
            iterator = progress(iterator, total=len(scored), desc="indexing", unit="place")
        for pid, (score, _, rec) in iterator:
            kind = geometry_kind(rec.geometry)
            if rec.geometry is not None:
                geom = _round_coords(rec.geometry["coordinates"])
                gj = {"type": rec.geometry["type"], "coordinates": geom}
                min_lon, min_lat, max_lon, max_lat = shape(gj).bounds
                geom_rows.append((pid, json.dumps(gj, separators=(",", ":"))))
            else:
                min_lon = max_lon = rec.lon
                min_lat = max_lat = rec.lat
            place_rows.append(
                (
                    pid, rec.name, kind, rec.feature, rec.country, rec.admin1, int(rec.population),
                    float(rec.importance), score, round(rec.lat, 6), round(rec.lon, 6),
                    min_lon, min_lat, max_lon, max_lat, rec.accuracy_m, rec.source, rec.source_id,
                    json.dumps(rec.extra, ensure_ascii=False) if rec.extra else None,
                )
            )
            rtree_rows.append((pid, min_lon, max_lon, min_lat, max_lat))
            searchable: set[str] = set()
            for name, norm, nkind in _name_rows(rec):
                nid = len(name_rows) + 1
                name_rows.append((nid, pid, name, norm, nkind))
                if nkind in SEARCH_KINDS and norm not in searchable:
                    searchable.add(norm)  # one prefix-index row per name of a place
                    fts_rows.append((nid, norm))
        timings["prepare rows"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.executemany(f"INSERT INTO places VALUES ({','.join('?' * 19)})", place_rows)
        conn.executemany("INSERT INTO geometries VALUES (?, ?)", geom_rows)
        conn.executemany("INSERT INTO names (id, place_id, name, norm, kind) VALUES (?, ?, ?, ?, ?)", name_rows)
        conn.executemany("INSERT INTO names_fts (rowid, norm) VALUES (?, ?)", fts_rows)
        conn.executemany("INSERT INTO places_rtree VALUES (?, ?, ?, ?, ?)", rtree_rows)
        timings["insert rows"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.executescript(INDEXES)
        timings["indexes, FTS, lexicon"] = time.perf_counter() - t0
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "profile": profile,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "places": str(len(place_rows)),
            "names": str(len(name_rows)),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.commit()
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()
    return len(name_rows)
