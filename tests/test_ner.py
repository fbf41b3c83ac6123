"""The optional spaCy recogniser: chunking, lexicon filtering, and the model.

The model tests run wherever spaCy is installed (``pip install -r
requirements-ner.txt``); where it is not, the same tests check that the
recogniser says how to install it instead.
"""

from __future__ import annotations

import importlib.util
import itertools

import pytest

from geo.errors import GeoError
from geo.extract.ner import SpacyRecognizer, chunk_bounds, spans_from_entities
from geo.pipeline import Geoparser

HAS_SPACY = importlib.util.find_spec("spacy") is not None


@pytest.mark.parametrize("size", [2, 7, 40, 1000])
def test_chunks_cover_the_text_exactly(size: int) -> None:
    text = "Seoul is big.\n\nTokyo too! Then Paris. " * 9 + "x" * 50
    bounds = chunk_bounds(text, size)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(bounds))
    assert all(0 < e - s <= size for s, e in bounds)


def test_chunks_cut_at_paragraphs_then_sentences() -> None:
    text = "One two. Three four.\n\nFive six. Seven."
    assert [text[s:e] for s, e in chunk_bounds(text, 30)] == ["One two. Three four.\n\n", "Five six. Seven."]
    flat = "Aa bb. Cc dd. Ee ff."
    assert [flat[s:e] for s, e in chunk_bounds(flat, 16)] == ["Aa bb. Cc dd. ", "Ee ff."]
    assert chunk_bounds("", 10) == [(0, 0)]


def test_entities_become_spans_the_lexicon_knows(geoparser: Geoparser) -> None:
    text = "Kim left Seoul's airport for the Tokyo summit with North Korean and Fooish aides in the metro."
    ents = [
        (0, 3, "PERSON"),
        (9, 16, "GPE"),
        (29, 38, "GPE"),
        (51, 63, "NORP"),
        (68, 74, "NORP"),
        (84, 93, "LOC"),
    ]
    spans = spans_from_entities(text, ents, geoparser.lexicon)
    assert [s.text for s in spans] == ["Seoul", "Tokyo", "North Korean"]
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert spans[2].is_demonym


def test_a_nationality_must_be_a_demonym(geoparser: Geoparser) -> None:
    text = "Paris and Seoul"
    assert spans_from_entities(text, [(0, 5, "NORP"), (10, 15, "GPE")], geoparser.lexicon)[0].text == "Seoul"


def test_unknown_model_says_how_to_install() -> None:
    with pytest.raises(GeoError, match=r"pip install -r requirements-ner\.txt"):
        SpacyRecognizer(package="no_such_spacy_model_package").entities("Seoul")


def test_model_finds_places_or_says_how_to_install() -> None:
    text = "Kim Jong Un visited Seoul."
    recognizer = SpacyRecognizer()
    if not HAS_SPACY:
        with pytest.raises(GeoError, match="requirements-ner"):
            recognizer.entities(text)
        return
    ents = recognizer.entities(text)
    assert (20, 25, "GPE") in ents
    assert all(text[s:e].strip() == text[s:e] and e > s for s, e, _ in ents)
    assert any(label == "PERSON" for _, _, label in recognizer.entities(text, labels=None))


def test_chunked_long_text_keeps_exact_offsets() -> None:
    if not HAS_SPACY:
        with pytest.raises(GeoError):
            SpacyRecognizer().entities("Seoul")
        return
    paragraph = "President Moon flew from Seoul to Tokyo on Monday. Officials in Berlin welcomed the talks.\n\n"
    text = paragraph * 30
    whole = SpacyRecognizer().entities(paragraph)
    chunked = SpacyRecognizer(chunk_chars=200).entities(text)
    assert len(chunk_bounds(text, 200)) > 10
    assert [text[s:e] for s, e, _ in chunked] == [paragraph[s:e] for s, e, _ in whole] * 30
    assert {text[s:e] for s, e, _ in chunked} >= {"Seoul", "Tokyo", "Berlin"}
