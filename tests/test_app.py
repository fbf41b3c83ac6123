"""The explorer's state and widgets, driven by Streamlit's AppTest (no browser).

The map component cannot run here, so its arguments are read instead: the
features reach the browser as an inlined script (``js_links``), decoded below.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo.corrections import CorrectionStore
from geo.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "app.py"
HOSTILE = "<script>alert(1)</script> and <img src=x onerror=alert(1)>"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
import app as explorer  # noqa: E402


@pytest.fixture
def env(gazetteer: Gazetteer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's environment: the small gazetteer, a fresh corrections store, a private cache directory."""
    corrections = tmp_path / "corrections.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("GEO_GAZETTEER", str(gazetteer.path))
    monkeypatch.setenv("GEO_PROFILE", "small")
    monkeypatch.setenv("GEO_CORRECTIONS", str(corrections))
    return corrections


def whole_page(test: AppTest) -> AppTest:
    """Run the page as the browser's "map drawn" signal does: the callback, then a rerun."""
    test.session_state.whole_page = True  # what app.on_map_drawn does
    return test.run()


@pytest.fixture
def at(env: Path) -> Iterator[AppTest]:
    """The app as a person first sees it whole: its first run (the map alone),
    then the run the browser's signal starts once the map is drawn."""
    test = AppTest.from_file(str(APP), default_timeout=180)
    test.run()
    assert not test.exception, test.exception
    whole_page(test)
    assert not test.exception, test.exception
    yield test


def map_features(test: AppTest) -> list[dict[str, Any]]:
    """The article features the map component was given (basemap left out)."""
    (component,) = [c for c in test.get("component_instance") if c.proto.component_name.endswith("st_folium")]
    args = json.loads(component.proto.json_args)
    features = []
    for link in args["js_links"]:
        if link.startswith("data:"):
            source = base64.b64decode(link.split(",", 1)[1]).decode("utf-8")
        else:  # published under static/ (served by Streamlit at /app/static/)
            source = (REPO / "static" / link.split("/app/static/", 1)[1]).read_text(encoding="utf-8")
        if source.startswith("(window.GEO_DATA"):
            payload = json.loads(source.split("] = ", 1)[1].rstrip().rstrip(";"))
            features += [f for fc in payload for f in fc["features"] if "article_id" in f["properties"]]
    return features


def names(test: AppTest) -> set[str]:
    """Names of the places on the map."""
    return {f["properties"]["name"] for f in map_features(test)}


def mentions(test: AppTest) -> Any:
    """The mentions table (a DataFrame)."""
    return next(df.value for df in test.dataframe if "mention" in df.value.columns)


def place_id(gazetteer: Gazetteer, name: str, country: str) -> int:
    """The id of the most important place of that name in that country."""
    return next(p.id for p in gazetteer.search(name, limit=20) if p.name == name and p.country == country)


def test_first_view_shows_every_seed_article(at: AppTest) -> None:
    labels = [c.label for c in at.sidebar.checkbox]
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        assert at.session_state[f"show::{seed.stem}"] is True
    assert any(label.startswith("DMZ visit") for label in labels)
    assert len([label for label in labels if "places)" in label]) >= 4
    assert {"Military Demarcation Line", "Joint Security Area"} <= names(at)
    articles = {f["properties"]["article_id"] for f in map_features(at)}
    assert len(articles) >= 4
    table = mentions(at)
    assert {"Military Demarcation Line", "Seoul"} <= set(table["place"])
    assert "GeoNames" in at.caption[0].value and "Natural Earth" in at.caption[0].value


def test_the_first_run_sends_the_map_alone_and_the_signal(env: Path) -> None:
    test = AppTest.from_file(str(APP), default_timeout=180)
    test.run()
    assert not test.exception, test.exception
    assert {"Military Demarcation Line", "Seoul"} <= names(test)
    assert not test.sidebar.checkbox and not test.dataframe and not test.get("download_button")
    assert "Loading" in test.sidebar.caption[0].value
    assert test.session_state.whole_page is False
    test.run()  # a rerun without the signal (nothing drawn yet) still shows the map alone
    assert not test.sidebar.checkbox
    explorer_state = whole_page(test)
    assert explorer_state.sidebar.checkbox and mentions(explorer_state) is not None
    assert {"Military Demarcation Line", "Seoul"} <= names(explorer_state)


