"""The explorer: click around the news on a map.

Run with ``streamlit run app.py``, or ``streamlit run serve.py`` (what
``bash scripts/app`` does: the same page, with a server that warms up as it
starts, see :mod:`layers.warmup`). The gazetteer comes from
``$GEO_GAZETTEER`` (else the user's data directory; built on first run,
with a progress bar), in the profile ``$GEO_PROFILE`` (``full`` unless
set, ``small`` for tests); corrections go to ``$GEO_CORRECTIONS`` (else
the user's data directory); the first view shows the articles in
``seeds/`` (or ``$GEO_SEEDS``). Parsed articles are kept in the user's cache
directory (``$XDG_CACHE_HOME/geo-news/parsed``, see :mod:`layers.parse_cache`),
so a restart shows them without loading the parser. Everything runs offline;
only "Fetch a URL" reaches the network, and only when asked.

This file is the page only: parsing is :mod:`geo`, map and layers are
:mod:`layers`. Heavy resources are loaded once (``st.cache_resource``);
a click on the map reruns the script but never rebuilds the map (its
script stays the same; the selection is an added feature group).
"""

from __future__ import annotations

import hashlib
import html
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import streamlit as st

import layers
from geo.corrections import CorrectionStore
from geo.document import Document, Mention
from geo.errors import GazetteerMissingError, GazetteerSchemaError, GeoError, OfflineError
from geo.fetch import fetch_article
from geo.gazetteer import Gazetteer, open_gazetteer
from geo.normalize import normalize_name
from geo.place import Place
from geo.textio import decode_article, html_to_text
from layers.articles import seed_articles, split_headline, title_from_name
from layers.basemap import cached_basemap
from layers.build import kind_layer
from layers.features import excerpt, merge_excerpts
from layers.map import (
    KIND_LABELS,
    RETURNED_OBJECTS,
    MapData,
    build_map,
    clicked_feature,
    display_features,
    filter_features,
    marks_html,
    mention_rows,
    place_view,
    selection_group,
    static_publisher,
)
from layers.parse_cache import ParseCache, ParsedArticle, parse_for_map
from layers.ready import map_ready_signal
from layers.settings import ExplorerSettings
from layers.warmup import map_drawn

#: Where the gazetteer, corrections, parse cache and seed articles are (from the environment).
SETTINGS = ExplorerSettings.from_env()
UPLOAD_TYPES = ["txt", "md", "html", "htm"]
#: The tab's icon, inlined by Streamlit as a data: URL. A Path, not a str: Streamlit
#: checks a str against its table of every emoji first, a slow import at start-up.
PAGE_ICON = Path(layers.__file__).with_name("page_icon.svg")
#: The map's data goes out as scripts in static/geo/ (Streamlit's static serving, see
#: .streamlit/config.toml), so each rerun sends a URL, not megabytes. The URL is
#: relative to the map component's page (/component/<name>/index.html).
PUBLISH = static_publisher(Path(__file__).resolve().parent / "static" / "geo", "../../app/static/geo/")
CREDITS = (
    "Place data: [GeoNames](https://www.geonames.org/) (CC BY 4.0) and "
    "[Natural Earth](https://www.naturalearthdata.com/) (public domain). "
    "Map drawn with Leaflet (via folium), served from this machine."
)


# -- resources, loaded once ------------------------------------------------------


def progress_factory(bar: Any) -> Callable[..., Iterator[Any]]:
    """A tqdm-like ``factory(iterable, total=None, desc="", unit="")`` that moves ``bar`` (an ``st.progress``)."""

    def factory(iterable: Iterable[Any], total: int | None = None, desc: str = "", unit: str = "") -> Iterator[Any]:
        shown = 0.0
        for n, item in enumerate(iterable, 1):
            yield item
            now = time.monotonic()
            if now - shown > 0.25:
                shown = now
                done = min(n / total, 1.0) if total else 0.0
                bar.progress(done, text=f"Building the gazetteer (first run only): {desc} {n:,} {unit}".strip())

    return factory


