"""Recognisers compared: the gazetteer matcher, spaCy's NER, and combinations.

    python benchmarks/recognition.py [--db PATH] [--limit N] [--corpus NAME]

For each development corpus (../shared/eval) every recogniser's spans are
scored for recognition (P, R, F1) and, resolved by the project's resolver
(``Geoparser.resolve_spans``), end to end (acc@161 over matched toponyms,
e2e = gold found and placed within 161 km, over all gold). Recognisers:

* matcher        the gazetteer matcher (``Geoparser.spans``), the default;
* spacy          spaCy GPE/LOC/FAC/NORP entities the lexicon knows;
* union          matcher spans, plus spaCy spans overlapping none of them;
* and-any        matcher spans that overlap a spaCy entity of any label;
* and-place      matcher spans that overlap a spaCy GPE/LOC/FAC/NORP entity;
* not-per=       matcher spans minus those a PERSON/ORG entity equals exactly;
* not-per⊇       matcher spans minus those inside a PERSON/ORG entity;
* union-not-per= union, minus matcher spans a PERSON/ORG entity equals exactly.

Articles/s counts each recogniser's own work: the matcher and/or spaCy
(run one article at a time) and the resolution of its spans. Needs
``pip install -r requirements-ner.txt``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.errors import GeoError  # noqa: E402
from geo.evaluate import Prediction, load_corpus, score_corpus  # noqa: E402
from geo.extract.ner import PLACE_LABELS, SpacyRecognizer, spans_from_entities  # noqa: E402
from geo.extract.tokens import tokenize  # noqa: E402
from geo.gazetteer import open_gazetteer  # noqa: E402
from geo.pipeline import Geoparser  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"
Pair = tuple[int, int]
Entity = tuple[int, int, str]
PERSON_ORG = frozenset({"PERSON", "ORG"})


def _overlaps(a: Pair, b: Pair) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _hits(span: Pair, ents: Sequence[Entity], labels: frozenset[str] | None) -> bool:
    return any(_overlaps(span, (s, e)) for s, e, lab in ents if labels is None or lab in labels)


def _equals(span: Pair, ents: Sequence[Entity]) -> bool:
    return any((s, e) == span and lab in PERSON_ORG for s, e, lab in ents)


def _inside(span: Pair, ents: Sequence[Entity]) -> bool:
    return any(s <= span[0] and span[1] <= e and lab in PERSON_ORG for s, e, lab in ents)


def combine(matcher: list[Pair], spacy: list[Pair], ents: Sequence[Entity]) -> dict[str, list[Pair]]:
    """Every recogniser's spans, from the matcher's, spaCy's lexicon-known
    spans and all spaCy entities (every label) of one article."""
    extra = [p for p in spacy if not any(_overlaps(p, m) for m in matcher)]
    not_equal = [m for m in matcher if not _equals(m, ents)]
    return {
        "matcher": matcher,
        "spacy": spacy,
        "union": sorted(matcher + extra),
        "and-any": [m for m in matcher if _hits(m, ents, None)],
        "and-place": [m for m in matcher if _hits(m, ents, PLACE_LABELS)],
        "not-per=": not_equal,
        "not-per⊇": [m for m in matcher if not _inside(m, ents)],
        "union-not-per=": sorted(not_equal + extra),
    }


#: Which base recognisers each combination runs (for its articles/s).
USES = {
    "matcher": {"matcher"},
    "spacy": {"spacy"},
}


def _uses(name: str) -> set[str]:
    return USES.get(name, {"matcher", "spacy"})


def run_corpus(
    docs: list[dict[str, Any]], parser: Geoparser, recognizer: SpacyRecognizer
) -> tuple[dict[str, list[list[Prediction]]], dict[str, float]]:
    """Predictions per recogniser per article, and seconds spent per recogniser."""
    preds: dict[str, list[list[Prediction]]] = {}
    seconds: dict[str, float] = {}
    for doc in docs:
        text = doc["text"]
        t0 = time.perf_counter()
        matcher = [(s.start, s.end) for s in parser.spans(text)]
        t1 = time.perf_counter()
        ents = recognizer.entities(text, labels=None)
        places = [e for e in ents if e[2] in PLACE_LABELS]
        spacy = [(s.start, s.end) for s in spans_from_entities(text, places, parser.lexicon, tokenize(text))]
        t2 = time.perf_counter()
        base = {"matcher": t1 - t0, "spacy": t2 - t1}
        for name, spans in combine(matcher, spacy, ents).items():
            t = time.perf_counter()
            mentions = parser.resolve_spans(text, spans)
            took = time.perf_counter() - t + sum(base[b] for b in _uses(name))
            seconds[name] = seconds.get(name, 0.0) + took
            preds.setdefault(name, []).append(
                [(m.start, m.end, m.place.lat if m.place else None, m.place.lon if m.place else None) for m in mentions]
            )
    return preds, seconds


def _replay(predictions: list[list[Prediction]]) -> Callable[[str], list[Prediction]]:
    it = iter(predictions)
    return lambda _text: next(it)


def report(name: str, docs: list[dict[str, Any]], parser: Geoparser, recognizer: SpacyRecognizer) -> None:
    """Print the table of one corpus."""
    preds, seconds = run_corpus(docs, parser, recognizer)
    print(f"\n{name}: {len(docs)} articles")
    print(f"{'recogniser':<16}{'P':>7}{'R':>7}{'F1':>7}{'acc161':>8}{'e2e':>7}{'art/s':>8}")
    for rec, pred in preds.items():
        s = score_corpus(docs, _replay(pred))
        rate = len(docs) / seconds[rec] if seconds[rec] else float("inf")
        print(f"{rec:<16}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.acc161:8.3f}{s.e2e_acc161:7.3f}{rate:8.1f}")


def main() -> int:
    """Print the comparison tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="gazetteer path (default: the full profile's)")
    ap.add_argument("--limit", type=int, default=0, help="first N articles of each corpus (0: all)")
    ap.add_argument("--corpus", action="append", help="corpus file stem (default: every one)")
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"no corpora at {EVAL}: nothing to measure")
        return 0
    recognizer = SpacyRecognizer()
    t = time.perf_counter()
    try:
        recognizer.nlp  # noqa: B018  (load now, to time it apart)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"load: spaCy NER in {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    parser = Geoparser(open_gazetteer(args.db))
    print(f"load: gazetteer + lexicon in {time.perf_counter() - t:.2f} s")
    for path in sorted(EVAL.glob("*.jsonl")):
        if args.corpus and path.stem not in args.corpus:
            continue
        docs = list(load_corpus(path))
        report(path.stem, docs[: args.limit] if args.limit else docs, parser, recognizer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
