"""Reading article text from files and bytes, refusing what is not text.

Article text is data, never markup: nothing here interprets HTML except
:func:`html_to_text`, which extracts the visible text of an HTML page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from geo.errors import BinaryInputError, EmptyInputError, EncodingError, GeoError, InputError, InputTooLargeError

__all__ = ["MAX_BYTES", "decode_article", "html_to_text", "read_article", "read_limited"]

#: Largest article accepted (bytes). The parser is linear; this bounds memory.
MAX_BYTES = 64 * 1024 * 1024

_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_HTML_EXT = (".html", ".htm", ".xhtml")


def decode_article(data: bytes, *, name: str = "input") -> str:
    """Decode article bytes as UTF-8 (BOM allowed), refusing binary data.

    Raises :class:`EmptyInputError`, :class:`BinaryInputError`,
    :class:`EncodingError` or :class:`InputTooLargeError`, each naming ``name``.
    """
    if len(data) > MAX_BYTES:
        raise InputTooLargeError(
            f"{name}: {len(data) / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MiB limit; split the file"
        )
    if not data.strip():
        raise EmptyInputError(f"{name}: the file is empty; nothing to parse")
    head = data[:65536]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise BinaryInputError(f"{name}: looks like binary data (NUL bytes), not text; give a .txt, .md or .html file")
    try:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{name}: not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
            "re-save the file as UTF-8"
        ) from exc
    sample = text[:65536]
    if sample and len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 100):
        raise BinaryInputError(f"{name}: mostly control characters, not text")
    if not text.strip():
        raise EmptyInputError(f"{name}: holds only white space; nothing to parse")
    return text


def html_to_text(html: str) -> str:
    """Visible text of an HTML document (trafilatura when installed, else a
    tag stripper); script and style content never becomes article text."""
    try:
        import trafilatura

        extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
        if extracted and extracted.strip():
            return extracted
    except ImportError:  # pragma: no cover - optional
        pass
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self._skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style", "noscript", "template"):
                self._skip += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"):
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template") and self._skip:
                self._skip -= 1

        def handle_data(self, data: str) -> None:
            if not self._skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def read_limited(
    path: str | os.PathLike[str],
    max_bytes: int,
    *,
    error: type[GeoError],
    too_large: Callable[[int], GeoError],
) -> bytes:
    """The bytes of a file of at most ``max_bytes``; a missing, unreadable or
    folder path raises ``error`` and an oversized file ``too_large(size)``,
    each naming the path."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise too_large(size)
        return p.read_bytes()
    except IsADirectoryError as exc:
        raise error(f"{p}: is a folder, not a file") from exc
    except FileNotFoundError as exc:
        raise error(f"{p}: no such file") from exc
    except OSError as exc:
        raise error(f"{p}: cannot be read ({exc.strerror})") from exc


def read_article(path: str | os.PathLike[str]) -> str:
    """Read an article file (.txt, .md, .html) as text; errors name the file."""
    p = Path(path)
    data = read_limited(
        p,
        MAX_BYTES,
        error=InputError,
        too_large=lambda size: InputTooLargeError(
            f"{p}: {size / 1e6:.1f} MB is over the {MAX_BYTES // 2**20} MiB limit"
        ),
    )
    text = decode_article(data, name=str(p))
    if p.suffix.lower() in _HTML_EXT:
        text = html_to_text(text)
        if not text.strip():
            raise EmptyInputError(f"{p}: the HTML page holds no article text")
    return text
