"""GeoPackage through pyogrio (the GDAL its wheel ships), in chunks.

Features are buffered and written ``chunk_size`` at a time, so memory stays
bounded. The first chunk fixes the layer schema: a column per property
(integers, reals, booleans as such; text, lists and objects, as JSON,
otherwise), and the geometry type (a single type, ``Multi*`` when single
and multi parts mix, else ``Unknown``). Coordinates are WGS 84 (EPSG:4326)
lon/lat. Files are GeoPackage 1.2, which every GDAL since 2.2 and QGIS 3
read without warnings. Several layers go in one file (``add_layer``).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from geo.errors import ExportError
from layers.formats.base import LayerWriter, Target, flat_value

__all__ = ["GPKGWriter"]

_MULTI = {"Point": "MultiPoint", "LineString": "MultiLineString", "Polygon": "MultiPolygon"}


def _column(values: list[Any]) -> str:
    """The column kind of a property's values: ``bool``, ``int``, ``float`` or ``str``."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "float"
    return "str"


def _fits(value: Any, kind: str) -> bool:
    """Whether a non-null value can go in a column of ``kind``."""
    if kind == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if kind == "int" else isinstance(value, int | float)


def _geometry_type(types: set[str]) -> tuple[str, bool]:
    """The layer geometry type for a set of feature geometry types, and whether to promote to multi."""
    if len(types) == 1:
        return next(iter(types)), False
    for single, multi in _MULTI.items():
        if types == {single, multi}:
            return multi, True
    return "Unknown", False


class GPKGWriter(LayerWriter):
    """One layer of a GeoPackage.

    ``target`` is a path (written as ``<stem>.tmp.gpkg`` and moved into place)
    or a binary file (the GeoPackage's bytes are copied into it at close).
    With ``add_layer=True`` the layer is added to the GeoPackage at
    ``target`` (created if missing) in place: used for several layers in
    one file, where the caller makes the whole file atomic.
    """

    def __init__(self, target: Target, *, name: str = "layer", add_layer: bool = False,
                 chunk_size: int = 5_000) -> None:
        super().__init__(name=name)
        try:
            import pyogrio  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ExportError("GeoPackage export needs pyogrio: pip install pyogrio") from exc
        self.chunk_size = chunk_size
        self._file: IO[bytes] | None = None
        self._tmpdir: str | None = None
        if isinstance(target, str | os.PathLike):
            self._path: Path | None = Path(target)
            if add_layer:
                self._work = self._path
            else:
                self._work = self._path.with_name(self._path.stem + ".tmp.gpkg")
                self._work.unlink(missing_ok=True)
        elif hasattr(target, "write") and not isinstance(target, io.TextIOBase):
            self._path = None
            self._file = target  # type: ignore[assignment]
            self._tmpdir = tempfile.mkdtemp(prefix="layer-gpkg-")
            self._work = Path(self._tmpdir) / "layer.gpkg"
        else:
            raise ExportError(f"cannot write a GeoPackage to {type(target).__name__}; give a path or a binary file")
        self._add = add_layer
        self._rows: list[dict[str, Any]] = []
        self._schema: list[tuple[str, str]] | None = None
        self._gtype: tuple[str, bool] = ("Unknown", False)

    @property
    def where(self) -> str:
        """The target's name for messages."""
        return f"{self._path} (layer {self.name})" if self._path else f"GeoPackage layer {self.name}"

    def emit(self, feature: dict[str, Any]) -> None:
        """Buffer one feature, writing a chunk when the buffer is full."""
        self._rows.append(feature)
        if len(self._rows) >= self.chunk_size:
            self._flush()

    def _flush(self) -> None:
        import numpy as np
        import shapely
        from pyogrio.raw import write
        from shapely.geometry import shape

        rows, self._rows = self._rows, []
        props = [f.get("properties") or {} for f in rows]
        first = self._schema is None
        if self._schema is None:
            names: dict[str, None] = {}
            for p in props:
                names.update(dict.fromkeys(p))
            self._schema = [(k, _column([p.get(k) for p in props])) for k in names]
            types = {f["geometry"]["type"] for f in rows if f.get("geometry")}
            self._gtype = _geometry_type(types) if types else ("Unknown", False)
        known = {k for k, _ in self._schema}
        for i, p in enumerate(props):
            extra = [k for k in p if k not in known]
            if extra:
                raise ExportError(f"{self.where}: feature {self.count - len(rows) + i + 1} has properties {extra} "
                                  "the layer (made from the first features) lacks")
        fields, data, masks = [], [], []
        for k, kind in self._schema:
            values = [p.get(k) for p in props]
            mask = np.array([v is None for v in values], dtype=bool)
            if kind == "str":
                arr = np.array([None if v is None else flat_value(v) for v in values], dtype=object)
            else:
                dtype = {"bool": bool, "int": np.int64, "float": np.float64}[kind]
                bad = [v for v in values if v is not None and not _fits(v, kind)]
                if bad:
                    raise ExportError(f"{self.where}: property {k!r} holds {bad[0]!r} in a {kind} column")
                arr = np.array([0 if v is None else v for v in values], dtype=dtype)
            fields.append(k)
            data.append(arr)
            masks.append(mask if mask.any() else None)
        geoms = np.array([shape(f["geometry"]) if f.get("geometry") else None for f in rows], dtype=object)
        wkb = shapely.to_wkb(geoms) if len(rows) else np.array([], dtype=object)
        gtype, promote = self._gtype
        new_file = first and not self._work.exists()
        try:
            write(
                str(self._work), wkb, data, fields, field_mask=masks, layer=self.name, driver="GPKG",
                geometry_type=gtype, promote_to_multi=promote, crs="EPSG:4326", append=not first,
                dataset_options={"VERSION": "1.2"} if new_file else None,
            )
        except RuntimeError as exc:  # pyogrio's errors derive from RuntimeError
            raise ExportError(f"{self.where}: GDAL could not write the layer: {exc}") from exc

    def finish(self) -> None:
        """Write what is buffered (or create the empty layer)."""
        if self._rows or self._schema is None:
            self._flush()

    def release(self, ok: bool) -> None:
        """Move the file into place (or copy its bytes out); remove it when not ``ok``."""
        try:
            if ok and self._file is not None:
                with open(self._work, "rb") as fh:
                    shutil.copyfileobj(fh, self._file)
            elif ok and self._path is not None and not self._add:
                os.replace(self._work, self._path)
            elif not ok and not self._add:
                self._work.unlink(missing_ok=True)
        finally:
            if self._tmpdir is not None:
                shutil.rmtree(self._tmpdir, ignore_errors=True)
