"""Recognition: which spans name places, and which do not."""

from __future__ import annotations

import pytest

from geo.extract.lexicon import KIND_ABBREV, KIND_PRIMARY, Lexicon
from geo.extract.matcher import find_spans
from geo.pipeline import Geoparser


def _spans(parser: Geoparser, text: str) -> list[str]:
    return [s.text for s in parser.spans(text)]


def test_possessive_multiword_and_abbreviations(geoparser: Geoparser) -> None:
    text = "Seoul's mayor visited the Military Demarcation Line, the DMZ and the U.S. embassy in Tokyo."
    assert _spans(geoparser, text) == ["Seoul", "Military Demarcation Line", "DMZ", "U.S.", "Tokyo"]


def test_titled_local_sites(geoparser: Geoparser) -> None:
    text = "He toured Observation Post Ouellette and then OP Ouellette again, near the Joint Security Area."
    assert _spans(geoparser, text) == ["Observation Post Ouellette", "OP Ouellette", "Joint Security Area"]


def test_demonyms_stand_for_places(geoparser: Geoparser) -> None:
    spans = _spans(geoparser, "North Korean artillery and Chinese influence worried American officials.")
    assert spans == ["North Korean", "Chinese", "American"]


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("He met North Korean leader Kim Jong Un on Monday.", {"Un", "Jong", "Kim"}),
        ("President Donald Trump and Pete Hegseth spoke; Trump left.", {"Trump", "Hegseth"}),
        ("Former defense secretary James Mattis wrote a letter.", {"Mattis"}),
        ("Accompanied by Minister Ahn Gyu-back, he toured the site.", {"Ahn", "Gyu"}),
        ("Jack London wrote novels.", {"London"}),
    ],
)
def test_people_are_not_places(geoparser: Geoparser, text: str, forbidden: set[str]) -> None:
    assert not forbidden & set(_spans(geoparser, text))


@pytest.mark.parametrize("word", ["Reading", "March", "Nice", "Mobile"])
def test_sentence_initial_common_words_are_not_places(geoparser: Geoparser, word: str) -> None:
    assert word not in _spans(geoparser, f"{word} the report took an hour, officials said.")


def test_months_are_never_places(geoparser: Geoparser) -> None:
    assert _spans(geoparser, "The talks in March and May were held in Paris.") == ["Paris"]


def test_names_at_sentence_edges_and_in_lists(geoparser: Geoparser) -> None:
    text = "Tokyo. Seoul, Pyongyang and Beijing were named.\nMoscow"
    assert _spans(geoparser, text) == ["Tokyo", "Seoul", "Pyongyang", "Beijing", "Moscow"]


def test_lowercase_words_are_not_places(geoparser: Geoparser) -> None:
    assert _spans(geoparser, "we will reach china and paris by boat") == []


def test_a_name_inside_another_feature_is_not_taken_alone(geoparser: Geoparser) -> None:
    spans = _spans(geoparser, "Fishermen on Lake Victoria and climbers on Mount Washington met in Kampala.")
    assert "Victoria" not in spans and "Washington" not in spans
    assert "Kampala" in spans


def test_era_and_clock_abbreviations_after_a_number_are_not_places() -> None:
    lexicon = Lexicon([("bc", KIND_ABBREV, 1.0, 1), ("vancouver", KIND_PRIMARY, 1.0, 1)])
    assert [s.text for s in find_spans("Vancouver, BC, is wet.", lexicon)] == ["Vancouver", "BC"]
    assert find_spans("Caesar died in 44 BC. By 5 BC it was built.", lexicon) == []


def test_regional_demonyms_name_their_region(geoparser: Geoparser) -> None:
    mentions = geoparser.parse("Scottish voters and the Welsh government disagreed.").mentions
    assert [(m.text, m.place.name if m.place else None) for m in mentions] == [
        ("Scottish", "Scotland"),
        ("Welsh", "Wales"),
    ]


def test_the_lexicon_loads_the_same_entries_packed_by_sqlite_as_from_rows(geoparser: Geoparser) -> None:
    gazetteer = geoparser.gazetteer
    packed = Lexicon.from_gazetteer(gazetteer)
    from_rows = Lexicon(gazetteer.lexicon_rows())
    assert len(packed) == len(from_rows) > 1000
    assert packed.max_tokens == from_rows.max_tokens
    assert all(packed.get(key) == from_rows.get(key) for key in from_rows.names)
