"""layers.imports: a module hidden from one thread's imports, and only from it."""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from layers.imports import hidden_modules


@pytest.fixture
def fresh_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    (tmp_path / "geo_test_hidden_pkg").mkdir()
    (tmp_path / "geo_test_hidden_pkg" / "__init__.py").write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "geo_test_hidden_pkg" / "sub.py").write_text("VALUE = 2\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "geo_test_hidden_pkg"
    for name in [n for n in sys.modules if n.startswith("geo_test_hidden_pkg")]:
        del sys.modules[name]


def test_hidden_from_this_thread_only(fresh_module: str) -> None:
    got: list[int] = []
    with hidden_modules(fresh_module):
        with pytest.raises(ImportError):
            importlib.import_module(fresh_module + ".sub")
        other = threading.Thread(target=lambda: got.append(importlib.import_module(fresh_module).VALUE))
        other.start()
        other.join()
        assert got == [1]  # another thread imported it meanwhile...
        assert importlib.import_module(fresh_module).VALUE == 1  # ...and a loaded module is simply there
    assert importlib.import_module(fresh_module + ".sub").VALUE == 2  # nothing hidden after the block


def test_folium_takes_no_pandas_when_the_map_module_brings_it() -> None:
    import subprocess

    code = "import sys, layers.map, folium.utilities; print('pandas' in sys.modules, folium.utilities.pd)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.split() == ["False", "None"]
