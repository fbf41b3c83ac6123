"""GDAL's ogrinfo reads every export format: feature counts, geometry types, text.

Needs ``ogrinfo`` (Debian package gdal-bin). Skipped when it is missing on a
developer machine; in CI (``CI`` set) a missing ogrinfo fails.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from layers_samples import NASTY, ogrinfo_path, ogrinfo_skip_reason, sample_documents

from layers import FORMATS, build_layers, write_layer, write_layers

pytestmark = pytest.mark.skipif(ogrinfo_skip_reason() is not None, reason=ogrinfo_skip_reason() or "")

#: ogrinfo's summary name of each geometry type.
OGR_TYPE = {"Point": "Point", "LineString": "Line String", "Polygon": "Polygon", "MultiPolygon": "Multi Polygon"}


def ogrinfo(*args: str) -> str:
    """Run ogrinfo read-only; fail (not skip) when it is missing."""
    exe = ogrinfo_path()
    assert exe, "ogrinfo is missing: apt-get install gdal-bin"
    done = subprocess.run([exe, "-ro", *args], capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    return done.stdout


def summary(path: Path) -> dict[str, tuple[int, str]]:
    """Layer name → (feature count, geometry type) from ``ogrinfo -al -so``."""
    out: dict[str, tuple[int, str]] = {}
    for block in ogrinfo("-al", "-so", str(path)).split("Layer name: ")[1:]:
        name = block.splitlines()[0].strip()
        count = re.search(r"^Feature Count: (\d+)$", block, re.M)
        geometry = re.search(r"^Geometry: (.+)$", block, re.M)
        assert count and geometry, block
        out[name] = (int(count.group(1)), geometry.group(1).strip())
    return out


def geometry_types(path: Path, layer: str | None = None) -> list[str]:
    """The geometry type of each feature of one layer (default: all), in order (``ogrinfo -geom=SUMMARY``)."""
    listing = ogrinfo("-geom=SUMMARY", str(path), layer) if layer else ogrinfo("-al", "-geom=SUMMARY", str(path))
    return re.findall(r"^  (POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON) :", listing, re.M)


def sql_hex(path: Path, column: str, table: str) -> list[str]:
    """The UTF-8 bytes (hex) of a text column as GDAL reads it, through the SQLite dialect."""
    listing = ogrinfo("-q", "-dialect", "SQLite", "-sql", f'SELECT hex("{column}") AS h FROM "{table}"', str(path))
    return re.findall(r"^  h \(String\) = ([0-9A-F]*)$", listing, re.M)


@pytest.fixture
def layer() -> dict[str, Any]:
    return build_layers(sample_documents())["all"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_layer_counts_and_types(tmp_path: Path, fmt: str, layer: dict[str, Any]) -> None:
    path = tmp_path / f"all{FORMATS[fmt].extension}"
    write_layer(layer, path, fmt)
    assert summary(path) == {"all": (6, "Unknown (any)")}
    expected = [f["geometry"]["type"].upper() for f in layer["features"]]
    assert geometry_types(path) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_kind_layers_counts_and_types(tmp_path: Path, fmt: str) -> None:
    layers = build_layers(sample_documents(), by="kinds")
    out = tmp_path / ("kinds.gpkg" if fmt == "gpkg" else "kinds")
    paths = write_layers(layers, out, fmt)
    for name, fc in layers.items():
        found = summary(paths[name])[name] if fmt != "gpkg" else summary(out)[name]
        assert found[0] == len(fc["features"])
        types = {f["geometry"]["type"] for f in fc["features"]}
        if found[1] != "Unknown (any)":  # CSV and KML layers declare no type; GeoJSON and GeoPackage do
            assert found[1] in {OGR_TYPE[t] for t in types} | {"Multi Polygon"}
        per_feature = geometry_types(paths[name], name)
        if fmt == "gpkg" and name == "areas":
            assert set(per_feature) == {"MULTIPOLYGON"}  # promoted: one type per GeoPackage layer
        else:
            assert per_feature == [f["geometry"]["type"].upper() for f in fc["features"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_survives_as_gdal_reads_it(tmp_path: Path, fmt: str, layer: dict[str, Any]) -> None:
    path = tmp_path / f"all{FORMATS[fmt].extension}"
    write_layer(layer, path, fmt)
    titles = sql_hex(path, "article_title", "all")
    assert len(titles) == 6
    expected = f"Title {NASTY}"
    if fmt == "csv":  # GDAL's CSV reader turns CR LF inside a quoted field into LF (the csv module keeps it)
        expected = expected.replace("\r\n", "\n")
    assert bytes.fromhex(titles[0]).decode("utf-8") == expected


def test_empty_layers_open(tmp_path: Path) -> None:
    for fmt, spec in FORMATS.items():
        path = tmp_path / f"empty-{fmt}{spec.extension}"
        write_layer({"type": "FeatureCollection", "features": []}, path, fmt, name="empty")
        if fmt == "geojsonl":  # no features, no lines: an empty file, which GDAL cannot identify
            assert path.read_bytes() == b""
            continue
        counts = summary(path)
        assert [c for c, _ in counts.values()] == [0], fmt
