"""The explorer in a real browser: map, popup, side panel, corrections, downloads, safety, offline."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from layers import check_rfc7946

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"
TIMEOUT = 90_000


def map_frame(page: Any, *, wait_for: str | None = None) -> Any:
    """The map's frame once its features are drawn (optionally: once ``wait_for`` is among them)."""
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=TIMEOUT)
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_folium" not in frame.url:
                continue
            try:
                ready = frame.evaluate("() => Boolean(window.map && window.GEO_DATA && window.geoExplorer)")
                if ready and (wait_for is None or wait_for in feature_names(frame)):
                    return frame
            except Exception:  # a frame replaced while we looked
                pass
        time.sleep(0.25)
    raise AssertionError(f"the map never showed {wait_for or 'its features'}")


def feature_names(frame: Any, article: str | None = None) -> list[str]:
    """Names of the article features the map holds (optionally of one article id)."""
    return frame.evaluate(
        """(article) => {
            const out = [];
            for (const key in window.GEO_DATA) {
                for (const fc of window.GEO_DATA[key]) {
                    for (const f of fc.features) {
                        const p = f.properties || {};
                        if (p.article_id !== undefined && (!article || p.article_id === article)) { out.push(p.name); }
                    }
                }
            }
            return out;
        }""",
        article,
    )


def click_place(page: Any, frame: Any, name: str, article: str | None = None) -> None:
    """Zoom the map to a point feature and click it with the mouse."""
    xy = frame.evaluate(
        """([name, article]) => {
            let found = null;
            window.map.eachLayer((l) => {
                const p = l.feature && l.feature.properties;
                if (p && p.name === name && l.getLatLng && (!article || p.article_id === article)) { found = l; }
            });
            if (!found) { return null; }
            window.map.setView(found.getLatLng(), 17, {animate: false});  // close enough that neighbours never overlap it
            found.bringToFront();
            const pt = window.map.latLngToContainerPoint(found.getLatLng());
            return [pt.x, pt.y];
        }""",
        [name, article],
    )
    assert xy is not None, f"{name} is not on the map"
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])


def test_map_renders_the_seed_article(page: Any, server: str) -> None:
    page.goto(server)
    frame = map_frame(page, wait_for="Military Demarcation Line")
    # The first view is drawn where it belongs, not zoomed into place (an animation a first click would race).
    animated, zoom = frame.evaluate(
        """async () => {
            const div = document.createElement("div");
            div.style.cssText = "width: 400px; height: 300px";
            document.body.appendChild(div);
            const m = L.map(div, {center: [20, 0], zoom: 2, preferCanvas: true});
            L.polyline([[10, -20], [30, 20]]).addTo(m);  // something Leaflet would animate
            let animated = false;
            m.on("zoomanim", () => { animated = true; });
            window.geoExplorer.build(m, {key: "none", labels: [], basemap: null, tiles: null,
                                         bounds: [[10, -20], [30, 20]]});  // one zoom level in, same centre
            await new Promise((done) => setTimeout(done, 500));
            const zoom = m.getZoom();
            m.remove();
            div.remove();
            return [animated, zoom];
        }"""
    )
    assert animated is False and zoom >= 3
    dmz = feature_names(frame, "dmz-visit")
    assert "Military Demarcation Line" in dmz
    assert "Joint Security Area" in dmz  # "Panmunjom's Joint Security Area"
    assert len({n for n in feature_names(frame)}) > len(set(dmz))  # other seed articles too
    overlays = frame.locator(".leaflet-control-layers-overlays").text_content()
    assert "DMZ visit" in overlays and "OpenStreetMap tiles (needs network)" in overlays
    assert frame.locator(".leaflet-tile").count() == 0  # no tiles: the basemap is our own polygons
    assert "GeoNames" in page.get_by_test_id("stMain").inner_text()
    # The rest of the page follows the drawn map (this server has no fallback timer).
    assert frame.evaluate("() => window.geoExplorer.drawn") is True
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("DMZ visit").first.wait_for(timeout=TIMEOUT)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=TIMEOUT)


def test_popup_shows_the_excerpt_and_the_panel_follows(page: Any, server: str) -> None:
    page.goto(server)
    frame = map_frame(page, wait_for="Joint Security Area")
    click_place(page, frame, "Joint Security Area", "dmz-visit")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=TIMEOUT)
    text = popup.inner_text()
    assert "Joint Security Area" in text and "confidence" in text
    assert "Panmunjom" in text and "Hegseth toured Observation Post Ouellette" in text
    # "Panmunjom's Joint Security Area (JSA)": one sentence naming the place three times, shown once.
    excerpts = [p.inner_text() for p in popup.locator(".geo-excerpt").all()]
    assert len(excerpts) == 1 and "Hegseth toured Observation Post Ouellette" in excerpts[0]
    assert [m.inner_text() for m in popup.locator("mark").all()] == ["Panmunjom", "Joint Security Area", "JSA"]
    main = page.get_by_test_id("stMain")
    main.get_by_text("Mentions across articles").wait_for(timeout=TIMEOUT)
    main.get_by_text("Candidates the resolver weighed", exact=False).wait_for(timeout=TIMEOUT)


