"""Fetching an article from the web, when the machine is online.

The only part of the project that reaches beyond this machine, and only
when a person asks for it: an ``http(s)`` URL is read with a short
timeout and a size limit, and trafilatura extracts its article text.
Other schemes (``file:``, ``ftp:``, ``javascript:`` ...) are refused.
A machine without a network gets :class:`~geo.errors.OfflineError`, whose
message says so plainly.

The network is a parameter: ``opener`` is :func:`urllib.request.urlopen`
unless a test passes a fake.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geo.errors import EncodingError, InputError, OfflineError, OnlineError
from geo.textio import MAX_BYTES, decode_article, html_to_text

__all__ = ["DEFAULT_TIMEOUT", "FetchedArticle", "check_url", "fetch_article"]

#: Seconds to wait for the server before giving up.
DEFAULT_TIMEOUT = 8.0
#: Largest page read (bytes).
MAX_PAGE_BYTES = min(MAX_BYTES, 8 * 1024 * 1024)

_USER_AGENT = "geo-news-explorer/0.1 (offline news geoparser; fetches one page on request)"

Opener = Callable[..., Any]


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    """An article read from the web: its final URL, title and text."""

    url: str
    title: str
    text: str


def check_url(url: str) -> str:
    """The URL, trimmed, if it is an ``http``/``https`` URL with a host; else :class:`InputError`.

    >>> check_url(" https://example.org/news ")
    'https://example.org/news'
    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    geo.errors.InputError: only http and https URLs can be fetched, not 'file:'
    """
    url = (url or "").strip()
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(f"only http and https URLs can be fetched, not {scheme + ':' if scheme else repr(url)!r}")
    if not parts.hostname:
        raise InputError(f"{url!r} names no host")
    return url


def _is_offline(exc: BaseException) -> bool:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, socket.gaierror):
        return True
    return isinstance(reason, OSError) and reason.errno in (101, 113)  # ENETUNREACH, EHOSTUNREACH


def _title(html: str) -> str:
    try:
        import trafilatura

        meta = trafilatura.extract_metadata(html)
        if meta is not None and meta.title:
            return str(meta.title).strip()
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        pass
    return ""


def _decode(data: bytes, content_type: str, url: str) -> str:
    """UTF-8 first (as every other input); else the charset the server declared."""
    try:
        return decode_article(data, name=url)
    except EncodingError:
        charset = content_type.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
        if not charset:
            raise
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise EncodingError(f"{url}: cannot be decoded as {charset}") from exc


def fetch_article(url: str, *, timeout: float = DEFAULT_TIMEOUT, opener: Opener | None = None) -> FetchedArticle:
    """Download ``url`` and extract its article text.

    Raises :class:`InputError` for a URL that is not http(s) or a page with
    no article text, :class:`OfflineError` when the network is unreachable
    (no DNS, no route), and :class:`OnlineError` for any other failure
    (timeout, HTTP error, refused connection).
    """
    url = check_url(url)
    open_url = opener or urllib.request.urlopen
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,text/plain"})
    try:
        with open_url(request, timeout=timeout) as response:
            final_url = response.geturl() if hasattr(response, "geturl") else url
            check_url(final_url)  # a redirect must not lead to another scheme
            data = response.read(MAX_PAGE_BYTES + 1)
            content_type = (response.headers.get("Content-Type") or "") if hasattr(response, "headers") else ""
    except urllib.error.HTTPError as exc:
        raise OnlineError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        if _is_offline(exc):
            raise OfflineError(
                f"cannot reach {urllib.parse.urlsplit(url).hostname}: this machine looks offline. "
                "Paste the article text or upload the file instead."
            ) from exc
        if isinstance(getattr(exc, "reason", exc), TimeoutError) or isinstance(exc, TimeoutError):
            raise OnlineError(f"{url}: no answer within {timeout:g} s") from exc
        raise OnlineError(f"{url}: cannot be fetched ({getattr(exc, 'reason', exc)})") from exc
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(f"{url}: the page is over {MAX_PAGE_BYTES // 2**20} MiB")
    page = _decode(data, content_type, url)
    if "html" in content_type.lower() or page.lstrip()[:1] == "<":
        text, title = html_to_text(page), _title(page)
    else:
        text, title = page, ""
    if not text.strip():
        raise InputError(f"{url}: the page holds no article text")
    return FetchedArticle(url=final_url, title=title or final_url, text=text)
