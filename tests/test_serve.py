"""serve.py: the explorer's server entry point (its browser tests are in tests/browser)."""

from __future__ import annotations

from streamlit.components.v2 import manifest_scanner

import serve


def test_the_server_skips_streamlits_package_scan() -> None:
    assert manifest_scanner.scan_component_manifests is serve.no_packaged_components
    assert manifest_scanner.scan_component_manifests() == []


def test_the_skipped_scan_would_find_no_component_here() -> None:
    """Skipping loses nothing only while no installed package ships a v2 component."""
    assert serve.streamlit_scan is not serve.no_packaged_components
    assert serve.streamlit_scan() == []
