"""One GeoJSON Feature per distinct place an article names.

All mentions of a place in an article merge into one feature. Its
properties, in this order (:data:`FIELDS`):

``name``, ``kind`` (point, line, polygon), ``feature_class``, ``country``
    from the gazetteer's place;
``confidence``
    the **highest** confidence of the place's mentions in the article, 4 decimals;
``place_id``, ``source``
    the gazetteer id and the source the place came from;
``article_id``, ``article_title``, ``mention_count``
    the article and how many times it names the place;
``excerpts``
    ``[{"text": sentence, "start": s, "end": e}, ...]``, one per mention in
    text order, where ``text[s:e]`` is the mention (offsets count Unicode
    code points, as Python does; a JavaScript renderer works in UTF-16 code
    units and must convert). The text is the data, unescaped;
``lat``, ``lon``
    the place's representative point (inside its polygon, on its line);
``marker-color``, ``stroke``, ``stroke-width``, ``fill``, ``fill-opacity``
    simplestyle properties (:mod:`layers.style`).

The feature ``id`` is ``"<article id>:<place id>"``, unique in any layer.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from geo.document import Document, Mention
from geo.place import Place
from layers.geometry import geometry_kind, normalize_geometry, round_coordinate
from layers.style import STYLE_KEYS, feature_style

__all__ = ["FIELDS", "MAX_EXCERPT_CHARS", "document_features", "excerpt", "iter_features", "marks_html", "merge_excerpts"]

#: The properties of every feature, in order.
FIELDS: tuple[str, ...] = (
    "name", "kind", "feature_class", "country", "confidence", "place_id", "source",
    "article_id", "article_title", "mention_count", "excerpts", "lat", "lon",
    *STYLE_KEYS,
)

#: Longest excerpt kept; a longer sentence is cut to a window around the mention.
MAX_EXCERPT_CHARS = 400

_BOUNDARIES = (". ", "! ", "? ", "\n", "。", "！", "？")


def _sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence of ``text`` holding ``[start, end)`` and its offset (a fallback
    for mentions the parser gave no sentence)."""
    left = 0
    for b in _BOUNDARIES:
        i = text.rfind(b, 0, start)
        if i >= 0:
            left = max(left, i + len(b))
    right = len(text)
    for b in _BOUNDARIES:
        i = text.find(b, end)
        if i >= 0:
            right = min(right, i + 1)
    return text[left:right], left


