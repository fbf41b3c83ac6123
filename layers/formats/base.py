"""What every format writer shares: the target, atomic replacement, value flattening.

A writer takes features one at a time (``write``), so a layer of any size
goes out in constant memory where the format allows it, and is finished
by ``close`` (or by leaving its ``with`` block). A path target is written
to ``<path>.tmp`` and moved into place on success, so a failed export never
leaves a half-written file under the real name.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from geo.errors import ExportError

__all__ = ["LayerWriter", "Target", "TextLayerWriter", "flat_value", "json_text"]

try:  # orjson (a pinned dependency) encodes about 4 times faster than json
    import orjson

    def json_text(obj: Any) -> str:
        """Compact JSON of ``obj``, non-ASCII text as is (orjson: NaN becomes null)."""
        return orjson.dumps(obj).decode("utf-8")

except ImportError:  # pragma: no cover - depends on the install
    json_text = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode

#: Where a layer goes: a path, or an open text or binary file.
Target = str | os.PathLike[str] | IO[str] | IO[bytes]


def flat_value(value: Any) -> str:
    """A property value as text for formats without lists or null: lists and
    objects as compact JSON (UTF-8 text, not escaped), None as the empty string, booleans as ``true``/``false``.

    >>> flat_value([{"text": "Seoul", "start": 0, "end": 5}])
    '[{"text":"Seoul","start":0,"end":5}]'
    >>> flat_value(None), flat_value(True), flat_value(0.5)
    ('', 'true', '0.5')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict | tuple):
        return json_text(value)
    return str(value)


class LayerWriter:
    """Base of the format writers: ``write`` features, then ``close`` (or ``discard``).

    Subclasses implement :meth:`emit` (one feature) and :meth:`finish`
    (after the last); ``name`` is the layer name, ``count`` how many
    features were written. Failures become :class:`ExportError`.
    """

    def __init__(self, *, name: str = "layer") -> None:
        self.name = name
        self.count = 0
        self.closed = False

    @property
    def where(self) -> str:
        """The target's name for messages."""
        return "output"

    def emit(self, feature: dict[str, Any]) -> None:
        """Write one feature (subclasses)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Complete the output after the last feature (subclasses)."""

    def release(self, ok: bool) -> None:
        """Close the target, keeping it when ``ok`` (subclasses)."""

    def _fail(self, exc: Exception) -> ExportError:
        self.discard()
        if isinstance(exc, OSError):
            return ExportError(f"{self.where}: cannot write ({exc.strerror or exc})")
        return ExportError(f"{self.where}: feature {self.count} cannot be written: {exc}")

    def write(self, feature: dict[str, Any]) -> None:
        """Write one GeoJSON Feature."""
        try:
            self.emit(feature)
        except ExportError:
            self.discard()
            raise
        except (OSError, UnicodeError, ValueError, TypeError, KeyError) as exc:
            raise self._fail(exc) from exc
        self.count += 1

    def write_all(self, features: Iterable[dict[str, Any]]) -> int:
        """Write every feature; return how many this writer has written."""
        for f in features:
            self.write(f)
        return self.count

    def close(self) -> None:
        """Finish the layer and, for a path, move the file into place."""
        if self.closed:
            return
        try:
            self.finish()
            self.closed = True
            self.release(True)
        except ExportError:
            self.closed = False
            self.discard()
            raise
        except (OSError, UnicodeError, ValueError, TypeError, KeyError) as exc:
            self.closed = False
            raise self._fail(exc) from exc

    def discard(self) -> None:
        """Abandon the layer: close, and remove a partly written file."""
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError, ValueError):
            self.release(False)

    def __enter__(self) -> LayerWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


class TextLayerWriter(LayerWriter):
    """A writer of a text format to a path, a text file or a binary file (as UTF-8).

    ``newline`` is passed to :func:`open` (``""`` for CSV).
    """

    newline: str | None = None

    def __init__(self, target: Target, *, name: str = "layer") -> None:
        super().__init__(name=name)
        self._path: Path | None = None
        self._tmp: Path | None = None
        self._wrapper: io.TextIOWrapper | None = None
        if isinstance(target, str | os.PathLike):
            self._path = Path(target)
            self._tmp = self._path.with_name(self._path.name + ".tmp")
            try:
                self.out: IO[str] = open(self._tmp, "w", encoding="utf-8", newline=self.newline)  # noqa: SIM115
            except OSError as exc:
                raise ExportError(f"{self._path}: cannot write ({exc.strerror})") from exc
        elif isinstance(target, io.TextIOBase):
            self.out = target  # type: ignore[assignment]
        elif hasattr(target, "write"):
            self._wrapper = io.TextIOWrapper(target, encoding="utf-8", newline=self.newline)  # type: ignore[arg-type]
            self.out = self._wrapper
        else:
            raise ExportError(f"cannot write a layer to {type(target).__name__}; give a path or a file")
        try:
            self.begin()
        except (OSError, UnicodeError, ValueError) as exc:
            raise self._fail(exc) from exc

    @property
    def where(self) -> str:
        """The target's name for messages."""
        return str(self._path) if self._path else "output"

    def begin(self) -> None:
        """Write what comes before the first feature (subclasses)."""

    def release(self, ok: bool) -> None:
        """Close a file we opened (moving it into place when ``ok``); flush a caller's file."""
        if self._wrapper is not None:
            self._wrapper.flush()
            self._wrapper.detach()
        elif self._path is not None:
            self.out.close()
            assert self._tmp is not None
            if ok:
                os.replace(self._tmp, self._path)
            else:
                self._tmp.unlink(missing_ok=True)
        else:
            self.out.flush()