@st.cache_resource(show_spinner=False)
def load_gazetteer(path: str, profile: str) -> Gazetteer:
    """The gazetteer at ``path``; an error when it is not built (see :func:`gazetteer`).

    It draws nothing: Streamlit replays what a cached function drew on every
    later call, and a replay from a callback (``on_table_select``) lands at
    the top of the page, shifts the map down the element tree and so
    remounts it (a reload, and the last click forgotten).
    """
    return open_gazetteer(path, profile=profile, build_if_missing=False)


def build_with_progress(path: str, profile: str) -> None:
    """Build the gazetteer at ``path`` (first run only), with a progress bar."""
    bar = st.progress(0.0, text="Opening the gazetteer…")
    try:
        open_gazetteer(path, profile=profile, progress=progress_factory(bar)).close()
    finally:
        bar.empty()


@st.cache_resource(show_spinner=False)
def load_corrections(path: str) -> CorrectionStore:
    """The corrections store at ``path``."""
    return CorrectionStore(path)


@st.cache_resource(show_spinner="Drawing the basemap…")
def load_basemap(path: str, _gaz: Gazetteer) -> MapData:
    """The offline basemap of the gazetteer at ``path`` (cached on disk beside it)."""
    return MapData.of({"basemap": cached_basemap(_gaz)["features"]}, publish=PUBLISH, framed=False)


@st.cache_resource(show_spinner=False, max_entries=32)
def map_data(key: tuple[Any, ...], _layers: dict[str, list[dict[str, Any]]]) -> MapData:
    """The map's features packed for the browser, once per distinct ``key`` (articles, revision, filters)."""
    return MapData.of(_layers, publish=PUBLISH)


@st.cache_resource(show_spinner=False)
def load_parse_cache(folder: str) -> ParseCache:
    """The on-disk cache of parsed articles in ``folder``."""
    return ParseCache(folder)


@st.cache_resource(show_spinner="Finding the places…", max_entries=1000)
def parsed(aid: str, digest: str, revision: tuple[str, int], _title: str, _text: str) -> ParsedArticle:
    """An article parsed (for this corrections store and revision), with its features for the map;
    read from the on-disk cache when this very parse was stored there (see :mod:`layers.parse_cache`)."""
    return parse_for_map(_text, gazetteer=gazetteer(), features_of=display_features, doc_id=aid, title=_title,
                         corrections=corrections(), cache=load_parse_cache(str(SETTINGS.cache)))


def gazetteer() -> Gazetteer:
    """The app's gazetteer, built first (with a progress bar) when missing or of an older schema."""
    path, profile = str(SETTINGS.gazetteer), SETTINGS.profile
    try:
        return load_gazetteer(path, profile)
    except (GazetteerMissingError, GazetteerSchemaError):
        build_with_progress(path, profile)  # refuses a foreign file, as open_gazetteer does
        return load_gazetteer(path, profile)


def corrections() -> CorrectionStore:
    """The app's corrections store."""
    return load_corrections(str(SETTINGS.corrections))


# -- articles -----------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def add_article(title: str, text: str, origin: str, *, aid: str | None = None) -> str | None:
    """Add an article to the session (once per text); returns its id, or None if already there."""
    articles: dict[str, dict[str, str]] = st.session_state.articles
    digest = _digest(text)
    if any(a["digest"] == digest for a in articles.values()):
        return None
    slug = aid or re.sub(r"[^a-z0-9]+", "-", normalize_name(title) or "article").strip("-")[:40] or "article"
    aid = slug if slug not in articles else f"{slug}-{digest[:6]}"
    articles[aid] = {"title": title.strip() or aid, "text": text, "origin": origin, "digest": digest}
    return aid


def init_state() -> None:
    """First run of a session: the seed articles, nothing selected."""
    if "articles" in st.session_state:
        return
    st.session_state.articles = {}
    st.session_state.selected = None
    st.session_state.view = None
    st.session_state.found = None
    st.session_state.flash = []
    st.session_state.uploader = 0
    st.session_state.whole_page = False
    for article in seed_articles(SETTINGS.seeds):
        add_article(article.title, article.text, article.origin, aid=article.id)


