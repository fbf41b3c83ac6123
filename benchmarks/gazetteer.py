"""Gazetteer benchmark: build time, file size, lookup and search latency, memory.

    python benchmarks/gazetteer.py            # builds the full profile into a temp dir
    python benchmarks/gazetteer.py --db PATH  # measures an existing database, no build

Latencies are over 10,000 names drawn (seeded) from the database itself:
exact ``lookup`` and ``search`` of a 3-to-6-letter prefix of each.
Memory is the resident set of a fresh process that opened the gazetteer
and ran 1,000 lookups, beside the same process before opening it.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.gazetteer import Gazetteer, build_gazetteer  # noqa: E402

_RSS_PROBE = """
import resource, sys
sys.path.insert(0, {repo!r})
def rss():
    with open('/proc/self/status') as fh:
        for line in fh:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
before = rss()
from geo.gazetteer import Gazetteer
g = Gazetteer({db!r})
for name in {names!r}:
    g.lookup(name)
print(before, rss())
"""


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _time_calls(fn, args: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="measure this database instead of building one")
    ap.add_argument("--profile", default="full", choices=("full", "small"))
    ap.add_argument("-n", type=int, default=10_000, help="names to time (default 10,000)")
    args = ap.parse_args()

    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "gazetteer.sqlite"
        report = build_gazetteer(db, profile=args.profile)
        print(f"build ({args.profile}): {report.seconds:.1f} s, {report.places:,} places, {report.names:,} names")
    print(f"file size: {db.stat().st_size / 1e6:.1f} MB")

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    names = [r[0] for r in conn.execute("SELECT name FROM names WHERE kind IN ('primary', 'alt') AND length(name) >= 3")]
    conn.close()
    rng = random.Random(20261128)
    sample = rng.sample(names, min(args.n, len(names)))
    prefixes = [s[: rng.randint(3, 6)] for s in sample]

    gaz = Gazetteer(db)
    gaz.lookup(sample[0])  # warm the page cache the same way for both
    look = _time_calls(gaz.lookup, sample)
    srch = _time_calls(lambda p: gaz.search(p, limit=10), prefixes)
    print(f"lookup  ({len(look):,} names): median {statistics.median(look):.3f} ms, p99 {_percentile(look, 0.99):.3f} ms")
    print(f"search  ({len(srch):,} prefixes): median {statistics.median(srch):.3f} ms, p99 {_percentile(srch, 0.99):.3f} ms")

    probe = _RSS_PROBE.format(repo=str(REPO), db=str(db), names=sample[:1000])
    before, after = map(float, subprocess.check_output([sys.executable, "-c", probe], text=True).split())
    print(f"resident memory: {after:.0f} MB after opening and 1,000 lookups ({after - before:+.0f} MB over the bare process)")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
