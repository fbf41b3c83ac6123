"""GeoJSON (RFC 7946) and newline-delimited GeoJSON, streamed.

The FeatureCollection is written feature by feature and its ``bbox`` after
the ``features`` array (member order does not matter in JSON), so neither
format holds the layer in memory. Text is UTF-8, unescaped (``ensure_ascii``
off): what the properties hold is what the file holds. JSON has no NaN or
infinity: with orjson (used when installed) they are written as null, with
the standard json module they are refused.
"""

from __future__ import annotations

from typing import Any

from layers.formats.base import TextLayerWriter
from layers.formats.base import json_text as _dumps
from layers.geometry import BBox, geometry_bbox

__all__ = ["GeoJSONSeqWriter", "GeoJSONWriter"]

# Characters some line splitters (Python's str.splitlines, JavaScript before
# ES2019) treat as line ends; JSON allows them raw in strings, we escape them.
_LINE_ENDS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


class GeoJSONWriter(TextLayerWriter):
    """One FeatureCollection with ``name`` and ``bbox`` members."""

    def begin(self) -> None:
        """Open the collection."""
        self._box: list[float] | None = None
        self.out.write('{"type":"FeatureCollection","name":' + _dumps(self.name) + ',"features":[')

    def _grow(self, box: BBox | None) -> None:
        if box is None:
            return
        b = self._box
        if b is None:
            self._box = list(box)
            return
        if box[0] < b[0]:
            b[0] = box[0]
        if box[1] < b[1]:
            b[1] = box[1]
        if box[2] > b[2]:
            b[2] = box[2]
        if box[3] > b[3]:
            b[3] = box[3]

    def emit(self, feature: dict[str, Any]) -> None:
        """Append one feature to the array."""
        text = _dumps(feature)
        self._grow(geometry_bbox(feature.get("geometry")))
        self.out.write(("\n" if self.count == 0 else ",\n") + text)

    def finish(self) -> None:
        """Close the array; add the bbox when there is an extent."""
        tail = "\n]" if self.count else "]"
        if self._box is not None:
            tail += ',"bbox":' + _dumps(self._box)
        self.out.write(tail + "}\n")


class GeoJSONSeqWriter(TextLayerWriter):
    """Newline-delimited GeoJSON: one Feature per line (GDAL's GeoJSONSeq, ``.geojsonl``)."""

    def emit(self, feature: dict[str, Any]) -> None:
        """Write one feature on its own line."""
        text = _dumps(feature)
        if "\u2028" in text or "\u2029" in text or "\x85" in text:
            for raw, escaped in _LINE_ENDS.items():
                text = text.replace(raw, escaped)
        self.out.write(text + "\n")
