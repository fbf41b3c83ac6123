"""The export formats: one module per format, one registry.

>>> sorted(FORMATS)
['csv', 'geojson', 'geojsonl', 'gpkg', 'kml']
>>> format_for_path("out/layer.ndjson")
'geojsonl'
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import ExportError
from layers.formats.base import LayerWriter, Target
from layers.formats.geojson import GeoJSONSeqWriter, GeoJSONWriter
from layers.formats.gpkg import GPKGWriter
from layers.formats.kml import KMLWriter
from layers.formats.table import CSVWriter

__all__ = ["FORMATS", "Format", "LayerWriter", "format_for_path", "open_writer"]


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its name, file extension, media type, and writer.

    ``multi_layer`` says whether one file holds several layers (GeoPackage);
    ``text`` whether the writer produces text (and may go to stdout).
    """

    name: str
    extension: str
    media_type: str
    description: str
    writer: Callable[..., LayerWriter]
    multi_layer: bool = False
    text: bool = True


#: Format name → format, in the order the CLI lists them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("geojson", ".geojson", "application/geo+json", "GeoJSON FeatureCollection (RFC 7946)", GeoJSONWriter),
        Format("geojsonl", ".geojsonl", "application/x-ndjson", "newline-delimited GeoJSON, a Feature a line",
               GeoJSONSeqWriter),
        Format("kml", ".kml", "application/vnd.google-earth.kml+xml", "KML for Google Earth", KMLWriter),
        Format("csv", ".csv", "text/csv", "CSV with lat, lon and WKT", CSVWriter),
        Format("gpkg", ".gpkg", "application/geopackage+sqlite3", "GeoPackage (GDAL)", GPKGWriter,
               multi_layer=True, text=False),
    )
}

_EXTENSIONS = {
    ".geojson": "geojson", ".json": "geojson",
    ".geojsonl": "geojsonl", ".geojsons": "geojsonl", ".ndjson": "geojsonl", ".jsonl": "geojsonl",
    ".kml": "kml", ".csv": "csv", ".gpkg": "gpkg",
}


def format_for_path(path: str | os.PathLike[str]) -> str | None:
    """The format a file name's extension implies, or None."""
    return _EXTENSIONS.get(Path(path).suffix.lower())


def open_writer(target: Target, fmt: str, *, name: str = "layer", **options: Any) -> LayerWriter:
    """A writer of format ``fmt`` to ``target`` (a path or an open file) for the layer ``name``.

    ``options`` go to the format's writer (``fields`` for CSV; ``add_layer``
    and ``chunk_size`` for GeoPackage). Use it as a context manager, or call
    ``write`` for each feature and then ``close``.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt].writer(target, name=name, **options)
