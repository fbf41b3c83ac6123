"""What the explorer's server does once at start, before the first page asks for it.

A page's first run used to import pandas, folium and the parser (about
1.5 s) and, on a machine that had never shown the seeds, parse them (a few
seconds more), all after the browser had loaded Streamlit and connected.
:func:`warm_up` does that work while the browser is still loading:

1. import the page's slow libraries (:data:`PAGE_MODULES`);
2. parse the seed articles into the on-disk parse cache
   (:mod:`layers.parse_cache`), with the same ids, titles, gazetteer and
   corrections the page uses, so the page then only reads them; and build
   the basemap's file beside the gazetteer (:func:`layers.basemap.cached_basemap`).

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
import time
from dataclasses import dataclass

from geo.errors import GeoError
from layers.articles import seed_articles
from layers.settings import ExplorerSettings

__all__ = ["PAGE_MODULES", "WarmUp", "warm_up"]

_LOG = logging.getLogger(__name__)

#: The page's slow imports. Not ``streamlit_folium``: its component registers with
#: the server only when it is first imported inside a script run.
PAGE_MODULES = (
    "pandas",
    "pyarrow",
    "folium",
    "folium.plugins",
    "geo.pipeline",
    "geo.corrections",
    "geo.fetch",
    "geo.textio",
    "layers",
    "layers.map",
    "layers.basemap",
    "layers.parse_cache",
)


@dataclass(slots=True)
class WarmUp:
    """What a warm-up did: seconds per step, articles parsed or found cached, and any error."""

    imports: float = 0.0
    articles: float = 0.0
    parsed: int = 0
    cached: int = 0
    error: str | None = None


def warm_up(settings: ExplorerSettings | None = None) -> WarmUp:
    """Import the page's libraries, then parse the seed articles into the parse cache.

    ``settings`` default to :meth:`ExplorerSettings.from_env`, as the page's do.
    Returns what was done; errors are logged and returned, never raised.
    """
    done = WarmUp()
    started = time.perf_counter()
    try:
        for name in PAGE_MODULES:
            importlib.import_module(name)
        done.imports = time.perf_counter() - started
        _parse_seeds(settings or ExplorerSettings.from_env(), done)
    except Exception as exc:  # the page does the same work itself, so nothing is lost
        done.error = f"{type(exc).__name__}: {exc}"
        _LOG.warning("explorer warm-up stopped: %s", done.error)
    done.articles = time.perf_counter() - started - done.imports
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
