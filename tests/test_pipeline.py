"""The whole pipeline on the seed article, bad input, and arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.pipeline import Geoparser

SEED_PLACES = {
    "Observation Post Ouellette": "point",
    "Panmunjom": "point",
    "Joint Security Area": "point",
    "JSA": "point",
    "Military Demarcation Line": "line",
    "DMZ": "polygon",
    "Korean Demilitarized Zone": "polygon",
    "Korean Peninsula": "polygon",
    "Seoul": "point",
    "Pyongyang": "point",
    "Tokyo": "point",
    "North Korea": "polygon",
    "South Korea": "polygon",
    "China": "polygon",
    "Russia": "polygon",
    "U.S.": "polygon",
}
PEOPLE = ("Hegseth", "Trump", "Mattis", "Kim", "Un", "Ahn", "Gyu", "Donald", "James", "Pete")


def test_seed_article_places_are_all_found_with_the_right_geometry(geoparser: Geoparser, seed_text: str) -> None:
    doc = geoparser.parse(seed_text)
    found = {m.text: m.place.kind for m in doc.mentions if m.place}
    for name, kind in SEED_PLACES.items():
        assert found.get(name) == kind, f"{name}: {found.get(name)}"


def test_seed_article_takes_no_person_for_a_place(geoparser: Geoparser, seed_text: str) -> None:
    doc = geoparser.parse(seed_text)
    for m in doc.mentions:
        assert not any(word in m.text.split() for word in PEOPLE), m.text


def test_seed_mentions_carry_their_sentence(geoparser: Geoparser, seed_text: str) -> None:
    doc = geoparser.parse(seed_text)
    for m in doc.mentions:
        assert seed_text[m.start : m.end] == m.text
        assert m.sentence == seed_text[m.sentence_start : m.sentence_start + len(m.sentence)]
        assert m.sentence_start <= m.start < m.end <= m.sentence_start + len(m.sentence)


def test_empty_text_gives_no_mentions(geoparser: Geoparser) -> None:
    assert geoparser.parse("").mentions == ()
    assert geoparser.parse("   \n\t").mentions == ()


def test_html_and_script_text_is_just_text(geoparser: Geoparser) -> None:
    text = "<script>alert('Seoul')</script><img src=x onerror=alert(1)> Tokyo"
    doc = geoparser.parse(text)
    assert [m.text for m in doc.mentions] == ["Seoul", "Tokyo"]


def test_long_text_is_parsed_in_windows_with_exact_offsets(geoparser: Geoparser) -> None:
    unit = "Officials in Seoul met envoys from Tokyo. " * 8000  # ~340 KB, several windows
    doc = geoparser.parse(unit)
    assert len(doc.mentions) == 16000
    assert all(unit[m.start : m.end] == m.text for m in doc.mentions[::997])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(), max_size=400))
def test_parsing_never_raises_and_offsets_index_the_text(geoparser: Geoparser, text: str) -> None:
    doc = geoparser.parse(text)
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert 0.0 <= m.confidence <= 1.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Seoul", "Paris", " ", ", ", "Texas", "U.S.", "'s", "-", "Kim", "\n", "."]), max_size=40))
def test_parsing_place_soup_keeps_offsets(geoparser: Geoparser, parts: list[str]) -> None:
    text = "".join(parts)
    for m in geoparser.parse(text).mentions:
        assert text[m.start : m.end] == m.text


def test_given_span_unknown_as_a_whole_resolves_through_the_place_inside(geoparser: Geoparser) -> None:
    text = "Scientists at Colorado State University briefed the European Commission and the Politburo."
    names = ["Colorado State University", "European Commission", "Politburo"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    mentions = geoparser.resolve_spans(text, spans)
    assert [(m.start, m.end) for m in mentions] == spans
    assert mentions[0].place is not None and mentions[0].place.name == "Colorado"
    assert mentions[1].place is not None and mentions[1].place.name == "Europe"
    assert mentions[2].place is None
