"""The geoparser pipeline: recognise place mentions, then resolve them.

For example::

    parser = Geoparser(gazetteer)
    doc = parser.parse("Talks in Seoul and Pyongyang")
    [m.place.name for m in doc.mentions]   # ['Seoul', 'Pyongyang']
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from geo.document import Candidate, Document, Mention
from geo.errors import InputError
from geo.extract.lexicon import Lexicon
from geo.extract.matcher import Span, find_spans
from geo.extract.tokens import sentence_spans
from geo.gazetteer import Gazetteer, open_gazetteer
from geo.geodesy import great_circle_km
from geo.normalize import normalize_name
from geo.place import Place
from geo.resolve.acronyms import defined_acronyms
from geo.resolve.resolver import Resolution, group_queries, resolve_names

__all__ = ["CorrectionLookup", "Geoparser", "parse", "span_key"]

#: Features that can be an article's locality: the town its unnamed sites are in.
LOCALITY_FEATURES = frozenset({"city", "capital"})

#: Texts are parsed in windows of about this many characters, cut at
#: sentence ends, so memory stays bounded and time linear on huge inputs.
WINDOW_CHARS = 25_000


class CorrectionLookup(Protocol):
    """What the parser needs of a corrections store."""

    def lookup(self, surface: str, doc_id: str | None) -> int | None:
        """The place id a person chose for this name, or None."""


class Geoparser:
    """Recognition and resolution over one gazetteer (load once, reuse)."""

    def __init__(self, gazetteer: Gazetteer, *, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon if lexicon is not None else Lexicon.from_gazetteer(gazetteer)

    def spans(self, text: str) -> list[Span]:
        """Recognised place-name spans of ``text``, in order."""
        return find_spans(text, self.lexicon)

    def parse(
        self,
        text: str,
        *,
        doc_id: str = "",
        title: str = "",
        corrections: CorrectionLookup | None = None,
    ) -> Document:
        """Find and resolve every place ``text`` names."""
        if not isinstance(text, str):
            raise InputError(f"expected text (str), got {type(text).__name__}")
        mentions: list[Mention] = []
        for offset, window in _windows(text):
            sentences = sentence_spans(window)
            spans = find_spans(window, self.lexicon, sentences=sentences)
            fixed = self._fixed([s.norm for s in spans], doc_id, corrections)
            queries = group_queries([(s.norm, s.end) for s in spans])
            resolved = resolve_names(window, queries, self.gazetteer, fixed=fixed)
            _take_acronyms(resolved, [(window[s.start : s.end], s.norm) for s in spans], set(fixed))
            mentions.extend(_mentions(window, offset, spans, resolved, set(fixed), sentences))
        return Document(text=text, mentions=tuple(mentions), id=doc_id, title=title)

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """Resolve given (start, end) spans of ``text``: one mention per span, in order.

        A span the gazetteer does not know as a whole ("Colorado State
        University", "European Commission") is resolved through the longest
        place name inside it, as recognised in the running text. An acronym
        the article spells out ("South Africa ... SA") takes the spelt-out
        place. A span with no candidate at all (a church, a hospital, a
        street the gazetteer does not hold) is placed in the article's
        locality, with a low confidence and name kind ``locality``; so is
        one whose only reading is a town named by part of it and lying far
        from that locality ("Shawnee Park" read as a Shawnee a thousand
        kilometres away).
        """
        for start, end in spans:
            if not (0 <= start <= end <= len(text)):
                raise InputError(f"span [{start}, {end}] is outside the text (length {len(text)})")
        recognised: list[Span] | None = None
        norms = []
        partial = []  # resolved through a name inside it
        for start, end in spans:
            norm = whole = span_key(text[start:end])
            if norm and norm not in self.lexicon:
                if recognised is None:
                    recognised = find_spans(text, self.lexicon)
                norm = _inner_norm(recognised, start, end) or norm
            norms.append(norm)
            partial.append(norm != whole)
        queries = group_queries([(n, e) for n, (_, e) in zip(norms, spans, strict=True) if n])
        resolved = resolve_names(text, queries, self.gazetteer)
        _take_acronyms(resolved, [(text[s:e], n) for n, (s, e) in zip(norms, spans, strict=True)], set())
        locality = _locality([None if p else resolved.get(n) for n, p in zip(norms, partial, strict=True)])
        sentences = sentence_spans(text)
        starts = [s for s, _ in sentences]
        out = []
        for (start, end), norm, part in zip(spans, norms, partial, strict=True):
            res = resolved.get(norm)
            if norm and locality is not None and (res is None or res.place is None or (part and _stray(res.place, locality))):
                res = locality
            sent_start, sentence = _sentence_of(text, sentences, starts, start)
            out.append(_mention(text, 0, start, end, res, sentence, sent_start, corrected=False))
        return out

    def _fixed(
        self, norms: Sequence[str], doc_id: str, corrections: CorrectionLookup | None
    ) -> dict[str, Place]:
        if corrections is None:
            return {}
        fixed: dict[str, Place] = {}
        for norm in set(norms):
            pid = corrections.lookup(norm, doc_id or None)
            if pid is not None:
                place = self.gazetteer.get(pid)
                if place is not None:
                    fixed[norm] = place
        return fixed


def span_key(surface: str) -> str:
    """Lookup key of a given span: normalised, without a possessive or a leading "the".

    >>> span_key("the DMZ's")
    'dmz'
    """
    bare = surface.rstrip()
    if bare.endswith(("'s", "’s")):
        bare = bare[:-2]
    norm = normalize_name(bare)
    if norm.startswith("the "):
        norm = norm[4:]
    return norm


def _take_acronyms(
    resolved: dict[str, Resolution], names: Sequence[tuple[str, str]], fixed: set[str]
) -> None:
    """Give each acronym the article spells out the place of its long form.

    Where the long forms ("South Africa", "South African") resolve to
    different places, where the acronym's own reading holds theirs ("N.Y."
    the state, "New York" the city), or where a person corrected the
    acronym, it keeps its own.
    """
    for acronym, long_keys in defined_acronyms(names).items():
        if acronym in fixed:
            continue
        found = [resolved[k] for k in long_keys if k in resolved and resolved[k].place is not None]
        if not found or len({r.place.id for r in found}) != 1:  # type: ignore[union-attr]
            continue
        own = resolved.get(acronym)
        if own is not None and own.place is not None and _contains(own.place, found[0].place):  # type: ignore[arg-type]
            continue  # "N.Y." for the state of the article's "New York" city: both hold
        resolved[acronym] = replace(found[0], name_kind="abbrev")


def _contains(area: Place, place: Place) -> bool:
    """Whether ``place`` lies in the country or first-level region ``area``."""
    if area.feature == "country":
        return bool(area.country) and place.country == area.country
    if area.feature == "admin1":
        return bool(area.admin1) and (place.country, place.admin1) == (area.country, area.admin1)
    return False


#: Confidence of a site placed in its article's locality (see :func:`_locality`).
LOCALITY_CONFIDENCE = 0.3


def _locality(resolutions: Sequence[Resolution | None]) -> Resolution | None:
    """The article's locality, as the resolution of a site the gazetteer
    does not hold: of the towns in the country its mentions name most, the
    one named most (the first named among equals). None when the article
    names no town there.

    ``resolutions`` are those of the article's mentions, in text order.
    """
    countries: Counter[str] = Counter()
    towns: Counter[int] = Counter()
    first: dict[int, Place] = {}
    for res in resolutions:
        if res is None or res.place is None:
            continue
        place = res.place
        if place.country:
            countries[place.country] += 1
        if place.feature in LOCALITY_FEATURES:
            towns[place.id] += 1
            first.setdefault(place.id, place)
    if not countries:
        return None
    country = max(countries, key=lambda c: countries[c])  # max keeps the first of equals
    here = [pid for pid in towns if first[pid].country == country]
    if not here:
        return None
    place = first[max(here, key=lambda pid: towns[pid])]
    return Resolution(place, LOCALITY_CONFIDENCE, (Candidate(place, LOCALITY_CONFIDENCE),), "locality")


#: A town read from part of an unknown name ("Shawnee" in "Shawnee Park")
#: farther than this from the article's locality is taken to be a stray
#: match: the site is placed in the locality instead.
STRAY_KM = 300.0


def _stray(place: Place, locality: Resolution) -> bool:
    """Whether a town read from part of a span lies far from the article's locality."""
    home = locality.place
    assert home is not None
    return place.feature == "city" and great_circle_km(place.lat, place.lon, home.lat, home.lon) > STRAY_KM


