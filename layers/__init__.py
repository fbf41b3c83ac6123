"""Map layers from parsed articles: GeoJSON every GIS opens, export and import.

* :func:`document_features`: one GeoJSON Feature per distinct place an
  article names, with excerpts and simplestyle colours (:mod:`layers.features`);
* :func:`build_layers`: FeatureCollections of everything, per article or per
  kind (``points``, ``lines``, ``areas``) with their bbox (:mod:`layers.build`);
* :func:`write_layer`, :func:`write_layers`, :func:`layer_bytes`: GeoJSON,
  newline-delimited GeoJSON, KML, CSV and GeoPackage (:mod:`layers.export`);
* :func:`import_geojson`: a user's GeoJSON file as an overlay, all or
  nothing (:mod:`layers.importer`);
* :func:`feature_style`: the simplestyle properties (:mod:`layers.style`);
* :func:`check_rfc7946`: what breaks RFC 7946 in a GeoJSON object (:mod:`layers.validate`).

All GeoJSON is RFC 7946: [lon, lat], 6 decimals, right-hand winding, no crs.
Property text is stored as it is, never escaped: escaping belongs to
whoever renders it.
"""

from layers.build import KIND_LAYERS, LAYER_BY, build_layers, feature_collection
from layers.export import layer_bytes, write_layer, write_layers
from layers.features import FIELDS, document_features, iter_features
from layers.formats import FORMATS
from layers.importer import ImportResult, import_geojson
from layers.style import COLOR_BY, feature_style
from layers.validate import check_rfc7946

__all__ = [
    "COLOR_BY",
    "FIELDS",
    "FORMATS",
    "KIND_LAYERS",
    "LAYER_BY",
    "ImportResult",
    "build_layers",
    "check_rfc7946",
    "document_features",
    "feature_collection",
    "feature_style",
    "import_geojson",
    "iter_features",
    "layer_bytes",
    "write_layer",
    "write_layers",
]
