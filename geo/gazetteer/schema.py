"""The gazetteer's SQLite schema and its version stamp.

A gazetteer file is recognised by ``PRAGMA application_id`` (our magic
number) and ``PRAGMA user_version`` (the schema version). Anything else is
foreign, old or corrupt, and is never half-read.
"""

from __future__ import annotations

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "DDL", "INDEXES", "NAME_KINDS"]

#: "GEOG" as a big-endian 32-bit integer.
APPLICATION_ID = 0x47454F47
#: Bump whenever the tables below change shape or meaning.
SCHEMA_VERSION = 1

#: Kinds of rows in ``names``: how a name relates to its place.
NAME_KINDS = (
    "primary",  # the place's own name
    "alt",  # an alternate name or spelling, any language
    "abbrev",  # an abbreviation ("DMZ", "U.S.", "UK")
    "demonym",  # a people/adjective form standing for the place ("North Korean")
    "code",  # a short all-capital code (IATA and the like): never matched in text
    "lower",  # an all-lowercase transliteration: searchable, never matched in text
)

DDL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('point', 'line', 'polygon')),
    feature     TEXT    NOT NULL,
    country     TEXT,
    admin1      TEXT,
    population  INTEGER NOT NULL DEFAULT 0,
    importance  REAL    NOT NULL DEFAULT 0,
    score       REAL    NOT NULL DEFAULT 0,
    lat         REAL    NOT NULL,
    lon         REAL    NOT NULL,
    min_lon     REAL    NOT NULL,
    min_lat     REAL    NOT NULL,
    max_lon     REAL    NOT NULL,
    max_lat     REAL    NOT NULL,
    accuracy_m  REAL,
    source      TEXT    NOT NULL,
    source_id   TEXT,
    extra       TEXT
);
CREATE TABLE geometries (
    place_id INTEGER PRIMARY KEY REFERENCES places (id),
    geojson  TEXT NOT NULL
);
CREATE TABLE names (
    id       INTEGER PRIMARY KEY,
    place_id INTEGER NOT NULL REFERENCES places (id),
    name     TEXT    NOT NULL,
    norm     TEXT    NOT NULL,
    kind     TEXT    NOT NULL
);
-- Prefix search: one row per distinct searchable name of a place, rowid =
-- names.id, so rowid order is importance order. Contentless: norms live in
-- ``names`` already.
CREATE VIRTUAL TABLE names_fts USING fts5 (
    norm,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0'
);
-- The matcher's vocabulary: every Latin-script name key that text can
-- name a place by, with a bitmask of the name kinds it occurs as
-- (1 primary, 2 alt, 4 abbrev, 8 demonym), the best score of a place it
-- names and how many places share it.
CREATE TABLE lexicon (
    norm   TEXT PRIMARY KEY,
    kinds  INTEGER NOT NULL,
    best   REAL    NOT NULL,
    places INTEGER NOT NULL
) WITHOUT ROWID;
CREATE VIRTUAL TABLE places_rtree USING rtree (
    id, min_lon, max_lon, min_lat, max_lat
);
"""

#: Built after the bulk load, which is faster than maintaining them row by row.
INDEXES = """
CREATE INDEX names_norm ON names (norm, place_id);
CREATE INDEX names_place ON names (place_id);
CREATE INDEX places_source ON places (source, source_id);
INSERT INTO names_fts (names_fts) VALUES ('optimize');
INSERT INTO lexicon (norm, kinds, best, places)
    SELECT n.norm,
           max(n.kind = 'primary') | (max(n.kind = 'alt') << 1)
               | (max(n.kind = 'abbrev') << 2) | (max(n.kind = 'demonym') << 3),
           max(p.score), count(DISTINCT n.place_id)
    FROM names n JOIN places p ON p.id = n.place_id
    WHERE n.kind IN ('primary', 'alt', 'abbrev', 'demonym') AND n.norm NOT GLOB '*[^ -~]*'
    GROUP BY n.norm;
"""