def excerpt(doc: Document, mention: Mention, *, max_chars: int = MAX_EXCERPT_CHARS) -> dict[str, Any]:
    """The excerpt of ``mention``: its sentence and where the mention sits in it.

    Uses the parser's ``sentence`` when it holds the mention at
    ``start - sentence_start``, else finds the sentence in the document.
    White space at either end is trimmed and a sentence longer than
    ``max_chars`` is cut to a window around the mention.

    >>> from geo.document import Document, Mention
    >>> text = "Rain fell. Floods hit Seoul on Monday. More soon."
    >>> m = Mention(start=22, end=27, text="Seoul", place=None, confidence=1.0)
    >>> excerpt(Document(text=text, mentions=(m,)), m)
    {'text': 'Floods hit Seoul on Monday.', 'start': 11, 'end': 16}
    """
    sentence, offset = mention.sentence, mention.sentence_start
    s = mention.start - offset
    e = s + len(mention.text)
    if not sentence or s < 0 or sentence[s:e] != mention.text:
        sentence, offset = _sentence_around(doc.text, mention.start, mention.end)
        s = mention.start - offset
        e = s + len(mention.text)
    if sentence and len(sentence) <= max_chars and not sentence[0].isspace() and not sentence[-1].isspace():
        return {"text": sentence, "start": s, "end": e}
    if len(sentence) > max_chars:
        lo = max(0, min(s - (max_chars - (e - s)) // 2, len(sentence) - max_chars))
        lo = min(lo, s)
        hi = max(e, lo + max_chars)
        sentence, s, e = sentence[lo:hi], s - lo, e - lo
    stripped = sentence.lstrip()
    cut = len(sentence) - len(stripped)
    if cut <= s:
        sentence, s, e = stripped, s - cut, e - cut
    stripped = sentence.rstrip()
    if len(stripped) >= e:
        sentence = stripped
    return {"text": sentence, "start": s, "end": e}


def _excerpts(doc: Document, mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    if len(mentions) == 1:
        return [excerpt(doc, mentions[0])]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for m in mentions:
        ex = excerpt(doc, m)
        key = (ex["text"], ex["start"], ex["end"])
        if key not in seen:
            seen.add(key)
            out.append(ex)
    return out


def merge_excerpts(excerpts: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each distinct excerpt text once, in order of first appearance, with every
    mention in it: ``{"text": sentence, "marks": [[s, e], ...]}``, marks in text
    order, overlapping ones joined (for a popup or a panel, where a sentence that
    names a place twice should be shown once, both names highlighted).

    >>> merge_excerpts([{"text": "Seoul and Seoul.", "start": 0, "end": 5},
    ...                 {"text": "Seoul and Seoul.", "start": 10, "end": 15},
    ...                 {"text": "Then Seoul.", "start": 5, "end": 10}])
    [{'text': 'Seoul and Seoul.', 'marks': [[0, 5], [10, 15]]}, {'text': 'Then Seoul.', 'marks': [[5, 10]]}]
    """
    grouped: dict[str, list[tuple[int, int]]] = {}
    for ex in excerpts:
        grouped.setdefault(str(ex["text"]), []).append((int(ex["start"]), int(ex["end"])))
    return [{"text": text, "marks": _join_marks(marks)} for text, marks in grouped.items()]


def marks_html(text: str, marks: Iterable[Sequence[int]], *, tag: str = "mark") -> str:
    """``text`` as HTML with each ``text[start:end]`` of ``marks`` in ``<tag>``: everything escaped.
    Marks are taken in text order; one that overlaps an earlier one is left out.

    >>> marks_html("Seoul & <Seoul>", [(9, 14), (0, 5)])
    '<mark>Seoul</mark> &amp; &lt;<mark>Seoul</mark>&gt;'
    """
    out: list[str] = []
    at = 0
    for start, end in sorted((max(0, min(int(s), len(text))), max(0, min(int(e), len(text)))) for s, e in marks):
        if start < at or end < start:
            continue
        out.append(f"{html.escape(text[at:start])}<{tag}>{html.escape(text[start:end])}</{tag}>")
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def _join_marks(marks: Iterable[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for start, end in sorted(set(marks)):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out


@functools.lru_cache(maxsize=1024)
def _style(kind: str | None, article_id: str, color_by: str) -> dict[str, Any]:
    """:func:`feature_style`, cached (callers copy the items, never change the dict)."""
    return feature_style(kind, article_id=article_id, color_by=color_by)


def _feature(doc: Document, place: Place, mentions: Sequence[Mention], color_by: str) -> dict[str, Any]:
    geometry = normalize_geometry(place.geometry)
    kind = "point" if geometry["type"] == "Point" else geometry_kind(geometry) or place.kind
    confidence = mentions[0].confidence if len(mentions) == 1 else max(m.confidence for m in mentions)
    properties: dict[str, Any] = {
        "name": place.name,
        "kind": place.kind,
        "feature_class": place.feature,
        "country": place.country,
        "confidence": round_coordinate(confidence, 4),
        "place_id": place.id,
        "source": place.source,
        "article_id": doc.id,
        "article_title": doc.title,
        "mention_count": len(mentions),
        "excerpts": _excerpts(doc, mentions),
        "lat": round_coordinate(place.lat),
        "lon": round_coordinate(place.lon),
    }
    properties.update(_style(kind, doc.id if color_by == "article" else "", color_by))
    return {"type": "Feature", "id": f"{doc.id}:{place.id}", "geometry": geometry, "properties": properties}


def document_features(doc: Document, *, color_by: str = "kind") -> list[dict[str, Any]]:
    """The GeoJSON features of one parsed article, one per distinct place, in
    order of first mention (empty when the article names no place).

    ``color_by`` is ``"kind"`` or ``"article"`` (see :func:`layers.style.feature_style`).
    """
    return [_feature(doc, ms[0].place, ms, color_by) for ms in doc.places().values() if ms[0].place is not None]


def iter_features(docs: Iterable[Document], *, color_by: str = "kind") -> Iterator[dict[str, Any]]:
    """The features of many articles, one article at a time (for streaming export)."""
    for doc in docs:
        yield from document_features(doc, color_by=color_by)
