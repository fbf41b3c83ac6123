"""Gazetteer-driven recognition: the longest capitalised names the
gazetteer knows, filtered by context rules.

The rules, each general English usage rather than a fit to any document:

* a name starts and ends with a capitalised word; lowercase connectors
  ("of", "de", "upon") may stand inside ("Sea of Japan");
* the longest name wins; a possessive "'s" ends a name ("Seoul's");
* all-capital tokens must be known abbreviations ("DMZ", "U.S.");
* a single word that is also a common English word ("Reading", "Mobile",
  "Nice") opening a sentence is taken only for a major place;
* a name after a title ("President", "Gen.") or a given name ("Jack
  London") is a person's, and so is every later use of that surname in the
  document ("Trump", "Kim");
* a given-name place followed by a surname ("Paris Hilton") is a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from geo.extract.lexicon import KIND_ABBREV, KIND_ALT, KIND_DEMONYM, KIND_PRIMARY, Entry, Lexicon
from geo.extract.tokens import Token, sentence_spans, tokenize
from geo.extract.wordlists import CONNECTORS, PREPOSITIONS, STOP_CAPS, TITLES, common_words, given_names, surnames

__all__ = ["Span", "find_spans", "MAX_NAME_TOKENS"]

#: Longest name, in tokens, the matcher tries.
MAX_NAME_TOKENS = 7
#: A common-word name must name a place at least this important.
COMMON_WORD_MIN_SCORE = 0.95
#: Mid-sentence, a capitalised common word names a place only if the place
#: is at least this important (Boston, Manila, Reading; not Police, Poland).
COMMON_WORD_MID_MIN_SCORE = 0.62
#: Single words that name regions somewhere but in text are directions or
#: parts of other names ("North", "Central", "Interior").
GENERIC_WORDS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western central"
    " interior upper lower greater inner outer middle capital coast island islands city county state".split()
)
#: Capitalised words that make the following name part of another feature.
FEATURE_WORDS = frozenset(
    "lake mount mt river cape port fort gulf bay sea isle island lac lago rio sierra glacier".split()
)
#: A name learnt as a person's surname must not name a place this important.
LEARN_PERSON_MAX_SCORE = 0.9
#: A lone given name or surname must name a place at least this important,
#: unless a preposition or a ", State" qualifier marks it as a place.
PERSON_NAME_MIN_SCORE = 0.58
_JOIN_GAPS = frozenset({" ", "-", "‐", "‑", "–", " - ", ", ", "\u00a0"})


class Span(NamedTuple):
    """A recognised place name: offsets into the text and its lexicon entry.

    A named tuple, not a dataclass: the matcher builds one per candidate it
    judges, and a tuple is several times cheaper to build.
    """

    start: int
    end: int
    text: str
    norm: str
    entry: Entry
    first_token: int
    last_token: int

    @property
    def is_demonym(self) -> bool:
        """True when the text names the place only through a demonym."""
        return bool(self.entry.kinds & KIND_DEMONYM) and not self.entry.kinds & (KIND_PRIMARY | KIND_ALT)


def _gap(text: str, a: Token, b: Token) -> str:
    return text[a.end : b.start]


#: Marks after which a word opens a sentence.
_OPENING_MARKS = "\"“‘(—:"
# Token fields by position, for map() over all tokens of a document in C.
_TEXT, _IS_WORD, _IS_CAP = (itemgetter(Token._fields.index(f)) for f in ("text", "is_word", "is_cap"))


def _sentence_starts(tokens: Sequence[Token], sentences: Sequence[tuple[int, int]], indices: Iterable[int]) -> set[int]:
    """Which of the token ``indices`` begin a sentence (or follow an opening quote)."""
    offsets = {s for s, _ in sentences}
    out: set[int] = set()
    for i in indices:
        if tokens[i].start in offsets:
            out.add(i)
        elif i:
            prev = tokens[i - 1]
            # "“Reading ...": the first word after an opening mark also counts.
            if prev.text in _OPENING_MARKS or (not prev.is_word and prev.start in offsets):
                out.add(i)
    return out


def _candidates(ctx: _Context) -> list[tuple[int, int, int, str]]:
    """Longest lexicon match from each capitalised token (overlaps kept), as
    ``(first - last, first, last, key)`` rows: sorted, longest come first."""
    text = ctx.text
    tokens = ctx.tokens
    names = ctx.lexicon.names  # membership only: the winner's Entry is looked up once, for its Span
    n = len(tokens)
    longest = min(MAX_NAME_TOKENS, ctx.lexicon.max_tokens)
    out: list[tuple[int, int, int, str]] = []
    for i in ctx.cap_index:
        prev = tokens[i]
        key = prev.norm
        best = i if key in names else -1
        best_key = key
        count = 1
        j = i + 1
        while j < n and count < longest:
            cur = tokens[j]
            if cur.is_word:
                # Cheapest test first: most names end at a lowercase word.
                if not (cur.is_cap or cur.norm in CONNECTORS) or text[prev.end : cur.start] not in _JOIN_GAPS:
                    break
                key = f"{key} {cur.norm}"
                count += 1
            # (Tokens never overlap, so "no gap between them" is prev.end == cur.start.)
            elif cur.text == "." and prev.end == cur.start and prev.is_cap and len(prev.text) <= 3:
                # "W.Va.", "Mt." : a dot inside an abbreviation joins, as in normalize_name.
                if j + 1 < n and (nxt := tokens[j + 1]).is_cap and (glue := text[cur.end : nxt.start]) in ("", " "):
                    j += 1
                    cur = nxt
                    key = f"{key}{glue}{cur.norm}"
                    count += 1
                else:
                    break
            else:
                break  # any other punctuation ends the name
            if cur.is_cap and key in names:
                best, best_key = j, key
            prev = cur
            j += 1
        if best >= 0:
            out.append((i - best, i, best, best_key))
    return out


def _select(candidates: list[tuple[int, int, int, str]], n: int) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(first, last, key)`` matches over ``n`` tokens,
    longest first then leftmost, returned in text order."""
    chosen: list[tuple[int, int, str]] = []
    taken = bytearray(n)  # 1 where a chosen match covers the token
    # Rows sort by (first - last, first): longest, then leftmost (first tokens are unique).
    for _, first, last, key in sorted(candidates):
        if first == last:
            # Single tokens sort last and start at distinct tokens, so they
            # need not mark what they take.
            if not taken[first]:
                chosen.append((first, last, key))
        elif not any(taken[first : last + 1]):
            chosen.append((first, last, key))
            taken[first : last + 1] = b"\x01" * (last + 1 - first)
    chosen.sort()
    return chosen


