"""Parsed articles and their map features, kept on disk between runs of the explorer.

The explorer shows the same seed articles at every start, and parsing them
is the slow part of its first view: the parser loads its lexicon from the
gazetteer (one to several seconds) and the map simplifies each line and
area. :func:`parse_for_map` keeps each article's parse and its display
features in a small JSON file in the user's cache directory
(:func:`default_cache_dir`), under a key made of everything they depend on:

* the gazetteer file's identity (resolved path, size, modification time);
* the article's text, id and title;
* the corrections in force (their content, not the store's revision);
* the code that parses and draws (a digest of the ``geo`` and ``layers``
  packages' files), so a changed parser never serves stale results.

Places are stored by gazetteer id and read back from the gazetteer, so the
cache holds no copy of gazetteer data. A cache that cannot be read or
written only costs time: the article is then parsed as usual.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from geo.document import Candidate, Document, Mention
from geo.gazetteer import Gazetteer
from geo.pipeline import CorrectionLookup, Geoparser, parse

__all__ = [
    "CACHE_VERSION",
    "ParseCache",
    "ParsedArticle",
    "code_digest",
    "corrections_digest",
    "decode_document",
    "default_cache_dir",
    "encode_document",
    "gazetteer_identity",
    "parse_for_map",
]

#: Bump when the file layout below changes.
CACHE_VERSION = 1
#: Files kept in a cache folder; the least recently used go first.
MAX_ENTRIES = 2000
#: The packages whose files decide what a parse and its features look like.
_CODE_ROOTS = (Path(__file__).resolve().parent.parent / "geo", Path(__file__).resolve().parent)


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedArticle:
    """An article parsed for the map: the document and its display features
    (from ``features_of(doc)``); ``cached`` says they were read from disk."""

    doc: Document
    features: list[dict[str, Any]]
    cached: bool = False


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/geo-news/parsed`` (else ``~/.cache/geo-news/parsed``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geo-news" / "parsed"


@functools.cache
def code_digest(roots: tuple[Path, ...] = _CODE_ROOTS) -> str:
    """A digest of every file under ``roots`` (names and contents; bytecode left out).

    Computed once per process: a parse cached by an older version of the
    code is never used by a newer one.
    """
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".tmp"):
                digest.update(str(path.relative_to(root.parent)).encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def gazetteer_identity(gaz: Gazetteer) -> str:
    """The gazetteer file's resolved path, size and modification time (a rebuild changes it)."""
    path = gaz.path.resolve()
    stat = path.stat()
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def corrections_digest(corrections: CorrectionLookup | None) -> str | None:
    """A digest of the corrections in force ("" for none), or None when the store
    cannot list them (then a parse that uses it is not cached)."""
    if corrections is None:
        return ""
    listing: Callable[[], Iterable[Any]] | None = getattr(corrections, "all", None)
    if listing is None:
        return None
    rows = sorted((c.surface, c.doc_id or "", int(c.place_id)) for c in listing())
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode("utf-8")).hexdigest()[:20] if rows else ""


# -- documents as JSON ---------------------------------------------------------


def _encode_mention(m: Mention) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(Mention):
        value = getattr(m, f.name)
        if f.name == "place":
            value = value.id if value is not None else None
        elif f.name == "alternatives":
            value = [[c.place.id, c.score] for c in value]
        out[f.name] = value
    return out


def encode_document(doc: Document) -> dict[str, Any]:
    """``doc`` as JSON-ready data, its places (chosen and weighed) by gazetteer id.

    Every field of :class:`Document` and :class:`Mention` is kept, so a
    field added there is cached too (the code digest changes with it).
    """
    out: dict[str, Any] = {}
    for f in dataclasses.fields(Document):
        value = getattr(doc, f.name)
        out[f.name] = [_encode_mention(m) for m in value] if f.name == "mentions" else value
    return out


def decode_document(data: dict[str, Any], gaz: Gazetteer) -> Document | None:
    """The document :func:`encode_document` wrote, its places read from ``gaz``;
    None when a place is no longer there or the data does not fit."""
    try:
        mentions = data["mentions"]
        ids = {m["place"] for m in mentions if m["place"] is not None}
        ids.update(pid for m in mentions for pid, _ in m["alternatives"])
        places = gaz.get_many(ids)
        if len(places) != len(ids):
            return None
        decoded = tuple(
            Mention(**{
                **m,
                "place": places[m["place"]] if m["place"] is not None else None,
                "alternatives": tuple(Candidate(place=places[pid], score=score) for pid, score in m["alternatives"]),
            })
            for m in mentions
        )
        return Document(**{**data, "mentions": decoded})
    except (KeyError, TypeError, ValueError):
        return None


