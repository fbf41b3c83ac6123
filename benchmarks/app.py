"""Benchmark the explorer in a real browser (Debian's Chromium, headless, through Playwright).

Prints:

* server start to first map visible (the seed articles; gazetteer already built;
  when the page's own clock says the map's first view was painted, and when this
  driver saw it), with an empty parse cache and with the one an earlier start
  filled; and to the whole page (the sidebar and mentions table follow the map,
  see ``layers/ready.py``);
* with about 5,000 features: time to visible (server already warm) and
  from a click on a place to the side panel showing it;
* the page payload: bytes over HTTP and over the websocket.

Targets: first map ≤ 5 s, 5,000 features visible ≤ 5 s, click to panel ≤ 1.5 s.

Usage: ``python benchmarks/app.py [--db data/gazetteer-small.sqlite] [--features 5000] [--repeat N] [--first-only]
[--against OTHER_CHECKOUT]``. With ``--against``, only the first map is measured, for this
checkout and the other in turn: the way to tell a change from the machine's noise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.gazetteer import Gazetteer  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_explorer, stop  # noqa: E402

TIMEOUT_MS = 180_000


def synthetic_articles(gaz: Gazetteer, folder: Path, features: int, per_article: int = 100) -> int:
    """Write articles naming ``features`` distinct cities (``per_article`` each); returns how many names."""
    seen: set[str] = set()
    names: list[str] = []
    for place in gaz.within((-180.0, -90.0, 180.0, 90.0), limit=60_000):
        name = place.name
        if place.feature in ("city", "capital") and name.isascii() and name.isalpha() and name not in seen:
            seen.add(name)
            names.append(name)
        if len(names) >= features:
            break
    random.Random(7).shuffle(names)
    for i in range(0, len(names), per_article):
        chunk = names[i : i + per_article]
        sentences = [f"Officials in {a} and {b} met on Monday." for a, b in zip(chunk[::2], chunk[1::2], strict=False)]
        (folder / f"synthetic-{i // per_article:03d}.txt").write_text(
            f"Synthetic report {i // per_article}\n\n" + " ".join(sentences) + "\n", encoding="utf-8"
        )
    return len(names)


def open_map(page: Any, url: str, since: float | None = None) -> tuple[float, float, Any]:
    """Load ``url``; seconds from ``since`` (a ``time.time()`` value; default: now) until the map's
    first view was painted, by the page's own clock (``geoExplorer.drawnAt``, set the frame after
    the features were drawn), and until this driver saw it (later by however long the browser's busy
    main thread delays the driver's polls); and the map's frame."""
    since = time.time() if since is None else since
    page.goto(url)
    page.wait_for_selector("iframe[title='streamlit_folium.st_folium']", timeout=TIMEOUT_MS)
    while True:
        for frame in page.frames:
            if "streamlit_folium" in frame.url:
                try:
                    at = frame.evaluate("() => (window.geoExplorer && window.geoExplorer.drawnAt) || 0")
                    if at and frame.evaluate("() => Boolean(window.map && window.GEO_DATA)"):
                        return at / 1000 - since, time.time() - since, frame
                except Exception:  # replaced while we looked
                    pass
        if time.time() - since > TIMEOUT_MS / 1000:
            raise TimeoutError("the map never appeared")
        page.wait_for_timeout(50)  # not time.sleep: Playwright learns of new frames only while it runs


def wait_whole_page(page: Any) -> None:
    """Wait for the rest of the page (sidebar and mentions table), which follows the first map."""
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_test_id("stSidebar").get_by_role("checkbox").first.wait_for(timeout=TIMEOUT_MS)


def feature_count(frame: Any) -> int:
    """Article features in the map's data."""
    return int(frame.evaluate(
        "() => Object.values(window.GEO_DATA).flat().flatMap(fc => fc.features)"
        ".filter(f => f.properties.article_id !== undefined).length"
    ))


def click_to_panel(page: Any, frame: Any, nth: int) -> tuple[float, str]:
    """Click the ``nth`` point feature; seconds until the side panel names it."""
    found = frame.evaluate(
        """(nth) => {
            const points = [];
            window.map.eachLayer((l) => { if (l.feature && l.feature.properties.article_id && l.getLatLng
                                            && l.feature.properties.kind === "point") { points.push(l); } });
            const found = points[(nth * 997) % points.length];
            window.map.setView(found.getLatLng(), 12, {animate: false});
            found.bringToFront();
            const pt = window.map.latLngToContainerPoint(found.getLatLng());
            return [pt.x, pt.y, found.feature.properties.name];
        }""",
        nth,
    )
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    time.sleep(0.5)
    started = time.perf_counter()
    page.mouse.click(box["x"] + found[0], box["y"] + found[1])
    main = page.get_by_test_id("stMain")
    main.get_by_role("heading", name=found[2], exact=True).wait_for(timeout=TIMEOUT_MS)
    return time.perf_counter() - started, found[2]


class Payload:
    """Bytes a page received over HTTP and the websocket."""

    def __init__(self, page: Any) -> None:
        self.http = 0
        self.ws = 0
        page.on("requestfinished", self._finished)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _finished(self, request: Any) -> None:
        with contextlib.suppress(Exception):  # a request that ended with the page
            self.http += int(request.sizes()["responseBodySize"])

    def _frame(self, payload: Any) -> None:
        self.ws += len(payload)


def first_map(
    browser: Any, env: dict[str, str], log: Path, entry: str = "serve.py", repo: Path | None = None
) -> dict[str, float]:
    """One cold start: seconds from the server process's start until the seed features are
    drawn (with the server's health check and the page load apart; a new browser context, so
    the browser's cache is empty), then a reload of the same page (warm server and browser cache).
    ``repo`` is the checkout to start (default: this one)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    payload = Payload(page)
    started = time.time()
    proc, url = start_explorer(env, log, entry=entry, repo=repo)
    try:
        up = time.time() - started
        first, seen, frame = open_map(page, url, started)
        load = first - up
        wait_whole_page(page)
        whole = time.time() - started
        count = feature_count(frame)
        warm, _, frame = open_map(page, url)
    finally:
        stop(proc)
        page.close()
    return {"first": first, "seen": seen, "whole": whole, "up": up, "load": load, "features": count, "warm": warm,
            "http": payload.http, "ws": payload.ws}


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _report(label: str, runs: list[dict[str, float]]) -> None:
    median = f"median of {len(runs)}, " if len(runs) > 1 else ""
    print(f"first map ({runs[0]['features']:.0f} features; {label}; {median}gazetteer built): server start to visible "
          f"{_median(runs, 'first'):.2f} s (server up {_median(runs, 'up'):.2f} s, page {_median(runs, 'load'):.2f} s), "
          f"seen by the driver {_median(runs, 'seen'):.2f} s, whole page {_median(runs, 'whole'):.2f} s; "
          f"warm server {_median(runs, 'warm'):.2f} s", flush=True)


#: How the server is started: as ``bash scripts/app`` does (warm-up at server start), and the
#: baseline, the page alone (``streamlit run app.py``), measured in turn in the same run.
ENTRIES = {"serve.py": "serve.py, warm-up", "app.py": "app.py alone"}


def run_first(browser: Any, env: dict[str, str], tmpdir: Path, repeat: int) -> None:
    """Cold starts on the seed articles, ``repeat`` rounds. Each round starts ``serve.py`` and
    ``app.py`` in turn, each twice: with an empty parse cache (the first start after installing
    or after the code changed), then with the cache that start filled (every later start).
    Prints each run, then the medians of each kind and the ratio of the two entries."""
    kinds = ("empty parse cache", "parse cache from an earlier start")
    runs: dict[tuple[str, str], list[dict[str, float]]] = {(e, k): [] for e in ENTRIES for k in kinds}
    for i in range(repeat):
        for entry in ENTRIES:
            cache = {"XDG_CACHE_HOME": str(tmpdir / f"cache-{entry}-{i}")}  # a new, empty cache directory
            for kind in kinds:
                r = first_map(browser, {**env, **cache}, tmpdir / f"seeds-{entry}-{i}-{kind[:5]}.log", entry)
                runs[entry, kind].append(r)
                print(f"  run {i + 1}, {ENTRIES[entry]}, {kind}: first map {r['first']:.2f} s (server up "
                      f"{r['up']:.2f} s, page {r['load']:.2f} s), seen {r['seen']:.2f} s, "
                      f"whole page {r['whole']:.2f} s, warm {r['warm']:.2f} s", flush=True)
    for (entry, kind), found in runs.items():
        _report(f"{ENTRIES[entry]}; {kind}", found)
    for kind in kinds:
        ours, base = (_median(runs[e, kind], "first") for e in ENTRIES)
        print(f"first map, {kind}: serve.py / app.py = {ours / base:.2f} ({ours:.2f} s / {base:.2f} s)")
    last = runs["serve.py", kinds[1]][-1]
    print(f"page payload (seeds, two loads): HTTP {last['http']:,.0f} B, websocket {last['ws']:,.0f} B")


def run_against(browser: Any, env: dict[str, str], tmpdir: Path, repeat: int, other: Path) -> None:
    """This checkout's ``serve.py`` against another's, in turn (the order alternating each
    round), ``repeat`` rounds, each with the parse cache its own earlier start filled:
    the first map's time for each, their medians and ratio, and how many rounds each won."""
    repos = {"this checkout": REPO, f"against {other}": other}
    runs: dict[str, list[float]] = {label: [] for label in repos}

    def start(label: str, i: int) -> float:
        cache = {"XDG_CACHE_HOME": str(tmpdir / f"cache-{list(repos).index(label)}")}
        return first_map(browser, {**env, **cache}, tmpdir / f"ab-{list(repos).index(label)}-{i}.log",
                         repo=repos[label])["first"]

    for label in repos:
        start(label, -1)  # fills that checkout's parse cache
    for i in range(repeat):
        for label in (list(repos) if i % 2 == 0 else list(repos)[::-1]):
            runs[label].append(start(label, i))
            print(f"  round {i + 1}, {label}: first map {runs[label][-1]:.2f} s", flush=True)
    ours, base = (runs[label] for label in repos)
    wins = sum(a < b for a, b in zip(ours, base, strict=True))
    for label, found in runs.items():
        print(f"first map ({label}; parse cache filled; median of {len(found)}): {statistics.median(found):.2f} s "
              f"(mean {statistics.fmean(found):.2f} s, {min(found):.2f}–{max(found):.2f} s)")
    print(f"first map, this checkout / the other = {statistics.median(ours) / statistics.median(base):.2f} "
          f"(medians); faster in {wins} of {len(ours)} rounds")


def run_many(browser: Any, gaz: Gazetteer, env: dict[str, str], tmpdir: Path, features: int) -> None:
    """About ``features`` features: cold and warm time to visible, click to panel, payload."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    payload = Payload(page)
    seeds = tmpdir / "many"
    seeds.mkdir()
    names = synthetic_articles(gaz, seeds, features)
    proc, url = start_explorer({**env, "GEO_SEEDS": str(seeds)}, tmpdir / "many.log")
    try:
        cold, _, frame = open_map(page, url)  # parses every article once
        print(f"{names:,} names → {feature_count(frame):,} features: cold (parse + draw) {cold:.2f} s")
        payload.http = payload.ws = 0
        visible, seen, frame = open_map(page, url)
        print(f"{feature_count(frame):,} features visible (warm server): {visible:.2f} s "
              f"(seen by the driver {seen:.2f} s)")
        wait_whole_page(page)  # clicks are timed on the whole page
        print(f"page payload ({feature_count(frame):,} features): HTTP {payload.http:,} B, "
              f"websocket {payload.ws:,} B")
        timings = [click_to_panel(page, frame, i)[0] for i in range(3)]
        print(f"click to side panel ({feature_count(frame):,} features): "
              f"{' / '.join(f'{t:.2f}' for t in timings)} s (best {min(timings):.2f} s)")
    finally:
        stop(proc)
        page.close()


def run(db: Path, features: int, *, repeat: int = 1, first_only: bool = False, against: Path | None = None) -> None:
    """Run the measurements and print them (with ``against``, only the comparison of first maps)."""
    from playwright.sync_api import sync_playwright

    gaz = Gazetteer(db)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmpdir = Path(tmp)
        env = {"GEO_GAZETTEER": str(db), "GEO_PROFILE": "small", "GEO_CORRECTIONS": str(tmpdir / "c.sqlite"),
               "XDG_DATA_HOME": str(tmpdir / "data"), "XDG_CACHE_HOME": str(tmpdir / "cache")}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            if against is not None:
                run_against(browser, env, tmpdir, repeat, against)
                return
            run_first(browser, env, tmpdir, repeat)
            if not first_only:
                run_many(browser, gaz, env, tmpdir, features)
        finally:
            browser.close()


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("GEO_TEST_GAZETTEER")
                                                         or REPO / "data" / "gazetteer-small.sqlite"),
                        help="a built gazetteer (default: the small test one)")
    parser.add_argument("--features", type=int, default=5000, help="features for the large-map measurements")
    parser.add_argument("--repeat", type=int, default=1,
                        help="pairs of cold starts on the seeds, empty and filled parse cache (medians are printed)")
    parser.add_argument("--first-only", action="store_true", help="only the first-map (seeds) measurements")
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout (e.g. `git worktree add /tmp/base HEAD~3`): only its first map "
                             "against this one's, in turn, --repeat rounds")
    args = parser.parse_args()
    run(args.db, args.features, repeat=max(1, args.repeat), first_only=args.first_only, against=args.against)


if __name__ == "__main__":
    main()
