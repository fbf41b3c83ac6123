"""The map's libraries as static files: one request for Leaflet and jQuery, a small map message."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import folium

from layers.assets import asset_file_name, asset_text, asset_url, make_offline, walk
from layers.map import EXPLORER_JS_URL, MapData, build_map, static_publisher

PREFIX = "../../app/static/geo/"


def links(m: folium.Map) -> tuple[list[str], list[str]]:
    """The script and stylesheet URLs of a map and its elements, in order."""
    js = [url for e in walk(m) for _, url in getattr(e, "default_js", [])]
    css = [url for e in walk(m) for _, url in getattr(e, "default_css", [])]
    return js, css


def test_published_map_loads_leaflet_and_jquery_as_one_file(tmp_path: Path) -> None:
    publish = static_publisher(tmp_path, PREFIX)
    data = MapData.of({"a": []}, publish=publish)
    js, css = links(build_map(data, publish=publish))
    lib = asset_file_name("leaflet", "jquery")
    preload, *js = js
    assert js == [PREFIX + lib, EXPLORER_JS_URL, PREFIX + f"geo-{data.key}.js"]
    assert css == [PREFIX + asset_file_name("leaflet_css")]
    # the first script asks for every published file at once (streamlit-folium loads them in turn)
    source = base64.b64decode(preload.split(",", 1)[1]).decode("utf-8")
    assert preload.startswith("data:text/javascript;base64,") and 'l.rel = "preload"' in source
    listed = json.loads(source[source.index("[["):source.index("]]") + 2])
    assert listed == [[PREFIX + lib, "script"], [PREFIX + asset_file_name("leaflet_css"), "style"],
                      [PREFIX + f"geo-{data.key}.js", "script"]]
    text = (tmp_path / lib).read_text(encoding="utf-8")
    assert text.startswith(asset_text("leaflet")) and text.endswith(asset_text("jquery"))
    assert "url(images/" not in (tmp_path / asset_file_name("leaflet_css")).read_text(encoding="utf-8")
    assert sum(len(u) for u in js + css if u.startswith("data:")) < 20_000  # only the map's own script is inlined


def test_file_names_follow_the_content() -> None:
    name = asset_file_name("leaflet", "jquery")
    assert name.startswith("lib-leaflet-jquery-") and name.endswith(".js")
    assert asset_file_name("leaflet") != name and asset_file_name("leaflet_css").endswith(".css")


def test_without_a_publisher_everything_is_inlined() -> None:
    js, css = links(make_offline(folium.Map(tiles=None)))
    assert js and css and all(u.startswith("data:") for u in js + css)
    leaflet = next(u for u in js if base64.b64decode(u.split(",", 1)[1]).decode("utf-8") == asset_text("leaflet"))
    assert leaflet == asset_url("leaflet")


def test_an_unwritable_folder_falls_back_to_data_urls_of_the_right_type(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    publish = static_publisher(blocker / "static", PREFIX)
    assert publish("lib-x.css", "a{}").startswith("data:text/css;base64,")
    assert publish("geo-x.js", "1;").startswith("data:text/javascript;base64,")


def test_old_data_scripts_go_but_not_those_this_server_handed_out(tmp_path: Path) -> None:
    stale = tmp_path / "geo-stale.js"
    stale.write_text("old", encoding="utf-8")
    os.utime(stale, (1, 1))
    publish = static_publisher(tmp_path, PREFIX, keep_seconds=60)
    publish("geo-first.js", "first")
    os.utime(tmp_path / "geo-first.js", (1, 1))  # as if a day had passed
    publish("geo-second.js", "second")
    assert not stale.exists()
    assert (tmp_path / "geo-first.js").exists()
