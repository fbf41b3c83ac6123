"""The explorer's map: parsed articles' features on an offline Leaflet map (folium).

Features are the shared ones of :func:`layers.document_features` (one per
place an article names), simplified here for display, with each distinct
excerpt once (:func:`layers.features.merge_excerpts`). The map holds:

* the offline basemap (:mod:`layers.basemap`) in a pane that takes no clicks;
* one overlay per article, points as circle markers, lines and areas
  styled by their simplestyle properties;
* OpenStreetMap tiles as an overlay that is off (it needs the network);
* a tooltip and a popup built in the browser with ``textContent`` from the
  feature's properties, so article text is never parsed as HTML. Names
  that Leaflet itself inserts as HTML (layer control labels) are escaped
  here with :func:`html.escape`.

All assets are local: inlined, or written once as static files by a
:data:`Publisher` (:func:`layers.assets.make_offline`).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import html
import json
import math
import os
import threading
import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import shapely

from geo.document import Document
from geo.place import Place
from layers.assets import Publisher, make_offline, preload_assets
from layers.features import document_features, marks_html, merge_excerpts
from layers.geometry import geometry_bbox, merge_bbox
from layers.imports import hidden_modules

with hidden_modules("pandas"):  # folium only looks for DataFrames: see layers.imports
    import folium
    import folium.plugins  # streamlit-folium imports it: here, the warm-up does too
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.template import Template

__all__ = [
    "EXPLORER_JS_URL",
    "KIND_LABELS",
    "ExplorerLayers",
    "RETURNED_OBJECTS",
    "MapData",
    "Publisher",
    "build_map",
    "clicked_feature",
    "display_features",
    "feature_bounds",
    "filter_features",
    "highlight_html",
    "marks_html",
    "mention_rows",
    "place_view",
    "selection_group",
    "static_publisher",
]

#: How the explorer names the kinds of places.
KIND_LABELS: dict[str, str] = {"point": "points", "line": "lines", "polygon": "areas"}
#: Display simplification: a geometry keeps detail down to this share of its extent.
DISPLAY_DETAIL = 1 / 1500
#: Excerpts a popup shows (the side panel shows them all).
POPUP_EXCERPTS = 3

_PAGE_CSS = """<style>
.leaflet-container { background: #e1edf5; }
.geo-popup { font: 13px/1.4 system-ui, sans-serif; max-width: 340px; }
.geo-popup .geo-name { font-weight: 600; font-size: 14px; }
.geo-popup .geo-meta { color: #555; margin: 2px 0 6px; }
.geo-popup .geo-article { color: #333; font-style: italic; margin-top: 6px; }
.geo-popup .geo-excerpt { margin: 4px 0; }
.geo-popup mark { background: #ffe066; padding: 0 1px; }
</style>"""

# The browser side of the map: layer styles from the features' simplestyle
# properties, and a tooltip and popup built with DOM nodes and textContent
# only, so no property value is ever parsed as HTML. Excerpt offsets count
# code points (Array.from), as Python does.
_EXPLORER_JS = """
(function () {
  "use strict";
  const LIMIT = __LIMIT__;
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  };
  const articleStyle = (f) => {
    const p = (f && f.properties) || {};
    if (p.kind === "point") {
      return {radius: 6, color: "#ffffff", weight: 1, opacity: 1,
              fillColor: p["marker-color"] || "#d7301f", fillOpacity: 0.9};
    }
    if (p.kind === "line") {
      return {color: p.stroke || "#2b8cbe", weight: p["stroke-width"] || 3, opacity: 0.9, fill: false};
    }
    return {color: p.stroke || "#2ca25f", weight: p["stroke-width"] || 2, opacity: 0.9,
            fillColor: p.fill || "#2ca25f", fillOpacity: p["fill-opacity"] === undefined ? 0.25 : p["fill-opacity"]};
  };
  const basemapStyle = (f) => (f && f.properties && f.properties.layer === "water")
    ? {stroke: false, fillColor: "#d3e3ef", fillOpacity: 1}
    : {color: "#bdb6aa", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1};
  const popup = (p) => {
    const root = el("div", "geo-popup");
    root.appendChild(el("div", "geo-name", p.name));
    const conf = (typeof p.confidence === "number") ? p.confidence.toFixed(2) : "?";
    const meta = [p.kind, p.feature_class, p.country].filter(Boolean).join(" · ");
    root.appendChild(el("div", "geo-meta", meta + " · confidence " + conf));
    root.appendChild(el("div", "geo-article", p.article_title || p.article_id || ""));
    const excerpts = Array.isArray(p.excerpts) ? p.excerpts : [];
    excerpts.slice(0, LIMIT).forEach((ex) => {
      const chars = Array.from(String(ex.text || ""));
      const q = el("p", "geo-excerpt");
      let at = 0;
      (Array.isArray(ex.marks) ? ex.marks : []).forEach(([start, end]) => {
        if (start < at) { return; }
        q.appendChild(document.createTextNode(chars.slice(at, start).join("")));
        q.appendChild(el("mark", null, chars.slice(start, end).join("")));
        at = end;
      });
      q.appendChild(document.createTextNode(chars.slice(at).join("")));
      root.appendChild(q);
    });
    if (excerpts.length > LIMIT) {
      root.appendChild(el("div", "geo-meta", "+" + (excerpts.length - LIMIT) + " more in the side panel"));
    }
    return root;
  };
  const bind = (feature, layer) => {
    const p = feature.properties || {};
    const label = [p.name, p.kind, p.country].filter(Boolean).join(" · ");
    layer.bindTooltip(() => el("span", "geo-tooltip", label), {sticky: true});
    layer.bindPopup(() => popup(p), {maxWidth: 360});
    layer.on("mouseover", () => {
      const s = articleStyle(feature);
      layer.setStyle(p.kind === "point" ? {radius: 9} : {weight: (s.weight || 2) + 2});
    });
    layer.on("mouseout", () => layer.setStyle(articleStyle(feature)));
  };
  // One canvas draws every layer, in the order they were added; the last drawn
  // is on top and takes the click. Lift lines over areas, points over both.
  const raise = (map) => {
    const lines = [];
    const points = [];
    map.eachLayer((l) => {
      if (!l.feature || !l.bringToFront || l.options.pane === "basemap") { return; }
      if (l instanceof L.CircleMarker) { points.push(l); } else if (!(l instanceof L.Polygon)) { lines.push(l); }
    });
    lines.forEach((l) => l.bringToFront());
    points.forEach((l) => l.bringToFront());
  };
  window.geoExplorer = {
    // The whole map from one spec (see ExplorerLayers): basemap, article
    // overlays, opt-in tiles, the layer control and the first view.
    build: function (map, spec) {
      const overlays = {};
      if (spec.basemap) {
        if (!map.getPane("basemap")) {
          const pane = map.createPane("basemap");
          pane.style.zIndex = 250;
          pane.style.pointerEvents = "none";
        }
        overlays[spec.basemap.label] = this.layer(spec.basemap.key, 0,
          {mode: "basemap", pane: "basemap", interactive: false, smoothFactor: 1.5}).addTo(map);
      }
      if (spec.tiles) {
        overlays[spec.tiles.label] = L.tileLayer(spec.tiles.url, {attribution: spec.tiles.attribution, maxZoom: 19});
      }
      spec.labels.forEach((label, i) => {
        overlays[label] = this.layer(spec.key, i, {mode: "articles"}).addTo(map);
      });
      raise(map);
      map.on("overlayadd", () => raise(map));
      L.control.layers({}, overlays, {collapsed: true, position: "topright"}).addTo(map);
      // The first view is drawn where it belongs: no zoom animation from the default view.
      if (spec.bounds) { map.fitBounds(spec.bounds, {padding: [24, 24], maxZoom: 9, animate: false}); }
      // Read by the page (layers.ready) and benchmarks/app.py: set once the first
      // view is painted (the frame after the one that drew it).
      requestAnimationFrame(() => requestAnimationFrame(() => {
        this.drawnAt = performance.timeOrigin + performance.now();
        this.drawn = true;
      }));
    },
    layer: function (key, index, options) {
      const data = (window.GEO_DATA || {})[key];
      const basemap = options.mode === "basemap";
      const opts = Object.assign({}, options, {
        style: basemap ? basemapStyle : articleStyle,
        pointToLayer: (f, latlng) => L.circleMarker(latlng, articleStyle(f)),
      });
      delete opts.mode;
      if (!basemap) { opts.onEachFeature = bind; }
      const group = L.geoJson(null, opts);
      if (data && data[index]) { group.addData(data[index]); }
      return group;
    }
  };
})();
""".replace("__LIMIT__", str(POPUP_EXCERPTS))


def _inline_url(source: str, mime: str = "text/javascript") -> str:
    return f"data:{mime};base64," + base64.b64encode(source.encode("utf-8")).decode("ascii")


#: The helpers above as a script the map loads, always inlined: a few kilobytes, and
#: one request fewer before the map can draw (streamlit-folium loads scripts in turn).
EXPLORER_JS_URL = _inline_url(_EXPLORER_JS)


def static_publisher(folder: Path, url_prefix: str, *, keep_seconds: float = 86_400.0) -> Publisher:
    """A :data:`Publisher` writing files (scripts, stylesheets) into ``folder``, served at
    ``url_prefix`` (Streamlit's static serving: ``<app dir>/static`` at ``app/static/``).

    A name is written once (names are content digests): atomically, and
    data scripts (``geo-*.js``) older than ``keep_seconds`` are removed as
    new ones arrive, except those this publisher handed out (their URLs may
    be cached for the server's life); libraries (``lib-*``) stay. Where
    ``folder`` cannot be written, files are inlined as ``data:`` URLs instead.
    """
    handed_out: set[str] = set()

    def publish(name: str, source: str) -> str:
        target = folder / name
        handed_out.add(name)
        try:
            if not target.exists():
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
                tmp.write_text(source, encoding="utf-8")
                os.replace(tmp, target)
                cutoff = time.time() - keep_seconds
                for old in folder.glob("geo-*.js"):
                    if old.name not in handed_out and old.stat().st_mtime < cutoff:
                        old.unlink(missing_ok=True)
        except OSError:
            return _inline_url(source, "text/css" if name.endswith(".css") else "text/javascript")
        return url_prefix + name

    return publish


@dataclasses.dataclass(frozen=True, slots=True)
class MapData:
    """Feature collections shipped to the browser as one script.

    The script sets ``window.GEO_DATA[key]`` to the list of collections, so
    the map's own script stays small whatever the number of features (and
    streamlit-folium has little text to process and resend on each rerun).
    ``key`` is a digest of the content; a map that shows other data loads
    another script. ``url`` is a ``data:`` URL, or where a publisher put it.
    """

    key: str
    url: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    bounds: list[list[float]] | None

    @classmethod
    def of(
        cls, layers: Mapping[str, Sequence[dict[str, Any]]], *, publish: Publisher | None = None, framed: bool = True
    ) -> MapData:
        """Pack ``layers`` (label → features), inlined or through ``publish``;
        ``framed=False`` leaves ``bounds`` out (a basemap frames nothing)."""
        collections = [{"type": "FeatureCollection", "features": list(fs)} for fs in layers.values()]
        payload = json.dumps(collections, separators=(",", ":"), ensure_ascii=False)
        key = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        source = f"(window.GEO_DATA = window.GEO_DATA || {{}})[{json.dumps(key)}] = {payload};\n"
        return cls(
            key=key,
            url=publish(f"geo-{key}.js", source) if publish else _inline_url(source),
            labels=tuple(layers),
            counts=tuple(len(fs) for fs in layers.values()),
            bounds=feature_bounds(f for fs in layers.values() for f in fs) if framed else None,
        )


class _MapScripts(JSCSSMixin, MacroElement):
    """The scripts a map's data layers need: the helpers and each :class:`MapData`."""

    _template = Template("")

    def __init__(self, *data: MapData) -> None:
        super().__init__()
        self._name = "MapScripts"
        self.default_js = [("geo_explorer", EXPLORER_JS_URL)] + [(f"geo_data_{d.key}", d.url) for d in data]


class ExplorerLayers(MacroElement):
    """Every layer of the explorer's map in one element (constant cost per rerun,
    however many articles): see ``geoExplorer.build`` in the map's script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            window.geoExplorer.build({{ this._parent.get_name() }}, {{ this.spec|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ExplorerLayers"
        self.spec = spec


# -- features ---------------------------------------------------------------


def _simplify(geometry: dict[str, Any] | str) -> dict[str, Any]:
    """A line or area simplified to :data:`DISPLAY_DETAIL` of its extent (points as they are)."""
    text = geometry if isinstance(geometry, str) else json.dumps(geometry)
    return json.loads(_simplified_text(text))


@functools.lru_cache(maxsize=2048)
def _simplified_text(text: str) -> str:
    """A geometry's GeoJSON text at display detail: simplified to :data:`DISPLAY_DETAIL` of its
    extent, islands smaller than that detail left out (unless nothing larger is left), and
    coordinates on a decimal grid a tenth of the tolerance or finer (so they print short)."""
    geom = shapely.from_geojson(text)
    if geom.geom_type in ("Point", "MultiPoint"):
        return text
    west, south, east, north = geom.bounds
    tolerance = max(east - west, north - south) * DISPLAY_DETAIL
    if tolerance <= 0:
        return text
    if geom.geom_type == "MultiPolygon":
        parts = list(geom.geoms)
        geom = shapely.MultiPolygon([p for p in parts if p.area >= 3 * tolerance * tolerance]
                                    or [max(parts, key=lambda p: p.area)])
    simple = geom.simplify(tolerance, preserve_topology=True)
    if simple.is_empty:
        return text
    if tolerance > 1e-5:
        simple = shapely.set_precision(simple, 10.0 ** math.floor(math.log10(tolerance / 10)))
    return shapely.to_geojson(simple)


def _display_place(place: Place) -> Place:
    """The place with its line or area simplified for display."""
    if place.kind == "point":
        return place
    text = place.geometry_json or (place.geometry_loader(place.id) if place.geometry_loader else "")
    if not text:
        return place
    return dataclasses.replace(place, geometry_json=_simplified_text(text), geometry_loader=None)


def display_features(doc: Document) -> list[dict[str, Any]]:
    """The features of one parsed article (:func:`layers.document_features`), lines
    and areas simplified for the map before they are built (fast on large countries),
    and each distinct excerpt kept once with all its mentions marked
    (``{"text", "marks": [[start, end], ...]}``, see :func:`layers.features.merge_excerpts`)."""
    light: dict[int, Place] = {}
    mentions = []
    for m in doc.mentions:
        if m.place is not None:
            place = light.get(m.place.id) or light.setdefault(m.place.id, _display_place(m.place))
            m = dataclasses.replace(m, place=place)
        mentions.append(m)
    features = document_features(dataclasses.replace(doc, mentions=tuple(mentions)))
    for f in features:
        f["properties"]["excerpts"] = merge_excerpts(f["properties"]["excerpts"])
    return features


def filter_features(
    features: Iterable[dict[str, Any]],
    *,
    articles: Collection[str] | None = None,
    kinds: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    min_confidence: float = 0.0,
) -> list[dict[str, Any]]:
    """The features that pass every filter; None for a filter means "all".

    ``articles`` are article ids; ``countries`` ISO codes, where ``""``
    stands for places without a country (seas, continents).
    """
    out = []
    for f in features:
        p = f.get("properties") or {}
        if articles is not None and p.get("article_id") not in articles:
            continue
        if kinds is not None and p.get("kind") not in kinds:
            continue
        if countries is not None and (p.get("country") or "") not in countries:
            continue
        if float(p.get("confidence") or 0.0) < min_confidence:
            continue
        out.append(f)
    return out


def feature_bounds(features: Iterable[dict[str, Any]]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` around the features (Leaflet's order), or None."""
    box = merge_bbox(geometry_bbox(f.get("geometry")) for f in features)
    if box is None:
        return None
    west, south, east, north = box
    return [[south, west], [north, east]]


def place_view(bbox: Sequence[float]) -> tuple[list[float], int]:
    """``([lat, lon], zoom)`` that frames a place's ``(west, south, east, north)`` bbox.

    >>> place_view((126.6, 37.9, 126.6, 37.9))
    ([37.9, 126.6], 12)
    >>> place_view((-10.0, 35.0, 30.0, 60.0))
    ([47.5, 10.0], 3)
    """
    west, south, east, north = (float(v) for v in bbox)
    extent = max(east - west, north - south)
    zoom = 12 if extent <= 0.01 else int(max(2, min(12, math.floor(math.log2(360.0 / extent)))))
    return [round((south + north) / 2, 6), round((west + east) / 2, 6)], zoom


def clicked_feature(map_state: Mapping[str, Any] | None) -> tuple[str, int] | None:
    """``(article_id, place_id)`` of the feature a click on the map returned, if any.

    ``map_state`` is what ``st_folium`` returns (its ``last_active_drawing``
    is the clicked layer's GeoJSON, properties included).

    >>> clicked_feature({"last_active_drawing": {"properties": {"article_id": "a", "place_id": 7}}})
    ('a', 7)
    >>> clicked_feature({"last_active_drawing": None}) is None
    True
    """
    drawing = (map_state or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    if not isinstance(props, Mapping):
        return None
    article, place = props.get("article_id"), props.get("place_id")
    if not isinstance(article, str) or isinstance(place, bool) or not isinstance(place, int | float):
        return None
    return article, int(place)


# -- the map -------------------------------------------------------------------


#: What the map reports back to the app (``st_folium(returned_objects=...)``): the clicked
#: feature, and where the last click on a feature fell, so that clicking the same feature
#: again (after selecting another place elsewhere) still reports. Both start as None on
#: either side, so loading the map reports nothing; streamlit-folium's click count would
#: (it starts at 0 in the page, None in Python), and rerun the whole page while the map
#: is still drawing.
RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked")
#: The opt-in online tiles (never loaded unless a person ticks them in the layer control).
OSM_TILES = {
    "label": "OpenStreetMap tiles (needs network)",
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
}
#: The basemap's label in the layer control.
BASEMAP_LABEL = "Countries and seas (offline)"


def build_map(
    data: MapData, *, basemap: MapData | None = None, tiles: bool = True, publish: Publisher | None = None
) -> folium.Map:
    """The map of ``data`` (one overlay per labelled collection), offline-ready.

    ``basemap`` is a :class:`MapData` of :func:`layers.basemap.basemap_collection`,
    drawn in a pane that takes no clicks. The first view frames the data
    (else the world). ``tiles`` adds OpenStreetMap tiles as an overlay that
    is off until a person turns it on (it needs the network). Labels reach
    Leaflet's layer control, which inserts them as HTML, so they are escaped.
    Leaflet (and its stylesheet) are inlined, or stored through ``publish``
    (as :class:`MapData` is) so the map's message stays small.
    """
    m = folium.Map(
        location=[20, 0], zoom_start=2, tiles=None, min_zoom=1, max_zoom=18,
        prefer_canvas=True, control_scale=True, world_copy_jump=True,
    )
    m.get_root().header.add_child(folium.Element(_PAGE_CSS), name="geo_css")
    _MapScripts(*([basemap] if basemap is not None else []), data).add_to(m)
    spec = {
        "key": data.key,
        "labels": [html.escape(label) for label in data.labels],
        "basemap": {"key": basemap.key, "label": BASEMAP_LABEL} if basemap is not None else None,
        "tiles": OSM_TILES if tiles else None,
        "bounds": data.bounds,
    }
    ExplorerLayers(spec).add_to(m)
    return preload_assets(make_offline(m, publish=publish))


def selection_group(
    geometries: Sequence[dict[str, Any]] = (),
    *,
    line: Sequence[tuple[float, float]] | None = None,
) -> folium.FeatureGroup:
    """An overlay marking the selected place(s) (and a measured distance ``line``
    of (lon, lat) points), to pass to ``st_folium(feature_group_to_add=...)``.

    It takes no clicks, so selecting never changes what was clicked.
    """
    group = folium.FeatureGroup(name="Selection", control=False)
    style = {"color": "#ff7f00", "weight": 5, "opacity": 0.95, "fillOpacity": 0.05, "radius": 13, "fill": True}
    for geometry in geometries:
        folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": _simplify(geometry)},
            style_function=lambda _f, s=style: s,
            marker=folium.CircleMarker(radius=13, fill=False),
            interactive=False,
            control=False,
        ).add_to(group)
    if line is not None and len(line) >= 2:
        folium.PolyLine(
            [(lat, lon) for lon, lat in line], color="#6a3d9a", weight=3, dash_array="6 6", interactive=False,
        ).add_to(group)
    return group


# -- the side panel and the table ----------------------------------------------


def highlight_html(text: str, start: int, end: int) -> str:
    """``text`` as HTML with ``text[start:end]`` in ``<mark>``: everything escaped.

    >>> highlight_html("<b>Seoul</b> & co", 3, 8)
    '&lt;b&gt;<mark>Seoul</mark>&lt;/b&gt; &amp; co'
    """
    return marks_html(text, [(start, end)])


def mention_rows(docs: Iterable[Document]) -> list[dict[str, Any]]:
    """One row per mention of every article, in text order (for a table)."""
    rows = []
    for doc in docs:
        for m in doc.mentions:
            p = m.place
            rows.append(
                {
                    "article": doc.title or doc.id,
                    "mention": m.text,
                    "place": p.name if p else None,
                    "kind": p.kind if p else None,
                    "feature": p.feature if p else None,
                    "country": p.country if p else None,
                    "confidence": round(m.confidence, 3),
                    "corrected": m.corrected,
                    "offset": m.start,
                    "article_id": doc.id,
                    "place_id": p.id if p else None,
                }
            )
    return rows