def flash(kind: str, message: str) -> None:
    """Queue a message for the sidebar (kind: success, info, warning, error)."""
    st.session_state.flash.append((kind, message))


def on_paste() -> None:
    """Add the pasted text as an article."""
    text = st.session_state.get("paste_text", "")
    if not text.strip():
        flash("warning", "Paste some text first.")
        return
    title = st.session_state.get("paste_title", "").strip() or split_headline(text)[0] or text.strip()[:60]
    aid = add_article(title, text, "pasted")
    flash("success" if aid else "info", f"Added “{title}”." if aid else "That text is already on the map.")
    st.session_state.paste_text = ""
    st.session_state.paste_title = ""


def on_upload() -> None:
    """Add the uploaded files as articles."""
    files = st.session_state.get(f"upload_{st.session_state.uploader}") or []
    for file in files:
        try:
            text = decode_article(file.getvalue(), name=file.name)
            if file.name.lower().endswith((".html", ".htm")):
                text = html_to_text(text)
            if not text.strip():
                raise GeoError(f"{file.name}: holds no article text")
        except GeoError as exc:
            flash("error", str(exc))
            continue
        headline, _ = split_headline(text)
        aid = add_article(headline or title_from_name(file.name), text, f"upload: {file.name}")
        flash("success" if aid else "info", f"Added {file.name}." if aid else f"{file.name} is already on the map.")
    st.session_state.uploader += 1


def on_fetch() -> None:
    """Fetch the URL and add its article."""
    url = st.session_state.get("fetch_url", "")
    try:
        got = fetch_article(url)
    except OfflineError as exc:
        flash("warning", f"Offline: {exc}")
        return
    except GeoError as exc:
        flash("error", str(exc))
        return
    aid = add_article(got.title, got.text, got.url)
    flash("success" if aid else "info", f"Added “{got.title}”." if aid else "That page is already on the map.")


def on_remove(aid: str | None) -> None:
    """Remove an article from the session."""
    if aid is None:
        return
    st.session_state.articles.pop(aid, None)
    if st.session_state.selected and st.session_state.selected[0] == aid:
        st.session_state.selected = None


# -- selection ------------------------------------------------------------------------


def on_map_change() -> None:
    """A click on the map selects the clicked feature (no view change)."""
    hit = clicked_feature(st.session_state.get("map"))
    if hit is not None:
        st.session_state.selected = hit


def on_table_select() -> None:
    """A row of the mentions table selects its place and pans to it."""
    rows = st.session_state.get("mentions", {}).get("selection", {}).get("rows", [])
    keys = st.session_state.get("table_keys", [])
    if rows and rows[0] < len(keys) and keys[rows[0]][1] is not None:
        aid, pid = keys[rows[0]]
        st.session_state.selected = (aid, int(pid))
        place = gazetteer().get(int(pid))
        if place is not None:
            center, zoom = place_view(place.bbox)
            st.session_state.view = {"center": center, "zoom": zoom}


def on_fly() -> None:
    """Fly to the place picked in "Find a place"."""
    pid = st.session_state.get("find_pick")
    place = gazetteer().get(int(pid)) if pid is not None else None
    if place is not None:
        center, zoom = place_view(place.bbox)
        st.session_state.view = {"center": center, "zoom": zoom}
        st.session_state.found = place.id


def on_correct(aid: str, surface: str) -> None:
    """Save the correction chosen in the side panel."""
    pick = st.session_state.get("fix_search_pick") or st.session_state.get("fix_candidate")
    if pick is None:
        flash("warning", "Pick a candidate or search for the right place first.")
        return
    everywhere = st.session_state.get("fix_scope") == "every article"
    try:
        corrections().add(surface, int(pick), doc_id=None if everywhere else aid)
    except GeoError as exc:
        flash("error", str(exc))
        return
    st.session_state.selected = (aid, int(pick))
    st.session_state.fix_search = ""
    place = gazetteer().get(int(pick))
    scope = "everywhere" if everywhere else "in this article"
    flash("success", f"“{surface}” now means {place.name if place else pick} {scope}.")


def on_uncorrect(surface: str, doc_id: str | None) -> None:
    """Forget a saved correction."""
    corrections().remove(surface, doc_id=doc_id)


