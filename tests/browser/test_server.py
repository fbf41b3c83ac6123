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
