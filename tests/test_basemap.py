"""The offline basemap: built once per gazetteer, kept on disk and in memory."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.gazetteer import Gazetteer, open_gazetteer
from layers.basemap import cached_basemap


def test_the_basemap_is_read_once_per_process(gazetteer: Gazetteer, tmp_path: Path) -> None:
    db = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, db)
    with open_gazetteer(db, profile="small") as gaz:
        first = cached_basemap(gaz)
        assert first["features"] and {f["properties"]["layer"] for f in first["features"]} <= {"land", "water"}
        kept = Path(str(db) + ".basemap.json")
        assert kept.is_file()
        kept.unlink()  # a second call neither reads nor writes the file
        assert cached_basemap(gaz) is first
        assert not kept.exists()
    other = tmp_path / "other.sqlite"
    shutil.copy(gazetteer.path, other)
    with open_gazetteer(other, profile="small") as gaz:
        assert cached_basemap(gaz) is not first  # another gazetteer file, its own basemap
        assert Path(str(other) + ".basemap.json").is_file()
