"""Corrections a person made to the resolver: surface → place, per article or everywhere.

A correction says "when an article names *surface*, it means gazetteer
place *place_id*". It holds for one article (``doc_id``) or for every
article (``doc_id=None``); an article's own correction beats a global one.
Surfaces are compared by :func:`geo.normalize.normalize_name`, so
"P'anmunjom" and "Panmunjom" are one surface.

The store is a small SQLite file in the user's data directory
(``$GEO_CORRECTIONS`` overrides it), stamped with ``PRAGMA user_version``.
Every query is parameterised.

>>> import tempfile, pathlib
>>> store = CorrectionStore(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
>>> store.add("Georgia", 42, doc_id=None)
>>> store.add("Georgia", 7, doc_id="atlanta-news")
>>> store.lookup("GEORGIA", "atlanta-news"), store.lookup("Georgia", "other")
(7, 42)
>>> store.close()
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.errors import CorrectionError
from geo.gazetteer.paths import data_dir
from geo.normalize import normalize_name

__all__ = ["ENV_VAR", "SCHEMA_VERSION", "Correction", "CorrectionStore", "default_corrections_path"]

#: Environment variable that overrides the store's path.
ENV_VAR = "GEO_CORRECTIONS"
#: Bump whenever the table below changes shape or meaning.
SCHEMA_VERSION = 1

# doc_id is '' for a global correction, so that UNIQUE (norm, doc_id) holds for it too.
_DDL = """
CREATE TABLE IF NOT EXISTS corrections (
    id       INTEGER PRIMARY KEY,
    norm     TEXT    NOT NULL,
    surface  TEXT    NOT NULL,
    doc_id   TEXT    NOT NULL DEFAULT '',
    place_id INTEGER NOT NULL,
    created  TEXT    NOT NULL,
    UNIQUE (norm, doc_id)
);
CREATE TABLE IF NOT EXISTS revision (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO revision VALUES (1, 0);
"""


def default_corrections_path() -> Path:
    """The store's path: ``$GEO_CORRECTIONS``, else ``corrections.sqlite`` in the data directory."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return data_dir() / "corrections.sqlite"


@dataclass(frozen=True, slots=True)
class Correction:
    """One saved correction; ``doc_id`` is None for one that holds everywhere."""

    surface: str
    place_id: int
    doc_id: str | None
    created: str


def _norm(surface: str) -> str:
    norm = normalize_name(surface) if isinstance(surface, str) else ""
    if not norm:
        raise CorrectionError(f"cannot correct {surface!r}: it holds no letters or digits")
    return norm


def _doc_key(doc_id: str | None) -> str:
    if doc_id is None:
        return ""
    if not isinstance(doc_id, str) or not doc_id:
        raise CorrectionError("doc_id must be a non-empty string, or None for a correction that holds everywhere")
    return doc_id


class CorrectionStore:
    """Corrections in a SQLite file, created on first use.

    Safe to share between threads (one connection behind a lock), as the
    explorer does across Streamlit sessions.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_corrections_path()
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CorrectionError(f"cannot open the corrections store {self.path}: {exc}") from exc
        try:
            self._init_schema()
        except BaseException:
            self._conn.close()
            raise

    def _init_schema(self) -> None:
        try:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                tables = self._conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
                if tables:
                    raise CorrectionError(f"{self.path} is not a corrections store; move it away or set ${ENV_VAR}")
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.executescript(f"BEGIN; {_DDL} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
            elif version != SCHEMA_VERSION:
                raise CorrectionError(
                    f"{self.path} is a corrections store of version {version}; this tool reads {SCHEMA_VERSION}"
                )
        except sqlite3.DatabaseError as exc:
            raise CorrectionError(f"{self.path} is not a readable corrections store ({exc})") from exc

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> CorrectionStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CorrectionStore({str(self.path)!r})"

    # -- edits ---------------------------------------------------------------
    def add(self, surface: str, place_id: int, *, doc_id: str | None) -> None:
        """Save that ``surface`` means place ``place_id`` in article ``doc_id``
        (None: in every article), replacing an earlier correction of the same scope."""
        norm, key = _norm(surface), _doc_key(doc_id)
        if isinstance(place_id, bool) or not isinstance(place_id, int) or place_id <= 0:
            raise CorrectionError(f"place id must be a positive integer, not {place_id!r}")
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._lock, self._transaction():
            self._conn.execute(
                "INSERT INTO corrections (norm, surface, doc_id, place_id, created) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (norm, doc_id) DO UPDATE SET"
                " surface = excluded.surface, place_id = excluded.place_id, created = excluded.created",
                (norm, surface.strip(), key, place_id, created),
            )

    def remove(self, surface: str, *, doc_id: str | None) -> bool:
        """Forget the correction of ``surface`` in that scope; True if there was one."""
        norm, key = _norm(surface), _doc_key(doc_id)
        with self._lock, self._transaction():
            cur = self._conn.execute("DELETE FROM corrections WHERE norm = ? AND doc_id = ?", (norm, key))
            return cur.rowcount > 0

    # -- queries ---------------------------------------------------------------
    def lookup(self, surface: str, doc_id: str | None = None) -> int | None:
        """The place ``surface`` means in article ``doc_id``: its own correction,
        else a global one, else None."""
        norm = normalize_name(surface) if isinstance(surface, str) else ""
        if not norm:
            return None
        keys = ("", doc_id) if doc_id else ("",)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT doc_id, place_id FROM corrections WHERE norm = ? AND doc_id IN ({','.join('?' * len(keys))})",
                (norm, *keys),
            ).fetchall()
        best = {key: pid for key, pid in rows}
        if doc_id and doc_id in best:
            return int(best[doc_id])
        return int(best[""]) if "" in best else None

    def all(self) -> list[Correction]:
        """Every correction, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT surface, place_id, doc_id, created FROM corrections ORDER BY id"
            ).fetchall()
        return [Correction(surface=s, place_id=int(p), doc_id=d or None, created=c) for s, p, d, c in rows]

    def revision(self) -> int:
        """A number that grows with every edit (a cache key for parses that used the store)."""
        with self._lock:
            return int(self._conn.execute("SELECT value FROM revision WHERE id = 1").fetchone()[0])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction that also bumps the revision."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._conn.execute("UPDATE revision SET value = value + 1 WHERE id = 1")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise CorrectionError(f"cannot write the corrections store {self.path}: {exc}") from exc
