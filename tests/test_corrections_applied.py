"""A person's corrections are applied by later parses, for one article or everywhere."""

from __future__ import annotations

from pathlib import Path

from geo.corrections import CorrectionStore
from geo.gazetteer import Gazetteer
from geo.pipeline import Geoparser


def _paris_texas(gazetteer: Gazetteer) -> int:
    return next(p.id for p, _ in gazetteer.lookup_norm("paris", limit=150) if p.country == "US" and p.admin1 == "TX")


def test_global_correction_applies_to_every_article(geoparser: Geoparser, gazetteer: Gazetteer, tmp_path: Path) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    target = _paris_texas(gazetteer)
    before = geoparser.parse("Officials met in Paris.").mentions[0]
    assert before.place is not None and before.place.country == "FR"
    store.add("Paris", target, doc_id=None)
    after = geoparser.parse("Officials met in Paris.", corrections=store).mentions[0]
    assert after.place is not None and after.place.id == target
    assert after.corrected and after.confidence == 1.0


def test_article_correction_applies_only_to_that_article(
    geoparser: Geoparser, gazetteer: Gazetteer, tmp_path: Path
) -> None:
    store = CorrectionStore(tmp_path / "c.sqlite")
    target = _paris_texas(gazetteer)
    store.add("Paris", target, doc_id="story-1")
    mine = geoparser.parse("Rain in Paris.", doc_id="story-1", corrections=store).mentions[0]
    other = geoparser.parse("Rain in Paris.", doc_id="story-2", corrections=store).mentions[0]
    assert mine.place is not None and mine.place.id == target
    assert other.place is not None and other.place.country == "FR"
