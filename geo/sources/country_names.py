"""How news names countries, continents and US states.

Three curated, hand-written tables live in ``geo/data``; this module reads
and checks them. Each is UTF-8, tab-separated, with a fixed header line and
one row per (place, name)::

    country_names.tsv    iso2   kind  name    kind: alias | demonym
    region_names.tsv     key    kind  name    kind: alias | demonym
    us_state_names.tsv   state  kind  name    kind: name | abbrev | demonym
    admin1_names.tsv     iso_3166_2  kind  name   kind: alias | abbrev | demonym
    country_points.tsv   iso2   lat   lon

* ``iso2`` is an ISO 3166-1 alpha-2 code (plus ``XK`` for Kosovo).
* ``key`` is a GeoNames continent code (``AF AS EU NA OC SA AN``) or a
  lower-case slug for a supranational region (``middle-east``).
* ``state`` is a US postal code (the 50 states plus ``DC``).
* ``iso_3166_2`` is a first-level region's ISO 3166-2 code (``CA-BC``),
  for the names news gives regions outside the US: "B.C.", "NSW",
  "Welsh", "Sicilian". Bare codes that are also common words or other
  places' codes ("ON", "WA", "SA") are left out.
* ``alias`` is any other name a country goes by in news ("U.S.", "Burma",
  "DPRK"), including its everyday short name; ``demonym`` is the adjective
  or people noun ("American", "Americans"); ``abbrev`` is an AP-style or
  postal state abbreviation ("Calif.", "Ga.", "GA") as used after a city
  name in datelines ("Athens, Ga.").

``country_points.tsv`` holds facts, not names: the coordinates of each
sovereign country's feature in GeoNames (geonames.org, CC BY 4.0), the
gazetteer that news corpora are annotated against, as republished in the
CC BY 4.0 sample data set ``gvenzl/sample-data``. They are mostly the World
Factbook's rounded geographic centre (Russia 60 N 100 E) and for a few
countries the capital (Japan, the Bahamas). A reader who sees "Russia"
on a map expects the marker where every other gazetteer puts it.

A name may belong to more than one place ("Congolese", "Georgian",
"Virgin Islands"): the tables record facts and leave the choice to the
resolver. Names keep their natural spelling and case ("US" versus "us"
matters to a matcher that looks at case); :func:`geo.normalize.normalize_name`
folds them when keys are wanted.

Loaders return ``{place: {kind: [names in file order]}}``, with every kind of
the table present for every place. Results are cached and shared between
callers, so treat them as read-only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from geo.errors import SourceError

__all__ = [
    "DATA_DIR",
    "load_admin1_names",
    "load_country_names",
    "load_country_points",
    "load_region_names",
    "load_us_state_names",
]

#: Directory holding the package's curated data files.
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_CONTINENTS = frozenset({"AF", "AS", "EU", "NA", "OC", "SA", "AN"})
_ISO2_RE = re.compile(r"[A-Z]{2}")
_SLUG_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_ISO_3166_2_RE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")


def _is_iso2(key: str) -> bool:
    """Return whether ``key`` has the shape of an ISO 3166-1 alpha-2 code."""
    return _ISO2_RE.fullmatch(key) is not None


def _is_region_key(key: str) -> bool:
    """Return whether ``key`` is a continent code or a region slug."""
    return key in _CONTINENTS or _SLUG_RE.fullmatch(key) is not None


def _is_subdivision(key: str) -> bool:
    """Return whether ``key`` has the shape of an ISO 3166-2 code."""
    return _ISO_3166_2_RE.fullmatch(key) is not None


def _is_state(key: str) -> bool:
    """Return whether ``key`` has the shape of a US postal code."""
    return _ISO2_RE.fullmatch(key) is not None


def _rows(path: Path, header: tuple[str, str, str]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` for each data row of a TSV file.

    Checks the header and the field count; blank lines are skipped. Raises
    :class:`SourceError` naming the file (and line) when something is wrong.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SourceError(
            f"{path}: data file not found; reinstall the package"
        ) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not valid UTF-8 ({exc.reason}); re-save it as UTF-8"
        ) from exc
    except OSError as exc:
        raise SourceError(f"{path}: cannot read data file ({exc.strerror})") from exc

    lines = text.splitlines()
    want = "\t".join(header)
    got = lines[0].lstrip("\ufeff") if lines else ""
    if got != want:
        raise SourceError(
            f"{path}:1: header is {got!r}, expected {want!r} (tab-separated)"
        )
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(header):
            raise SourceError(
                f"{path}:{number}: expected {len(header)} tab-separated fields, "
                f"found {len(fields)}: {line!r}"
            )
        yield number, fields


def _load(
    path: Path,
    header: tuple[str, str, str],
    kinds: tuple[str, ...],
    key_label: str,
    is_valid_key: Callable[[str], bool],
) -> dict[str, dict[str, list[str]]]:
    """Read and validate one names table into ``{key: {kind: [names]}}``."""
    table: dict[str, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, (key, kind, name) in _rows(path, header):
        where = f"{path}:{number}"
        if not is_valid_key(key):
            raise SourceError(f"{where}: {key!r} is not a valid {key_label}")
        if kind not in kinds:
            raise SourceError(
                f"{where}: unknown kind {kind!r}; expected one of {', '.join(kinds)}"
            )
        if not name or name != name.strip() or "  " in name:
            raise SourceError(
                f"{where}: name {name!r} is empty or has stray whitespace"
            )
        first = seen.setdefault((key, name), number)
        if first != number:
            raise SourceError(
                f"{where}: {name!r} is listed for {key} already (line {first})"
            )
        entry = table.setdefault(key, {k: [] for k in kinds})
        entry[kind].append(name)
    return table


class _Table(NamedTuple):
    """How to read one names table."""

    filename: str
    header: tuple[str, str, str]
    kinds: tuple[str, ...]
    key_label: str
    is_valid_key: Callable[[str], bool]


def _load_table(table: _Table, path: Path | None) -> dict[str, dict[str, list[str]]]:
    """Read ``table`` from ``path`` or, by default, from the package data."""
    where = Path(path) if path is not None else DATA_DIR / table.filename
    return _load(where, table.header, table.kinds, table.key_label, table.is_valid_key)


_COUNTRIES = _Table(
    "country_names.tsv",
    ("iso2", "kind", "name"),
    ("alias", "demonym"),
    "ISO 3166-1 alpha-2 code",
    _is_iso2,
)
_REGIONS = _Table(
    "region_names.tsv",
    ("key", "kind", "name"),
    ("alias", "demonym"),
    "continent code or lower-case region slug",
    _is_region_key,
)
_US_STATES = _Table(
    "us_state_names.tsv",
    ("state", "kind", "name"),
    ("name", "abbrev", "demonym"),
    "US postal code",
    _is_state,
)
_ADMIN1 = _Table(
    "admin1_names.tsv",
    ("iso_3166_2", "kind", "name"),
    ("alias", "abbrev", "demonym"),
    "ISO 3166-2 code",
    _is_subdivision,
)


@lru_cache(maxsize=8)
def load_country_names(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Return country names by ISO code: ``{iso2: {"alias": [...], "demonym": [...]}}``.

    Reads ``country_names.tsv`` from the package data directory unless
    ``path`` names another file. Raises :class:`SourceError` (with file and
    line) on a malformed row or a duplicate (iso2, name).
    """
    return _load_table(_COUNTRIES, path)