# -- page sections ---------------------------------------------------------------------


def sidebar_articles(docs: dict[str, Document]) -> None:
    """Add articles; show or hide each one."""
    st.sidebar.header("Articles")
    with st.sidebar.expander("Add articles", expanded=False):
        paste, upload, url = st.tabs(["Paste", "Upload", "URL"])
        with paste:
            st.text_input("Title (optional)", key="paste_title")
            st.text_area("Article text", key="paste_text", height=150)
            st.button("Add pasted text", key="paste_add", on_click=on_paste)
        with upload:
            st.file_uploader(
                "Text, Markdown or HTML files", type=UPLOAD_TYPES, accept_multiple_files=True,
                key=f"upload_{st.session_state.uploader}",
            )
            st.button("Add files", key="upload_add", on_click=on_upload)
        with url:
            st.text_input("Web address (http or https)", key="fetch_url")
            st.button("Fetch", key="fetch_go", on_click=on_fetch)
            st.caption("Needs a network connection; everything else works offline.")
    for kind, message in st.session_state.flash:
        getattr(st.sidebar, kind)(message)
    st.session_state.flash = []
    for aid, article in st.session_state.articles.items():
        doc = docs.get(aid)
        count = len(doc.places()) if doc else 0
        st.sidebar.checkbox(f"{article['title']} ({count} places)", value=True, key=f"show::{aid}",
                            help=f"From {article['origin']}")
    with st.sidebar.popover("Remove an article", width="stretch"):
        titles = {aid: a["title"] for aid, a in st.session_state.articles.items()}
        gone = st.selectbox("Article", list(titles), index=None, key="remove_pick",
                            format_func=lambda i: titles.get(i, i))
        st.button("Remove", key="remove_go", on_click=on_remove, args=(gone,), disabled=gone is None)


def current_filters() -> dict[str, Any]:
    """The filters as the sidebar widgets last left them (defaults on the first run), as the
    keyword arguments of :func:`filter_features`; read before the widgets are drawn so the
    map can go out first."""
    state = st.session_state
    return {
        "articles": [aid for aid in state.articles if state.get(f"show::{aid}", True)],
        "kinds": [k for k in KIND_LABELS if state.get(f"kind::{k}", True)],
        "countries": list(state.get("f_countries") or []) or None,
        "min_confidence": float(state.get("f_confidence", 0.0)),
    }


def sidebar_filters(features: list[dict[str, Any]]) -> None:
    """Kind, country and confidence filters (their values are read by :func:`current_filters`)."""
    st.sidebar.header("Filter")
    for k in KIND_LABELS:
        st.sidebar.checkbox(f"Show {KIND_LABELS[k]}", value=True, key=f"kind::{k}")
    countries = sorted({(f["properties"].get("country") or "") for f in features})
    st.sidebar.multiselect(
        "Countries (none = all)", countries, key="f_countries", format_func=lambda c: c or "(no country)",
    )
    st.sidebar.slider("Minimum confidence", 0.0, 1.0, 0.0, 0.05, key="f_confidence")


def _place_label(p: Place) -> str:
    where = ", ".join(x for x in (p.admin1, p.country) if x)
    return f"{p.name} — {p.feature}{', ' + where if where else ''}"


def sidebar_find() -> None:
    """Search the gazetteer and fly to a place."""
    st.sidebar.header("Find a place")
    query = st.sidebar.text_input("Name or beginning of a name", key="find_q")
    results = gazetteer().search(query, limit=10) if query.strip() else []
    labels = {p.id: _place_label(p) for p in results}
    if query.strip() and not results:
        st.sidebar.caption("No place by that name in the gazetteer.")
    if results:
        st.sidebar.selectbox("Matches", list(labels), key="find_pick", format_func=lambda i: labels.get(i, str(i)))
        st.sidebar.button("Fly to it", key="find_go", on_click=on_fly)


