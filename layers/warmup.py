"""What the explorer's server does once at start, before the first page asks for it.

A page's first run used to import pandas, folium and the parser (about
1.5 s) and, on a machine that had never shown the seeds, parse them (a few
seconds more), all after the browser had loaded Streamlit and connected.
:func:`warm_up` does that work while the browser is still loading:

1. import the first map's slow libraries (:data:`MAP_MODULES`);
2. parse the seed articles into the on-disk parse cache
   (:mod:`layers.parse_cache`), with the same ids, titles, gazetteer and
   corrections the page uses, so the page then only reads them; and build
   the basemap's file beside the gazetteer (:func:`layers.basemap.cached_basemap`);
3. once a browser has drawn a page's first map (:func:`map_drawn`), import
   what only the rest of the page needs (:data:`PAGE_MODULES`).

``serve.py`` runs it in a thread when the server starts. It never builds
the gazetteer (the page does that, with a progress bar) and never raises:
a failure only costs the time it would have saved. A page that asks for a
seed while the warm-up is parsing it waits for that parse instead of
repeating it (:func:`layers.parse_cache.parse_for_map` locks per key).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import threading
import time
from dataclasses import dataclass

from geo.errors import GeoError
from layers.articles import seed_articles
from layers.settings import ExplorerSettings

__all__ = ["MAP_MODULES", "MAP_WAIT_S", "PAGE_MODULES", "WarmUp", "map_drawn", "warm_up"]

_LOG = logging.getLogger(__name__)

#: The slow imports of a session's first run, which draws the map alone. Not
#: ``streamlit_folium``: its component registers with the server only when it is first
#: imported inside a script run. ``layers.map`` brings folium, without pandas (see
#: :mod:`layers.imports`); pyarrow is what Streamlit's components need.
MAP_MODULES = (
    "pyarrow",
    "layers.map",
    "geo.pipeline",
    "geo.corrections",
    "geo.fetch",
    "geo.textio",
    "layers",
    "layers.basemap",
    "layers.parse_cache",
)
#: What only the rest of the page needs (its tables), imported once a first map is drawn.
PAGE_MODULES = ("pandas",)
#: Longest wait for a first map before importing :data:`PAGE_MODULES` anyway, seconds.
MAP_WAIT_S = 20.0
_MAP_DRAWN = threading.Event()


def map_drawn() -> None:
    """Tell the warm-up that a browser has drawn a page's first map: it may now
    import :data:`PAGE_MODULES`. Until then that import would compete for the CPU
    (and for the interpreter the server serves the map's files from) with the map."""
    _MAP_DRAWN.set()


@dataclass(slots=True)
class WarmUp:
    """What a warm-up did: seconds per step, articles parsed or found cached, and any error."""

    imports: float = 0.0
    articles: float = 0.0
    parsed: int = 0
    cached: int = 0
    error: str | None = None


def warm_up(settings: ExplorerSettings | None = None, *, map_wait: float = MAP_WAIT_S) -> WarmUp:
    """Import the first map's libraries, parse the seed articles into the parse cache,
    then, once a browser has drawn a page's first map (or after ``map_wait``
    seconds), import what the rest of the page needs.

    ``settings`` default to :meth:`ExplorerSettings.from_env`, as the page's do.
    Returns what was done; errors are logged and returned, never raised.
    """
    done = WarmUp()
    started = time.perf_counter()
    try:
        for name in MAP_MODULES:
            importlib.import_module(name)
        done.imports = time.perf_counter() - started
        _parse_seeds(settings or ExplorerSettings.from_env(), done)
        done.articles = time.perf_counter() - started - done.imports
        _MAP_DRAWN.wait(map_wait)
        for name in PAGE_MODULES:
            importlib.import_module(name)
    except Exception as exc:  # the page does the same work itself, so nothing is lost
        done.error = f"{type(exc).__name__}: {exc}"
        _LOG.warning("explorer warm-up stopped: %s", done.error)
        done.articles = done.articles or time.perf_counter() - started - done.imports
    _LOG.info("explorer warm-up: imports %.2f s, %d seed articles parsed and %d found cached in %.2f s",
              done.imports, done.parsed, done.cached, done.articles)
    return done


def _parse_seeds(settings: ExplorerSettings, done: WarmUp) -> None:
    from geo.corrections import CorrectionStore
    from geo.gazetteer import open_gazetteer
    from geo.pipeline import Geoparser
    from layers.basemap import cached_basemap
    from layers.map import display_features
    from layers.parse_cache import ParseCache, parse_for_map

    try:
        gaz = open_gazetteer(settings.gazetteer, profile=settings.profile, build_if_missing=False)
    except GeoError:
        return  # not built yet: the page builds it, with a progress bar
    with contextlib.closing(gaz), contextlib.closing(CorrectionStore(settings.corrections)) as store:
        cache = ParseCache(settings.cache)
        cached_basemap(gaz)
        parser = functools.cache(lambda: Geoparser(gaz))  # its own, loaded only if a seed needs parsing
        for article in seed_articles(settings.seeds):
            got = parse_for_map(article.text, gazetteer=gaz, features_of=display_features, doc_id=article.id,
                                title=article.title, corrections=store, cache=cache, parser=parser)
            done.cached += got.cached
            done.parsed += not got.cached
