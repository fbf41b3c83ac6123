"""Where the explorer finds its data, from the environment.

One place for the page (``app.py``) and the server's warm-up
(:mod:`layers.warmup`) to read, so both open the same gazetteer,
corrections and parse cache and show the same seed articles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.corrections import default_corrections_path
from geo.gazetteer import default_db_path
from layers.articles import default_seeds_dir
from layers.parse_cache import default_cache_dir

__all__ = ["ExplorerSettings"]


@dataclass(frozen=True, slots=True)
class ExplorerSettings:
    """The explorer's gazetteer (path and build profile), corrections store, parse cache and seed
    folder; and how long a session's first page waits for the map before sending the rest anyway."""

    profile: str
    gazetteer: Path
    corrections: Path
    cache: Path
    seeds: Path
    map_ready_timeout_ms: int = 8000

    @classmethod
    def from_env(cls) -> ExplorerSettings:
        """``$GEO_PROFILE`` (``full`` unless set), ``$GEO_GAZETTEER``, ``$GEO_CORRECTIONS``,
        ``$XDG_CACHE_HOME`` and ``$GEO_SEEDS``, each falling back to the user's directories
        (see :func:`geo.gazetteer.default_db_path` and the others); ``$GEO_MAP_READY_TIMEOUT_MS``
        (8000 unless set to a whole number of milliseconds, see :mod:`layers.ready`)."""
        profile = os.environ.get("GEO_PROFILE", "full")
        timeout = os.environ.get("GEO_MAP_READY_TIMEOUT_MS", "")
        return cls(profile=profile, gazetteer=default_db_path(profile), corrections=default_corrections_path(),
                   cache=default_cache_dir(), seeds=default_seeds_dir(),
                   map_ready_timeout_ms=int(timeout) if timeout.strip().isdigit() else 8000)
