"""End-to-end fixtures: the explorer served by ``streamlit run``, driven by Debian's Chromium.

Playwright's own browser download does not work offline, so the system
``chromium`` is launched; the tests skip where it (or Playwright) is absent.
Every request the page makes is recorded, and every test ends by checking
that none left this machine and that no dialog (``alert``) opened.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from geo.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GEO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "about", "blob", "chrome-error"}


def free_port() -> int:
    """A TCP port nobody listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_explorer(
    env: dict[str, str], log: Path, timeout: float = 120.0, *, entry: str = "serve.py", repo: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run serve.py`` (as ``bash scripts/app`` does; or another ``entry``) on a free
    port, once its health check answers; (process, base URL). ``repo`` is the checkout to
    run (default: this one)."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", entry, "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, cwd=repo or REPO, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.05)
    stop(proc)
    raise RuntimeError(f"streamlit did not answer within {timeout:g} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server process we started."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


@pytest.fixture(scope="session")
def explorer_env(gazetteer: Gazetteer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The server's environment: the small gazetteer, a private corrections store, data and cache dirs."""
    home = tmp_path_factory.mktemp("explorer")
    return {
        "GEO_GAZETTEER": str(gazetteer.path),
        "GEO_PROFILE": "small",
        "GEO_CORRECTIONS": str(home / "corrections.sqlite"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        # No fallback: the page comes whole only when the map says it is drawn (layers.ready).
        "GEO_MAP_READY_TIMEOUT_MS": "3600000",
    }


@pytest.fixture(scope="session")
def server(explorer_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The explorer's base URL."""
    proc, url = start_explorer(explorer_env, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield url
    stop(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Requests(list[str]):
    """Every URL a page asked for."""

    def foreign(self) -> list[str]:
        """The URLs that would leave this machine."""
        out = []
        for url in self:
            parts = urlsplit(url)
            if parts.scheme in LOCAL_SCHEMES:
                continue
            if parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS:
                continue
            out.append(url)
        return out


@pytest.fixture
def requests() -> Requests:
    """The requests of the test's page."""
    return Requests()


@pytest.fixture
def page(browser: Any, requests: Requests) -> Iterator[Any]:
    """A fresh 1400x900 page; fails the test if a dialog opens or a request leaves 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    dialogs: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    context.route("**/*", lambda route: route.continue_() if not Requests([route.request.url]).foreign()
                  else route.abort())
    pg = context.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("websocket", lambda ws: requests.append(ws.url))
    yield pg
    context.close()
    assert not dialogs, f"a dialog opened: {dialogs}"
    assert requests, "the page made no request at all"
    assert not requests.foreign(), f"requests left this machine: {requests.foreign()[:5]}"
