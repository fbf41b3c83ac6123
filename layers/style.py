"""Style as data: simplestyle-spec properties coloured by kind or by article.

The properties (``marker-color``, ``stroke``, ``stroke-width``, ``fill``,
``fill-opacity``) are those of the simplestyle spec 1.1.0, which geojson.io,
GitHub and folium's ``style_function`` can read, and which the KML writer
turns into KML styles. Every feature carries all five, whatever its kind,
so that tabular formats have one schema.

>>> feature_style("polygon")["fill"]
'#2ca25f'
>>> by_article = [feature_style(k, article_id="a1", color_by="article")["stroke"] for k in ("point", "line")]
>>> by_article[0] == by_article[1] == article_color("a1")
True
"""

from __future__ import annotations

import zlib
from typing import Any

__all__ = ["ARTICLE_PALETTE", "COLOR_BY", "KIND_COLORS", "STYLE_KEYS", "article_color", "feature_style"]

#: Ways to colour features.
COLOR_BY = ("kind", "article")

#: Colour of each kind of place when colouring by kind.
KIND_COLORS: dict[str, str] = {
    "point": "#d7301f",
    "line": "#2b8cbe",
    "polygon": "#2ca25f",
}

#: Colours given to articles when colouring by article (Tableau 10, readable on light tiles).
ARTICLE_PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)

#: The simplestyle properties every feature carries, in this order.
STYLE_KEYS = ("marker-color", "stroke", "stroke-width", "fill", "fill-opacity")

_DEFAULT_COLOR = "#555555"
_STROKE_WIDTH = {"point": 1.0, "line": 3.0, "polygon": 2.0}
_FILL_OPACITY = 0.25


def article_color(article_id: str) -> str:
    """A colour for an article, the same on every run (CRC-32 of its id into the palette)."""
    return ARTICLE_PALETTE[zlib.crc32(article_id.encode("utf-8")) % len(ARTICLE_PALETTE)]


def feature_style(kind: str | None, *, article_id: str = "", color_by: str = "kind") -> dict[str, Any]:
    """The simplestyle properties of a feature of ``kind`` in article ``article_id``.

    ``color_by`` is ``"kind"`` (one colour per kind of place) or
    ``"article"`` (one colour per article, whatever the kind).
    """
    if color_by == "kind":
        color = KIND_COLORS.get(kind or "", _DEFAULT_COLOR)
    elif color_by == "article":
        color = article_color(article_id)
    else:
        raise ValueError(f"color_by must be one of {', '.join(COLOR_BY)}, not {color_by!r}")
    return {
        "marker-color": color,
        "stroke": color,
        "stroke-width": _STROKE_WIDTH.get(kind or "", 2.0),
        "fill": color,
        "fill-opacity": _FILL_OPACITY,
    }
