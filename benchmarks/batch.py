"""Batch throughput: one local process (plain loop) vs ``geo batch`` on a LocalCluster.

    python benchmarks/batch.py [--db PATH] [--workers 2] [--partition-size 32]

Both geoparse the development corpora's articles (../shared/eval/*.jsonl) on
the same gazetteer and serialise the same JSON lines. The baseline is a plain
loop in this process; the cluster run goes through :func:`geo.batch.run_batch`
(JSON-lines input file, output to /dev/null). Loading (gazetteer and lexicon;
cluster start and worker warm-up) is timed apart from parsing; the ratio
printed last compares parsing throughput, then wall time with loading.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.batch import plan_inputs, run_batch  # noqa: E402
from geo.evaluate import load_corpus  # noqa: E402
from geo.gazetteer import ENV_VAR, default_db_path, open_gazetteer  # noqa: E402
from geo.pipeline import Geoparser  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"


def baseline(db: str, docs: list[tuple[str, str]]) -> tuple[float, float, int]:
    """(load seconds, parse seconds, mentions) for a plain loop in this process."""
    t = time.perf_counter()
    parser = Geoparser(open_gazetteer(db, build_if_missing=False))
    load = time.perf_counter() - t
    t = time.perf_counter()
    mentions = 0
    for doc_id, text in docs:
        found = parser.parse(text, doc_id=doc_id).mentions
        json.dumps({"id": doc_id, "mentions": [m.to_json() for m in found]}, ensure_ascii=False)
        mentions += len(found)
    parser.gazetteer.close()
    return load, time.perf_counter() - t, mentions


def cluster(db: str, corpus: Path, workers: int, partition_size: int) -> tuple[float, float, int, int]:
    """(start + warm-up seconds, parse seconds, articles, mentions) on a new LocalCluster."""
    from geo.batch_dask import client_for, warm

    t = time.perf_counter()
    with client_for(None, workers) as client:
        warm(client, db)
        start = time.perf_counter() - t
        with open(os.devnull, "w", encoding="utf-8") as out:
            summary = run_batch(client, plan_inputs([corpus]), out, db=db, partition_size=partition_size)
    return start, summary.seconds, summary.articles, summary.mentions


def main() -> int:
    """Print throughput figures and the cluster / single-process ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help=f"gazetteer path (default: ${ENV_VAR} or the full profile's)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--partition-size", type=int, default=32, help="articles per task (default 32)")
    args = ap.parse_args()
    if not EVAL.is_dir() or not sorted(EVAL.glob("*.jsonl")):
        print(f"no corpora at {EVAL}: nothing to measure")
        return 0
    db = str(Path(args.db or default_db_path("full")).resolve())
    if not Path(db).is_file():
        print(f"no gazetteer at {db}: pass --db PATH or run `python -m geo build`", file=sys.stderr)
        return 2
    docs = [
        (str(d.get("doc_id", i)), d["text"]) for path in sorted(EVAL.glob("*.jsonl")) for i, d in enumerate(load_corpus(path))
    ]
    chars = sum(len(t) for _, t in docs)
    print(f"{len(docs)} articles, {chars / 1e6:.2f} M characters; gazetteer {db}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} (other processes skew the ratio)")

    load, secs, found = baseline(db, docs)
    base_rate = len(docs) / secs
    print(f"1 process (plain loop):   load {load:5.2f} s, parse {secs:6.2f} s = {base_rate:6.1f} articles/s ({found} mentions)")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for doc_id, text in docs:
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        start, csecs, articles, cfound = cluster(db, corpus, args.workers, args.partition_size)
    rate = articles / csecs
    print(f"LocalCluster {args.workers} workers: start {start:5.2f} s, parse {csecs:6.2f} s = {rate:6.1f} articles/s "
          f"({cfound} mentions)")
    if cfound != found:
        print(f"warning: mention counts differ ({found} vs {cfound})", file=sys.stderr)
    print(f"ratio cluster / 1 process: parsing {rate / base_rate:.2f}x; "
          f"with loading {(load + secs) / (start + csecs):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