def _inner_norm(recognised: Sequence[Span], start: int, end: int) -> str | None:
    """Key of the longest recognised name inside ``[start, end)``, if any."""
    inner = [s for s in recognised if start <= s.start and s.end <= end]
    if not inner:
        return None
    return max(inner, key=lambda s: (s.end - s.start, -s.start)).norm


def _windows(text: str) -> list[tuple[int, str]]:
    if len(text) <= WINDOW_CHARS:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + WINDOW_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut > start + WINDOW_CHARS // 2:
                end = cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _sentence_of(
    text: str, sentences: list[tuple[int, int]], starts: list[int], pos: int
) -> tuple[int, str]:
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0 or not sentences:
        return 0, ""
    s, e = sentences[k]
    if pos >= e:
        return pos, ""
    return s, text[s:e]


def _mention(
    text: str, offset: int, start: int, end: int, res: Resolution | None,
    sentence: str, sent_start: int, *, corrected: bool,
) -> Mention:
    return Mention(
        start=offset + start,
        end=offset + end,
        text=text[start:end],
        place=res.place if res else None,
        confidence=res.confidence if res else 0.0,
        alternatives=res.candidates[1:] if res else (),
        sentence=sentence,
        sentence_start=offset + sent_start,
        name_kind=res.name_kind if res else "",
        corrected=corrected,
    )


def _mentions(
    text: str,
    offset: int,
    spans: Sequence[Span],
    resolved: dict[str, Resolution],
    fixed: set[str],
    sentences: list[tuple[int, int]],
) -> list[Mention]:
    starts = [s for s, _ in sentences]
    out = []
    for span in spans:
        sent_start, sentence = _sentence_of(text, sentences, starts, span.start)
        out.append(
            _mention(text, offset, span.start, span.end, resolved.get(span.norm), sentence, sent_start,
                     corrected=span.norm in fixed)
        )
    return out


_DEFAULT: dict[str, Geoparser] = {}
_DEFAULT_LOCK = threading.Lock()


def parse(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    doc_id: str = "",
    title: str = "",
    corrections: CorrectionLookup | None = None,
) -> Document:
    """Find and resolve every place ``text`` names.

    Without ``gazetteer`` the default database is opened (built on first
    use). The parser for a gazetteer is cached, so repeated calls are cheap.
    """
    with _DEFAULT_LOCK:
        gaz = gazetteer if gazetteer is not None else open_gazetteer()
        key = str(gaz.path)
        parser = _DEFAULT.get(key)
        if parser is None or parser.gazetteer is not gaz:
            parser = _DEFAULT[key] = Geoparser(gaz)
    return parser.parse(text, doc_id=doc_id, title=title, corrections=corrections)
