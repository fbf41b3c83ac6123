"""serve.py: the explorer's server entry point (its browser tests are in tests/browser)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from streamlit.components.v2 import manifest_scanner

import serve
from geo.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parent.parent


def test_the_server_skips_streamlits_package_scan() -> None:
    assert manifest_scanner.scan_component_manifests is serve.no_packaged_components
    assert manifest_scanner.scan_component_manifests() == []


def test_the_skipped_scan_would_find_no_component_here() -> None:
    """Skipping loses nothing only while no installed package ships a v2 component."""
    assert serve.streamlit_scan is not serve.no_packaged_components
    assert serve.streamlit_scan() == []


def test_plain_json_is_told_apart_from_data() -> None:
    import numpy as np
    import pandas as pd

    assert serve.plain_json(None) and serve.plain_json("x") and serve.plain_json(3.5)
    assert serve.plain_json(["a", 1, [True, None], {"k": [1, 2]}, ("t",)])
    assert not serve.plain_json(np.arange(3))
    assert not serve.plain_json(pd.DataFrame({"a": [1]}))
    assert not serve.plain_json({"a": pd.Series([1])})  # a column mapping is a dataframe to Streamlit
    assert not serve.plain_json({1: "int key"}) and not serve.plain_json({"a"})
    assert not serve.plain_json(list(range(20)), budget=10)  # too big to walk: Streamlit's own check decides


def test_components_answer_plain_json_without_streamlits_dataframe_check() -> None:
    import pandas as pd
    from streamlit.components.v1 import custom_component
    from streamlit.components.v2.bidi_component import serialization

    for module in (custom_component, serialization):
        check = module.is_dataframe_like
        assert check.streamlit_check is not check  # replaced, the original kept
        assert check(["a", {"b": 1}]) is False
        assert check(pd.DataFrame({"a": [1]})) is True  # anything else still goes to Streamlit's


def test_the_first_map_is_sent_without_pandas(gazetteer: Gazetteer, tmp_path: Path) -> None:
    """A fresh server process draws its first map without importing pandas (about half a
    second of the first map's time); the rest of the page, drawn once the map is, imports it."""
    script = textwrap.dedent(
        """
        import sys
        import serve  # noqa: F401  (what `streamlit run serve.py` loads)
        from streamlit.testing.v1 import AppTest

        test = AppTest.from_file("app.py", default_timeout=180).run()
        assert not test.exception, test.exception
        first = "pandas" in sys.modules
        test.session_state.whole_page = True
        test.run()
        assert not test.exception, test.exception
        print(first, "pandas" in sys.modules, len(test.dataframe))
        """
    )
    env = {**os.environ, "GEO_GAZETTEER": str(gazetteer.path), "GEO_PROFILE": "small",
           "GEO_CORRECTIONS": str(tmp_path / "c.sqlite"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["False", "True", "1"]
