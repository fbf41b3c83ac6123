"""Leaflet, jQuery and plugin assets from PyPI packages, inlined: no CDN, ever.

folium lists each element's JavaScript and CSS as CDN URLs
(``default_js``/``default_css``); a page that loads them stays blank
offline. :func:`make_offline` rewrites those lists on every element of a
map into ``data:`` URLs holding the files the ``xstatic-*`` packages ship
(images the CSS refers to are inlined too). Both ``Map.save()`` and
streamlit-folium (which loads the listed URLs itself) then work with no
network. Assets only folium's ``Icon`` markers need (Bootstrap, Font
Awesome, awesome-markers) are dropped: our maps draw circle markers.

Given a :data:`Publisher` (``layers.map.static_publisher``), the files are
written once under content-addressed names and listed by URL instead, so
a page loads them over HTTP (and keeps them in its cache) rather than in
every message that carries the map. :func:`preload_assets` then lets the
page fetch those files all at once, where streamlit-folium would fetch
them one after another.

>>> import folium
>>> m = make_offline(folium.Map(tiles=None))
>>> "https://" in m.get_root().render()
False
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "ASSETS",
    "DROPPED",
    "Publisher",
    "asset_data_url",
    "asset_file_name",
    "asset_text",
    "asset_url",
    "make_offline",
    "preload_assets",
    "walk",
]

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

#: Stores a file's text under a name and returns the URL a page loads it from.
Publisher = Callable[[str, str], str]

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


def _asset_path(name: str) -> tuple[Path, Path]:
    module, filename = ASSETS[name]
    base = _data_dir(module)
    return base, base / filename


@cache
def asset_text(name: str) -> str:
    """The text of a known asset (see :data:`ASSETS`), a stylesheet's images inlined; KeyError for others."""
    base, path = _asset_path(name)
    text = path.read_text(encoding="utf-8")
    return _inline_css_urls(text, base) if path.suffix == ".css" else text


@cache
def asset_file_name(*names: str) -> str:
    """``lib-<names>-<digest of their text><suffix>``: the file of one or more known assets
    (of one kind), whose name changes whenever any of them does."""
    digest = hashlib.sha256(_bundle_text(names).encode("utf-8")).hexdigest()[:12]
    return f"lib-{'-'.join(names)}-{digest}{_asset_path(names[0])[1].suffix}"


def _bundle_text(names: tuple[str, ...]) -> str:
    suffixes = {_asset_path(n)[1].suffix for n in names}
    if len(suffixes) != 1:
        raise ValueError(f"assets of different kinds cannot share a file: {names}")
    separator = "\n;\n" if suffixes == {".js"} else "\n"  # a script that lacks its final semicolon stays whole
    return separator.join(asset_text(n) for n in names)


@cache
def asset_data_url(name: str) -> str:
    """The ``data:`` URL of a known asset (see :data:`ASSETS`); KeyError for others."""
    return _data_url(_MIME[_asset_path(name)[1].suffix], asset_text(name).encode("utf-8"))


def asset_url(*names: str, publish: Publisher | None = None) -> str:
    """Where a page loads known assets from: ``publish``'s URL for one file holding them all
    (in order), else the ``data:`` URL of the one asset (several need a publisher)."""
    if publish is not None:
        return publish(asset_file_name(*names), _bundle_text(names))
    (name,) = names
    return asset_data_url(name)


def walk(element: Any) -> Iterator[Any]:
    """The element and all its descendants (folium/branca tree)."""
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def _localise(links: Any, publish: Publisher | None) -> list[tuple[str, str]]:
    """An element's asset list with every known asset local: each inlined, or (with
    ``publish``) each run of consecutive known assets in one published file, so the
    page makes one request where folium lists several (streamlit-folium loads scripts
    one after another)."""
    out: list[tuple[str, str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append((run[0], asset_url(*run, publish=publish)))
            run.clear()

    for name, url in links:
        if name in DROPPED:
            continue
        if name in ASSETS:
            if publish is None:
                out.append((name, asset_data_url(name)))
            else:
                run.append(name)
            continue
        parts = urlsplit(str(url))
        if parts.scheme == "data" or not (parts.scheme or parts.netloc):  # inline, or served by this page's host
            flush()
            out.append((name, url))
            continue
        raise ValueError(f"asset {name!r} ({url}) has no local copy; add it to layers.assets.ASSETS")
    flush()
    return out


def make_offline(m: Any, *, publish: Publisher | None = None) -> Any:
    """Point every asset of map ``m`` (and its children, added so far) at local copies; returns ``m``.

    The copies are inlined as ``data:`` URLs, or stored through ``publish``
    and listed by the URL it returns. Call it after the map's last element
    is added. ``data:`` URLs and relative ones (served by the page's own
    host) are kept; an element needing any other asset with no local copy
    raises ValueError rather than reach a CDN.
    """
    for element in walk(m):
        if hasattr(element, "default_js"):
            element.default_js = _localise(element.default_js, publish)
        if hasattr(element, "default_css"):
            element.default_css = _localise(element.default_css, publish)
    return m


#: Name of the script :func:`preload_assets` puts first in a map's asset list.
PRELOAD = "geo_preload"


def preload_assets(m: Any) -> Any:
    """Start fetching all of map ``m``'s published files at once; returns ``m``.

    streamlit-folium loads a map's scripts one after another, each once the
    one before has run, then adds the stylesheets: every file costs a round
    trip in turn. This puts an inline script first in the map's own list
    that asks the browser to preload every script and stylesheet listed by
    a URL (``data:`` ones need no fetch); the loads that follow find them
    fetched or on the way. Call it after :func:`make_offline`; calling it
    again replaces the script.
    """
    links: list[tuple[str, str]] = []
    for element in walk(m):
        for attr, kind in (("default_js", "script"), ("default_css", "style")):
            for name, url in getattr(element, attr, None) or []:
                if name != PRELOAD and not url.startswith("data:") and (url, kind) not in links:
                    links.append((url, kind))
    own = [(name, url) for name, url in getattr(m, "default_js", []) if name != PRELOAD]
    if links:
        source = (
            "(function () { for (const [href, as] of " + json.dumps(links) + ") {"
            " const l = document.createElement(\"link\"); l.rel = \"preload\"; l.as = as; l.href = href;"
            " document.head.appendChild(l); } })();\n"
        )
        own.insert(0, (PRELOAD, _data_url("text/javascript", source.encode("utf-8"))))
    m.default_js = own
    return m
