"""Airports with an IATA code, from the ``airportsdata`` package (MIT).

News names airports by their own name ("Heathrow", "Schiphol", "Dulles
International Airport") and places events there, so airports with an
IATA code (the ones with scheduled flights, about 7,900) are points of
their own. Their IATA and ICAO codes are stored as codes: an exact lookup
with ``kinds=("code",)`` finds them ("LHR"), but they are never matched
in running text, where three capitals are far more often something else.

Short names drop the city and the generic words: "London Heathrow
Airport" is also "Heathrow Airport" and "Heathrow". A short name that is
a person's name ("Reagan", "Charles de Gaulle") or one ordinary English
word ("Capital", "Midway") is left out, so that the matcher takes neither
people nor words for airports.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from geo.errors import SourceError
from geo.normalize import normalize_name
from geo.sources.base import PlaceRecord, Source

__all__ = ["AirportsSource", "airport_names"]

#: Countries kept by the small (test) profile.
SMALL_COUNTRIES = frozenset({"KR", "KP", "JP", "CN", "GB", "FR", "US"})
#: Words that say "airport" without naming one.
_GENERIC = (
    "International", "Intl", "Ntl", "Intercontinental", "Regional", "Municipal", "National",
    "Airport", "Airfield", "Aerodrome",
)
#: Particles of personal names ("Charles de Gaulle", "Leonardo da Vinci").
_PARTICLES = frozenset({"de", "da", "di", "del", "van", "von", "la", "le", "bin", "al", "el"})
#: Importance: below a town of a few thousand, so a namesake town wins without other evidence.
IMPORTANCE = 0.3


def airport_names(name: str, city: str) -> list[str]:
    """Other names news gives an airport, best first.

    >>> airport_names("London Heathrow Airport", "London")
    ['Heathrow Airport', 'Heathrow']
    >>> airport_names("John F Kennedy International Airport", "New York")
    ['John F Kennedy Airport']
    >>> airport_names("Tokyo International Airport", "Tokyo")
    ['Tokyo Airport']
    >>> airport_names("Washington Dulles International Airport", "Washington")
    ['Dulles International Airport', 'Dulles Airport', 'Dulles']
    """
    out: list[str] = []
    base = name
    inner = re.search(r"\(([^()]+)\)", base)
    if inner:  # "Leonardo Da Vinci (Fiumicino) International Airport": the place is in brackets
        place = inner.group(1).strip()
        out.extend([f"{place} Airport", place])
        base = " ".join(re.sub(r"\([^()]*\)", " ", base).split())
    rest = base[len(city) + 1 :] if city and base.startswith(city + " ") else ""
    if any(w not in _GENERIC for w in rest.split()):
        base = rest
        out.append(base)
    words = base.split()
    core = [w for w in words if w not in _GENERIC]
    if core and words[-1] == "Airport" and len(core) < len(words) - 1:
        out.append(" ".join([*core, "Airport"]))
    if core and core != words:
        short = " ".join(core)
        if not _is_personal_name(short) and not _is_common_word(short) and normalize_name(short) != normalize_name(city):
            out.append(short)
    return [n for n in dict.fromkeys(out) if n != name]


def _is_common_word(text: str) -> bool:
    """True for one ordinary English word ("Capital", "Midway"): too often not the airport."""
    from geo.extract.wordlists import common_words

    return " " not in text and normalize_name(text) in common_words()


def _is_personal_name(text: str) -> bool:
    """True for a person's name: it starts with a title or a given name
    ("General Edward Lawrence Logan", "Charles de Gaulle"), or every word
    is a surname, an initial or a particle ("Reagan")."""
    from geo.extract.wordlists import TITLES, given_names, surnames

    words = [normalize_name(w) for w in text.split()]
    if not words:
        return False
    if words[0] in TITLES or (len(words) > 1 and words[0] in given_names()):
        return True
    people = given_names() | surnames()
    return all(w in people or w in _PARTICLES or len(w) == 1 for w in words)


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    try:
        data = resources.files("airportsdata").joinpath("airports.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise SourceError("airportsdata is not installed: run 'pip install -r requirements.txt'") from exc
    return tuple(csv.DictReader(data.splitlines()))


class AirportsSource(Source):
    """Airports with scheduled service, as points."""

    name = "airportsdata"

    def estimate(self, profile: str) -> int | None:
        """About 7,900 airports in the full profile."""
        return 7_900 if profile == "full" else 2_000

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per airport that has an IATA code."""
        for row in _rows():
            iata, country = row.get("iata", "").strip(), row.get("country", "").strip()
            if not iata or not row.get("lat") or not row.get("lon"):
                continue
            if profile == "small" and country not in SMALL_COUNTRIES:
                continue
            name, city = row["name"].strip(), row.get("city", "").strip()
            yield PlaceRecord(
                name=name,
                feature="airport",
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                source=self.name,
                source_id=row.get("icao") or iata,
                country=country or None,
                names=[*airport_names(name, city), *(c for c in (iata, row.get("icao", "").strip()) if c)],
                importance=IMPORTANCE,
                accuracy_m=2_000.0,
                extra={"iata": iata, "icao": row.get("icao"), "city": city},
            )
