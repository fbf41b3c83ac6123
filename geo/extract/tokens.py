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
_BREAK_RE = re.compile(r"[.!?…]+[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[A-Z\"“(])")


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


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with exact character offsets."""
    out: list[Token] = []
    append = out.append
    for m in TOKEN_RE.finditer(text):
        tok = m.group()
        start, end = m.span()
        if tok[0].isalpha():
            append(_new_token(Token, (tok, start, end, normalize_name(tok), True, tok[0].isupper(),
                                      len(tok) > 1 and tok.isupper())))
        else:
            append(_new_token(Token, (tok, start, end, tok, False, False, False)))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, covering the text's non-blank parts.

    >>> text = "Mr. Kim went to Seoul. Then Tokyo!"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Mr. Kim went to Seoul.', 'Then Tokyo!']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        end = m.start() + len(m.group().rstrip())
        if m.group()[0] == ".":
            word = re.search(r"(\w+)\.?$", text[max(start, m.start() - 12) : m.start() + 1])
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
