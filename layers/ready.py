"""A signal from the browser that the map is drawn, so a page can come in two steps.

A session's first page is the map alone; the sidebar, the panel and the
mentions table follow once the map is on screen. In a same-origin page on a
small machine, the browser compiles Streamlit's widget and table code (over
a megabyte of script for ``st.dataframe``) on the same thread that runs
Leaflet in the map's frame, so sending everything at once delays the map.

:func:`map_ready_signal` mounts an ``st.components.v2`` component (inline
script, no frame, nothing fetched) that watches the map's frame and sets a
trigger when ``window.geoExplorer.drawn`` is true there (set by the map's
own script, see :mod:`layers.map`), or when ``timeout_ms`` has passed, so a
map that fails to draw still gets the rest of the page. Setting the
trigger reruns the script.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

__all__ = ["MAP_FRAME_SELECTOR", "READY_JS", "map_ready_signal"]

#: The frame streamlit-folium draws the map in.
MAP_FRAME_SELECTOR = "iframe[title='streamlit_folium.st_folium']"

READY_JS = """
export default function (component) {
  const { setTriggerValue, data } = component;
  const timeoutMs = (data && data.timeout_ms) || 8000;
  let done = false;
  let poll = null;
  let timer = null;
  const stop = () => { clearInterval(poll); clearTimeout(timer); };
  const send = (why) => {
    if (done) { return; }
    done = true;
    stop();
    setTriggerValue("ready", why);
  };
  const drawn = () => {
    for (const frame of document.querySelectorAll("__SELECTOR__")) {
      try {
        const explorer = frame.contentWindow && frame.contentWindow.geoExplorer;
        if (explorer && explorer.drawn) { return true; }
      } catch (e) { /* a frame of another origin: not ours */ }
    }
    return false;
  };
  poll = setInterval(() => { if (drawn()) { send("drawn"); } }, 50);
  timer = setTimeout(() => send("timeout"), timeoutMs);
  return stop;
}
""".replace("__SELECTOR__", MAP_FRAME_SELECTOR.replace('"', '\\"'))


@cache
def _component() -> Any:
    """The component, registered once per server process."""
    import streamlit as st

    return st.components.v2.component("geo_map_ready", js=READY_JS)


def map_ready_signal(*, key: str, on_ready: Callable[[], None], timeout_ms: int = 8000) -> None:
    """Mount the signal; ``on_ready`` runs (and the script reruns) once the
    map is drawn in the browser, or after ``timeout_ms`` at the latest."""
    _component()(key=key, data={"timeout_ms": int(timeout_ms)}, on_ready_change=on_ready)
