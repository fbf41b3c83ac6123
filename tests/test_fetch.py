"""Tests for geo.fetch: URL checks, offline detection, extraction from a local server."""

from __future__ import annotations

import http.server
import socket
import threading
import urllib.error
from collections.abc import Callable, Iterator

import pytest

from geo.errors import InputError, OfflineError, OnlineError
from geo.fetch import check_url, fetch_article

ARTICLE = """<!doctype html><html><head><title>Port strike spreads</title>
<script>alert(1)</script></head><body><nav>Home | World</nav>
<article><h1>Port strike spreads</h1>
<p>Dock workers in Rotterdam walked out on Tuesday, and the strike spread to Antwerp by the evening.
Shipping lines said container traffic through both ports had slowed to a crawl.</p>
<p>Unions in Belgium and the Netherlands demand new safety rules for automated cranes, and talks
with the port authorities are set to resume on Friday in Brussels.</p></article></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/article":
            body, ctype, code = ARTICLE.encode(), "text/html; charset=utf-8", 200
        elif self.path == "/plain":
            body, ctype, code = b"Floods in Dhaka.", "text/plain", 200
        elif self.path == "/latin1":
            body, ctype, code = (
                "Floods near Göteborg in the Kattegat region.".encode("latin-1"),
                "text/plain; charset=iso-8859-1",
                200,
            )
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        else:
            body, ctype, code = b"no", "text/plain", 404
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.org/a.txt",
        "data:text/html,<b>x</b>",
        "",
        "example.org/news",
        "http://",
    ],
)
def test_refuses_what_is_not_http(url: str) -> None:
    with pytest.raises(InputError):
        check_url(url)
    with pytest.raises(InputError):
        fetch_article(url, opener=lambda *a, **k: pytest.fail("must not open"))


def test_extracts_article_text(server: str) -> None:
    got = fetch_article(f"{server}/article", timeout=5)
    assert "Dock workers in Rotterdam" in got.text
    assert "Antwerp" in got.text
    assert "alert(1)" not in got.text
    assert got.title == "Port strike spreads"
    assert got.url == f"{server}/article"


def test_plain_text_and_declared_charsets(server: str) -> None:
    assert fetch_article(f"{server}/plain").text == "Floods in Dhaka."
    assert "Göteborg" in fetch_article(f"{server}/latin1").text


def test_http_errors_are_online_errors(server: str) -> None:
    with pytest.raises(OnlineError, match="404"):
        fetch_article(f"{server}/missing")


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    with pytest.raises((InputError, OnlineError)):
        fetch_article(f"{server}/redirect")


def test_refused_connection_is_not_called_offline() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(OnlineError) as info:
        fetch_article(f"http://127.0.0.1:{port}/", timeout=2)
    assert not isinstance(info.value, OfflineError)


def _raiser(exc: BaseException) -> Callable[..., None]:
    def opener(*args: object, **kwargs: object) -> None:
        raise exc

    return opener


def test_no_dns_means_offline() -> None:
    exc = urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution"))
    with pytest.raises(OfflineError, match="offline") as info:
        fetch_article("https://news.example.org/story", opener=_raiser(exc))
    assert isinstance(info.value, ConnectionError)


def test_no_route_means_offline() -> None:
    with pytest.raises(OfflineError):
        fetch_article("https://news.example.org/story", opener=_raiser(OSError(101, "Network is unreachable")))


def test_timeout_is_reported() -> None:
    with pytest.raises(OnlineError, match="no answer within 3 s"):
        fetch_article(
            "https://news.example.org/story", timeout=3, opener=_raiser(urllib.error.URLError(TimeoutError()))
        )