def test_map_is_offline(at: AppTest) -> None:
    (component,) = at.get("component_instance")
    args = json.loads(component.proto.json_args)
    assert args["css_links"] and args["js_links"]
    local = [link for link in args["js_links"] + args["css_links"] if not link.startswith("data:")]
    # Leaflet (with jQuery, one file), its stylesheet and the map's data are served by Streamlit itself;
    # only the map's own small script is inlined, so the message that carries the map stays small.
    assert all(re.match(r"\.\./\.\./app/static/geo/(geo|lib)-[\w-]+\.(js|css)$", link) for link in local), local
    assert sum(len(link) for link in args["js_links"] + args["css_links"] if link not in local) < 20_000
    assert all((REPO / "static" / link.split("/app/static/", 1)[1]).is_file() for link in local)
    assert any("lib-leaflet-" in link for link in args["js_links"])
    assert any("lib-leaflet_css-" in link for link in args["css_links"])
    assert "cdn" not in args["header"].lower()
    # Nothing that the map reports on loading differs from the defaults, so loading it reruns nothing.
    assert args["returned_objects"] == ["last_active_drawing", "last_object_clicked"]
    assert args["default"] == {"last_active_drawing": None, "last_object_clicked": None}


def test_each_excerpt_is_shown_once_with_every_mention_marked(at: AppTest, gazetteer: Gazetteer) -> None:
    features = map_features(at)
    for f in features:
        texts = [ex["text"] for ex in f["properties"]["excerpts"]]
        assert len(texts) == len(set(texts)), f["properties"]["name"]
    jsa = next(f for f in features if f["properties"]["name"] == "Joint Security Area")
    (ex,) = jsa["properties"]["excerpts"]  # "Panmunjom's Joint Security Area (JSA)": one sentence, three mentions
    assert [ex["text"][s:e] for s, e in ex["marks"]] == ["Panmunjom", "Joint Security Area", "JSA"]
    # The side panel too: the sentence once, its three mentions marked.
    at.session_state["selected"] = ("dmz-visit", jsa["properties"]["place_id"])
    at.run()
    shown = [h.proto.body for h in at.get("html") if "DMZ visit" in h.proto.body]
    assert len(shown) == 1
    assert re.findall(r"<mark>(.*?)</mark>", shown[0]) == ["Panmunjom", "Joint Security Area", "JSA"]


def test_kind_and_confidence_filters(at: AppTest) -> None:
    at.sidebar.checkbox(key="kind::polygon").uncheck().run()
    kinds = {f["properties"]["kind"] for f in map_features(at)}
    assert "polygon" not in kinds and "point" in kinds
    assert "polygon" not in set(mentions(at)["kind"].dropna())
    at.sidebar.slider(key="f_confidence").set_value(0.95).run()
    assert all(f["properties"]["confidence"] >= 0.95 for f in map_features(at))


def test_country_filter_and_article_toggle(at: AppTest) -> None:
    at.sidebar.multiselect(key="f_countries").select("KR").run()
    assert {f["properties"]["country"] for f in map_features(at)} == {"KR"}
    at.sidebar.multiselect(key="f_countries").unselect("KR").run()
    at.sidebar.checkbox(key="show::dmz-visit").uncheck().run()
    assert "dmz-visit" not in {f["properties"]["article_id"] for f in map_features(at)}
    assert "Military Demarcation Line" not in set(mentions(at)["place"])


