"""Resolution: the evidence of the whole article picks the place."""

from __future__ import annotations

from geo.pipeline import Geoparser


def _placed(parser: Geoparser, text: str) -> dict[str, tuple[str | None, str | None]]:
    doc = parser.parse(text)
    return {m.text: (m.place.country if m.place else None, m.place.admin1 if m.place else None) for m in doc.mentions}


def test_capital_is_the_default_sense(geoparser: Geoparser) -> None:
    assert _placed(geoparser, "Officials met in Paris.")["Paris"][0] == "FR"


def test_local_cue_overrides_population(geoparser: Geoparser) -> None:
    assert _placed(geoparser, "The fair opened in Paris, Texas on Sunday.")["Paris"] == ("US", "TX")


def test_article_country_context(geoparser: Geoparser) -> None:
    text = "Floods hit Georgia. Atlanta and Savannah closed schools; Macon was spared."
    assert _placed(geoparser, text)["Georgia"] == ("US", "GA")
    text = "Georgia and Russia traded accusations; Tbilisi recalled its envoy from Moscow."
    assert _placed(geoparser, text)["Georgia"][0] == "GE"


def test_one_sense_per_name_per_article(geoparser: Geoparser) -> None:
    doc = geoparser.parse("Springfield, Illinois voted. Later, Springfield counted again.")
    ids = {m.place.id for m in doc.mentions if m.text == "Springfield" and m.place}
    assert len(ids) == 1


def test_every_mention_has_confidence_and_alternatives(geoparser: Geoparser) -> None:
    doc = geoparser.parse("Officials in Georgia met.")
    m = doc.mentions[0]
    assert 0.0 < m.confidence <= 1.0
    assert m.alternatives, "an ambiguous name lists the candidates it weighed"
    assert all(0.0 <= c.score <= 1.0 for c in m.alternatives)
    assert m.sentence == "Officials in Georgia met."
