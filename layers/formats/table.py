"""CSV: one row per feature, its properties, ``lat``/``lon`` and the geometry as WKT.

RFC 4180 with the :mod:`csv` module: CRLF row ends, fields quoted when they
hold a comma, a quote or a line break, quotes doubled. Lists and objects are
JSON strings, null is empty (:func:`layers.formats.base.flat_value`).
``lat``/``lon`` are the feature's representative point (its own ``lat`` and
``lon`` properties when it has them, else the point, or a point inside the
geometry from shapely). The ``wkt`` column is what GDAL's CSV driver reads as
the geometry. Text is never altered, so a spreadsheet may take a cell that
starts with ``=`` for a formula: that is the reader's escaping to do.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import Any

from geo.errors import ExportError
from layers.formats.base import Target, TextLayerWriter, flat_value

__all__ = ["CSVWriter", "geometry_wkt", "representative_lat_lon"]


def geometry_wkt(geometry: dict[str, Any] | None) -> str:
    """WKT of a GeoJSON geometry (empty for none).

    >>> geometry_wkt({"type": "Point", "coordinates": [126.978, 37.566]})
    'POINT (126.978 37.566)'
    """
    if not geometry:
        return ""
    if geometry.get("type") == "Point":
        c = geometry["coordinates"]
        numbers = " ".join(repr(x) for x in c)
        return f"POINT Z ({numbers})" if len(c) == 3 else f"POINT ({numbers})"
    from shapely.geometry import shape

    return str(shape(geometry).wkt)


def representative_lat_lon(feature: dict[str, Any]) -> tuple[Any, Any]:
    """``(lat, lon)`` of a feature's representative point, or ``(None, None)``."""
    props = feature.get("properties") or {}
    if isinstance(props.get("lat"), int | float) and isinstance(props.get("lon"), int | float):
        return props["lat"], props["lon"]
    g = feature.get("geometry")
    if not g:
        return None, None
    if g.get("type") == "Point":
        return g["coordinates"][1], g["coordinates"][0]
    from shapely.geometry import shape

    geom = shape(g)
    if geom.is_empty:
        return None, None
    p = geom.representative_point()
    return round(p.y, 6), round(p.x, 6)


class CSVWriter(TextLayerWriter):
    """CSV rows; the columns are ``fields`` (default: the first feature's
    properties) then ``lat``, ``lon`` (unless among them) and ``wkt``."""

    newline = ""

    def __init__(self, target: Target, *, name: str = "layer", fields: Sequence[str] | None = None) -> None:
        self.fields: list[str] | None = list(fields) if fields is not None else None
        super().__init__(target, name=name)

    def begin(self) -> None:
        """Make the csv writer (the header waits for the first feature unless fields are known)."""
        self._csv = csv.writer(self.out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self._header = False
        if self.fields is not None:
            self._write_header()

    def _write_header(self) -> None:
        fields = self.fields or []
        self._extra = [c for c in ("lat", "lon") if c not in fields]
        self._wkt = "wkt" if "wkt" not in fields else "geometry_wkt"
        self._csv.writerow([*fields, *self._extra, self._wkt])
        self._known = set(fields)
        self._header = True

    def emit(self, feature: dict[str, Any]) -> None:
        """Write one row."""
        props = feature.get("properties") or {}
        if not self._header:
            self.fields = list(props)
            self._write_header()
        unknown = [k for k in props if k not in self._known]
        if unknown:
            raise ExportError(
                f"{self.where}: feature {self.count} has properties {unknown} that are not CSV columns; "
                "pass the fields (write_layer does this for a whole collection)"
            )
        row = [flat_value(props.get(k)) for k in self.fields or ()]
        if self._extra:
            point = dict(zip(("lat", "lon"), representative_lat_lon(feature), strict=True))
            row += [flat_value(point[c]) for c in self._extra]
        row.append(geometry_wkt(feature.get("geometry")))
        self._csv.writerow(row)

    def finish(self) -> None:
        """Write the header of an empty layer."""
        if not self._header:
            self.fields = []
            self._write_header()
