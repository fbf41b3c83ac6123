"""Resolution from what the article itself says: acronyms it spells out,
and the locality its unknown sites lie in."""

from __future__ import annotations

import pytest

from geo.pipeline import LOCALITY_CONFIDENCE, Geoparser
from geo.resolve.acronyms import acronym_letters, defined_acronyms, initials


def _spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append((start, start + len(name)))
        pos = start + len(name)
    return out


@pytest.mark.parametrize(
    ("surface", "letters"),
    [("SA", "SA"), ("U.K.", "UK"), ("T&T", "TT"), ("DPRK", "DPRK"), ("Seoul", None), ("Ga.", None), ("A", None),
     ("ABCDEF", None), ("S.a.", None)],
)
def test_acronym_letters(surface: str, letters: str | None) -> None:
    assert acronym_letters(surface) == letters


def test_initials_skip_the_small_words() -> None:
    assert initials("Democratic Republic of the Congo") == "DRC"
    assert initials("Trinidad & Tobago") == "TT"
    assert initials("Bosnia and Herzegovina") == "BH"


def test_an_acronym_maps_to_every_long_name_with_its_initials() -> None:
    names = [("South Africa", "south africa"), ("South African", "south african"), ("SA", "sa"), ("Seoul", "seoul")]
    assert defined_acronyms(names) == {"sa": ("south africa", "south african")}
    assert defined_acronyms([("SA", "sa"), ("Seoul", "seoul")]) == {}
    assert defined_acronyms([("Samoa", "samoa"), ("S", "s")]) == {}


def test_a_spelt_out_acronym_takes_the_long_names_place(geoparser: Geoparser) -> None:
    text = "Trinidad and Tobago beat Jamaica. T&T now lead the group, and SA trail."
    spans = _spans(text, ["Trinidad and Tobago", "Jamaica", "T&T", "SA"])
    long_form, _, acronym, unrelated = geoparser.resolve_spans(text, spans)
    assert long_form.place is not None and long_form.place.country == "TT"
    assert acronym.place is not None and acronym.place.id == long_form.place.id
    assert acronym.name_kind == "abbrev"
    assert unrelated.place is None or unrelated.place.country != "TT"


def test_an_acronym_for_a_place_holding_the_long_name_keeps_its_own(geoparser: Geoparser) -> None:
    text = "Police in New York said the N.Y. law changed."
    city, state = geoparser.resolve_spans(text, _spans(text, ["New York", "N.Y."]))
    assert city.place is not None and state.place is not None
    assert state.place.feature == "admin1" and state.place.admin1 == city.place.admin1


def test_an_unknown_site_is_placed_in_the_articles_town(geoparser: Geoparser) -> None:
    text = ("Fire broke out at the Third Presbyterian Church on Sunday. "
            "Pittsburgh firefighters came; Pittsburgh police closed the street. Pennsylvania's governor spoke.")
    church, *_ = geoparser.resolve_spans(text, _spans(text, ["Third Presbyterian Church", "Pittsburgh", "Pittsburgh",
                                                            "Pennsylvania"]))
    assert church.place is not None and church.place.name == "Pittsburgh"
    assert church.name_kind == "locality"
    assert church.confidence == LOCALITY_CONFIDENCE
    assert church.alternatives == ()


def test_the_locality_is_a_town_of_the_articles_main_country(geoparser: Geoparser) -> None:
    text = ("Moscow backed the strikes, Moscow said. In Syria, shelling hit Aleppo and the Al-Zahra Mosque; "
            "Syria's army and Syrian militias held Damascus.")
    names = ["Moscow", "Moscow", "Syria", "Aleppo", "Al-Zahra Mosque", "Syria", "Syrian", "Damascus"]
    mentions = geoparser.resolve_spans(text, _spans(text, names))
    mosque = mentions[4]
    assert mosque.place is not None and mosque.place.country == "SY"
    assert mosque.place.name == "Aleppo"  # named first of the Syrian towns named once each


def test_without_a_town_an_unknown_site_stays_unresolved(geoparser: Geoparser) -> None:
    text = "Scientists briefed the Politburo on China."
    politburo, china = geoparser.resolve_spans(text, _spans(text, ["Politburo", "China"]))
    assert politburo.place is None and china.place is not None


def test_a_far_town_read_from_part_of_a_name_gives_way_to_the_locality(geoparser: Geoparser) -> None:
    alone = "A man was hurt in Shawnee Park."
    (park,) = geoparser.resolve_spans(alone, _spans(alone, ["Shawnee Park"]))
    assert park.place is not None and park.place.name == "Shawnee"  # read from part of the name
    text = "Louisville Metro Police said a man was hurt in Shawnee Park. Louisville officials closed it."
    _, park, _ = geoparser.resolve_spans(text, _spans(text, ["Louisville", "Shawnee Park", "Louisville"]))
    assert park.place is not None and park.place.name == "Louisville" and park.name_kind == "locality"
