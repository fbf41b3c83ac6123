"""One feature per distinct place in an article, with merged mentions and excerpts."""

from __future__ import annotations

import pytest
from layers_samples import DMZ, HAN_RIVER, NASTY, SEOUL, make_document, sample_documents

from geo.document import Document, Mention
from layers import FIELDS, document_features, feature_style, iter_features
from layers.features import MAX_EXCERPT_CHARS, excerpt


def test_one_feature_per_distinct_place_in_order_of_first_mention() -> None:
    doc = sample_documents()[0]
    features = document_features(doc)
    assert [f["properties"]["name"] for f in features] == ["Seoul", "Han River", "DMZ"]
    assert [f["id"] for f in features] == ["a1:1", "a1:2", "a1:3"]


def test_mentions_merge_count_and_max_confidence() -> None:
    seoul = document_features(sample_documents()[0])[0]["properties"]
    assert seoul["mention_count"] == 2
    assert seoul["confidence"] == 0.9  # max of 0.9 and 0.8


def test_properties_are_the_documented_fields_in_order() -> None:
    for f in iter_features(sample_documents()):
        assert tuple(f["properties"]) == FIELDS


def test_properties_carry_place_and_article() -> None:
    p = document_features(sample_documents()[0])[1]["properties"]
    assert p | {"excerpts": None} == {
        "name": "Han River", "kind": "line", "feature_class": "STM", "country": "KR", "confidence": 0.9,
        "place_id": 2, "source": "curated", "article_id": "a1", "article_title": f"Title {NASTY}",
        "mention_count": 1, "excerpts": None, "lat": 37.52, "lon": 126.95, **feature_style("line"),
    }


def test_excerpt_offsets_locate_each_mention() -> None:
    for doc in sample_documents():
        for f in document_features(doc):
            excerpts = f["properties"]["excerpts"]
            assert len(excerpts) == f["properties"]["mention_count"]
            for ex in excerpts:
                assert ex["text"][ex["start"]:ex["end"]] in ("Seoul", "서울", "the Han", "the DMZ", "Lake Test",
                                                             "Twin Isles")


def test_excerpt_text_is_unescaped_data() -> None:
    ex = document_features(sample_documents()[0])[0]["properties"]["excerpts"][0]
    assert ex == {"text": f"Reports from Seoul said {NASTY} today.", "start": 13, "end": 18}


def test_excerpt_without_parser_sentence_is_found_in_the_text() -> None:
    text = "First one. Then floods hit Seoul again! Last."
    m = Mention(start=27, end=32, text="Seoul", place=SEOUL, confidence=0.5)
    assert excerpt(Document(text=text, mentions=(m,)), m) == {"text": "Then floods hit Seoul again!", "start": 16,
                                                             "end": 21}


def test_excerpt_with_wrong_parser_sentence_falls_back() -> None:
    text = "Floods hit Seoul."
    m = Mention(start=11, end=16, text="Seoul", place=SEOUL, confidence=0.5, sentence="unrelated", sentence_start=0)
    assert excerpt(Document(text=text, mentions=(m,)), m) == {"text": "Floods hit Seoul.", "start": 11, "end": 16}


@pytest.mark.parametrize("where", [0, 1000, 1995])
def test_long_sentence_is_cut_to_a_window_around_the_mention(where: int) -> None:
    text = "x" * where + "Seoul" + "y" * (2000 - where)
    m = Mention(start=where, end=where + 5, text="Seoul", place=SEOUL, confidence=0.5)
    ex = excerpt(Document(text=text, mentions=(m,)), m)
    assert len(ex["text"]) == MAX_EXCERPT_CHARS
    assert ex["text"][ex["start"]:ex["end"]] == "Seoul"


def test_document_without_places_gives_no_features() -> None:
    assert document_features(sample_documents()[2]) == []
    unresolved = Mention(start=0, end=7, text="Nowhere", place=None, confidence=0.1)
    assert document_features(Document(text="Nowhere", mentions=(unresolved,))) == []


def test_geometry_is_rounded_and_rewound() -> None:
    seoul, _, dmz = document_features(sample_documents()[0])
    assert seoul["geometry"] == {"type": "Point", "coordinates": [126.977969, 37.566535]}
    ring = dmz["geometry"]["coordinates"][0]
    assert ring == list(reversed([[126.0, 37.8], [126.0, 38.3], [128.6, 38.6], [128.6, 38.1], [126.0, 37.8]]))


def test_color_by_article_gives_every_kind_the_article_colour() -> None:
    features = document_features(sample_documents()[0], color_by="article")
    assert len({f["properties"]["marker-color"] for f in features}) == 1
    by_kind = document_features(sample_documents()[0], color_by="kind")
    assert len({f["properties"]["stroke"] for f in by_kind}) == 3


def test_unknown_color_by_is_refused() -> None:
    with pytest.raises(ValueError, match="color_by"):
        document_features(sample_documents()[0], color_by="mood")


def test_features_of_a_repeated_place_across_articles_have_distinct_ids() -> None:
    docs = [make_document("x", "X", [(SEOUL, "Seoul")]), make_document("y", "Y", [(SEOUL, "Seoul"), (DMZ, "DMZ"),
                                                                                (HAN_RIVER, "Han")])]
    ids = [f["id"] for f in iter_features(docs)]
    assert len(ids) == len(set(ids)) == 4