def measurement(on_map: dict[int, str]) -> tuple[Any, Place | None, Place | None]:
    """The distance between the two places picked under "Measure" (None until both are picked)."""
    a, b = st.session_state.get("measure_a"), st.session_state.get("measure_b")
    if a is None or b is None or a not in on_map or b not in on_map or a == b:
        return None, None, None
    pa, pb = gazetteer().get(a), gazetteer().get(b)
    if pa is None or pb is None:
        return None, None, None
    from geo.measure import distance  # pyproj and geopy load only when someone measures

    return distance(pa, pb), pa, pb


def measure_section(on_map: dict[int, str], result: Any, pa: Place | None, pb: Place | None) -> None:
    """Pick two places and see the distance between them."""
    with st.expander("Measure a distance", expanded=result is not None):
        ids = list(on_map)
        left, right = st.columns(2)
        left.selectbox("From", ids, index=None, key="measure_a", format_func=lambda i: on_map.get(i, str(i)))
        right.selectbox("To", ids, index=None, key="measure_b", format_func=lambda i: on_map.get(i, str(i)))
        if result is not None and pa is not None and pb is not None:
            from geo.measure import format_distance

            how = "geodesic, point to point" if result.method == "geodesic" else "shortest distance between shapes"
            st.metric(f"{pa.name} → {pb.name}", format_distance(result.metres), help=how)
            st.caption(f"{result.metres:,.0f} m ({how}).")


def side_panel(docs: dict[str, Document]) -> None:
    """What the selected place is, where it is mentioned, and how to correct it."""
    selected = st.session_state.selected
    if not selected:
        st.info("Click a place on the map, or a row of the table below, to see its mentions and candidates.")
        return
    aid, pid = selected
    gaz = gazetteer()
    place = gaz.get(pid)
    if place is None:
        st.warning("That place is no longer in the gazetteer.")
        return
    st.subheader(place.name)
    where = ", ".join(x for x in (place.admin1, place.country) if x)
    st.caption(f"{place.kind} · {place.feature}{' · ' + where if where else ''} · {place.lat:.4f}, {place.lon:.4f}"
               f" · {place.source}")
    st.markdown("**Mentions across articles**")
    for doc in docs.values():
        found = [(excerpt(doc, m), m.corrected) for m in doc.mentions if m.place is not None and m.place.id == pid]
        corrected = {ex["text"] for ex, fixed in found if fixed}
        for ex in merge_excerpts(ex for ex, _ in found):
            flag = " (corrected)" if ex["text"] in corrected else ""
            st.html(
                f"<div style='margin:0 0 .5em'><i>{html.escape(doc.title)}</i>{flag}: "
                f"{marks_html(ex['text'], ex['marks'])}</div>"
            )
    doc = docs.get(aid)
    mentions = [m for m in doc.mentions if m.place is not None and m.place.id == pid] if doc else []
    if mentions:
        correction_form(aid, mentions)


def correction_form(aid: str, mentions: list[Mention]) -> None:
    """The resolver's candidates for a mention, and the form to pick another place."""
    surfaces = list(dict.fromkeys(m.text for m in mentions))
    surface = st.selectbox("Name as written", surfaces, key="fix_surface") if len(surfaces) > 1 else surfaces[0]
    mention = next(m for m in mentions if m.text == surface)
    st.markdown(f"**Candidates the resolver weighed for “{html.escape(surface)}”**")
    chosen = mention.place
    rows = [{"place": chosen.name, "feature": chosen.feature, "country": chosen.country,
             "score": round(mention.confidence, 3), "chosen": True}] if chosen else []
    rows += [{"place": c.place.name, "feature": c.place.feature, "country": c.place.country,
              "score": round(c.score, 3), "chosen": False} for c in mention.alternatives]
    import pandas as pd  # the whole page's, not the first map's (see layers.warmup)

    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    options = {c.place.id: _place_label(c.place) for c in mention.alternatives}
    st.markdown("**Correct it**")
    if options:
        st.radio("Another candidate", list(options), index=None, key="fix_candidate",
                 format_func=lambda i: options.get(i, str(i)))
    query = st.text_input("…or search the gazetteer", key="fix_search")
    hits = gazetteer().search(query, limit=10) if query.strip() else []
    labels = {p.id: _place_label(p) for p in hits}
    if hits:
        st.selectbox("Matches", list(labels), index=None, key="fix_search_pick",
                     format_func=lambda i: labels.get(i, str(i)))
    st.radio("Apply to", ["this article", "every article"], key="fix_scope", horizontal=True)
    st.button("Save correction", key="fix_save", type="primary", on_click=on_correct, args=(aid, surface))
    saved = [c for c in corrections().all() if normalize_name(c.surface) == normalize_name(surface)]
    for c in saved:
        scope = "everywhere" if c.doc_id is None else f"in {c.doc_id}"
        target = gazetteer().get(c.place_id)
        left, right = st.columns([5, 2])
        left.caption(f"Saved: “{c.surface}” → {target.name if target else c.place_id} ({scope})")
        right.button("Undo", key=f"undo::{c.doc_id}::{c.surface}", on_click=on_uncorrect, args=(c.surface, c.doc_id))