def test_a_table_row_selects_its_place_and_the_map_stays(page: Any, server: str) -> None:
    page.goto(server)
    map_frame(page, wait_for="Joint Security Area").evaluate("() => { window.geoTestMark = 'the first map'; }")
    table = page.get_by_test_id("stDataFrame").last  # the mentions table: nothing is selected yet
    table.wait_for(timeout=TIMEOUT)
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the first row's selection box (rows are 35 px)
    page.get_by_test_id("stMain").get_by_text("Mentions across articles").wait_for(timeout=TIMEOUT)
    # The selection reran the page around the map, not the map: same frame, same window.
    assert map_frame(page).evaluate("() => window.geoTestMark") == "the first map"


def test_a_correction_survives_a_reload(page: Any, server: str) -> None:
    page.goto(server)
    frame = map_frame(page, wait_for="Tokyo")
    click_place(page, frame, "Tokyo", "dmz-visit")
    main = page.get_by_test_id("stMain")
    main.get_by_text("Candidates the resolver weighed", exact=False).wait_for(timeout=TIMEOUT)
    search = main.get_by_label("…or search the gazetteer")
    search.fill("Osaka")
    search.press("Enter")
    matches = main.get_by_test_id("stSelectbox").filter(has_text="Matches")
    matches.wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # let the rerun that drew it settle
    option = page.get_by_role("option", name=re.compile(r"^Osaka — ")).first
    for _ in range(5):  # a rerun may close the list under us: open it again
        matches.locator("input").click()
        page.keyboard.type("Osaka")  # typing opens and filters the list
        try:
            option.click(timeout=5000)
            break
        except Exception:
            page.keyboard.press("Escape")
    page.wait_for_timeout(1500)  # the pick reruns the script
    main.get_by_role("button", name="Save correction").click()
    page.get_by_test_id("stSidebar").get_by_text("now means Osaka", exact=False).wait_for(timeout=TIMEOUT)
    page.reload()
    frame = map_frame(page, wait_for="Osaka")
    dmz = feature_names(frame, "dmz-visit")
    assert "Osaka" in dmz and "Tokyo" not in dmz
    main = page.get_by_test_id("stMain")
    main.get_by_text("Saved corrections").click()
    main.get_by_text("“Tokyo” → Osaka (in dmz-visit)").wait_for(timeout=TIMEOUT)


def test_download_is_valid_geojson(page: Any, server: str, tmp_path: Any) -> None:
    page.goto(server)
    map_frame(page)
    main = page.get_by_test_id("stMain")
    button = main.get_by_role("button", name=re.compile(r"^Download \d+ places$"))
    button.wait_for(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "all.geojson"
    path = tmp_path / "all.geojson"
    download.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    assert check_rfc7946(data) == []
    assert "Military Demarcation Line" in {f["properties"]["name"] for f in data["features"]}


def test_hostile_article_is_shown_as_text_and_runs_nothing(page: Any, server: str) -> None:
    page.goto(server)
    map_frame(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Add articles").click()
    sidebar.get_by_label("Title (optional)").fill(f"Hostile {HOSTILE}")
    sidebar.get_by_label("Title (optional)").press("Enter")
    text = sidebar.get_by_label("Article text")
    text.fill(f"Talks resumed in Ulaanbaatar {HOSTILE} on Monday.")
    text.press("Control+Enter")
    page.wait_for_timeout(1000)
    sidebar.get_by_role("button", name="Add pasted text").click()
    sidebar.get_by_text("Hostile <script>alert(1)</script>", exact=False).first.wait_for(timeout=TIMEOUT)
    frame = map_frame(page, wait_for="Ulan Bator")
    overlays = frame.locator(".leaflet-control-layers-overlays").text_content()
    assert f"Hostile {HOSTILE}" in overlays  # the layer's label, as text
    click_place(page, frame, "Ulan Bator")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=TIMEOUT)
    assert HOSTILE in popup.inner_text()
    main = page.get_by_test_id("stMain")
    main.get_by_text("Mentions across articles").wait_for(timeout=TIMEOUT)
    excerpt = main.get_by_text("Talks resumed in", exact=False).first  # st.html content (shadow DOM)
    excerpt.wait_for(timeout=TIMEOUT)
    assert HOSTILE in excerpt.text_content()
    assert excerpt.locator("mark").first.text_content() == "Ulaanbaatar"
    page.wait_for_timeout(1000)  # give an injected handler every chance to fire
    for where in (page, frame):
        assert where.locator("img[src='x']").count() == 0
        assert where.locator("script:text('alert(1)')").count() == 0


def test_no_request_leaves_this_machine(page: Any, server: str, requests: list[str]) -> None:
    page.goto(server)
    frame = map_frame(page)
    click_place(page, frame, "Seoul", "dmz-visit")
    frame.locator(".leaflet-popup-content").wait_for(timeout=TIMEOUT)
    page.get_by_test_id("stMain").get_by_text("Mentions across articles").wait_for(timeout=TIMEOUT)
    assert any("/component/streamlit_folium" in url for url in requests)
    # The page fixture then fails the test if any of ``requests`` left 127.0.0.1.
