"""The geoparser pipeline: recognise place mentions, then resolve them.

For example::

    parser = Geoparser(gazetteer)
    doc = parser.parse("Talks in Seoul and Pyongyang")
    [m.place.name for m in doc.mentions]   # ['Seoul', 'Pyongyang']
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence
from typing import Protocol

from geo.document import Document, Mention
from geo.errors import InputError
from geo.extract.lexicon import Lexicon
from geo.extract.matcher import Span, find_spans
from geo.extract.tokens import sentence_spans
from geo.gazetteer import Gazetteer, open_gazetteer
from geo.normalize import normalize_name
from geo.place import Place
from geo.resolve.resolver import Resolution, group_queries, resolve_names

__all__ = ["CorrectionLookup", "Geoparser", "parse", "span_key"]

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
            mentions.extend(_mentions(window, offset, spans, resolved, set(fixed), sentences))
        return Document(text=text, mentions=tuple(mentions), id=doc_id, title=title)

    def resolve_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[Mention]:
        """Resolve given (start, end) spans of ``text``: one mention per span, in order.

        A span the gazetteer does not know as a whole ("Colorado State
        University", "European Commission") is resolved through the longest
        place name inside it, as recognised in the running text.
        """
        for start, end in spans:
            if not (0 <= start <= end <= len(text)):
                raise InputError(f"span [{start}, {end}] is outside the text (length {len(text)})")
        recognised: list[Span] | None = None
        norms = []
        for start, end in spans:
            norm = span_key(text[start:end])
            if norm and norm not in self.lexicon:
                if recognised is None:
                    recognised = find_spans(text, self.lexicon)
                norm = _inner_norm(recognised, start, end) or norm
            norms.append(norm)
        queries = group_queries([(n, e) for n, (_, e) in zip(norms, spans, strict=True) if n])
        resolved = resolve_names(text, queries, self.gazetteer)
        sentences = sentence_spans(text)
        starts = [s for s, _ in sentences]
        out = []
        for (start, end), norm in zip(spans, norms, strict=True):
            res = resolved.get(norm)
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
