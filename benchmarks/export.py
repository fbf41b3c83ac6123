"""Export speed and memory: features per second and peak memory per format.

Builds parsed documents synthetically from the development corpora
(``../shared/eval/*.jsonl`` beside the repository): each article's gold
toponyms with coordinates become mentions of point Places, so no parser or
gazetteer is needed. The corpora are cycled (with distinct article ids) to
reach the number of articles asked for.

For each format it times ``write_layer(iter_features(docs), path, fmt)``
(features built and written, streamed) over the large set, then measures
the peak memory the export allocates (tracemalloc, in a separate run, with
the documents generated lazily) for the small and the large set: equal
peaks mean constant memory. Run from anywhere::

    python benchmarks/export.py [--articles 10000] [--small 1000] [--formats geojson,geojsonl,...]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from geo.document import Document, Mention  # noqa: E402
from geo.place import Place  # noqa: E402
from layers import FORMATS, iter_features, write_layer  # noqa: E402
from layers.features import FIELDS  # noqa: E402
from layers.formats import open_writer  # noqa: E402

#: The development corpora, kept in the shared folder beside the repository.
EVAL_DIR = REPO_ROOT.parent / "shared" / "eval"
_BOUNDARIES = (". ", "! ", "? ", "\n")


def load_records(eval_dir: Path) -> list[dict[str, Any]]:
    """Every article of every corpus, as JSON records."""
    records: list[dict[str, Any]] = []
    for path in sorted(eval_dir.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            records.extend(json.loads(line) for line in fh if line.strip())
    return records


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    left = max((text.rfind(b, 0, start) + len(b) for b in _BOUNDARIES if text.rfind(b, 0, start) >= 0), default=0)
    right = min((text.find(b, end) + 1 for b in _BOUNDARIES if text.find(b, end) >= 0), default=len(text))
    return text[left:right], left


def _place(t: dict[str, Any]) -> Place:
    lat, lon = float(t["lat"]), float(t["lon"])
    name = t.get("name") or t["phrase"]
    pid = int(t["geonameid"]) if str(t.get("geonameid") or "").isdigit() else zlib.crc32(
        f"{name}|{lat}|{lon}".encode()) + 10**10
    return Place(id=pid, name=name, kind="point", feature=str(t.get("type") or ""), country=None, admin1=None,
                 population=0, lat=lat, lon=lon, bbox=(lon, lat, lon, lat), source="gold", source_id=None)


def to_document(record: dict[str, Any], doc_id: str) -> Document:
    """A parsed-looking Document from a corpus record's gold toponyms."""
    text = record["text"]
    mentions = []
    for t in sorted(record.get("toponyms") or (), key=lambda t: t["start"]):
        if t.get("lat") is None or t.get("lon") is None or text[t["start"]:t["end"]] != t["phrase"]:
            continue
        sentence, offset = _sentence(text, t["start"], t["end"])
        mentions.append(Mention(start=t["start"], end=t["end"], text=t["phrase"], place=_place(t), confidence=1.0,
                                sentence=sentence, sentence_start=offset))
    title = text.split("\n", 1)[0][:120]
    return Document(text=text, mentions=tuple(mentions), id=doc_id, title=title)


def documents(records: Sequence[dict[str, Any]], n: int) -> Iterator[Document]:
    """``n`` documents, cycling through the records, made one at a time."""
    for i in range(n):
        yield to_document(records[i % len(records)], f"{i}")


def _write(features: Iterable[dict[str, Any]], path: Path, fmt: str) -> int:
    """Stream features to ``path`` as the CLI does (CSV columns known up front)."""
    if fmt == "csv":
        with open_writer(path, fmt, name="all", fields=FIELDS) as writer:
            return writer.write_all(features)
    return write_layer(iter(features), path, fmt, name="all")


def _export(docs: Iterable[Document], path: Path, fmt: str) -> int:
    return _write(iter_features(docs), path, fmt)


def measure_speed(docs: list[Document], fmt: str, out: Path, repeat: int) -> dict[str, float]:
    """Features, CPU seconds building and writing, CPU and wall seconds writing built
    features, and file bytes: the best of ``repeat`` runs."""
    path = out / f"speed{FORMATS[fmt].extension}"
    features = list(iter_features(docs))
    best = {"total": float("inf"), "write": float("inf"), "wall": float("inf")}
    count = 0
    for _ in range(repeat):
        t0 = time.process_time()
        count = _export(docs, path, fmt)
        best["total"] = min(best["total"], time.process_time() - t0)
        t0, w0 = time.process_time(), time.perf_counter()
        _write(features, path, fmt)
        best["write"] = min(best["write"], time.process_time() - t0)
        best["wall"] = min(best["wall"], time.perf_counter() - w0)
    best["features"] = count
    best["bytes"] = path.stat().st_size
    path.unlink()
    return best


def measure_memory(records: Sequence[dict[str, Any]], n: int, fmt: str, out: Path) -> float:
    """Peak MiB allocated while exporting ``n`` lazily generated documents."""
    path = out / f"memory{FORMATS[fmt].extension}"
    tracemalloc.start()
    tracemalloc.reset_peak()
    _export(documents(records, n), path, fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    path.unlink()
    return peak / 2**20


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the large set (default 10000)")
    parser.add_argument("--small", type=int, default=1_000, help="articles in the small set (default 1000)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs per format; the best counts (default 3)")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR, help="folder of the corpora (*.jsonl)")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir() or not any(args.eval_dir.glob("*.jsonl")):
        print(f"error: no corpora at {args.eval_dir} (expected ../shared/eval/*.jsonl beside the repository)",
              file=sys.stderr)
        return 2
    records = load_records(args.eval_dir)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        print(f"error: unknown formats {unknown}; choose from {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    docs = list(documents(records, args.articles))
    print(f"{len(records)} corpus articles cycled to {args.articles:,} (large) and {args.small:,} (small); "
          f"best of {args.repeat} runs")
    print("features per CPU second (process time: steady on a shared machine) and per wall second;")
    print("build+write: documents to file (features built on the way); write: built features to file;")
    print("peak MiB: most memory the streamed export allocates (tracemalloc), documents made on the fly")
    print(f"{'format':<9} {'features':>9} {'build+write/cpu-s':>18} {'write/cpu-s':>12} {'write/s':>9} "
          f"{'file MB':>8} {'peak MiB ' + format(args.small, ','):>15} {'peak MiB ' + format(args.articles, ','):>16}")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        out = Path(tmp)
        for fmt in formats:
            r = measure_speed(docs, fmt, out, args.repeat)
            small = measure_memory(records, args.small, fmt, out)
            large = measure_memory(records, args.articles, fmt, out)
            n = r["features"]
            print(f"{fmt:<9} {n:>9,.0f} {n / r['total']:>18,.0f} {n / r['write']:>12,.0f} {n / r['wall']:>9,.0f} "
                  f"{r['bytes'] / 1e6:>8.1f} {small:>15.1f} {large:>16.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
