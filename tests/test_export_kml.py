"""KML for Google Earth: Placemarks, styles, geometries, data unchanged, descriptions escaped."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from layers_samples import NASTY, sample_documents

from layers import build_layers, write_layer
from layers.formats.kml import kml_color

NS = {"k": "http://www.opengis.net/kml/2.2"}


@pytest.fixture
def layer() -> dict[str, Any]:
    return build_layers(sample_documents())["all"]


@pytest.fixture
def kml(tmp_path: Path, layer: dict[str, Any]) -> ET.Element:
    path = tmp_path / "all.kml"
    assert write_layer(layer, path, "kml") == 6
    return ET.parse(path).getroot()


def _data(pm: ET.Element) -> dict[str, str]:
    return {d.get("name"): d.findtext("k:value", namespaces=NS) for d in pm.findall("k:ExtendedData/k:Data", NS)}


def test_one_placemark_per_feature_with_name(kml: ET.Element, layer: dict[str, Any]) -> None:
    assert kml.tag == "{http://www.opengis.net/kml/2.2}kml"
    assert kml.findtext("k:Document/k:name", namespaces=NS) == "all"
    assert kml.findtext("k:Document/k:Folder/k:name", namespaces=NS) == "all"
    pms = kml.findall("k:Document/k:Folder/k:Placemark", NS)
    assert [pm.findtext("k:name", namespaces=NS) for pm in pms] == [f["properties"]["name"] for f in layer["features"]]


def test_geometries(kml: ET.Element) -> None:
    pms = kml.findall("k:Document/k:Folder/k:Placemark", NS)
    kinds = [next(child.tag.split("}")[1] for child in pm if child.tag.split("}")[1] in (
        "Point", "LineString", "Polygon", "MultiGeometry")) for pm in pms]
    assert kinds == ["Point", "LineString", "Polygon", "Polygon", "MultiGeometry", "Point"]
    assert pms[0].findtext("k:Point/k:coordinates", namespaces=NS) == "126.977969,37.566535"
    lake = pms[3]
    assert len(lake.findall("k:Polygon/k:outerBoundaryIs/k:LinearRing", NS)) == 1
    assert len(lake.findall("k:Polygon/k:innerBoundaryIs/k:LinearRing", NS)) == 1
    assert len(pms[4].findall("k:MultiGeometry/k:Polygon", NS)) == 2


def test_extended_data_holds_every_property_unchanged(kml: ET.Element, layer: dict[str, Any]) -> None:
    for pm, feature in zip(kml.findall("k:Document/k:Folder/k:Placemark", NS), layer["features"], strict=True):
        data = _data(pm)
        props = {k: v for k, v in feature["properties"].items() if v is not None}
        assert set(data) == set(props)
        assert data["article_title"] == feature["properties"]["article_title"]
        assert json.loads(data["excerpts"]) == feature["properties"]["excerpts"]
        assert float(data["confidence"]) == feature["properties"]["confidence"]


def test_nasty_text_survives_byte_for_byte(kml: ET.Element) -> None:
    first = kml.find("k:Document/k:Folder/k:Placemark", NS)
    assert first is not None
    assert _data(first)["article_title"] == f"Title {NASTY}"
    assert "\r\n" in _data(first)["article_title"]


def test_description_is_escaped_html_with_the_mention_in_bold(kml: ET.Element) -> None:
    first = kml.find("k:Document/k:Folder/k:Placemark", NS)
    assert first is not None
    desc = first.findtext("k:description", namespaces=NS)
    assert desc is not None
    assert "<script>" not in desc
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in desc
    assert "Reports from <b>Seoul</b> said" in desc
    assert "Reports from <b>서울</b> said" in desc
    assert "שלום عالم 🌍🇰🇷" in desc


def test_raw_file_has_no_cdata_and_no_live_markup(tmp_path: Path, layer: dict[str, Any]) -> None:
    path = tmp_path / "all.kml"
    write_layer(layer, path)
    raw = path.read_text(encoding="utf-8")
    assert "CDATA" not in raw
    assert "<script" not in raw
    assert raw.startswith('<?xml version="1.0" encoding="UTF-8"?>')


def test_styles_follow_the_simplestyle_colours(kml: ET.Element, layer: dict[str, Any]) -> None:
    for pm, feature in zip(kml.findall("k:Document/k:Folder/k:Placemark", NS), layer["features"], strict=True):
        style = pm.find("k:Style", NS)
        assert style is not None
        p = feature["properties"]
        assert style.findtext("k:IconStyle/k:color", namespaces=NS) == kml_color(p["marker-color"])
        assert style.findtext("k:PolyStyle/k:color", namespaces=NS) == kml_color(p["fill"], p["fill-opacity"])
        assert float(style.findtext("k:LineStyle/k:width", namespaces=NS) or 0) == p["stroke-width"]
        assert style.findtext("k:LineStyle/k:color", namespaces=NS) == kml_color(p["stroke"])


def test_control_characters_xml_cannot_hold_become_replacement_characters(tmp_path: Path) -> None:
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]},
         "properties": {"name": "bell\x07", "note": "nul\x00"}}]}
    path = tmp_path / "c.kml"
    write_layer(fc, path)
    pm = ET.parse(path).getroot().find("k:Document/k:Folder/k:Placemark", NS)
    assert pm is not None
    assert pm.findtext("k:name", namespaces=NS) == "bell\ufffd"


def test_empty_layer(tmp_path: Path) -> None:
    path = tmp_path / "e.kml"
    assert write_layer({"type": "FeatureCollection", "features": []}, path, name="empty") == 0
    root = ET.parse(path).getroot()
    assert root.findall("k:Document/k:Folder/k:Placemark", NS) == []


def test_kml_color() -> None:
    assert kml_color("#ff8000") == "ff0080ff"
    assert kml_color("#f80", 0.5) == "800088ff"
    assert kml_color(None) is None


def test_property_names_survive_as_attributes(tmp_path: Path) -> None:
    key = 'odd "key"\n\t<&>\r'
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[1, 2], [3e-7, -4.5]]},
         "properties": {key: NASTY}}]}
    path = tmp_path / "k.kml"
    write_layer(fc, path)
    pm = ET.parse(path).getroot().find("k:Document/k:Folder/k:Placemark", NS)
    assert pm is not None
    assert _data(pm) == {key: NASTY}
    points = [p.findtext("k:coordinates", namespaces=NS) for p in pm.findall("k:MultiGeometry/k:Point", NS)]
    assert points == ["1,2", "0.0000003,-4.5"]
