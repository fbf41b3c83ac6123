"""How close the curated Korean geometry is to the US State Department's LSIB lines.

Prints the mean and maximum distance (metres, UTM 52N) from the reference
MDL's vertices to our MDL, the DMZ's area, whether the DMZ contains the
JSA, and OP Ouellette's distance to the reference MDL. The reference
(``../shared/reference/dmz-lsib.geojson`` beside the repository) is a
yardstick only; nothing here copies it. Run from anywhere::

    python benchmarks/curated_geometry.py [--curated PATH] [--reference PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parent.parent
#: The reference lines, kept in the shared folder beside the repository.
REFERENCE_PATH = REPO_ROOT.parent / "shared" / "reference" / "dmz-lsib.geojson"
CURATED_PATH = REPO_ROOT / "geo" / "data" / "curated.geojson"
#: The LSIB attribute value that marks the MDL among the reference lines.
REFERENCE_MDL_LABEL = "Military Demarcation Line"


def reference_mdl(path: Path) -> BaseGeometry:
    """The MDL LineString of the LSIB reference file (lon/lat)."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("DISCLAIME1") == REFERENCE_MDL_LABEL:
            return shape(feature["geometry"])
    raise ValueError(f"{path} holds no feature labelled {REFERENCE_MDL_LABEL!r}")


def curated_features(path: Path) -> dict[str, dict[str, Any]]:
    """The curated features by their ``id`` property."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f for f in collection["features"]}


def vertex_distances(reference: BaseGeometry, ours: BaseGeometry) -> np.ndarray:
    """Distance in metres from each vertex of ``reference`` to ``ours`` (both lon/lat)."""
    from geo.sources.curated_derive import to_utm

    ours_m = to_utm(ours)
    return np.array([ours_m.distance(Point(c)) for c in to_utm(reference).coords])


def measure(curated: Path, reference: Path) -> dict[str, float | bool]:
    """The figures this benchmark reports, by name."""
    from geo.sources.curated_derive import to_utm

    features = curated_features(curated)
    ref = reference_mdl(reference)
    mdl = shape(features["kr-mdl"]["geometry"])
    dmz = shape(features["kr-dmz"]["geometry"])
    jsa = shape(features["kr-jsa"]["geometry"])
    ouellette = shape(features["kr-op-ouellette"]["geometry"])
    gaps = vertex_distances(ref, mdl)
    return {
        "mdl_mean_m": float(gaps.mean()),
        "mdl_median_m": float(np.median(gaps)),
        "mdl_p90_m": float(np.percentile(gaps, 90)),
        "mdl_max_m": float(gaps.max()),
        "mdl_vertices": float(len(mdl.coords)),
        "dmz_area_km2": to_utm(dmz).area / 1e6,
        "dmz_contains_jsa": bool(dmz.contains(jsa)),
        "ouellette_to_reference_mdl_m": to_utm(ref).distance(to_utm(ouellette)),
        "jsa_to_reference_mdl_m": to_utm(ref).distance(to_utm(jsa)),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print the measurements; exit 0 with a note when the reference is absent."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--curated", type=Path, default=CURATED_PATH)
    parser.add_argument("--reference", type=Path, default=REFERENCE_PATH)
    args = parser.parse_args(argv)
    if not args.reference.exists():
        print(f"reference not found at {args.reference}: nothing to measure (it lives in ../shared)")
        return 0
    sys.path.insert(0, str(REPO_ROOT))
    figures = measure(args.curated, args.reference)
    print(
        f"MDL distance, reference vertices to ours: mean {figures['mdl_mean_m']:.0f} m, "
        f"median {figures['mdl_median_m']:.0f} m, 90th percentile {figures['mdl_p90_m']:.0f} m, "
        f"max {figures['mdl_max_m']:.0f} m ({figures['mdl_vertices']:.0f} vertices in ours)"
    )
    print(f"DMZ area: {figures['dmz_area_km2']:.0f} km2; contains the JSA: {figures['dmz_contains_jsa']}")
    print(
        f"OP Ouellette to the reference MDL: {figures['ouellette_to_reference_mdl_m']:.0f} m "
        f"(JSA point: {figures['jsa_to_reference_mdl_m']:.0f} m)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
