"""Airports: names news gives them, codes kept out of running text."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer
from geo.pipeline import Geoparser
from geo.sources.airports import AirportsSource, airport_names


@pytest.mark.parametrize(
    ("name", "city", "expected"),
    [
        ("London Heathrow Airport", "London", ["Heathrow Airport", "Heathrow"]),
        ("Amsterdam Airport Schiphol", "Amsterdam", ["Airport Schiphol", "Schiphol"]),
        ("Leonardo Da Vinci (Fiumicino) International Airport", "Rome",
         ["Fiumicino Airport", "Fiumicino", "Leonardo Da Vinci Airport"]),
        ("General Edward Lawrence Logan International Airport", "Boston", ["General Edward Lawrence Logan Airport"]),
        ("Beijing Capital International Airport", "Beijing",
         ["Capital International Airport", "Capital Airport"]),
    ],
)
def test_short_names_skip_people_and_plain_words(name: str, city: str, expected: list[str]) -> None:
    assert airport_names(name, city) == expected


def test_small_profile_keeps_only_its_countries() -> None:
    records = list(AirportsSource().records("small"))
    assert records and {r.country for r in records} <= {"KR", "KP", "JP", "CN", "GB", "FR", "US"}
    heathrow = next(r for r in records if r.extra["iata"] == "LHR")
    assert (round(heathrow.lat, 2), round(heathrow.lon, 2)) == (51.47, -0.46)


def test_airport_is_found_by_short_name_and_code_but_code_is_not_matched_in_text(
    gazetteer: Gazetteer, geoparser: Geoparser
) -> None:
    assert any(p.feature == "airport" for p in gazetteer.lookup("Heathrow"))
    assert any(p.feature == "airport" for p in gazetteer.lookup("LHR", kinds=("code",)))
    doc = geoparser.parse("Flights at Heathrow were cancelled; LHR staff went home.")
    assert [(m.text, m.place.feature if m.place else None) for m in doc.mentions] == [("Heathrow", "airport")]
