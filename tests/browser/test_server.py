"""The explorer's server as ``bash scripts/app`` starts it (serve.py): it warms up by itself."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from layers.articles import seed_articles
from tests.browser.conftest import start_explorer, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_server_parses_the_seeds_before_any_page_opens(explorer_env: dict[str, str], tmp_path: Path) -> None:
    env = {**explorer_env, "XDG_CACHE_HOME": str(tmp_path / "cache")}  # an empty parse cache
    parsed = tmp_path / "cache" / "geo-news" / "parsed"
    expected = len(seed_articles())
    proc, _ = start_explorer(env, tmp_path / "streamlit.log")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(list(parsed.glob("*.json"))) < expected:
            time.sleep(0.2)
        assert len(list(parsed.glob("*.json"))) == expected  # no page was opened: the warm-up did it
    finally:
        stop(proc)


def test_a_map_that_never_draws_still_gets_the_rest_of_the_page(
    browser: object, explorer_env: dict[str, str], tmp_path: Path
) -> None:
    """The fallback of layers.ready: with the map's frame blocked, the sidebar comes after the timeout."""
    env = {**explorer_env, "GEO_MAP_READY_TIMEOUT_MS": "1500"}
    proc, url = start_explorer(env, tmp_path / "streamlit.log")
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    try:
        context.route("**/component/streamlit_folium.st_folium/**", lambda route: route.abort())
        page = context.new_page()
        page.goto(url)
        page.get_by_test_id("stSidebar").get_by_text("DMZ visit").first.wait_for(timeout=60_000)
        page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)
        drawn = [f for f in page.frames if "streamlit_folium" in f.url and f.evaluate("() => Boolean(window.map)")]
        assert drawn == []  # no map was drawn: the timeout brought the rest
    finally:
        context.close()
        stop(proc)
