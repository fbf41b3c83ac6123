"""The parse, resolve and evaluate sub-commands of ``python -m geo``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from geo.cli import COMMANDS, _add_db, open_for_cli
from geo.errors import GeoError, InputError
from geo.pipeline import Geoparser
from geo.textio import read_article

__all__ = ["cmd_parse", "cmd_resolve", "cmd_evaluate"]

#: Longest JSON line accepted on standard input.
MAX_LINE_CHARS = 64 * 1024 * 1024


def _jsonl(stream: Any) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record or None, error or None) for each non-blank line."""
    for lineno, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            yield lineno, None, f"line {lineno}: longer than {MAX_LINE_CHARS} characters"
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, f"line {lineno}: not JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(rec, dict):
            yield lineno, None, f"line {lineno}: expected a JSON object, got {type(rec).__name__}"
            continue
        yield lineno, rec, None


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _stdin() -> Any:
    """Standard input as UTF-8 text, undecodable bytes replaced (reported per line)."""
    return open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)


def cmd_parse(args: argparse.Namespace) -> int:
    """``parse``: files to a table or JSON, or JSON lines on stdin with --jsonl."""
    parser = Geoparser(open_for_cli(args))
    if args.jsonl:
        failed = 0
        for lineno, rec, err in _jsonl(_stdin()):
            if err is None and rec is not None and not isinstance(rec.get("text"), str):
                err = f"line {lineno}: missing string field 'text'"
            if err is not None or rec is None:
                failed += 1
                _emit({"id": rec.get("id") if rec else None, "error": err, "line": lineno})
                continue
            doc = parser.parse(rec["text"], doc_id=str(rec.get("id", "")))
            _emit({"id": rec.get("id"), "mentions": [m.to_json() for m in doc.mentions]})
            sys.stdout.flush()
        return 1 if failed else 0
    if not args.files:
        print("error: give FILE arguments or --jsonl", file=sys.stderr)
        return 2
    failed = 0
    out: list[dict[str, Any]] = []
    for path in args.files:
        try:
            text = read_article(path)
        except InputError as exc:
            failed += 1
            print(f"error: {exc}", file=sys.stderr)
            continue
        doc = parser.parse(text, doc_id=str(path))
        if args.json:
            out.append({"id": str(path), "mentions": [m.to_json() for m in doc.mentions]})
            continue
        print(f"== {path}: {len(doc.mentions)} mentions")
        for m in doc.mentions:
            p = m.place
            where = f"{p.name} [{p.feature}, {p.country or '-'}] {p.lat:.4f},{p.lon:.4f}" if p else "(unresolved)"
            print(f"  {m.start:>6}-{m.end:<6} {m.text[:32]:<32} {p.kind if p else '':<8} {m.confidence:4.2f}  {where}")
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    return 1 if failed else 0


def cmd_resolve(args: argparse.Namespace) -> int:
    """``resolve --jsonl``: resolve given spans, one mention per span."""
    parser = Geoparser(open_for_cli(args))
    failed = 0
    for lineno, rec, err in _jsonl(_stdin()):
        if err is None and rec is not None:
            err = _check_resolve_record(rec, lineno)
        if err is not None or rec is None:
            failed += 1
            _emit({"id": rec.get("id") if rec else None, "error": err, "line": lineno})
            continue
        try:
            mentions = parser.resolve_spans(rec["text"], [tuple(s) for s in rec["spans"]])
        except GeoError as exc:
            failed += 1
            _emit({"id": rec.get("id"), "error": f"line {lineno}: {exc}", "line": lineno})
            continue
        _emit({"id": rec.get("id"), "mentions": [m.to_json() for m in mentions]})
        sys.stdout.flush()
    return 1 if failed else 0


def _check_resolve_record(rec: dict[str, Any], lineno: int) -> str | None:
    if not isinstance(rec.get("text"), str):
        return f"line {lineno}: missing string field 'text'"
    spans = rec.get("spans")
    if not isinstance(spans, list) or not all(
        isinstance(s, list) and len(s) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in s)
        for s in spans
    ):
        return f"line {lineno}: 'spans' must be a list of [start, end] integer pairs"
    return None


def cmd_evaluate(args: argparse.Namespace) -> int:
    """``evaluate``: score against a corpus in the ../shared/eval format."""
    from geo.evaluate import load_corpus, score_corpus, score_resolution

    parser = Geoparser(open_for_cli(args))
    docs = list(load_corpus(args.corpus))
    if args.spans:
        def resolve(text: str, spans: Any) -> list[tuple[float | None, float | None]]:
            # A gold span outside the text (corpus noise) cannot be resolved: it counts as wrong.
            valid = [i for i, (s, e) in enumerate(spans) if 0 <= s <= e <= len(text)]
            mentions = parser.resolve_spans(text, [spans[i] for i in valid])
            points: list[tuple[float | None, float | None]] = [(None, None)] * len(spans)
            for i, m in zip(valid, mentions, strict=True):
                if m.place is not None:
                    points[i] = (m.place.lat, m.place.lon)
            return points

        score = score_resolution(docs, resolve)
        figures = score.as_dict()
        figures = {k: figures[k] for k in ("gold", "acc161", "median_km", "auc")}
    else:
        def predict(text: str) -> list[tuple[int, int, float | None, float | None]]:
            return [
                (m.start, m.end, m.place.lat if m.place else None, m.place.lon if m.place else None)
                for m in parser.parse(text).mentions
            ]

        figures = score_corpus(docs, predict).as_dict()
    if args.json:
        _emit({"corpus": str(args.corpus), "mode": "spans" if args.spans else "full", **figures})
    else:
        for key, value in figures.items():
            print(f"{key:>12}: {value}")
    return 0


def _args_parse(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="article files (.txt, .md, .html)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", action="store_true", help='read {"id", "text"} JSON lines on stdin')
    _add_db(p)


def _args_resolve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--jsonl", action="store_true", required=True, help='read {"id", "text", "spans"} lines on stdin')
    _add_db(p)


def _args_evaluate(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", help="JSON-lines corpus (../shared/eval format)")
    p.add_argument("--spans", action="store_true", help="resolution only: resolve the gold spans")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    _add_db(p)


COMMANDS["parse"] = (cmd_parse, _args_parse, "find and resolve the places articles name")
COMMANDS["resolve"] = (cmd_resolve, _args_resolve, "resolve given spans (JSON lines on stdin)")
COMMANDS["evaluate"] = (cmd_evaluate, _args_evaluate, "score against a gold corpus")
