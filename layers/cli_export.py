"""``python -m geo export FILE... -o OUT``: parse articles and write their layers.

Importing this module registers the ``export`` sub-command in
:data:`geo.cli.COMMANDS`. Articles are read, parsed and written one at a
time, so GeoJSON, newline-delimited GeoJSON, KML and CSV exports run in
constant memory whatever the number of files. A file that cannot be read
or parsed is reported on stderr (naming it) and skipped; the others go on,
and the exit code is then 1.

With ``--layer all`` OUT is a file (``-`` for stdout, text formats only).
With ``--layer articles`` or ``kinds`` OUT is a folder holding one file per
layer, or, for ``gpkg``, one GeoPackage holding every layer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import geo.cli
from geo.document import Document
from geo.errors import ExportError, GeoError
from layers.build import KIND_LAYERS, LAYER_BY, kind_layer
from layers.export import LayerSet
from layers.features import FIELDS, document_features
from layers.formats import FORMATS, format_for_path, open_writer
from layers.style import COLOR_BY

__all__ = ["cmd_export"]

_TITLE_MAX = 200


def _title(text: str, path: Path) -> str:
    """The article's first non-blank line when it is short enough to be a headline, else the file name."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= _TITLE_MAX else path.name
    return path.name


class _Articles:
    """Reads and parses the files one at a time, counting failures."""

    def __init__(self, files: list[str], args: argparse.Namespace) -> None:
        self.files = files
        self.args = args
        self.failed = 0
        self._ids: set[str] = set()

    def _doc_id(self, path: Path) -> str:
        base = path.stem or "article"
        doc_id, n = base, 1
        while doc_id in self._ids:
            n += 1
            doc_id = f"{base}-{n}"
        self._ids.add(doc_id)
        return doc_id

    def __iter__(self) -> Iterator[Document]:
        from geo.pipeline import parse
        from geo.textio import read_article

        gazetteer = geo.cli.open_for_cli(self.args)
        for name in self.files:
            path = Path(name)
            try:
                text = read_article(path)
                yield parse(text, gazetteer=gazetteer, doc_id=self._doc_id(path), title=_title(text, path))
            except GeoError as exc:
                self.failed += 1
                message = str(exc)
                print(f"error: {message if name in message else f'{name}: {message}'}", file=sys.stderr)


def _stdout_target(fmt: str) -> object:
    if not FORMATS[fmt].text:
        raise ExportError(f"{fmt} cannot go to stdout; give a file name with -o")
    return sys.stdout.buffer


def cmd_export(args: argparse.Namespace) -> int:
    """``export``: write the layers of the parsed FILEs to OUT."""
    fmt = args.format or format_for_path(args.output) or "geojson"
    options = {"fields": FIELDS} if fmt == "csv" else {}
    articles = _Articles(args.files, args)
    features = 0
    if args.layer == "all":
        target = _stdout_target(fmt) if args.output == "-" else args.output
        with open_writer(target, fmt, name="all", **options) as writer:  # type: ignore[arg-type]
            for doc in articles:
                writer.write_all(document_features(doc, color_by=args.color_by))
            features, layers = writer.count, 1
        where = "stdout" if args.output == "-" else args.output
    else:
        if args.output == "-":
            raise ExportError(f"--layer {args.layer} writes several layers; give a folder (or a .gpkg) with -o")
        with LayerSet(args.output, fmt, **options) as sink:
            if args.layer == "kinds":
                for name in KIND_LAYERS.values():
                    sink.open(name)
            for doc in articles:
                doc_features = document_features(doc, color_by=args.color_by)
                features += len(doc_features)
                if args.layer == "kinds":
                    for f in doc_features:
                        sink.write(kind_layer(f), f)
                else:
                    name = doc.id or "article"
                    sink.open(name).write_all(doc_features)
                    sink.finish_layer(name)
        layers = len(sink.paths)
        where = str(sink.out)
    print(f"wrote {features:,} features in {layers} layer(s) to {where} ({fmt}); "
          f"{articles.failed} of {len(args.files)} file(s) failed", file=sys.stderr)
    return 1 if articles.failed else 0


def _args_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="article files (.txt, .md, .html)")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output file (- for stdout), or folder for --layer articles/kinds (one .gpkg for gpkg)")
    p.add_argument("--format", choices=tuple(FORMATS),
                   help="output format (default: from OUT's extension, else geojson)")
    p.add_argument("--layer", choices=LAYER_BY, default="all",
                   help="one layer of everything (default), one per article, or one per kind (points, lines, areas)")
    p.add_argument("--color-by", choices=COLOR_BY, default="kind", help="colour features by kind (default) or article")
    geo.cli._add_db(p)


geo.cli.COMMANDS["export"] = (cmd_export, _args_export, "write the places of articles as GIS layers")
