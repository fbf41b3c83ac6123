"""The feature tables (rivers, islands, ranges, landmarks): parsing and facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.errors import SourceError
from geo.gazetteer import Gazetteer
from geo.pipeline import Geoparser
from geo.sources.feature_tables import (
    COLUMNS,
    FEATURES,
    TABLE_DIR,
    FeatureTablesSource,
    read_feature_table,
    rows_outside_countries,
)

HEADER = "\t".join(COLUMNS)


def _table(tmp_path: Path, *rows: str, name: str = "t.tsv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_row_becomes_a_record(tmp_path: Path) -> None:
    path = _table(tmp_path, "river-x\tX River\triver\tIN\t11.3600\t79.8300\t400\t0.6\tX|River X\tmouth")
    [rec] = read_feature_table(path)
    assert (rec.name, rec.feature, rec.country, rec.lat, rec.lon) == ("X River", "river", "IN", 11.36, 79.83)
    assert rec.names == ["X", "River X"]
    assert rec.accuracy_m == 400_000
    assert rec.importance == 0.6
    assert rec.source == "feature-tables" and rec.source_id == "river-x"
    assert rec.extra == {"note": "mouth"}


def test_an_empty_country_is_none(tmp_path: Path) -> None:
    [rec] = read_feature_table(_table(tmp_path, "range-y\tY Range\trange\t\t40\t20\t300\t0.7\t\t"))
    assert rec.country is None and rec.names == [] and rec.extra == {}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("k\tN\tcastle\tGB\t51\t0\t1\t0.5\t\t", "unknown feature 'castle'"),
        ("k\tN\triver\tGB\tnorth\t0\t1\t0.5\t\t", "bad number"),
        ("k\tN\triver\tGB\t95\t0\t1\t0.5\t\t", "out of range"),
        ("k\tN\triver\tGB\t51\t0\t1\t1.5\t\t", "out of range"),
        ("k\tN\triver\tGBR\t51\t0\t1\t0.5\t\t", "ISO alpha-2"),
        ("k\tN\triver\tGB\t51\t0", "tab-separated columns"),
    ],
)
def test_a_bad_row_names_its_line(tmp_path: Path, row: str, message: str) -> None:
    path = _table(tmp_path, "ok\tOk\triver\tGB\t51\t0\t1\t0.5\t\t", row)
    with pytest.raises(SourceError, match=f"t.tsv:3: .*{message}"):
        read_feature_table(path)


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("name\tlat\tlon\nX\t1\t2\n", encoding="utf-8")
    with pytest.raises(SourceError, match="header"):
        read_feature_table(path)


def test_a_key_used_twice_across_tables_is_refused(tmp_path: Path) -> None:
    _table(tmp_path, "k\tA\triver\t\t1\t1\t1\t0.5\t\t", name="a.tsv")
    _table(tmp_path, "k\tB\tisland\t\t2\t2\t1\t0.5\t\t", name="b.tsv")
    with pytest.raises(SourceError, match=re.escape("'k' is already used in a.tsv")):
        list(FeatureTablesSource(table_dir=tmp_path).records("small"))


def test_the_shipped_tables_parse_with_unique_keys() -> None:
    records = list(FeatureTablesSource().records("full"))
    assert len(records) >= 300
    assert {r.feature for r in records} <= FEATURES
    assert len({r.source_id for r in records}) == len(records)


def test_every_shipped_point_lies_in_its_country(gazetteer: Gazetteer) -> None:
    """A swapped sign or a wrong country code puts a point far outside the
    country its row names; coasts and river mouths get 30 km of slack."""
    countries = gazetteer.country_shapes()
    assert {"GB", "US", "IN", "KR"} <= countries.keys()
    records = [r for path in sorted(TABLE_DIR.glob("*.tsv")) for r in read_feature_table(path)]
    bad = rows_outside_countries(records, countries, km=30.0)
    assert not bad, [(r.source_id, r.country, km) for r, km in bad]


def test_the_check_catches_a_point_in_the_wrong_hemisphere(gazetteer: Gazetteer, tmp_path: Path) -> None:
    [rec] = read_feature_table(_table(tmp_path, "k\tThames\triver\tGB\t51.5\t-0.1\t1\t0.5\t\t"))
    flipped = read_feature_table(_table(tmp_path, "k\tThames\triver\tGB\t-51.5\t-0.1\t1\t0.5\t\t", name="f.tsv"))
    countries = gazetteer.country_shapes()
    assert rows_outside_countries([rec], countries) == []
    [(bad, km)] = rows_outside_countries(flipped, countries)
    assert bad is flipped[0] and km is not None and km > 5000


def test_news_names_resolve_to_the_tables_places(geoparser: Geoparser) -> None:
    """Landmarks that stand for institutions, rivers and islands, found in text and placed."""
    text = ("The White House and the Kremlin traded warnings on Monday. Farmers along the Cauvery "
            "protested, and flights to Oahu were cancelled.")
    found = {m.text: m.place for m in geoparser.parse(text).mentions}
    white_house, kremlin = found["White House"], found["Kremlin"]
    assert white_house is not None and white_house.feature == "landmark" and white_house.country == "US"
    assert abs(white_house.lat - 38.90) < 0.05 and abs(white_house.lon + 77.04) < 0.05  # Washington, not Tennessee
    assert kremlin is not None and kremlin.country == "RU" and abs(kremlin.lat - 55.75) < 0.05
    cauvery, oahu = found["Cauvery"], found["Oahu"]
    assert cauvery is not None and cauvery.feature == "river" and cauvery.country == "IN"
    assert oahu is not None and oahu.feature == "island" and oahu.country == "US"
