"""Shared fixtures: the small test gazetteer (built once) and paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, open_gazetteer
from geo.pipeline import Geoparser

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def small_gazetteer_path() -> Path:
    """Where the small-profile test gazetteer lives (built on first use)."""
    return Path(os.environ.get("GEO_TEST_GAZETTEER") or REPO / "data" / "gazetteer-small.sqlite")


@pytest.fixture(scope="session")
def gazetteer() -> Iterator[Gazetteer]:
    """The small-profile gazetteer, built if missing."""
    gaz = open_gazetteer(small_gazetteer_path(), profile="small")
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def geoparser(gazetteer: Gazetteer) -> Geoparser:
    """A geoparser over the small gazetteer."""
    return Geoparser(gazetteer)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article."""
    return (REPO / "seeds" / "dmz-visit.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip where it is absent (outside this workplace)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    return SHARED