# -- the cache -------------------------------------------------------------------


class ParseCache:
    """Parsed articles as JSON files in ``folder`` (created on first write), one per key.

    Reads refresh a file's modification time; past ``max_entries`` files
    the least recently used are removed. Every failure to read or write is
    a miss, never an error.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None, *, max_entries: int = MAX_ENTRIES) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.max_entries = max_entries

    def key(self, text: str, *, gazetteer: Gazetteer, doc_id: str, title: str,
            corrections: CorrectionLookup | None) -> str | None:
        """The key of one parse, or None when it cannot be cached (corrections that cannot be listed)."""
        fixes = corrections_digest(corrections)
        if fixes is None:
            return None
        parts = [str(CACHE_VERSION), code_digest(), gazetteer_identity(gazetteer), fixes, doc_id, title, text]
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def load(self, key: str, gazetteer: Gazetteer) -> ParsedArticle | None:
        """The article stored under ``key``, or None."""
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("key") != key:
                return None
            doc = decode_document(data["doc"], gazetteer)
            features = data["features"]
            os.utime(path)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if doc is None or not isinstance(features, list):
            return None
        return ParsedArticle(doc=doc, features=features, cached=True)

    def store(self, key: str, article: ParsedArticle) -> bool:
        """Write ``article`` under ``key`` (atomically); False when it could not be."""
        try:
            payload = json.dumps({"key": key, "doc": encode_document(article.doc), "features": article.features},
                                 ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # something in the document that JSON cannot hold
            return False
        tmp: Path | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self.folder, prefix=".", suffix=".tmp",
                                             delete=False) as out:
                tmp = Path(out.name)
                out.write(payload)
            os.replace(tmp, self._path(key))
        except OSError:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            return False
        self.prune()
        return True

    def prune(self) -> None:
        """Remove the least recently used files beyond ``max_entries``."""
        try:
            entries = [(p.stat().st_mtime, p) for p in self.folder.glob("*.json")]
        except OSError:
            return
        if len(entries) <= self.max_entries:
            return
        entries.sort()
        for _, path in entries[: len(entries) - self.max_entries]:
            path.unlink(missing_ok=True)


def parse_for_map(
    text: str,
    *,
    gazetteer: Gazetteer,
    features_of: Callable[[Document], list[dict[str, Any]]],
    doc_id: str = "",
    title: str = "",
    corrections: CorrectionLookup | None = None,
    cache: ParseCache | None = None,
    parser: Callable[[], Geoparser] | None = None,
) -> ParsedArticle:
    """``text`` parsed (by the parser ``parser()`` gives, else :func:`geo.pipeline.parse`) with
    the map features ``features_of(doc)``, read from ``cache`` when an identical parse was stored
    there, else computed and stored.

    ``features_of`` must depend only on the document and the code (it is
    :func:`layers.map.display_features` in the explorer). Two threads asking for the
    same key at once parse it once: the second waits and reads what the first stored.
    """
    key = cache.key(text, gazetteer=gazetteer, doc_id=doc_id, title=title, corrections=corrections) if cache else None
    if cache is None or key is None:
        return _parse(text, gazetteer, features_of, doc_id, title, corrections, parser)
    with _KEY_LOCKS[int(key[:8], 16) % len(_KEY_LOCKS)]:
        found = cache.load(key, gazetteer)
        if found is not None:
            return found
        article = _parse(text, gazetteer, features_of, doc_id, title, corrections, parser)
        cache.store(key, article)
    return article


#: Striped locks, so one key is parsed by one thread at a time (a bounded set for any number of keys).
_KEY_LOCKS = tuple(threading.Lock() for _ in range(32))


def _parse(text: str, gazetteer: Gazetteer, features_of: Callable[[Document], list[dict[str, Any]]], doc_id: str,
           title: str, corrections: CorrectionLookup | None, parser: Callable[[], Geoparser] | None) -> ParsedArticle:
    if parser is not None:
        doc = parser().parse(text, doc_id=doc_id, title=title, corrections=corrections)
    else:
        doc = parse(text, gazetteer=gazetteer, doc_id=doc_id, title=title, corrections=corrections)
    return ParsedArticle(doc=doc, features=features_of(doc))