class _Context:
    """Per-document evidence the filters share."""

    def __init__(
        self, text: str, tokens: Sequence[Token], lexicon: Lexicon, sentences: Sequence[tuple[int, int]]
    ) -> None:
        self.text = text
        self.lexicon = lexicon
        self.tokens = tokens
        #: Indices of capitalised tokens: the only ones a name or a title can
        #: start from, so the passes below skip the other tokens.
        self.cap_index = list(compress(range(len(tokens)), map(_IS_CAP, tokens)))
        #: The capitalised tokens that open a sentence: the filters ask only about those.
        self.sentence_starts = _sentence_starts(tokens, sentences, self.cap_index)
        self.common = common_words()
        self.given = given_names()
        self.surnames = surnames()
        self.person_tokens: set[str] = set()

    # Needed only for a common word opening a sentence: built on first use.
    @cached_property
    def mid_caps(self) -> set[str]:
        """Keys of capitalised tokens that do not open a sentence."""
        tokens, opening = self.tokens, self.sentence_starts
        return {tokens[i].norm for i in self.cap_index if i not in opening}

    @cached_property
    def lowercase(self) -> set[str]:
        """Texts of the words written in lowercase."""
        return set(filter(str.islower, compress(map(_TEXT, self.tokens), map(_IS_WORD, self.tokens))))

    def prev_word(self, i: int) -> Token | None:
        """The word right before token ``i`` if only a space separates them."""
        if i == 0:
            return None
        prev = self.tokens[i - 1]
        if prev.text == "." and i >= 2 and self.tokens[i - 2].is_word:  # "Gen. Smith"
            prev = self.tokens[i - 2]
            return prev if prev.norm in TITLES else None
        if not prev.is_word or _gap(self.text, prev, self.tokens[i]) != " ":
            return None
        return prev

    def next_word(self, j: int) -> Token | None:
        """The word right after token ``j`` if only a space separates them."""
        if j + 1 >= len(self.tokens):
            return None
        nxt = self.tokens[j + 1]
        if not nxt.is_word or _gap(self.text, self.tokens[j], nxt) != " ":
            return None
        return nxt


