"""Geoparser throughput: articles per second, beside geotext in the same run.

    python benchmarks/parse.py [--db PATH] [--repeat 3]

Both parse the same texts (the development corpora's articles, read from
../shared/eval) in one process on the full gazetteer. geotext is a regex
baseline (city and country names) from PyPI; its figure is the yardstick
for the ratio printed last. Loading (gazetteer, lexicon) is timed apart.
Each of our repeats starts with an empty lookup cache: the rate is that of
a first pass over the corpus, names repeated across its articles included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.evaluate import load_corpus  # noqa: E402
from geo.gazetteer import open_gazetteer  # noqa: E402
from geo.pipeline import Geoparser  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"


def _rate(fn, texts: list[str], repeat: int, before=None) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Best-of-``repeat`` articles per second, and the items found; ``before``
    runs ahead of each repeat, untimed (it empties our lookup cache, so a
    repeat never reads names an earlier one looked up)."""
    rates = []
    found = 0
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        found = sum(len(fn(text)) for text in texts)
        rates.append(len(texts) / (time.perf_counter() - t))
    return max(rates), found


def main() -> int:
    """Print throughput figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="gazetteer path (default: the full profile's)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"no corpora at {EVAL}: nothing to measure")
        return 0
    texts = [doc["text"] for path in sorted(EVAL.glob("*.jsonl")) for doc in load_corpus(path)]
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars / 1e6:.2f} M characters (mean {chars / len(texts):,.0f})")

    t = time.perf_counter()
    gaz = open_gazetteer(args.db)
    parser = Geoparser(gaz)
    print(f"load: gazetteer + lexicon ({len(parser.lexicon):,} keys) in {time.perf_counter() - t:.2f} s")

    from geotext import GeoText

    t = time.perf_counter()
    GeoText("warm up the geotext index in Paris")
    print(f"load: geotext in {time.perf_counter() - t:.2f} s")

    def geotext(s: str) -> list[str]:
        found = GeoText(s)
        return found.cities + found.countries

    geotext_rate, geotext_found = _rate(geotext, texts, args.repeat)
    ours_rate, ours_found = _rate(lambda s: parser.parse(s).mentions, texts, args.repeat, gaz.clear_cache)
    recog_rate, _ = _rate(parser.spans, texts, args.repeat)
    print(f"geotext (regex baseline): {geotext_rate:8.1f} articles/s  ({geotext_found} names found)")
    print(f"geo parse (recognise + resolve): {ours_rate:8.1f} articles/s  ({ours_found} mentions)")
    print(f"geo recognition only:        {recog_rate:8.1f} articles/s")
    print(f"ratio geo parse / geotext: {ours_rate / geotext_rate:.2f}")
    sample = texts[:: max(1, len(texts) // 100)]
    per_article_ms = []
    for text in sample:
        t = time.perf_counter()
        parser.parse(text)
        per_article_ms.append((time.perf_counter() - t) * 1000)
    print(f"per article: median {statistics.median(per_article_ms):.1f} ms, max {max(per_article_ms):.1f} ms")

    # One huge article: time should grow linearly with size and memory stay
    # bounded. Time is taken untraced (tracing slows Python several-fold);
    # the peak traced memory comes from a second, traced run of the 1 MB text.
    corpus = "\n\n".join(texts)
    for megabytes in (1, 10):
        text = (corpus * (megabytes * 1_000_000 // len(corpus) + 1))[: megabytes * 1_000_000]
        t = time.perf_counter()
        doc = parser.parse(text)
        seconds = time.perf_counter() - t
        print(f"one {megabytes} MB article: {seconds:.1f} s ({seconds / megabytes:.1f} s/MB), {len(doc.mentions):,} mentions")
        del doc
        if megabytes == 1:
            tracemalloc.start()
            parser.parse(text)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            print(f"  peak traced memory while parsing 1 MB: {peak:.0f} MB (the 25 kB windows bound it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
