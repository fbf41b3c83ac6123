"""Start the explorer with a warmed-up server: ``streamlit run serve.py``.

The page is ``app.py`` (``streamlit run app.py`` shows the same explorer).
This file wraps it in Streamlit's ``st.App``, whose lifespan hook runs when
the server starts: a background thread (:func:`layers.warmup.warm_up`)
imports the page's libraries and parses the seed articles into the parse
cache while the browser is still loading Streamlit, so the first map
appears sooner (``python benchmarks/app.py`` measures it). ``bash
scripts/app`` starts this.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

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


app = st.App(PAGE, lifespan=warm_start)
