"""One error hierarchy for the whole project.

Every error raised on purpose by ``geo`` or ``layers`` derives from
:class:`GeoError`, and also from the built-in exception whose meaning it
shares, so callers may catch either::

    GeoError
    ├── GazetteerError
    │   ├── GazetteerMissingError (FileNotFoundError)
    │   ├── GazetteerCorruptError
    │   └── GazetteerSchemaError
    ├── SourceError                    a gazetteer source could not be read
    ├── InputError (ValueError)        text the user handed in is unusable
    │   ├── EmptyInputError
    │   ├── BinaryInputError
    │   ├── EncodingError (UnicodeError)
    │   └── InputTooLargeError
    ├── GeoJSONError (ValueError)      a GeoJSON file or object is invalid
    ├── ExportError                    an export could not be written
    ├── CorrectionError (ValueError)   a correction names no known place
    └── OnlineError                    an optional online part failed
        └── OfflineError (ConnectionError)

Messages say what was wrong and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "CorrectionError",
    "EmptyInputError",
    "EncodingError",
    "ExportError",
    "GazetteerCorruptError",
    "GazetteerError",
    "GazetteerMissingError",
    "GazetteerSchemaError",
    "GeoError",
    "GeoJSONError",
    "InputError",
    "InputTooLargeError",
    "OfflineError",
    "OnlineError",
    "SourceError",
]


class GeoError(Exception):
    """Root of every error this project raises on purpose."""


class GazetteerError(GeoError):
    """The gazetteer database cannot be used."""


class GazetteerMissingError(GazetteerError, FileNotFoundError):
    """No gazetteer database exists at the expected path."""


class GazetteerCorruptError(GazetteerError):
    """The file is not a readable SQLite gazetteer."""


class GazetteerSchemaError(GazetteerError):
    """The file is a gazetteer of another schema version, or not ours."""


class SourceError(GeoError):
    """A gazetteer source's data could not be read while building."""


class InputError(GeoError, ValueError):
    """Text handed in by the user cannot be parsed."""


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input looks like binary data, not text."""


class EncodingError(InputError, UnicodeError):
    """The input is not valid UTF-8 (nor another encoding we accept)."""


class InputTooLargeError(InputError):
    """The input exceeds the size limit."""


class GeoJSONError(GeoError, ValueError):
    """A GeoJSON document or feature is invalid."""


class ExportError(GeoError):
    """An export could not be written."""


class CorrectionError(GeoError, ValueError):
    """A correction cannot be applied."""


class OnlineError(GeoError):
    """An optional online service failed or timed out."""


class OfflineError(OnlineError, ConnectionError):
    """The machine is offline, so an optional online part is unavailable."""
