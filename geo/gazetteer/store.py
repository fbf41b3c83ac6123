"""Read access to a built gazetteer: lookup, prefix search, bbox, get."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from geo.errors import (
    GazetteerCorruptError,
    GazetteerMissingError,
    GazetteerSchemaError,
)
from geo.gazetteer.schema import APPLICATION_ID, SCHEMA_VERSION
from geo.normalize import normalize_name
from geo.place import Place

__all__ = ["Gazetteer", "check_database"]

#: Longest query we look up; longer strings cannot be place names.
MAX_QUERY_CHARS = 200
#: Distinct name keys whose candidates stay cached per gazetteer.
LOOKUP_CACHE = 20_000
#: Name kinds a text lookup may return (codes and transliterations excluded).
TEXT_KINDS = ("primary", "alt", "abbrev", "demonym")

#: Name kinds in the order a lookup prefers them (the rank the SQL computes).
_KIND_BY_RANK = ("primary", "abbrev", "demonym", "alt", "other")

#: Rank bonus of a search hit by how it matched: exact name, name prefix, word prefix.
_TIER_BONUS = (0.5, 0.3, 0.05)

_PLACE_COLS = (
    "p.id, p.name, p.kind, p.feature, p.country, p.admin1, p.population, p.importance,"
    " p.score, p.lat, p.lon, p.min_lon, p.min_lat, p.max_lon, p.max_lat, p.accuracy_m,"
    " p.source, p.source_id, p.extra"
)


def check_database(conn: sqlite3.Connection, path: Path) -> None:
    """Raise unless ``conn`` is a complete gazetteer of our schema version."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise GazetteerSchemaError(
                f"{path} is not a gazetteer built by this tool; rebuild it with 'python -m geo build --db {path}'"
            )
        if version != SCHEMA_VERSION:
            raise GazetteerSchemaError(
                f"{path} has schema version {version}, this tool needs {SCHEMA_VERSION}; "
                f"rebuild it with 'python -m geo build --db {path}'"
            )
        conn.execute("SELECT value FROM meta WHERE key = 'places'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise GazetteerCorruptError(
            f"{path} is not a readable gazetteer ({exc}); rebuild it with 'python -m geo build --db {path}'"
        ) from exc