def _other_feature(span: Span, ctx: _Context) -> bool:
    """A name after a feature word the gazetteer did not match with it
    ("Lake Victoria", "Mount Washington") names that other feature."""
    prev = ctx.prev_word(span.first_token)
    return prev is not None and prev.is_cap and prev.norm in FEATURE_WORDS


def _is_person(span: Span, ctx: _Context) -> bool:
    prev = ctx.prev_word(span.first_token)
    if prev is not None and prev.is_cap:
        if prev.norm in TITLES or prev.norm in ctx.given:
            return True
    elif prev is not None and prev.norm in TITLES and span.first_token not in ctx.sentence_starts:
        return True  # "... said spokesman Jordan ..."
    nxt = ctx.next_word(span.last_token)
    single = span.first_token == span.last_token
    if (
        single
        and nxt is not None
        and nxt.is_cap
        and span.norm in ctx.given
        and nxt.norm in ctx.surnames
        and nxt.norm not in ctx.common
    ):
        return True
    return span.norm in ctx.person_tokens


def _learn_people(ctx: _Context) -> None:
    """Surnames of people the document names with a title or a given name."""
    text, tokens, given, sentence_starts = ctx.text, ctx.tokens, ctx.given, ctx.sentence_starts
    n = len(tokens)
    for i in ctx.cap_index:
        if i == n - 1:  # the last token has no name after it
            break
        tok = tokens[i]
        if tok.is_upper or not (tok.norm in TITLES or (tok.norm in given and i not in sentence_starts)):
            continue
        # The capitalised run after it is a name; its last word a surname.
        j = i + 1
        while j < n and (cur := tokens[j]).is_word and cur.is_cap and text[tokens[j - 1].end : cur.start] in (" ", "-"):
            j += 1
        if i + 1 < j <= i + 4:
            surname = tokens[j - 1].norm
            entry = ctx.lexicon.get(surname)
            if entry is None or entry.best < LEARN_PERSON_MAX_SCORE:  # "Star India" is no person
                ctx.person_tokens.add(surname)


def _locative(span: Span, ctx: _Context) -> bool:
    """Whether context marks the span as a place: "in Scott", "Moore, Okla."."""
    prev = ctx.tokens[span.first_token - 1] if span.first_token else None
    if prev is not None and prev.is_word and prev.norm in PREPOSITIONS:
        return True
    return ctx.text.startswith(",", span.end) and _next_is_cap(span, ctx)


def _dateline(span: Span, ctx: _Context) -> bool:
    """A name in capitals followed by a comma or a dash, opening a line or a
    sentence or at least five letters long: a news dateline ("CHARLESTON,
    W.Va. —", "Associated Press WASHINGTON (AP) —"), not an acronym."""
    if not ctx.text.startswith((",", " (", " —", " -", " –", "—"), span.end):
        return False
    line_start = ctx.text.rfind("\n", 0, span.start) + 1
    opens = not ctx.text[line_start : span.start].strip(" \t\"“(-—") or span.first_token in ctx.sentence_starts
    return opens or span.end - span.start >= 5


def _next_is_cap(span: Span, ctx: _Context) -> bool:
    k = span.last_token + 2
    return k < len(ctx.tokens) and ctx.tokens[k].is_cap


