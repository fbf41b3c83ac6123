"""Tokens and sentences with character offsets into the original text.

Tokens keep exact offsets, so every span the matcher builds from them
indexes the text it came from. Possessive endings ("Seoul's") are split
off, inner apostrophes ("P'anmunjom", "Côte d'Ivoire") are kept, and dotted
abbreviations ("U.S.", "D.C.") are single tokens.

>>> [t.text for t in tokenize("Seoul's U.S.-South Korea P'anmunjŏm")]
['Seoul', "'s", 'U.S.', '-', 'South', 'Korea', "P'anmunjŏm"]
"""

from __future__ import annotations

import re
from itertools import accumulate, repeat
from operator import add, sub
from typing import NamedTuple

from geo.normalize import normalize_name

__all__ = ["Token", "sentence_spans", "tokenize"]

_APOS = "'’"
TOKEN_RE = re.compile(
    r"(?:[^\W\d_]\.){2,}"  # dotted abbreviation: U.S., D.C., U.K.
    r"|[^\W\d_][^\W_]*(?:(?:[" + _APOS + r"](?!(?:[sSdDmMtT]|re|ll|ve|RE|LL|VE)\b)(?=[^\W_])"  # word, inner '
    r"|\.(?=[^\W\d_]\.))[^\W_]*)*"
    r"|\d+(?:[.,:]\d+)*"  # number
    r"|[" + _APOS + r"](?:[sSdDmMtT]|re|ll|ve|RE|LL|VE)\b"  # possessive or contraction
    r"|\S"  # any other single character
)
#: Abbreviations after which a full stop does not end a sentence.
_NO_BREAK = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt cpl adm sen rep gov st mt ft jr sr no vs etc inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec ave blvd rd calif fla ga pa mass wash mich "
    "ill tenn conn ky va md minn wis ore ariz colo okla nev neb kan ind la miss ala ark del".split()
)
#: A sentence break: end punctuation, closing quotes or brackets and whitespace;
#: a blank line; or a newline before a capital, a quote or a bracket. It is
#: ``[.!?…]+["'”’)\]]*\s+|\n\s*\n|\n(?=\s*[A-Z"“(])`` with the first
#: character pulled out front (each branch re-checks it by a lookbehind), so the
#: regex engine skips ahead to those few characters instead of trying the
#: pattern at every position (three times faster). Group 1 ends where the
#: punctuation ends, so where the sentence ends; it is unset for newline breaks.
_BREAK_RE = re.compile(
    r"[.!?…\n](?:(?<=[.!?…])([.!?…]*[\"'”’)\]]*)\s+|(?<=\n)\s*\n|(?<=\n)(?=\s*[A-Z\"“(]))"
)
#: The word before a full stop (searched within a window that ends with the stop).
_WORD_BEFORE_RE = re.compile(r"(\w+)\.?$")


class Token(NamedTuple):
    """A token: its text, offsets, normalised key and shape."""

    text: str
    start: int
    end: int
    norm: str
    is_word: bool
    is_cap: bool
    is_upper: bool


#: Builds a Token from one tuple without NamedTuple's keyword-handling ``__new__``:
#: the tokenizer makes one per token, and this takes a fifth off its time.
_new_token = tuple.__new__
#: A token with the whitespace before it. Tokens skip only whitespace (``\S``
#: matches any other character), so ``findall`` up to the text's last
#: non-space character returns the text cut into pieces end to end: the
#: running sum of their lengths gives every token's end offset without a match
#: object per token. (``\s`` and ``str.lstrip`` agree on what whitespace is:
#: both test CPython's ``Py_UNICODE_ISSPACE``.)
_PIECE_RE = re.compile(rf"\s*(?:{TOKEN_RE.pattern})")
#: Token string -> (norm, is_word, is_cap, is_upper). News text repeats a small
#: vocabulary, so this spares a normalize_name call and the shape tests for
#: nearly every token. Bounded: emptied when full (each dict operation is
#: atomic under the GIL, so threads sharing it at worst recompute an entry).
_SHAPES: dict[str, tuple[str, bool, bool, bool]] = {}
_SHAPES_MAX = 1 << 16


def _shape(tok: str) -> tuple[str, bool, bool, bool]:
    """(norm, is_word, is_cap, is_upper) of a token string, caching it."""
    if tok[0].isalpha():
        shape = (normalize_name(tok), True, tok[0].isupper(), len(tok) > 1 and tok.isupper())
    else:
        shape = (tok, False, False, False)
    if len(_SHAPES) >= _SHAPES_MAX:
        _SHAPES.clear()
    _SHAPES[tok] = shape
    return shape


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with exact character offsets."""
    # Whole-list operations in C instead of a Python loop over match objects
    # (a third faster): pieces, then tokens, end offsets, shapes from the
    # cache, and one Token per zipped row. Stopping at the last non-space
    # character leaves no trailing whitespace, where the pattern would fail
    # once per position after scanning to the end.
    pieces = _PIECE_RE.findall(text, 0, len(text.rstrip()))
    toks = list(map(str.lstrip, pieces))
    ends = list(accumulate(map(len, pieces)))
    shapes = list(map(_SHAPES.get, toks))
    if None in shapes:  # a word not seen lately
        for k, shape in enumerate(shapes):
            if shape is None:
                shapes[k] = _shape(toks[k])
    starts = map(sub, ends, map(len, toks))
    return list(map(_new_token, repeat(Token), map(add, zip(toks, starts, ends, strict=True), shapes)))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, covering the text's non-blank parts.

    >>> text = "Mr. Kim went to Seoul. Then Tokyo!"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Mr. Kim went to Seoul.', 'Then Tokyo!']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    search_word = _WORD_BEFORE_RE.search
    for m in _BREAK_RE.finditer(text):
        brk = m.start()
        # The break's text without its trailing whitespace ends the sentence.
        end = m.end(1)
        if end < 0:  # a newline break: all whitespace, so the sentence ends before it
            end = brk
        elif text[brk] == ".":
            # search(text, pos, endpos) sees the same window as a slice would, without copying it.
            word = search_word(text, max(start, brk - 12), brk + 1)
            prev = word.group(1).lower() if word else ""
            if prev in _NO_BREAK or (len(prev) == 1 and prev.isalpha()):
                continue
        _append(text, spans, start, end)
        start = m.end()
    _append(text, spans, start, len(text))
    return spans


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
