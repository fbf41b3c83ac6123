"""Where the gazetteer database lives by default."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "data_dir", "default_db_path"]

#: Environment variable that overrides the database path.
ENV_VAR = "GEO_GAZETTEER"


def data_dir() -> Path:
    """The user's data directory for this tool (XDG_DATA_HOME aware)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "geo-news"


def default_db_path(profile: str = "full") -> Path:
    """The database path: ``$GEO_GAZETTEER``, else the user's data directory.

    The small (test) profile lives beside the full one under its own name so
    the two never overwrite each other.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    name = "gazetteer.sqlite" if profile == "full" else f"gazetteer-{profile}.sqlite"
    return data_dir() / name
