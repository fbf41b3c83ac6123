"""What the geoparser returns: a document and its place mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.place import Place

__all__ = ["Candidate", "Document", "Mention"]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place the resolver weighed for a mention, with its score in [0, 1]."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of the text that names a place.

    ``start``/``end`` index the document text (``text == doc.text[start:end]``).
    ``place`` is the chosen place (None when nothing could be resolved);
    ``alternatives`` are the other candidates, best first. ``sentence`` is
    the sentence around the mention and ``sentence_start`` its offset in the
    document, so ``start - sentence_start`` locates the mention inside it.
    ``name_kind`` says how the text named the place (primary, alt, abbrev,
    demonym); ``corrected`` marks a choice a person made.
    """

    start: int
    end: int
    text: str
    place: Place | None
    confidence: float
    alternatives: tuple[Candidate, ...] = ()
    sentence: str = ""
    sentence_start: int = 0
    name_kind: str = "primary"
    corrected: bool = False

    def to_json(self) -> dict[str, Any]:
        """The mention record of ``python -m geo parse --jsonl``."""
        p = self.place
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place_id": p.id if p else None,
            "name": p.name if p else None,
            "kind": p.kind if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "country": p.country if p else None,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed article: its text and the places it names, in text order."""

    text: str
    mentions: tuple[Mention, ...] = ()
    id: str = ""
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def places(self) -> dict[int, list[Mention]]:
        """Resolved mentions grouped by place id, in order of first mention."""
        out: dict[int, list[Mention]] = {}
        for m in self.mentions:
            if m.place is not None:
                out.setdefault(m.place.id, []).append(m)
        return out
