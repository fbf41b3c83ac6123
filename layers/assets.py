"""Leaflet, jQuery and plugin assets from PyPI packages, inlined: no CDN, ever.

folium lists each element's JavaScript and CSS as CDN URLs
(``default_js``/``default_css``); a page that loads them stays blank
offline. :func:`make_offline` rewrites those lists on every element of a
map into ``data:`` URLs holding the files the ``xstatic-*`` packages ship
(images the CSS refers to are inlined too). Both ``Map.save()`` and
streamlit-folium (which loads the listed URLs itself) then work with no
network. Assets only folium's ``Icon`` markers need (Bootstrap, Font
Awesome, awesome-markers) are dropped: our maps draw circle markers.

>>> import folium
>>> m = make_offline(folium.Map(tiles=None))
>>> "https://" in m.get_root().render()
False
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = ["ASSETS", "DROPPED", "asset_data_url", "make_offline", "walk"]

#: folium asset name → (xstatic package module, file inside its data dir).
ASSETS: dict[str, tuple[str, str]] = {
    "leaflet": ("xstatic.pkg.leaflet", "leaflet.js"),
    "leaflet_css": ("xstatic.pkg.leaflet", "leaflet.css"),
    "jquery": ("xstatic.pkg.jquery", "jquery.min.js"),
    "markerclusterjs": ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    "markerclustercss": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    "markerclusterdefaultcss": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
}

#: Assets folium lists that our maps never need (icon markers only); left out.
DROPPED = frozenset(
    {
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_font_css",
        "awesome_markers_css",
        "awesome_rotate_css",
    }
)

_MIME = {".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}
_CSS_URL_RE = re.compile(r"url\((['\"]?)(?!data:|#)([^)'\"]+)\1\)")


def _data_dir(module: str) -> Path:
    import importlib

    return Path(importlib.import_module(module).BASE_DIR)


def _data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _inline_css_urls(css: str, base: Path) -> str:
    """Replace ``url(relative/file)`` in a stylesheet with data URLs of the local files."""

    def repl(match: re.Match[str]) -> str:
        target = (base / match.group(2)).resolve()
        if not target.is_file() or not target.is_relative_to(base.resolve()):
            return "none"  # a reference we cannot serve locally is dropped, never fetched
        return f"url({_data_url(_MIME.get(target.suffix, 'application/octet-stream'), target.read_bytes())})"

    return _CSS_URL_RE.sub(repl, css)


@cache
def asset_data_url(name: str) -> str:
    """The ``data:`` URL of a known asset (see :data:`ASSETS`); KeyError for others."""
    module, filename = ASSETS[name]
    base = _data_dir(module)
    path = base / filename
    if path.suffix == ".css":
        css = _inline_css_urls(path.read_text(encoding="utf-8"), base)
        return _data_url("text/css", css.encode("utf-8"))
    return _data_url(_MIME[path.suffix], path.read_bytes())


def walk(element: Any) -> Iterator[Any]:
    """The element and all its descendants (folium/branca tree)."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _localise(links: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        if name in DROPPED:
            continue
        if name not in ASSETS:
            parts = urlsplit(str(url))
            if parts.scheme == "data" or not (parts.scheme or parts.netloc):  # inline, or served by this page's host
                out.append((name, url))
                continue
            raise ValueError(f"asset {name!r} ({url}) has no local copy; add it to layers.assets.ASSETS")
        out.append((name, asset_data_url(name)))
    return out


def make_offline(m: Any) -> Any:
    """Point every asset of map ``m`` (and its children, added so far) at inlined copies; returns ``m``.

    Call it after the map's last element is added. ``data:`` URLs and
    relative ones (served by the page's own host) are kept; an element
    needing any other asset with no local copy raises ValueError rather
    than reach a CDN.
    """
    for element in walk(m):
        if hasattr(element, "default_js"):
            element.default_js = _localise(element.default_js)
        if hasattr(element, "default_css"):
            element.default_css = _localise(element.default_css)
    return m