def mentions_table(docs: list[Document], filters: dict[str, Any]) -> None:
    """All mentions of the shown articles, sortable; a selected row selects the place."""
    import pandas as pd  # the whole page's, not the first map's (see layers.warmup)

    rows = [
        r for r in mention_rows(docs)
        if r["place_id"] is None
        or (r["kind"] in filters["kinds"]
            and (filters["countries"] is None or (r["country"] or "") in filters["countries"])
            and r["confidence"] >= filters["min_confidence"])
    ]
    st.session_state.table_keys = [(r["article_id"], r["place_id"]) for r in rows]
    st.subheader(f"Mentions ({len(rows)})")
    st.dataframe(
        pd.DataFrame(rows, columns=["article", "mention", "place", "kind", "feature", "country", "confidence",
                                    "corrected", "offset", "article_id", "place_id"]),
        key="mentions", on_select=on_table_select, selection_mode="single-row", hide_index=True,
        width="stretch",
        column_order=["article", "mention", "place", "kind", "feature", "country", "confidence", "corrected"],
        column_config={"confidence": st.column_config.ProgressColumn("confidence", min_value=0.0, max_value=1.0,
                                                                      format="%.2f")},
    )


def downloads(shown: list[dict[str, Any]], docs: list[Document], filters: dict[str, Any]) -> None:
    """Download the shown places: all, one article's, or one kind's, in any export format.

    ``shown`` are the map's features (for the counts); the file is built on
    click from the full-detail features of :func:`layers.document_features`.
    """
    st.subheader("Download")
    choices: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {"all": ("All shown places", lambda f: True)}
    for doc in docs:
        choices[f"article::{doc.id}"] = (f"Article: {doc.title}", lambda f, i=doc.id: f["properties"]["article_id"] == i)
    for kind, name in layers.KIND_LAYERS.items():
        choices[f"kind::{name}"] = (f"Kind: {KIND_LABELS[kind]}", lambda f, n=name: kind_layer(f) == n)
    left, mid, right = st.columns([3, 2, 2])
    key = left.selectbox("Layer", list(choices), key="dl_layer", format_func=lambda k: choices[k][0]) or "all"
    fmt = mid.selectbox("Format", list(layers.FORMATS), key="dl_format",
                        format_func=lambda f: f"{f} — {layers.FORMATS[f].description}") or "geojson"
    keep = choices.get(key, choices["all"])[1]
    name = re.sub(r"[^\w.-]+", "_", key.split("::")[-1]).strip("_") or "layer"

    def build() -> bytes:
        features = filter_features((f for doc in docs for f in layers.document_features(doc)), **filters)
        return layers.layer_bytes(layers.feature_collection([f for f in features if keep(f)], name=name), fmt,
                                  name=name)

    count = sum(1 for f in shown if keep(f))
    right.download_button(
        f"Download {count} places", data=build, file_name=f"{name}{layers.FORMATS[fmt].extension}",
        mime=layers.FORMATS[fmt].media_type, key="dl_go", on_click="ignore", disabled=count == 0,
    )


