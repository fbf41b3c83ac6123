"""A country's, region's or sea's name overshadows a town of the same name.

Built on a tiny real gazetteer, so the competing readings are known exactly:
a (fictional) country Freedonia and a town of Freedonia in Pennsylvania,
with Harrisburg and Hershey as the article's local context.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.gazetteer.build import build_gazetteer
from geo.pipeline import Geoparser
from geo.resolve import resolver
from geo.sources.base import PlaceRecord, Source


class _Freedonias(Source):
    name = "freedonias"

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        square = {"type": "Polygon", "coordinates": [[[35, 33], [36.5, 33], [36.5, 34.7], [35, 34.7], [35, 33]]]}
        yield PlaceRecord(name="Freedonia", feature="country", lat=33.8, lon=35.8, source="t", country="LB",
                          population=2_000_000, geometry=square)
        yield PlaceRecord(name="Freedonia", feature="city", lat=40.34, lon=-76.41, source="t", country="US",
                          admin1="PA", population=30_000, importance=0.30)
        yield PlaceRecord(name="Harrisburg", feature="city", lat=40.27, lon=-76.88, source="t", country="US",
                          admin1="PA", population=50_000)
        yield PlaceRecord(name="Pennsylvania", feature="admin1", lat=40.9, lon=-77.7, source="t", country="US",
                          admin1="PA", population=13_000_000,
                          geometry={"type": "Polygon", "coordinates": [[[-80.5, 39.7], [-74.7, 39.7], [-74.7, 42.3],
                                                                        [-80.5, 42.3], [-80.5, 39.7]]]})
        yield PlaceRecord(name="Hershey", feature="city", lat=40.29, lon=-76.65, source="t", country="US",
                          admin1="PA", population=14_000)


@pytest.fixture(scope="module")
def parser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Geoparser]:
    db: Path = tmp_path_factory.mktemp("shadow") / "g.sqlite"
    build_gazetteer(db, profile="small", sources=[_Freedonias()])
    with Gazetteer(db) as gaz:
        yield Geoparser(gaz)


TEXT = "Aid for Freedonia was collected in Harrisburg, Hershey and across Pennsylvania."


def _country_of(parser: Geoparser, text: str, name: str) -> str | None:
    mention = next(m for m in parser.parse(text).mentions if m.text == name)
    assert mention.place is not None
    return mention.place.country


def test_country_name_wins_over_a_town_near_the_articles_places(parser: Geoparser) -> None:
    assert _country_of(parser, TEXT, "Freedonia") == "LB"


def test_without_the_shadow_local_context_would_pick_the_town(
    parser: Geoparser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(resolver.WEIGHTS, "shadowed", 0.0)
    assert _country_of(parser, TEXT, "Freedonia") == "US"


def test_a_local_cue_lifts_the_shadow(parser: Geoparser) -> None:
    text = "The council of Freedonia, Pa. met in Harrisburg and Hershey."
    assert _country_of(parser, text, "Freedonia") == "US"
