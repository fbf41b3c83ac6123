"""``python -m geo batch``: geoparse large corpora on a Dask cluster.

The Dask-independent parts live here: reading inputs (JSON-lines files and
directories of articles) into partitions, and the per-partition function a
worker runs. :mod:`geo.batch_dask` holds the small cluster layer; Dask is
imported only when a batch runs, so ``python -m geo`` stays fast to start.

>>> items = [Item(id=i, text="x") for i in range(5)]
>>> [len(p) for p in partitions(items, 2)]
[2, 2, 1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from geo.cli import COMMANDS, _add_db, _progress, open_for_cli
from geo.cli_parse import _jsonl
from geo.errors import GeoError, InputError
from geo.pipeline import Geoparser
from geo.textio import read_article

__all__ = [
    "ARTICLE_SUFFIXES",
    "BatchSummary",
    "Item",
    "PartitionResult",
    "Source",
    "cmd_batch",
    "count_items",
    "iter_items",
    "parse_partition",
    "partitions",
    "plan_inputs",
    "run_batch",
    "worker_parser",
]

#: File suffixes read as articles inside a directory input; other files are skipped (and counted).
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml")

#: Articles per partition (one Dask task) unless --partition-size says otherwise.
DEFAULT_PARTITION_SIZE = 32


class Item(NamedTuple):
    """One input record: a text to parse, a file a worker reads, or an error already found."""

    id: Any
    text: str | None = None
    path: str | None = None
    error: str | None = None
    line: int | None = None
    source: str | None = None


class PartitionResult(NamedTuple):
    """What a worker sends back for one partition: output JSON lines (in order) and counts."""

    lines: list[str]
    articles: int
    mentions: int
    errors: int


@dataclass(frozen=True)
class Source:
    """One INPUT argument: a JSON-lines file, a directory of articles, or a single article file."""

    path: Path
    kind: str  # "jsonl", "dir" or "article"
    files: tuple[Path, ...] = ()
    skipped: int = 0


@dataclass
class BatchSummary:
    """Totals of a batch run."""

    articles: int = 0
    mentions: int = 0
    errors: int = 0
    partitions: int = 0
    seconds: float = 0.0

    def add(self, result: PartitionResult) -> None:
        """Count one partition's result."""
        self.articles += result.articles
        self.mentions += result.mentions
        self.errors += result.errors
        self.partitions += 1

    def line(self) -> str:
        """The one-line summary printed on stderr."""
        rate = self.articles / self.seconds if self.seconds > 0 else 0.0
        return (
            f"batch: {self.articles:,} articles, {self.mentions:,} mentions, {self.errors:,} errors "
            f"in {self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


# ---------------------------------------------------------------- inputs


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def plan_inputs(paths: Sequence[str | os.PathLike[str]]) -> list[Source]:
    """Check and classify the INPUT arguments, listing directories (sorted, recursive).

    A directory contributes its files with an article suffix (hidden ones
    left out); any other file is read as JSON lines, except a single file with
    an article suffix, which is one article. Raises :class:`InputError` for a
    path that does not exist.
    """
    sources = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files, skipped = [], 0
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if _hidden(rel) or not f.is_file():
                    continue
                if f.suffix.lower() in ARTICLE_SUFFIXES:
                    files.append(f)
                else:
                    skipped += 1
            sources.append(Source(p, "dir", tuple(files), skipped))
        elif p.is_file():
            sources.append(Source(p, "article" if p.suffix.lower() in ARTICLE_SUFFIXES else "jsonl"))
        else:
            raise InputError(f"{p}: no such file or directory")
    return sources


def count_items(sources: Iterable[Source]) -> int:
    """How many records the sources hold (non-blank JSON lines, article files)."""
    total = 0
    for src in sources:
        if src.kind == "jsonl":
            with src.path.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif src.kind == "dir":
            total += len(src.files)
        else:
            total += 1
    return total


def _jsonl_items(path: Path) -> Iterator[Item]:
    name = str(path)
    with path.open(encoding="utf-8", errors="replace") as fh:
        for lineno, rec, err in _jsonl(fh):
            if err is None and rec is not None and not isinstance(rec.get("text"), str):
                err = f"line {lineno}: missing string field 'text'"
            rid = rec.get("id") if rec else None
            if err is not None or rec is None:
                yield Item(id=rid, error=f"{name}: {err}", line=lineno, source=name)
            else:
                yield Item(id=rid, text=rec["text"])


def iter_items(sources: Iterable[Source]) -> Iterator[Item]:
    """Every input record in input order, read lazily (JSON lines here; files by the workers)."""
    for src in sources:
        if src.kind == "jsonl":
            yield from _jsonl_items(src.path)
        elif src.kind == "dir":
            for f in src.files:
                yield Item(id=str(f), path=str(f.resolve()))
        else:
            yield Item(id=str(src.path), path=str(src.path.resolve()))


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of at most ``size`` items, lazily."""
    if size < 1:
        raise InputError(f"partition size must be at least 1, got {size}")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


# ---------------------------------------------------------------- worker side

_PARSERS: dict[str, Geoparser] = {}
_PARSERS_LOCK = threading.Lock()


def worker_parser(db: str) -> Geoparser:
    """The geoparser over the gazetteer at ``db``, opened once per process and cached.

    Never builds a missing database (workers would race); the client does that first.
    """
    with _PARSERS_LOCK:
        parser = _PARSERS.get(db)
        if parser is None:
            from geo.gazetteer import open_gazetteer

            parser = _PARSERS[db] = Geoparser(open_gazetteer(db, build_if_missing=False))
        return parser


def warm_worker(db: str) -> int:
    """Open the gazetteer on this worker ahead of the work; the lexicon size (for a check)."""
    return len(worker_parser(db).lexicon)


def _record(parser: Geoparser, item: Item) -> tuple[dict[str, Any], int]:
    if item.error is not None:
        return {"id": item.id, "error": item.error, "line": item.line, "source": item.source}, 0
    try:
        text = item.text if item.path is None else read_article(item.path)
        doc = parser.parse(text or "", doc_id="" if item.id is None else str(item.id))
    except GeoError as exc:
        return {"id": item.id, "error": str(exc)}, 0
    except Exception as exc:  # one bad article must not stop a corpus
        return {"id": item.id, "error": f"internal error: {type(exc).__name__}: {exc}"}, 0
    return {"id": item.id, "mentions": [m.to_json() for m in doc.mentions]}, len(doc.mentions)


def parse_partition(db: str, items: Sequence[Item]) -> PartitionResult:
    """Geoparse one partition on a worker: output JSON lines in input order, and counts."""
    parser = worker_parser(db)
    lines, mentions, errors = [], 0, 0
    for item in items:
        rec, found = _record(parser, item)
        mentions += found
        errors += "error" in rec
        lines.append(json.dumps(rec, ensure_ascii=False))
    return PartitionResult(lines, len(items), mentions, errors)


# ---------------------------------------------------------------- driver


def run_batch(
    client: Any,
    sources: Sequence[Source],
    out: TextIO,
    *,
    db: str,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    window: int | None = None,
    progress: bool = False,
) -> BatchSummary:
    """Geoparse ``sources`` on the Dask ``client``, writing JSON lines to ``out`` in input order.

    At most ``window`` partitions (default: twice the worker threads) are in
    flight or waiting to be written, so memory stays bounded.
    """
    from geo.batch_dask import map_ordered

    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    summary = BatchSummary()
    t = time.perf_counter()
    results: Iterable[PartitionResult] = map_ordered(
        client, parse_partition, ((db, part) for part in partitions(iter_items(sources), partition_size)), window=window
    )
    if progress:
        total = -(-count_items(sources) // partition_size)
        results = _progress()(results, total=total, desc="batch", unit="part")
    for result in results:
        if result.lines:
            out.write("\n".join(result.lines) + "\n")
            out.flush()
        summary.add(result)
    summary.seconds = time.perf_counter() - t
    return summary


def _open_output(path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror})") from exc


def cmd_batch(args: argparse.Namespace) -> int:
    """``batch``: geoparse JSON-lines files and article directories on a Dask cluster."""
    from geo import batch_dask

    t = time.perf_counter()
    if args.partition_size < 1:
        raise InputError(f"--partition-size must be at least 1, got {args.partition_size}")
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, got {args.workers}")
    sources = plan_inputs(args.inputs)
    skipped = sum(s.skipped for s in sources)
    if skipped:
        print(f"batch: skipped {skipped:,} files without an article suffix ({', '.join(ARTICLE_SUFFIXES)})",
              file=sys.stderr)
    gaz = open_for_cli(args)  # builds a missing database here, once, not on the workers
    db = str(Path(gaz.path).resolve())
    gaz.close()
    out = _open_output(args.output)
    try:
        with batch_dask.client_for(args.scheduler, args.workers) as client:
            batch_dask.warm(client, db)
            startup = time.perf_counter() - t
            summary = run_batch(client, sources, out, db=db, partition_size=args.partition_size, progress=True)
    finally:
        if out is not sys.stdout:
            out.close()
    summary.seconds = time.perf_counter() - t
    print(f"{summary.line()}; startup {startup:.1f} s", file=sys.stderr)
    return 1 if summary.errors else 0


def _args_batch(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help='JSON-lines files ({"id", "text"} a line) or directories of .txt/.md/.html articles')
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="output JSON lines ('-' for stdout)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="connect to this Dask scheduler (tcp://host:port) "
                   "instead of starting a local cluster")
    p.add_argument("--workers", type=int, metavar="N", help="local cluster worker processes (default: CPU count)")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE, metavar="N",
                   help=f"articles per task (default {DEFAULT_PARTITION_SIZE})")
    _add_db(p)


COMMANDS["batch"] = (cmd_batch, _args_batch, "geoparse large corpora on a Dask cluster (JSON lines out)")
