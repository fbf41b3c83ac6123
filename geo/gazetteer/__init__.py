"""The embedded gazetteer: schema, build and read access."""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import GazetteerMissingError, GazetteerSchemaError
from geo.gazetteer.build import BuildReport, ProgressFactory, build_gazetteer
from geo.gazetteer.paths import ENV_VAR, default_db_path
from geo.gazetteer.store import Gazetteer

__all__ = ["BuildReport", "ENV_VAR", "Gazetteer", "build_gazetteer", "default_db_path", "open_gazetteer"]


def open_gazetteer(
    path: str | os.PathLike[str] | None = None,
    *,
    profile: str = "full",
    build_if_missing: bool = True,
    progress: ProgressFactory | None = None,
) -> Gazetteer:
    """Open the gazetteer at ``path`` (default: :func:`default_db_path`).

    A missing database, or one of an older schema version, is built first
    when ``build_if_missing`` is true; otherwise the error says what to run.
    A corrupt or foreign file is never overwritten: the error says so.
    """
    db = Path(path) if path is not None else default_db_path(profile)
    try:
        return Gazetteer(db)
    except (GazetteerMissingError, GazetteerSchemaError) as exc:
        if not build_if_missing or (isinstance(exc, GazetteerSchemaError) and "not a gazetteer" in str(exc)):
            raise
    build_gazetteer(db, profile=profile, progress=progress)
    return Gazetteer(db)
