"""Canonical places and articles for the layer tests, built once by hand.

Real :class:`geo.place.Place` values with small geometries: a point, a
line, a square (its ring deliberately clockwise, as some sources store it),
a square with a hole, and a multipolygon, plus text that must survive
every format unchanged (quotes, newlines, ``<script>``, right-to-left
text, emoji). Nothing here uses the parser.
"""

from __future__ import annotations

import json
from typing import Any

from geo.document import Document, Mention
from geo.place import Place

#: Text every format must carry byte for byte.
NASTY = 'He said "no, <script>alert(\'x\')</script>" & left;\nשלום عالم 🌍🇰🇷 — \ttab\r\nend'


def make_place(pid: int, name: str, geometry: dict[str, Any], *, kind: str, feature: str, country: str | None,
               lat: float, lon: float, source: str = "test") -> Place:
    """A Place with ``geometry`` (GeoJSON, [lon, lat]) and representative point ``lat``/``lon``."""
    xs = [p[0] for p in _positions(geometry)]
    ys = [p[1] for p in _positions(geometry)]
    return Place(
        id=pid, name=name, kind=kind, feature=feature, country=country, admin1=None, population=0,
        lat=lat, lon=lon, bbox=(min(xs), min(ys), max(xs), max(ys)), source=source, source_id=str(pid),
        geometry_json=json.dumps(geometry),
    )


def _positions(g: dict[str, Any]) -> list[list[float]]:
    c = g["coordinates"]
    if g["type"] == "Point":
        return [c]
    if g["type"] in ("LineString", "MultiPoint"):
        return c
    if g["type"] in ("Polygon", "MultiLineString"):
        return [p for part in c for p in part]
    return [p for poly in c for ring in poly for p in ring]


SEOUL = make_place(1, "Seoul", {"type": "Point", "coordinates": [126.9779692, 37.566535]},
                   kind="point", feature="PPLC", country="KR", lat=37.566535, lon=126.9779692, source="geonames")
HAN_RIVER = make_place(2, "Han River", {"type": "LineString", "coordinates": [[126.80, 37.60], [126.95, 37.52],
                                                                              [127.10, 37.53]]},
                       kind="line", feature="STM", country="KR", lat=37.52, lon=126.95, source="curated")
# Exterior ring clockwise: the export must rewind it.
DMZ = make_place(3, "DMZ", {"type": "Polygon", "coordinates": [[[126.0, 37.8], [126.0, 38.3], [128.6, 38.6],
                                                                [128.6, 38.1], [126.0, 37.8]]]},
                 kind="polygon", feature="ZN", country=None, lat=38.2, lon=127.3, source="curated")
# A lake with an island: counter-clockwise exterior, hole also counter-clockwise (wrong).
LAKE = make_place(4, "Lake Test \"Nasty\" <b>", {"type": "Polygon", "coordinates": [
    [[10.0, 50.0], [11.0, 50.0], [11.0, 51.0], [10.0, 51.0], [10.0, 50.0]],
    [[10.4, 50.4], [10.6, 50.4], [10.6, 50.6], [10.4, 50.6], [10.4, 50.4]],
]}, kind="polygon", feature="LK", country="DE", lat=50.2, lon=10.2, source="naturalearth")
ISLES = make_place(5, "Twin Isles", {"type": "MultiPolygon", "coordinates": [
    [[[-5.0, -5.0], [-4.0, -5.0], [-4.0, -4.0], [-5.0, -4.0], [-5.0, -5.0]]],
    [[[4.0, 4.0], [5.0, 4.0], [5.0, 5.0], [4.0, 5.0], [4.0, 4.0]]],
]}, kind="polygon", feature="ISLS", country="XX", lat=-4.5, lon=-4.5, source="naturalearth")

PLACES = (SEOUL, HAN_RIVER, DMZ, LAKE, ISLES)


def make_document(doc_id: str, title: str, named: list[tuple[Place, str]], *, confidence: float = 0.9,
                  with_sentences: bool = True, filler: str = "") -> Document:
    """An article naming each (place, surface text) pair in its own sentence, in order.

    Each sentence carries ``filler`` (say :data:`NASTY`) so excerpts hold it.
    Confidences step down by 0.1 from ``confidence`` for repeated places.
    """
    text = ""
    mentions = []
    seen: dict[int, int] = {}
    for place, surface in named:
        sentence = f"Reports from {surface} said {filler} today."
        start_sentence = len(text)
        start = start_sentence + len("Reports from ")
        n = seen.get(place.id, 0)
        seen[place.id] = n + 1
        mentions.append(Mention(
            start=start, end=start + len(surface), text=surface, place=place, confidence=round(confidence - 0.1 * n, 4),
            sentence=sentence if with_sentences else "", sentence_start=start_sentence if with_sentences else 0,
        ))
        text += sentence + " "
    return Document(text=text, mentions=tuple(mentions), id=doc_id, title=title)


def sample_documents() -> list[Document]:
    """Three articles: every kind of geometry, a repeated place, nasty text, and one with no places."""
    return [
        make_document("a1", f"Title {NASTY}", [(SEOUL, "Seoul"), (HAN_RIVER, "the Han"), (SEOUL, "서울"),
                                               (DMZ, "the DMZ")], filler=NASTY),
        make_document("a2", "Second", [(LAKE, "Lake Test"), (ISLES, "Twin Isles"), (SEOUL, "Seoul")],
                      with_sentences=False, filler="quietly"),
        Document(text="Nothing happened anywhere.", mentions=(), id="empty", title="Empty"),
    ]


def ogrinfo_path() -> str | None:
    """The ``ogrinfo`` program (Debian package gdal-bin), or None."""
    import shutil

    return shutil.which("ogrinfo")


def ogrinfo_skip_reason() -> str | None:
    """Why to skip a test that needs ogrinfo: only when it is missing outside CI.

    In CI (``CI`` set) a missing ogrinfo is a failure, not a skip.
    """
    import os

    if ogrinfo_path() is None and not os.environ.get("CI"):
        return "ogrinfo is not installed (apt-get install gdal-bin); CI must have it"
    return None
