"""The map's popups and the side panel show each distinct excerpt once, with every mention in it marked."""

from __future__ import annotations

from layers_samples import SEOUL

from geo.document import Document, Mention
from layers.features import merge_excerpts
from layers.map import display_features, marks_html

TEXT = "Seoul said <no> to Seoul's plan. Rain in Seoul. Seoul said <no> to Seoul's plan."


def seoul_document() -> Document:
    """Seoul named five times: twice in a sentence that also comes back word for word, once alone."""
    starts = [i for i in range(len(TEXT)) if TEXT.startswith("Seoul", i)]
    assert len(starts) == 5
    return Document(text=TEXT, id="a", title="A", mentions=tuple(
        Mention(start=s, end=s + 5, text="Seoul", place=SEOUL, confidence=0.9) for s in starts
    ))


def test_display_features_merge_repeated_sentences() -> None:
    (feature,) = display_features(seoul_document())
    props = feature["properties"]
    assert props["mention_count"] == 5
    assert props["excerpts"] == [
        {"text": "Seoul said <no> to Seoul's plan.", "marks": [[0, 5], [19, 24]]},
        {"text": "Rain in Seoul.", "marks": [[8, 13]]},
    ]
    for ex in props["excerpts"]:
        assert all(ex["text"][s:e] == "Seoul" for s, e in ex["marks"])


def test_merge_excerpts_joins_overlapping_marks_and_keeps_order() -> None:
    merged = merge_excerpts([
        {"text": "B then A.", "start": 7, "end": 8},
        {"text": "A and B.", "start": 0, "end": 5},
        {"text": "A and B.", "start": 2, "end": 8},
        {"text": "B then A.", "start": 0, "end": 1},
        {"text": "B then A.", "start": 0, "end": 1},
    ])
    assert merged == [{"text": "B then A.", "marks": [[0, 1], [7, 8]]}, {"text": "A and B.", "marks": [[0, 8]]}]


def test_marks_html_escapes_everything_and_marks_each_mention() -> None:
    html = marks_html("<b>Seoul</b> & Seoul", [(15, 20), (3, 8)])
    assert html == "&lt;b&gt;<mark>Seoul</mark>&lt;/b&gt; &amp; <mark>Seoul</mark>"
    assert marks_html("Seoul", []) == "Seoul"
    assert marks_html("Seoul", [(0, 5), (2, 4), (9, 12)]) == "<mark>Seoul</mark><mark></mark>"