def test_paste_adds_an_article_and_escapes_nothing_into_html(at: AppTest) -> None:
    at.sidebar.text_input(key="paste_title").input(f"Hostile {HOSTILE}")
    at.sidebar.text_area(key="paste_text").input(f"Talks in Pyongyang. {HOSTILE} Then Seoul.")
    at.sidebar.button(key="paste_add").click().run()
    assert not at.exception
    assert any("Hostile <script>" in c.label for c in at.sidebar.checkbox)
    hostile = [f for f in map_features(at) if f["properties"]["article_title"].startswith("Hostile")]
    assert {"Pyongyang", "Seoul"} <= {f["properties"]["name"] for f in hostile}
    (component,) = at.get("component_instance")
    script = json.loads(component.proto.json_args)["script"]
    assert "<script>alert" not in script and "<img src=x" not in script  # layer names are escaped
    # ... as HTML entities (themselves JSON-escaped), which Leaflet's layer control shows as text.
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in script
    # Adding the same text again is refused.
    at.sidebar.text_area(key="paste_text").input(f"Talks in Pyongyang. {HOSTILE} Then Seoul.")
    at.sidebar.button(key="paste_add").click().run()
    assert any("already" in i.value for i in at.sidebar.info)


def test_fetch_says_clearly_when_offline(at: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    at.sidebar.text_input(key="fetch_url").input("https://news.example.org/story")
    at.sidebar.button(key="fetch_go").click().run()
    assert any("offline" in w.value.lower() for w in at.sidebar.warning)


def test_fetch_refuses_other_schemes(at: AppTest) -> None:
    at.sidebar.text_input(key="fetch_url").input("file:///etc/passwd")
    at.sidebar.button(key="fetch_go").click().run()
    assert any("only http and https" in e.value for e in at.sidebar.error)


def test_selected_place_shows_mentions_and_candidates(at: AppTest, gazetteer: Gazetteer) -> None:
    seoul = place_id(gazetteer, "Seoul", "KR")
    at.session_state["selected"] = ("dmz-visit", seoul)
    at.run()
    assert at.subheader[0].value == "Seoul"
    assert any("Mentions across articles" in m.value for m in at.markdown)
    candidates = next(df.value for df in at.dataframe if "score" in df.value.columns)
    assert candidates.iloc[0]["place"] == "Seoul" and bool(candidates.iloc[0]["chosen"])
    assert at.button(key="fix_save") is not None


def test_correction_is_saved_and_applied(at: AppTest, gazetteer: Gazetteer, env: Path) -> None:
    seoul, busan = place_id(gazetteer, "Seoul", "KR"), place_id(gazetteer, "Busan", "KR")
    at.session_state["selected"] = ("dmz-visit", seoul)
    at.run()
    at.text_input(key="fix_search").input("Busan").run()
    at.selectbox(key="fix_search_pick").select(busan).run()
    at.radio(key="fix_scope").set_value("this article").run()
    at.button(key="fix_save").click().run()
    assert not at.exception
    with CorrectionStore(env) as store:
        assert store.lookup("Seoul", "dmz-visit") == busan
        assert store.lookup("Seoul", "other-article") is None
    table = mentions(at)
    fixed = table[(table["article_id"] == "dmz-visit") & (table["mention"] == "Seoul")]
    assert set(fixed["place"]) == {"Busan"} and fixed["corrected"].all()
    elsewhere = table[(table["article_id"] != "dmz-visit") & (table["place"] == "Seoul")]
    assert elsewhere.empty or not elsewhere["corrected"].any()
    assert at.session_state["selected"] == ("dmz-visit", busan)
    # Undo puts the resolver's choice back.
    at.button(key="undo::dmz-visit::Seoul").click().run()
    table = mentions(at)
    assert "Seoul" in set(table[(table["article_id"] == "dmz-visit") & (table["mention"] == "Seoul")]["place"])


def test_find_a_place_and_fly_to_it(at: AppTest) -> None:
    at.sidebar.text_input(key="find_q").input("Pyong").run()
    pick = at.sidebar.selectbox(key="find_pick")
    assert any(label.startswith("Pyongyang") for label in pick.options)
    at.sidebar.button(key="find_go").click().run()
    center = at.session_state["view"]["center"]
    assert center[0] == pytest.approx(39.03, abs=0.5) and center[1] == pytest.approx(125.75, abs=0.5)
    assert at.session_state["found"] is not None


def test_measure_op_ouellette_to_the_line(at: AppTest, gazetteer: Gazetteer) -> None:
    op = place_id(gazetteer, "Observation Post Ouellette", "KR")
    mdl = next(p.id for p in gazetteer.search("Military Demarcation Line", 5) if p.kind == "line")
    at.selectbox(key="measure_a").select(op).run()
    at.selectbox(key="measure_b").select(mdl).run()
    (metric,) = at.metric
    assert metric.value.endswith(" m")
    assert 10 < float(metric.value.removesuffix(" m").replace(",", "")) < 2000


def test_download_choices_cover_articles_and_kinds(at: AppTest) -> None:
    layers = set(at.selectbox(key="dl_layer").options)
    assert {"All shown places", "Article: DMZ visit", "Kind: points", "Kind: lines", "Kind: areas"} <= layers
    formats = {label.split(" ")[0] for label in at.selectbox(key="dl_format").options}
    assert formats >= {"geojson", "kml", "csv", "gpkg"}
    at.selectbox(key="dl_layer").select("kind::points").run()
    assert at.get("download_button")[0].proto.label.startswith("Download ")


def test_progress_factory_moves_a_bar() -> None:
    class Bar:
        def __init__(self) -> None:
            self.calls: list[tuple[float, str]] = []

        def progress(self, value: float, text: str = "") -> None:
            self.calls.append((value, text))

    bar = Bar()
    factory = explorer.progress_factory(bar)
    assert list(factory(range(5), total=5, desc="reading", unit="place")) == [0, 1, 2, 3, 4]
    assert bar.calls and 0.0 < bar.calls[0][0] <= 1.0 and "reading" in bar.calls[0][1]


@pytest.mark.parametrize(
    ("name", "title"), [("dmz-visit.txt", "DMZ visit"), ("port_strike-in-antwerp.md", "Port strike in antwerp")]
)
def test_title_from_name(name: str, title: str) -> None:
    assert explorer.title_from_name(name) == title


def test_split_headline() -> None:
    assert explorer.split_headline("Floods in Dhaka\n\nRain fell.")[0] == "Floods in Dhaka"
    assert explorer.split_headline("A long first sentence ends here.\n\nMore.")[0] is None
    assert explorer.split_headline("No blank line at all")[0] is None


def test_the_page_reads_the_seeds_the_server_warm_up_parsed(env: Path, tmp_path: Path) -> None:
    from layers.warmup import warm_up

    done = warm_up(map_wait=0)  # as serve.py does at server start, with the same environment
    assert done.error is None and done.parsed > 0
    folder = tmp_path / "cache" / "geo-news" / "parsed"
    before = sorted(p.name for p in folder.glob("*.json"))
    test = AppTest.from_file(str(APP), default_timeout=180)
    test.run()
    assert not test.exception, test.exception
    assert map_features(test)
    assert sorted(p.name for p in folder.glob("*.json")) == before  # every seed found there, none parsed again


def test_a_missing_gazetteer_is_built_on_the_first_run(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "built-here.sqlite"
    monkeypatch.setenv("GEO_GAZETTEER", str(db))
    test = AppTest.from_file(str(APP), default_timeout=600).run()
    assert not test.exception, test.exception
    assert Gazetteer(db).count() > 1000
    assert map_features(test)  # and the first run went on to draw the seeds


def test_a_foreign_file_is_never_built_over(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "not-a-gazetteer.sqlite"
    db.write_bytes(b"my notes, not a database")
    monkeypatch.setenv("GEO_GAZETTEER", str(db))
    test = AppTest.from_file(str(APP), default_timeout=180).run()
    assert test.exception and str(db) in test.exception[0].message
    assert db.read_bytes() == b"my notes, not a database"
