"""Tests for the curated country, region and US-state name tables."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pycountry
import pytest

from geo.errors import SourceError
from geo.sources.country_names import (
    DATA_DIR,
    load_admin1_names,
    load_country_names,
    load_country_points,
    load_region_names,
    load_us_state_names,
)

US_STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID",
    "IL", "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS",
    "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
    "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC",
}  # fmt: skip


def _owners(table: dict[str, dict[str, list[str]]], name: str) -> set[str]:
    """Return every key whose names (of any kind) include ``name``."""
    return {
        key for key, kinds in table.items() for names in kinds.values() if name in names
    }


def _data_rows(filename: str) -> list[list[str]]:
    """Return the raw data rows of a shipped TSV file (header dropped)."""
    lines = (DATA_DIR / filename).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines[1:] if line.strip()]


# --- country_names.tsv -------------------------------------------------------


def test_every_iso2_is_a_real_country_code() -> None:
    for iso2 in load_country_names():
        assert iso2 == "XK" or pycountry.countries.get(alpha_2=iso2) is not None, iso2


def test_every_iso_country_is_covered() -> None:
    expected = {country.alpha_2 for country in pycountry.countries} | {"XK"}
    assert expected <= set(load_country_names())


@pytest.mark.parametrize(
    "filename", ["country_names.tsv", "region_names.tsv", "us_state_names.tsv"]
)
def test_no_duplicate_key_name_pairs(filename: str) -> None:
    counts = Counter((row[0], row[2]) for row in _data_rows(filename))
    assert [pair for pair, n in counts.items() if n > 1] == []


@pytest.mark.parametrize(
    ("name", "iso2"),
    [
        ("North Korean", "KP"),
        ("North Koreans", "KP"),
        ("South Korean", "KR"),
        ("American", "US"),
        ("Americans", "US"),
        ("Chinese", "CN"),
        ("British", "GB"),
        ("Briton", "GB"),
        ("Nigerians", "NG"),
        ("Nigerien", "NE"),
        ("Pakistanis", "PK"),
        ("Filipinos", "PH"),
        ("Emirati", "AE"),
        ("Ivorian", "CI"),
        ("Kosovar", "XK"),
    ],
)
def test_demonym_owner(name: str, iso2: str) -> None:
    table = load_country_names()
    assert name in table[iso2]["demonym"]


@pytest.mark.parametrize(
    ("name", "iso2"),
    [
        ("U.S.", "US"),
        ("USA", "US"),
        ("America", "US"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("DPRK", "KP"),
        ("ROK", "KR"),
        ("Burma", "MM"),
        ("Ivory Coast", "CI"),
        ("Holland", "NL"),
        ("UAE", "AE"),
        ("PRC", "CN"),
        ("Russian Federation", "RU"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Swaziland", "SZ"),
        ("Eswatini", "SZ"),
        ("Macedonia", "MK"),
        ("East Timor", "TL"),
        ("DRC", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Vatican", "VA"),
    ],
)
def test_alias_owner(name: str, iso2: str) -> None:
    assert name in load_country_names()[iso2]["alias"]


def test_unambiguous_names_have_one_owner() -> None:
    table = load_country_names()
    for name in ("American", "Chinese", "North Korean", "U.S.", "Burma"):
        assert len(_owners(table, name)) == 1, name


def test_shared_names_are_listed_for_each_owner() -> None:
    table = load_country_names()
    assert _owners(table, "Congolese") == {"CD", "CG"}
    assert _owners(table, "Korean") == {"KP", "KR"}


def test_country_counts() -> None:
    table = load_country_names()
    assert len(table) >= 249
    assert sum(1 for kinds in table.values() if kinds["demonym"]) >= 240
    assert all(kinds["alias"] for kinds in table.values())


def test_every_country_has_both_kinds() -> None:
    for kinds in load_country_names().values():
        assert set(kinds) == {"alias", "demonym"}


# --- region_names.tsv --------------------------------------------------------


def test_regions_cover_all_continents() -> None:
    table = load_region_names()
    assert {"AF", "AS", "EU", "NA", "OC", "SA", "AN"} <= set(table)
    assert "European" in table["EU"]["demonym"]
    assert "Africans" in table["AF"]["demonym"]
    assert "Asian" in table["AS"]["demonym"]
    assert "Latin American" in table["latin-america"]["demonym"]


# --- us_state_names.tsv ------------------------------------------------------


def test_us_states_complete() -> None:
    table = load_us_state_names()
    assert set(table) == US_STATES
    assert sum(1 for kinds in table.values() if kinds["abbrev"]) >= 50
    assert all(kinds["name"] for kinds in table.values())


@pytest.mark.parametrize(
    ("name", "kind", "state"),
    [
        ("Calif.", "abbrev", "CA"),
        ("Fla.", "abbrev", "FL"),
        ("Mass.", "abbrev", "MA"),
        ("N.Y.", "abbrev", "NY"),
        ("Wash.", "abbrev", "WA"),
        ("Ga.", "abbrev", "GA"),
        ("Pa.", "abbrev", "PA"),
        ("TX", "abbrev", "TX"),
        ("Californian", "demonym", "CA"),
        ("Texan", "demonym", "TX"),
        ("New Yorker", "demonym", "NY"),
        ("Floridians", "demonym", "FL"),
    ],
)
def test_state_names(name: str, kind: str, state: str) -> None:
    assert name in load_us_state_names()[state][kind]


# --- validation --------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    """Write ``text`` to a TSV file under ``tmp_path`` and return its path."""
    path = tmp_path / "names.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_path_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "iso2\tkind\tname\nFR\talias\tFrance\nFR\tdemonym\tFrench\n"
    )
    assert load_country_names(path) == {
        "FR": {"alias": ["France"], "demonym": ["French"]}
    }


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("FR\talias\tFrance\nFR\tdemonym\n", 3, "fields"),
        ("FR\talias\tFrance\nFR alias France\n", 3, "fields"),
        ("FR\talias\tFrance\nFR\tnickname\tLes Bleus\n", 3, "kind"),
        ("fr\talias\tFrance\n", 2, "alpha-2"),
        ("FRA\talias\tFrance\n", 2, "alpha-2"),
        ("FR\talias\t\n", 2, "empty"),
        ("FR\talias\t France\n", 2, "whitespace"),
        ("FR\talias\tFrance\n\nFR\talias\tFrance\n", 4, "line 2"),
    ],
)
def test_malformed_row_names_file_and_line(
    tmp_path: Path, body: str, line: int, fragment: str
) -> None:
    path = _write(tmp_path, "iso2\tkind\tname\n" + body)
    with pytest.raises(SourceError) as info:
        load_country_names(path)
    message = str(info.value)
    assert f"{path}:{line}:" in message
    assert fragment in message


def test_bad_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "code\tkind\tname\nFR\talias\tFrance\n")
    with pytest.raises(SourceError, match=r":1: header"):
        load_country_names(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        load_us_state_names(tmp_path / "absent.tsv")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("key\tkind\tname\nEU\talias\tEurope\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError, match="UTF-8"):
        load_region_names(path)


def test_region_key_validation(tmp_path: Path) -> None:
    path = _write(tmp_path, "key\tkind\tname\nMiddle_East\talias\tMideast\n")
    with pytest.raises(SourceError, match=r":2: .*slug"):
        load_region_names(path)


def test_state_kind_validation(tmp_path: Path) -> None:
    path = _write(tmp_path, "state\tkind\tname\nGA\talias\tPeach State\n")
    with pytest.raises(SourceError, match=r":2: unknown kind"):
        load_us_state_names(path)


def test_country_points_are_in_range_and_cover_the_big_countries() -> None:
    points = load_country_points()
    assert len(points) > 190
    assert all(-90 <= lat <= 90 and -180 <= lon <= 180 for lat, lon in points.values())
    assert points["RU"] == (60.0, 100.0)
    assert {"US", "CN", "CA", "BR", "AU", "IN"} <= set(points)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ru\t60\t100", "not a valid ISO"),
        ("RU\tsixty\t100", "not numbers"),
        ("RU\t95\t100", "outside the lat/lon range"),
    ],
)
def test_bad_country_point_rows_are_reported(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "points.tsv"
    path.write_text(f"iso2\tlat\tlon\n{row}\n", encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_country_points(path)


def test_duplicate_country_point_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "points.tsv"
    path.write_text("iso2\tlat\tlon\nRU\t60\t100\nRU\t61\t100\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"points.tsv:3: RU is listed twice"):
        load_country_points(path)


def test_admin1_names_use_real_subdivision_codes() -> None:
    table = load_admin1_names()
    assert table["CA-BC"]["abbrev"] == ["BC", "B.C."]
    for code in table:
        assert pycountry.subdivisions.get(code=code) is not None, code


def test_admin1_table_rejects_a_bad_code(tmp_path: Path) -> None:
    path = tmp_path / "admin1.tsv"
    path.write_text("iso_3166_2\tkind\tname\nBritish Columbia\tabbrev\tBC\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not a valid ISO 3166-2 code"):
        load_admin1_names(path)