_NUMBER_BEFORE = re.compile(r"\d[\d,.]*\s?$")
#: Era and clock abbreviations that some place is also abbreviated to ("BC").
_ERA_OR_CLOCK = frozenset({"bc", "bce", "ad", "ce", "am", "pm"})


def _era_or_clock(span: Span, ctx: _Context) -> bool:
    """True for "300 BC", "AD 70" or "5 PM": a date or a time, not a place."""
    if span.norm not in _ERA_OR_CLOCK:
        return False
    return (
        _NUMBER_BEFORE.search(ctx.text, max(0, span.start - 16), span.start) is not None
        or re.match(r"\s?\d", ctx.text[span.end : span.end + 2]) is not None
    )


def _keep(span: Span, ctx: _Context) -> bool:
    tokens = ctx.tokens
    first = tokens[span.first_token]
    single = span.first_token == span.last_token
    kinds = span.entry.kinds
    if single and first.norm in STOP_CAPS:
        return False
    if span.norm in _ERA_OR_CLOCK and _era_or_clock(span, ctx):
        return False
    if first.is_upper and single:
        # An all-capital word must be a known abbreviation ("DMZ", "UK", "JSA")
        # or a major place's name in capitals, not an acronym or a shouted word.
        if (
            not kinds & KIND_ABBREV
            and (not kinds & KIND_PRIMARY or span.entry.best < COMMON_WORD_MIN_SCORE)
            and not _dateline(span, ctx)
        ):
            return False
        if not kinds & KIND_ABBREV and first.norm in ctx.common:
            return False
    elif kinds & KIND_ABBREV and not kinds & (KIND_PRIMARY | KIND_ALT | KIND_DEMONYM) and not first.is_upper:
        # "Calif.", "W.Va.": an abbreviation in mixed case needs its own period ("Us" is not "US").
        if not ctx.text.startswith(".", span.end):
            return False
    if (
        single
        and kinds & KIND_ABBREV
        and not first.is_upper
        and len(first.text) <= 4
        and ctx.text.startswith(".", span.end)
    ):
        return not _is_person(span, ctx)  # "Ill.", "Conn.", "Ga.": an abbreviation with its period
    if single and not first.is_upper:
        if kinds == KIND_ALT and len(first.norm) < 4:
            return False  # short alternate names ("Un", "Pa") are noise
        lower = first.norm
        if (
            lower in ctx.common
            and not kinds & KIND_DEMONYM
            and span.first_token in ctx.sentence_starts
            and span.entry.best < COMMON_WORD_MIN_SCORE
            and not (lower in ctx.mid_caps and lower not in ctx.lowercase)
        ):
            # "Reading the report...": capitalised only because it starts a
            # sentence, unless the article capitalises it mid-sentence too and
            # never writes it in lowercase (one sense per article).
            return False
        if lower in ctx.common and not kinds & KIND_DEMONYM and (
            not kinds & KIND_PRIMARY or span.entry.best < COMMON_WORD_MID_MIN_SCORE or lower in GENERIC_WORDS
        ):
            return False  # "Police", "University", "Central": parts of other names
        if (
            (lower in ctx.given or lower in ctx.surnames)
            and span.entry.best < PERSON_NAME_MIN_SCORE
            and not _locative(span, ctx)
        ):
            return False  # a lone "Scott" or "Moore" is a person more often than a small town
    return not _is_person(span, ctx) and not _other_feature(span, ctx)


def find_spans(
    text: str,
    lexicon: Lexicon,
    tokens: Sequence[Token] | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Span]:
    """The place-name spans of ``text``, in text order, without overlaps
    (``tokens`` and ``sentences`` may be passed in when already computed)."""
    tokens = tokenize(text) if tokens is None else tokens
    sentences = sentence_spans(text) if sentences is None else sentences
    ctx = _Context(text, tokens, lexicon, sentences)
    _learn_people(ctx)
    out: list[Span] = []
    for first, last, key in _select(_candidates(ctx), len(tokens)):
        start, end = tokens[first].start, tokens[last].end
        span = Span(start, end, text[start:end], key, lexicon.get(key), first, last)
        if _keep(span, ctx):
            out.append(span)
    return out
