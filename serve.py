"""Start the explorer with a warmed-up server: ``streamlit run serve.py``.

The page is ``app.py`` (``streamlit run app.py`` shows the same explorer).
This file wraps it in Streamlit's ``st.App``, whose lifespan hook runs when
the server starts: a background thread (:func:`layers.warmup.warm_up`)
imports the page's libraries and parses the seed articles into the parse
cache while the browser is still loading Streamlit, so the first map
appears sooner (``python benchmarks/app.py`` measures it); the server
skips a scan of every installed package that this app has no use for
(:func:`skip_component_scan`); and it tells plain JSON from a dataframe
without importing pandas (:func:`skip_dataframe_imports`), so the first
map does not wait for pandas. ``bash scripts/app`` starts this.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st

PAGE = Path(__file__).resolve().with_name("app.py")


def run_warm_up() -> None:
    """:func:`layers.warmup.warm_up`, imported here so the server starts without waiting for it."""
    from layers.warmup import warm_up

    warm_up()


@asynccontextmanager
async def warm_start(_app: st.App) -> AsyncIterator[None]:
    """At server start, warm up in a daemon thread (it never blocks the server)."""
    threading.Thread(target=run_warm_up, name="explorer-warm-up", daemon=True).start()
    yield


def no_packaged_components(max_workers: int | None = None) -> list[Any]:
    """Stands in for Streamlit's scan of installed packages for v2 components."""
    return []


def skip_component_scan() -> None:
    """Spare the server's start Streamlit's scan for packaged v2 components.

    Before it listens, Streamlit reads the metadata of every installed
    distribution, looking for component manifests: 0.3 to 0.5 s for the
    203 distributions of our development machine, all of it before the
    first page can load. This app needs no packaged v2 component (its one v2
    component, :mod:`layers.ready`, is declared inline; streamlit-folium is
    a v1 component), so the scan is replaced by one that finds none. If a
    later Streamlit moves the scanner, nothing is replaced and the server
    only starts that much slower.
    """
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:
        return
    global streamlit_scan
    scan = getattr(manifest_scanner, "scan_component_manifests", None)
    if scan is not None and scan is not no_packaged_components:
        streamlit_scan = scan
        manifest_scanner.scan_component_manifests = no_packaged_components


#: Streamlit's own scan, kept for the test that checks it would find nothing here.
streamlit_scan: Callable[[], list[Any]] = no_packaged_components

#: Where Streamlit asks whether a component's argument is a dataframe.
COMPONENT_MODULES = (
    "streamlit.components.v1.custom_component",
    "streamlit.components.v2.bidi_component.serialization",
)


def plain_json(value: Any, budget: int = 10_000) -> bool:
    """Whether ``value`` is None, a str, number or bool, or lists, tuples and
    str-keyed dicts of those (at most ``budget`` values in all)."""
    stack = [value]
    while stack:
        budget -= 1
        if budget < 0:
            return False
        item = stack.pop()
        if item is None or isinstance(item, (str, int, float, bool)):
            continue
        if type(item) in (list, tuple):
            stack.extend(item)
        elif type(item) is dict and all(isinstance(k, str) for k in item):
            stack.extend(item.values())
        else:
            return False
    return True


def quick_dataframe_check(original: Callable[[object], bool]) -> Callable[[object], bool]:
    """``original`` (Streamlit's ``is_dataframe_like``), answering False at once for plain JSON."""

    def is_dataframe_like(obj: object) -> bool:
        return False if plain_json(obj) else original(obj)

    is_dataframe_like.streamlit_check = original  # type: ignore[attr-defined]
    return is_dataframe_like


def skip_dataframe_imports() -> None:
    """Spare the first map Streamlit's import of pandas (about half a second).

    Streamlit asks of every list or dict a component receives whether it
    is a dataframe, and to answer it imports numpy, pandas and pyarrow. The
    map's arguments are plain JSON (strings, numbers, lists of them), which
    is never a dataframe; the check that replaces Streamlit's says so at
    once and asks Streamlit's own about anything else. The page imports
    pandas for its table, after the map is drawn (see layers.warmup).
    """
    import importlib

    for name in COMPONENT_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        check = getattr(module, "is_dataframe_like", None)
        if check is not None and not hasattr(check, "streamlit_check"):
            module.is_dataframe_like = quick_dataframe_check(check)


skip_component_scan()
skip_dataframe_imports()
app = st.App(PAGE, lifespan=warm_start)
