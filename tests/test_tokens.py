"""Tokens and sentences keep exact offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geo.extract.tokens import sentence_spans, tokenize


def test_possessive_is_split_and_inner_apostrophe_kept() -> None:
    assert [t.text for t in tokenize("Seoul's P'anmunjŏm Côte d'Ivoire")] == [
        "Seoul", "'s", "P'anmunjŏm", "Côte", "d'Ivoire",
    ]


def test_dotted_abbreviations_are_one_token() -> None:
    toks = tokenize("the U.S. and the U.K. met in Washington, D.C.")
    assert "U.S." in [t.text for t in toks]
    assert "D.C." in [t.text for t in toks]
    assert next(t for t in toks if t.text == "U.S.").norm == "us"


def test_sentences_do_not_break_after_titles_or_initials() -> None:
    text = "Gen. Kim met Mr. Lee in Seoul. Then J. Smith flew to Tokyo.\n\nNew paragraph"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Gen. Kim met Mr. Lee in Seoul.", "Then J. Smith flew to Tokyo.", "New paragraph",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_token_offsets_always_index_the_text(text: str) -> None:
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    for start, end in sentence_spans(text):
        assert 0 <= start < end <= len(text)
