"""KML 2.2 for Google Earth, streamed one Placemark at a time.

Written from string templates through one escaping function, :func:`xml_text`
(``&``, ``<``, ``>``; in attributes also quotes, tabs and line breaks;
``\\r`` as ``&#13;`` so XML line-end normalisation keeps it), which the tests
check by parsing every file back with an XML parser. Not simplekml: it
builds the whole document in memory before writing (no streaming) and adds
a dependency; not ElementTree: serialising ~50 elements per Placemark with
it ran at ~2,000 Placemarks a second here, the templates several times faster.

The Placemarks sit in one Folder named after the layer (GDAL reads it as
the layer, also when it is empty). Each Placemark has:

* ``name``: the feature's ``name`` property;
* ``description``: an HTML fragment the KML client renders (meta line and
  excerpts with the mention in bold). Every piece of property text in it is
  HTML-escaped first, then XML-escaped, so ``<script>`` in an article shows
  as text and never runs (no CDATA anywhere);
* an inline ``Style`` made from the simplestyle properties (inline, not
  shared: shared styles must come before every Placemark, which a stream
  cannot know);
* ``ExtendedData``: every property as ``<Data name=...><value>`` with the
  text exactly as in the data (lists and objects as JSON, null omitted), which
  is where a program reads the values back;
* the geometry: Point, LineString, Polygon (outer and inner boundaries), and
  MultiGeometry for multi-part geometries and collections.

XML 1.0 cannot hold most C0 control characters, lone surrogates, U+FFFE or
U+FFFF, even escaped; they are written as U+FFFD.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

from layers.features import marks_html, merge_excerpts
from layers.formats.base import TextLayerWriter, flat_value

__all__ = ["KMLWriter", "description_html", "kml_color", "xml_text"]

KML_NS = "http://www.opengis.net/kml/2.2"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def xml_text(value: str, *, attribute: bool = False) -> str:
    r"""``value`` escaped for XML element text (or a double-quoted attribute).

    >>> xml_text('a < b & "c"\r\n')
    'a &lt; b &amp; "c"&#13;\n'
    >>> xml_text('say "hi"\n', attribute=True)
    'say &quot;hi&quot;&#10;'
    """
    if not attribute and not _XML_SPECIAL.search(value):
        return value
    if _XML_INVALID.search(value):
        value = _XML_INVALID.sub("\ufffd", value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if attribute:
        value = value.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return value


@functools.lru_cache(maxsize=256)
def _data_open(name: str) -> str:
    """The opening of a ``Data`` element for a property name (names repeat: cached)."""
    return f'<Data name="{xml_text(name, attribute=True)}"><value>'


def kml_color(color: Any, opacity: Any = 1.0) -> str | None:
    """A simplestyle colour (``#rrggbb`` or ``#rgb``) and opacity as KML ``aabbggrr``.

    >>> kml_color("#d7301f", 0.25)
    '401f30d7'
    >>> kml_color("red") is None
    True
    """
    if not isinstance(color, str):
        return None
    m = _HEX.fullmatch(color.strip())
    if not m:
        return None
    h = m.group(1)
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    try:
        a = max(0.0, min(1.0, float(opacity)))
    except (TypeError, ValueError):
        a = 1.0
    return f"{round(a * 255):02x}{h[4:6]}{h[2:4]}{h[0:2]}".lower()


def description_html(properties: dict[str, Any]) -> str:
    """The Placemark description: escaped HTML of the meta line and the excerpts.

    >>> description_html({"kind": "point", "excerpts": [{"text": "<b>Seoul</b>", "start": 3, "end": 8}]})
    '<p>point</p><p>&lt;b&gt;<b>Seoul</b>&lt;/b&gt;</p>'
    >>> description_html({"excerpts": [{"text": "Seoul, Seoul", "start": 0, "end": 5},
    ...                                {"text": "Seoul, Seoul", "start": 7, "end": 12}]})
    '<p><b>Seoul</b>, <b>Seoul</b></p>'
    """
    esc = html.escape
    meta = [str(properties[k]) for k in ("kind", "feature_class", "country") if properties.get(k)]
    if isinstance(properties.get("confidence"), int | float):
        meta.append(f"confidence {properties['confidence']:.2f}")
    parts = [f"<p>{esc(' · '.join(meta))}</p>"] if meta else []
    if properties.get("article_title"):
        parts.append(f"<p><i>{esc(str(properties['article_title']))}</i></p>")
    excerpts = properties.get("excerpts")
    if isinstance(excerpts, list):
        texts = [ex for ex in excerpts if isinstance(ex, dict) and isinstance(ex.get("text"), str)]
        marked = [ex for ex in texts if _in_bounds(ex)]
        for ex in merge_excerpts(marked):  # a sentence naming the place twice is shown once
            parts.append(f"<p>{marks_html(ex['text'], ex['marks'], tag='b')}</p>")
        shown = {ex["text"] for ex in marked}
        for t in dict.fromkeys(ex["text"] for ex in texts if ex["text"] not in shown):
            parts.append(f"<p>{esc(t)}</p>")
    elif isinstance(properties.get("description"), str):
        parts.append(f"<p>{esc(properties['description'])}</p>")
    return "".join(parts)


def _in_bounds(ex: dict[str, Any]) -> bool:
    s, e = ex.get("start"), ex.get("end")
    return isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(ex["text"])


def _num(x: float) -> str:
    text = repr(x)
    if "e" in text or "E" in text or "n" in text:
        text = f"{x:.10f}".rstrip("0").rstrip(".")
    return text


def _coords(positions: Any) -> str:
    return "<coordinates>" + " ".join(",".join(_num(c) for c in p) for p in positions) + "</coordinates>"


def _polygon(rings: Any) -> str:
    parts = ["<Polygon>"]
    for i, ring in enumerate(rings):
        tag = "outerBoundaryIs" if i == 0 else "innerBoundaryIs"
        parts.append(f"<{tag}><LinearRing>{_coords(ring)}</LinearRing></{tag}>")
    parts.append("</Polygon>")
    return "".join(parts)


def _geometry(g: dict[str, Any]) -> str:
    gtype, c = g["type"], g.get("coordinates")
    if gtype == "Point":
        return f"<Point>{_coords([c])}</Point>"
    if gtype == "LineString":
        return f"<LineString>{_coords(c)}</LineString>"
    if gtype == "Polygon":
        return _polygon(c)
    if gtype == "MultiPoint":
        parts = [f"<Point>{_coords([p])}</Point>" for p in c]
    elif gtype == "MultiLineString":
        parts = [f"<LineString>{_coords(line)}</LineString>" for line in c]
    elif gtype == "MultiPolygon":
        parts = [_polygon(poly) for poly in c]
    elif gtype == "GeometryCollection":
        parts = [_geometry(member) for member in g["geometries"]]
    else:
        raise ValueError(f"unknown geometry type {gtype!r}")
    return "<MultiGeometry>" + "".join(parts) + "</MultiGeometry>"


_STYLE_KEYS = ("marker-color", "stroke", "stroke-opacity", "fill", "fill-opacity", "stroke-width")


def _style(p: dict[str, Any]) -> str:
    """An inline Style from simplestyle properties (empty when there are none)."""
    key = tuple(p.get(k) for k in _STYLE_KEYS)
    try:
        return _style_of(key)
    except TypeError:  # a value that cannot be hashed is no colour anyway
        return ""


@functools.lru_cache(maxsize=256)
def _style_of(values: tuple[Any, ...]) -> str:
    marker, stroke, stroke_opacity, fill_color, fill_opacity, width = values
    icon = kml_color(marker)
    line = kml_color(stroke, 1.0 if stroke_opacity is None else stroke_opacity)
    fill = kml_color(fill_color, 0.6 if fill_opacity is None else fill_opacity)
    width_text = _num(width) if isinstance(width, int | float) and not isinstance(width, bool) else None
    if not (icon or line or fill or width_text):
        return ""
    parts = ["<Style>"]
    if icon:
        parts.append(f"<IconStyle><color>{icon}</color></IconStyle>")
    if line or width_text:
        parts.append("<LineStyle>" + (f"<color>{line}</color>" if line else "")
                     + (f"<width>{width_text}</width>" if width_text else "") + "</LineStyle>")
    if fill:
        parts.append(f"<PolyStyle><color>{fill}</color></PolyStyle>")
    parts.append("</Style>")
    return "".join(parts)


class KMLWriter(TextLayerWriter):
    """A KML Document holding one Folder (the layer, so GDAL sees it even when empty) of Placemarks."""

    def begin(self) -> None:
        """Write the XML declaration and open the Document and Folder."""
        name = f"<name>{xml_text(self.name)}</name>"
        self.out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{KML_NS}">\n<Document>\n{name}\n'
                       f"<Folder>\n{name}\n")

    def emit(self, feature: dict[str, Any]) -> None:
        """Write one Placemark."""
        props = feature.get("properties") or {}
        parts = ["<Placemark>"]
        if props.get("name") is not None:
            parts.append(f"<name>{xml_text(flat_value(props['name']))}</name>")
        desc = description_html(props)
        if desc:
            parts.append(f"<description>{xml_text(desc)}</description>")
        parts.append(_style(props))
        values = [(k, v) for k, v in props.items() if v is not None]
        if values:
            parts.append("<ExtendedData>")
            parts.extend(f"{_data_open(str(k))}{xml_text(flat_value(v))}</value></Data>" for k, v in values)
            parts.append("</ExtendedData>")
        if feature.get("geometry"):
            parts.append(_geometry(feature["geometry"]))
        parts.append("</Placemark>\n")
        self.out.write("".join(parts))

    def finish(self) -> None:
        """Close the Folder and the Document."""
        self.out.write("</Folder>\n</Document>\n</kml>\n")
