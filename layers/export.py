"""Write layers to files: one layer to a file, or several to a folder or one GeoPackage.

>>> import io
>>> buf = io.StringIO()
>>> write_layer({"type": "FeatureCollection", "features": []}, buf, "geojson")
0
>>> buf.getvalue()
'{"type":"FeatureCollection","name":"layer","features":[]}\\n'
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from geo.errors import ExportError
from layers.formats import FORMATS, LayerWriter, format_for_path, open_writer
from layers.formats.base import Target

__all__ = ["LayerSet", "layer_bytes", "layer_filename", "write_layer", "write_layers"]

#: A layer: a FeatureCollection, or features (a list, or an iterator that is streamed).
Layer = Mapping[str, Any] | Iterable[dict[str, Any]]

_UNSAFE = re.compile(r"[^\w.\-]+")


def _features_and_name(layer: Layer, name: str | None) -> tuple[Iterable[dict[str, Any]], str]:
    if isinstance(layer, Mapping):
        if layer.get("type") != "FeatureCollection" or not isinstance(layer.get("features"), list):
            raise ExportError("a layer is a FeatureCollection or an iterable of Features")
        return layer["features"], name or str(layer.get("name") or "layer")
    return layer, name or "layer"


def _fields(features: list[dict[str, Any]]) -> list[str]:
    """Every property name of the features, in order of first appearance."""
    names: dict[str, None] = {}
    for f in features:
        names.update(dict.fromkeys(f.get("properties") or {}))
    return list(names)


def write_layer(layer: Layer, target: Target, fmt: str | None = None, *, name: str | None = None) -> int:
    """Write one layer to ``target`` in ``fmt``; return the number of features written.

    ``layer`` is a FeatureCollection dict or an iterable of Feature dicts (an
    iterator is streamed: GeoJSON, newline-delimited GeoJSON, KML and CSV then
    run in constant memory). ``target`` is a path or an open file (text or
    binary; GeoPackage needs a path or a binary file). ``fmt`` is one of
    :data:`layers.formats.FORMATS`, by default the one the path's extension
    implies. ``name`` is the layer name (default: the collection's ``name``).
    A path is written whole or not at all. Raises :class:`ExportError`.
    """
    if fmt is None:
        fmt = format_for_path(target) if isinstance(target, str | os.PathLike) else None
        if fmt is None:
            raise ExportError(f"say which format to write ({', '.join(FORMATS)}); the target does not imply one")
    features, layer_name = _features_and_name(layer, name)
    options: dict[str, Any] = {}
    if fmt == "csv" and isinstance(features, list):
        options["fields"] = _fields(features)
    with open_writer(target, fmt, name=layer_name, **options) as writer:
        return writer.write_all(features)


def layer_bytes(layer: Layer, fmt: str, *, name: str | None = None) -> bytes:
    """The file a layer makes in ``fmt``, as bytes (for a download button)."""
    buf = io.BytesIO()
    write_layer(layer, buf, fmt, name=name)
    return buf.getvalue()


def layer_filename(name: str, extension: str, taken: set[str] | None = None) -> str:
    """A safe, distinct file name for a layer: unsafe characters become ``_``.

    >>> layer_filename("../etc/passwd", ".csv")
    'etc_passwd.csv'
    >>> taken = {"a.kml"}
    >>> layer_filename("a", ".kml", taken)
    'a-2.kml'
    """
    base = _UNSAFE.sub("_", name).strip("._")[:100] or "layer"
    filename, n = f"{base}{extension}", 1
    while taken is not None and filename.lower() in taken:
        n += 1
        filename = f"{base}-{n}{extension}"
    if taken is not None:
        taken.add(filename.lower())
    return filename


class LayerSet:
    """Writers for several named layers: one file each in the folder ``out``,
    or, for GeoPackage, all in the one file ``out`` (``.gpkg`` added if missing).

    Layers open on first use (:meth:`open`, :meth:`write`); :meth:`finish_layer`
    completes one early (to keep few files open). :meth:`close` completes
    them all; a GeoPackage is built as ``<stem>.tmp.gpkg`` and moved into place.
    """

    def __init__(self, out: str | os.PathLike[str], fmt: str, **options: Any) -> None:
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.fmt = fmt
        self.options = options
        self.single_file = FORMATS[fmt].multi_layer
        extension = FORMATS[fmt].extension
        self.out = Path(out)
        if self.single_file and self.out.suffix.lower() != extension:
            self.out = self.out.with_name(self.out.name + extension)
        self.writers: dict[str, LayerWriter] = {}
        self.paths: dict[str, Path] = {}
        self.counts: dict[str, int] = {}
        self._taken: set[str] = set()
        if self.single_file:
            self._work = self.out.with_name(self.out.stem + ".tmp" + self.out.suffix)
            self._work.unlink(missing_ok=True)
        else:
            try:
                self.out.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ExportError(f"{self.out}: cannot make the output folder ({exc.strerror})") from exc

    def open(self, layer: str, **options: Any) -> LayerWriter:
        """The writer of ``layer``, opened now (with these writer ``options``) if it is new."""
        writer = self.writers.get(layer)
        if writer is not None:
            return writer
        if layer in self.counts:
            raise ExportError(f"layer {layer!r} was already finished")
        if self.single_file:
            writer = open_writer(self._work, self.fmt, name=layer, add_layer=True, **self.options, **options)
            self.paths[layer] = self.out
        else:
            path = self.out / layer_filename(layer, FORMATS[self.fmt].extension, self._taken)
            writer = open_writer(path, self.fmt, name=layer, **self.options, **options)
            self.paths[layer] = path
        self.writers[layer] = writer
        return writer

    def write(self, layer: str, feature: dict[str, Any]) -> None:
        """Write one feature to ``layer``."""
        self.open(layer).write(feature)

    def finish_layer(self, layer: str) -> None:
        """Complete ``layer`` now."""
        writer = self.open(layer)
        writer.close()
        self.counts[layer] = writer.count
        del self.writers[layer]

    def close(self) -> None:
        """Complete every layer (and move a GeoPackage into place)."""
        for layer in list(self.writers):
            self.finish_layer(layer)
        if self.single_file and self.counts:
            try:
                os.replace(self._work, self.out)
            except OSError as exc:
                raise ExportError(f"{self.out}: cannot write ({exc.strerror})") from exc

    def discard(self) -> None:
        """Abandon every open layer (a GeoPackage is not written at all)."""
        for writer in self.writers.values():
            writer.discard()
        self.writers.clear()
        if self.single_file:
            self._work.unlink(missing_ok=True)

    def __enter__(self) -> LayerSet:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


def write_layers(layers: Mapping[str, Layer], out: str | os.PathLike[str], fmt: str) -> dict[str, Path]:
    """Write several layers: for GeoPackage all in the file ``out``, otherwise one
    file per layer in the folder ``out`` (made if missing; names from
    :func:`layer_filename`). Returns layer name → path written."""
    with LayerSet(out, fmt) as sink:
        for name, layer in layers.items():
            features, _ = _features_and_name(layer, name)
            options = {"fields": _fields(features)} if fmt == "csv" and isinstance(features, list) else {}
            sink.open(name, **options).write_all(features)
            sink.finish_layer(name)
    return dict(sink.paths)