def map_section(results: dict[str, ParsedArticle], filters: dict[str, Any], revision: tuple[str, int]) -> dict[int, str]:
    """The map of the shown articles, with the selection and any measured distance marked;
    returns the places on it (id → name) for the measuring tool."""
    gaz = gazetteer()
    shown = [aid for aid in results if aid in set(filters["articles"])]
    layer_features: dict[str, list[dict[str, Any]]] = {}
    for aid in shown:
        label = st.session_state.articles[aid]["title"]
        while label in layer_features:
            label += " ·"
        layer_features[label] = filter_features(results[aid].features, **filters)
    data_key = (tuple((aid, st.session_state.articles[aid]["digest"]) for aid in shown), revision,
                repr(sorted(filters.items())))
    on_map = {f["properties"]["place_id"]: f["properties"]["name"] for fs in layer_features.values() for f in fs}
    result, _, _ = measurement(on_map)
    selected = st.session_state.selected[1] if st.session_state.selected else None
    marked = [p.geometry for pid in (selected, st.session_state.found)
              if pid is not None and (p := gaz.get(pid)) is not None]
    line = [result.a, result.b] if result is not None and result.metres > 0 else None
    view = st.session_state.view or {}
    # Imported in a script run, where its component registers with the server, and
    # after layers.map has imported folium without pandas.
    from streamlit_folium import st_folium

    st_folium(
        build_map(map_data(data_key, layer_features), basemap=load_basemap(str(gaz.path), gaz), publish=PUBLISH),
        key="map", height=620, use_container_width=True,
        returned_objects=list(RETURNED_OBJECTS),
        center=view.get("center"), zoom=view.get("zoom"),
        feature_group_to_add=selection_group(marked, line=line), on_change=on_map_change,
    )
    st.caption("Basemap: the gazetteer's own country and sea outlines. OpenStreetMap tiles are in the layer "
               "menu (top right), off by default: they need a network connection.")
    return on_map


def saved_corrections() -> None:
    """Every saved correction."""
    with st.expander("Saved corrections"):
        saved = corrections().all()
        if not saved:
            st.caption("None yet. Select a place and pick another candidate to correct the parser.")
        for c in saved:
            target = gazetteer().get(c.place_id)
            st.caption(f"“{c.surface}” → {target.name if target else c.place_id} "
                       f"({'everywhere' if c.doc_id is None else 'in ' + c.doc_id})")


def on_map_drawn() -> None:
    """The browser has drawn the session's first map: the next run shows the whole page
    (and the server's warm-up may import the libraries only that needs)."""
    st.session_state.whole_page = True
    map_drawn()


def main() -> None:
    """The page: the map goes out first, then the sidebar, the panel, the table.

    A session's first run sends the map alone, and the rest once the browser
    has drawn it (:mod:`layers.ready`): on a small machine the widgets' and
    table's code would otherwise hold the map back by a second or more.
    """
    st.set_page_config(page_title="News map explorer", page_icon=PAGE_ICON, layout="wide")
    st.title("News map explorer")
    st.caption("The places the news names, found offline. " + CREDITS)
    init_state()
    gazetteer()
    revision = (str(corrections().path), corrections().revision())
    results = {aid: parsed(aid, a["digest"], revision, a["title"], a["text"])
               for aid, a in st.session_state.articles.items()}
    docs = {aid: r.doc for aid, r in results.items()}
    filters = current_filters()
    map_col, panel_col = st.columns([3, 2], gap="medium")
    with map_col:
        on_map = map_section(results, filters, revision)
    if not st.session_state.whole_page:
        st.sidebar.caption("Loading the articles, filters and search…")
        map_ready_signal(key="map_ready", on_ready=on_map_drawn, timeout_ms=SETTINGS.map_ready_timeout_ms)
        return
    sidebar_articles(docs)
    sidebar_filters([f for r in results.values() for f in r.features])
    sidebar_find()
    with map_col:
        measure_section(on_map, *measurement(on_map))
    with panel_col:
        side_panel(docs)
    shown_docs = [docs[aid] for aid in filters["articles"] if aid in docs]
    mentions_table(shown_docs, filters)
    downloads([f for d in shown_docs for f in filter_features(results[d.id].features, **filters)], shown_docs, filters)
    saved_corrections()
    st.divider()
    st.caption(CREDITS)


if __name__ == "__main__":
    main()
