"""Lines and areas at display detail: simplified, specks left out, coordinates that print short."""

from __future__ import annotations

import json
import re

from layers_samples import make_place

from geo.document import Document, Mention
from layers.map import display_features


def square(x: float, y: float, size: float) -> list[list[list[float]]]:
    """A closed square ring (counter-clockwise) with its south-west corner at (x, y)."""
    return [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]


def test_areas_lose_specks_and_long_decimals_but_keep_their_shape() -> None:
    # A 10-degree country with a wiggly coast, a real island and a speck of an islet.
    coast = [[0.0, 0.0]] + [[10.0, i * 0.1 + (0.0123456 if i % 2 else 0.0)] for i in range(101)] + [[0.0, 10.0], [0.0, 0.0]]
    geometry = {"type": "MultiPolygon", "coordinates": [[coast], square(11.0, 1.0, 1.0), square(11.0, 5.0, 0.001)]}
    place = make_place(9, "Country", geometry, kind="polygon", feature="country", country="XX", lat=5.0, lon=5.0)
    doc = Document(text="News from Country.", id="a", title="A",
                   mentions=(Mention(start=10, end=17, text="Country", place=place, confidence=1.0),))
    (feature,) = display_features(doc)
    shown = feature["geometry"]
    assert shown["type"] == "MultiPolygon" and len(shown["coordinates"]) == 2  # the speck is gone, the island is not
    assert len(shown["coordinates"][0][0]) < len(coast) / 5  # the coast's wiggles are below display detail
    decimals = max(len(n.split(".")[1]) for n in re.findall(r"-?\d+\.\d+", json.dumps(shown)))
    assert decimals <= 3  # a grid of a tenth of the tolerance (10° / 1500 / 10 → 0.001) or finer
    assert feature["properties"]["name"] == "Country"


def test_a_lone_speck_is_kept() -> None:
    geometry = {"type": "MultiPolygon", "coordinates": [square(0.0, 0.0, 0.001), square(5.0, 5.0, 0.0001)]}
    place = make_place(8, "Rocks", geometry, kind="polygon", feature="island", country=None, lat=0.0, lon=0.0)
    doc = Document(text="Rocks.", id="a", title="A",
                   mentions=(Mention(start=0, end=5, text="Rocks", place=place, confidence=1.0),))
    (feature,) = display_features(doc)
    positions = re.findall(r"\[(-?[\d.]+), (-?[\d.]+)\]", json.dumps(feature["geometry"]))
    assert positions and all(float(x) <= 0.001 and float(y) <= 0.001 for x, y in positions)  # the larger one stays