@lru_cache(maxsize=8)
def load_region_names(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Return continent and region names: ``{key: {"alias": [...], "demonym": [...]}}``.

    Keys are GeoNames continent codes (``AF`` … ``AN``) or region slugs such
    as ``middle-east``. Reads ``region_names.tsv`` unless ``path`` is given.
    Raises :class:`SourceError` on a malformed row.
    """
    return _load_table(_REGIONS, path)


@lru_cache(maxsize=8)
def load_us_state_names(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Return US state names by postal code.

    The result maps e.g. ``"GA"`` to ``{"name": ["Georgia"], "abbrev":
    ["Ga.", "GA"], "demonym": ["Georgian", "Georgians"]}``. Reads
    ``us_state_names.tsv`` unless ``path`` is given. Raises
    :class:`SourceError` on a malformed row.
    """
    return _load_table(_US_STATES, path)


@lru_cache(maxsize=8)
def load_admin1_names(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """Return names of first-level regions: ``{iso_3166_2: {"alias", "abbrev", "demonym": [...]}}``.

    Reads ``admin1_names.tsv`` unless ``path`` is given. Raises
    :class:`SourceError` on a malformed row.
    """
    return _load_table(_ADMIN1, path)


@lru_cache(maxsize=8)
def load_country_points(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Return each country's conventional point: ``{iso2: (lat, lon)}``.

    Reads ``country_points.tsv`` unless ``path`` names another file. Raises
    :class:`SourceError` (with file and line) on a bad code, a coordinate
    that is not a number in range, or a duplicate code.
    """
    path = Path(path) if path is not None else DATA_DIR / "country_points.tsv"
    points: dict[str, tuple[float, float]] = {}
    for number, (iso, lat_text, lon_text) in _rows(path, ("iso2", "lat", "lon")):
        where = f"{path}:{number}"
        if not _is_iso2(iso):
            raise SourceError(f"{where}: {iso!r} is not a valid ISO 3166-1 alpha-2 code")
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError as exc:
            raise SourceError(f"{where}: coordinates {lat_text!r}, {lon_text!r} are not numbers") from exc
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise SourceError(f"{where}: ({lat}, {lon}) is outside the lat/lon range")
        if iso in points:
            raise SourceError(f"{where}: {iso} is listed twice")
        points[iso] = (lat, lon)
    return points