class Gazetteer:
    """A read-only gazetteer database.

    Safe to share between threads (Streamlit's script runs): one connection
    guarded by a lock. Every query is parameterised. For example::

        gaz = Gazetteer(path)
        gaz.lookup("Seoul")[0].feature   # 'capital'
        gaz.search("Panmun", limit=5)    # prefix search, best first
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerMissingError(
                f"no gazetteer at {self.path}; build it with 'python -m geo build --db {self.path}'"
            )
        try:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise GazetteerCorruptError(f"cannot open {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._lookup_cached = functools.lru_cache(maxsize=LOOKUP_CACHE)(self._lookup_uncached)
        try:
            check_database(self._conn, self.path)
            self._conn.execute("PRAGMA query_only = ON")
            self._conn.execute("PRAGMA cache_size = -65536")
            self.meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle ---------------------------------------------------------
    def clear_cache(self) -> None:
        """Forget the cached lookups (benchmarks start each run from cold)."""
        self._lookup_cached.cache_clear()

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, profile={self.meta.get('profile')!r})"

    # -- queries -------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _place(self, row: Sequence[Any]) -> Place:
        (pid, name, kind, feature, country, admin1, population, importance, score, lat, lon,
         min_lon, min_lat, max_lon, max_lat, accuracy_m, source, source_id, extra) = row
        return Place(
            id=pid, name=name, kind=kind, feature=feature, country=country, admin1=admin1,
            population=population, lat=lat, lon=lon, bbox=(min_lon, min_lat, max_lon, max_lat),
            source=source, source_id=source_id, importance=score, accuracy_m=accuracy_m,
            geometry_loader=self.geometry_json if kind != "point" else None,
            raw={"importance": importance, "extra": json.loads(extra) if extra else {}},
        )

    def geometry_json(self, place_id: int) -> str:
        """The stored GeoJSON geometry text of a place ('' for a bare point)."""
        rows = self._rows("SELECT geojson FROM geometries WHERE place_id = ?", (place_id,))
        return rows[0][0] if rows else ""

    def country_shapes(self) -> dict[str, Any]:
        """Shapely geometries of the countries and territories, by ISO code."""
        from shapely.geometry import shape

        rows = self._rows(
            "SELECT p.country, g.geojson FROM places p JOIN geometries g ON g.place_id = p.id "
            "WHERE p.feature IN ('country', 'territory') AND p.country IS NOT NULL",
            (),
        )
        return {iso: shape(json.loads(text)) for iso, text in rows}

    def get(self, place_id: int) -> Place | None:
        """The place with this id, or None."""
        rows = self._rows(f"SELECT {_PLACE_COLS} FROM places p WHERE p.id = ?", (int(place_id),))
        return self._place(rows[0]) if rows else None

    def get_many(self, place_ids: Iterable[int]) -> dict[int, Place]:
        """Places by id (missing ids are left out)."""
        ids = sorted({int(i) for i in place_ids})
        out: dict[int, Place] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = f"SELECT {_PLACE_COLS} FROM places p WHERE p.id IN ({','.join('?' * len(chunk))})"
            out.update((row[0], self._place(row)) for row in self._rows(sql, chunk))
        return out

    def lookup(self, name: str, *, kinds: Sequence[str] = TEXT_KINDS, limit: int = 50) -> list[Place]:
        """Places whose normalised name equals ``name``'s, best first."""
        norm = normalize_name(name[:MAX_QUERY_CHARS]) if isinstance(name, str) else ""
        if not norm:
            return []
        return [place for place, _ in self.lookup_norm(norm, kinds=kinds, limit=limit)]

    def lookup_norm(
        self, norm: str, *, kinds: Sequence[str] = TEXT_KINDS, limit: int = 50
    ) -> list[tuple[Place, str]]:
        """(place, name kind) pairs for an already normalised key, best first.

        Answers are cached (the database is read-only): the names news repeats
        most ("U.S.", "Russia") cost one query per process.
        """
        return list(self._lookup_cached(norm, tuple(kinds) or TEXT_KINDS, int(limit)))

    def _lookup_uncached(self, norm: str, kinds: tuple[str, ...], limit: int) -> tuple[tuple[Place, str], ...]:
        sql = (
            f"SELECT {_PLACE_COLS}, min(CASE n.kind WHEN 'primary' THEN 0 WHEN 'abbrev' THEN 1"
            " WHEN 'demonym' THEN 2 WHEN 'alt' THEN 3 ELSE 4 END) FROM names n JOIN places p ON p.id = n.place_id"
            f" WHERE n.norm = ? AND n.kind IN ({','.join('?' * len(kinds))})"
            " GROUP BY n.place_id ORDER BY n.place_id LIMIT ?"  # the index's order: no sort
        )
        rows = self._rows(sql, (norm, *kinds, int(limit)))
        return tuple((self._place(row[:-1]), _KIND_BY_RANK[row[-1]]) for row in rows)

    def search(self, prefix: str, limit: int = 10) -> list[Place]:
        """Places whose name starts with ``prefix`` (any word order after an
        exact or initial-phrase match), most important first."""
        if not isinstance(prefix, str):
            return []
        norm = normalize_name(prefix[:MAX_QUERY_CHARS])
        limit = max(0, min(int(limit), 1000))
        if not norm or limit == 0:
            return []
        phrase = '"' + norm.replace('"', "") + '"'
        # Candidates in importance order from three tiers: the exact name,
        # names that begin with the prefix, names with a later word that does.
        tiers = (
            self._rows(
                "SELECT place_id, kind FROM names WHERE norm = ?"
                " AND kind IN ('primary', 'alt', 'abbrev', 'demonym') ORDER BY place_id LIMIT ?",
                (norm, limit * 4),
            ),
            self._fts(f"^{phrase} *", limit * 4),
            self._fts(f"{phrase} *", limit * 4),
        )
        bonus: dict[int, float] = {}
        for tier, rows in enumerate(tiers):
            for pid, kind in rows:
                # The place's own name matching counts more than an alternate.
                gain = _TIER_BONUS[tier] * (1.0 if kind in ("primary", "abbrev") else 0.4)
                bonus[pid] = max(bonus.get(pid, 0.0), gain)
            if len(bonus) >= limit * 4:
                break
        places = self.get_many(bonus)
        ranked = sorted(places.values(), key=lambda p: (-(p.importance + bonus[p.id]), p.id))
        return ranked[:limit]

    def _fts(self, query: str, limit: int) -> list[tuple[Any, ...]]:
        sql = (
            "SELECT n.place_id, n.kind FROM names_fts f JOIN names n ON n.id = f.rowid"
            " WHERE names_fts MATCH ? ORDER BY f.rowid LIMIT ?"
        )
        try:
            return self._rows(sql, (query, limit))
        except sqlite3.OperationalError:
            return []  # an FTS syntax the normaliser let through: no match

    def within(self, bbox: tuple[float, float, float, float], limit: int = 1000) -> list[Place]:
        """Places whose bbox intersects ``(min_lon, min_lat, max_lon, max_lat)``, best first."""
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
        sql = (
            f"SELECT {_PLACE_COLS} FROM places_rtree r JOIN places p ON p.id = r.id"
            " WHERE r.max_lon >= ? AND r.min_lon <= ? AND r.max_lat >= ? AND r.min_lat <= ?"
            " ORDER BY p.id LIMIT ?"
        )
        rows = self._rows(sql, (min_lon, max_lon, min_lat, max_lat, int(limit)))
        return [self._place(row) for row in rows]

    def count(self) -> int:
        """Number of places."""
        return int(self._rows("SELECT count(*) FROM places", ())[0][0])

    def lexicon_rows(self) -> list[tuple[str, int, float, int]]:
        """(norm, kinds bitmask, best score, place count) of every matchable name key."""
        return self._rows("SELECT norm, kinds, best, places FROM lexicon", ())

    def lexicon_packed(self) -> dict[str, int]:
        """Every matchable name key → one int: its kinds bitmask (4 bits), its
        place count capped at 65,535 (16 bits) and its best score × 1000
        (truncated) above those; the encoding of
        :class:`geo.extract.lexicon.Lexicon`, worked out by SQLite, so that
        loading half a million keys builds no Python row (about a third
        less time than packing :meth:`lexicon_rows` in Python)."""
        sql = "SELECT norm, (kinds & 15) | (min(places, 65535) << 4) | (CAST(best * 1000 AS INTEGER) << 20) FROM lexicon"
        with self._lock:
            return dict(self._conn.execute(sql))
