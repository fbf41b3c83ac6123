"""Scoring a geoparser against a gold corpus (the ``../shared/eval`` format).

One article a JSON line: ``{"doc_id", "text", "toponyms": [{"start", "end",
"lat", "lon", "geonameid", ...}]}``. Gold = toponyms with coordinates and a
GeoNames id; other annotated spans are neither credited nor penalised.

* Full pipeline: a prediction matches a gold toponym when their spans
  overlap (one-to-one, largest overlap first). Precision, recall and F1 over
  spans; over matched toponyms the great-circle error: acc@161, median km
  and AUC (area under the sorted curve of log(1 + km) / log(20039), lower is
  better); e2e_acc161 = share of all gold toponyms found and placed within
  161 km.
* Resolution only: the gold spans are given; acc@161 over all gold
  toponyms, an unresolved span counting as wrong.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.geodesy import great_circle_km

__all__ = ["Score", "great_circle_km", "load_corpus", "match_spans", "score_corpus", "score_resolution"]

MAX_ERROR_KM = 20039.0
ACC_KM = 161.0

Span = tuple[int, int]
Prediction = tuple[int, int, float | None, float | None]  # start, end, lat, lon


def load_corpus(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the articles of a JSON-lines corpus, in file order."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def is_gold(toponym: dict[str, Any]) -> bool:
    """Whether a corpus toponym counts as gold (coordinates and a GeoNames id)."""
    return toponym.get("lat") is not None and toponym.get("lon") is not None and bool(toponym.get("geonameid"))


def match_spans(pred: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping spans,
    largest overlap first.

    >>> match_spans([(0, 5), (10, 12)], [(3, 8), (11, 20), (0, 2)])
    [(0, 0), (1, 1)]
    """
    pairs = []
    for i, (ps, pe) in enumerate(pred):
        for j, (gs, ge) in enumerate(gold):
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > 0:
                pairs.append((-overlap, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return sorted(out)


def _auc(errors_km: Sequence[float]) -> float:
    """Area under the sorted curve of log(1 + km), normalised to [0, 1]."""
    if not errors_km:
        return float("nan")
    values = sorted(math.log1p(e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if len(values) == 1:
        return values[0]
    area = sum((values[k] + values[k + 1]) / 2 for k in range(len(values) - 1))
    return area / (len(values) - 1)


@dataclass
class Score:
    """Figures of one scoring run."""

    gold: int = 0
    predicted: int = 0
    ignored: int = 0
    matched: int = 0
    errors_km: list[float] = field(default_factory=list)
    unresolved: int = 0

    @property
    def precision(self) -> float:
        """Matched predictions over predictions that met no ignored span."""
        denom = self.predicted - self.ignored
        return self.matched / denom if denom else 0.0

    @property
    def recall(self) -> float:
        """Matched gold over all gold."""
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def acc161(self) -> float:
        """Share of matched (resolved) toponyms within 161 km."""
        n = self.matched
        return sum(e <= ACC_KM for e in self.errors_km) / n if n else 0.0

    @property
    def median_km(self) -> float:
        """Median error over matched toponyms (unresolved count as the max)."""
        return statistics.median(self.errors_km) if self.errors_km else float("nan")

    @property
    def auc(self) -> float:
        """AUC of the sorted log errors (lower is better)."""
        return _auc(self.errors_km)

    @property
    def e2e_acc161(self) -> float:
        """Gold toponyms both found and placed within 161 km, over all gold."""
        return sum(e <= ACC_KM for e in self.errors_km) / self.gold if self.gold else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """All figures, rounded for printing."""
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "ignored": self.ignored,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "acc161": round(self.acc161, 4),
            "median_km": round(self.median_km, 1),
            "auc": round(self.auc, 4),
            "e2e_acc161": round(self.e2e_acc161, 4),
        }


def _error(lat: float | None, lon: float | None, gold: dict[str, Any]) -> float:
    if lat is None or lon is None:
        return MAX_ERROR_KM
    return great_circle_km(lat, lon, float(gold["lat"]), float(gold["lon"]))


def score_corpus(
    docs: Iterable[dict[str, Any]], predict: Callable[[str], Sequence[Prediction]], score: Score | None = None
) -> Score:
    """Score a full pipeline: ``predict(text)`` gives (start, end, lat, lon) spans."""
    score = score or Score()
    for doc in docs:
        gold = [t for t in doc["toponyms"] if is_gold(t)]
        other = [(t["start"], t["end"]) for t in doc["toponyms"] if not is_gold(t)]
        preds = list(predict(doc["text"]))
        pairs = match_spans([(p[0], p[1]) for p in preds], [(g["start"], g["end"]) for g in gold])
        matched_p = {i for i, _ in pairs}
        score.gold += len(gold)
        score.predicted += len(preds)
        score.matched += len(pairs)
        for i, p in enumerate(preds):
            if i not in matched_p and any(min(p[1], e) - max(p[0], s) > 0 for s, e in other):
                score.ignored += 1
        for i, j in pairs:
            score.errors_km.append(_error(preds[i][2], preds[i][3], gold[j]))
    return score


def score_resolution(
    docs: Iterable[dict[str, Any]],
    resolve: Callable[[str, Sequence[Span]], Sequence[tuple[float | None, float | None]]],
) -> Score:
    """Score resolution only: ``resolve(text, spans)`` gives (lat, lon) per span."""
    score = Score()
    for doc in docs:
        gold = [t for t in doc["toponyms"] if is_gold(t)]
        spans = [(g["start"], g["end"]) for g in gold]
        points = list(resolve(doc["text"], spans)) if spans else []
        score.gold += len(gold)
        score.predicted += len(gold)
        score.matched += len(gold)
        for (lat, lon), g in zip(points, gold, strict=True):
            if lat is None:
                score.unresolved += 1
            score.errors_km.append(_error(lat, lon, g))
    return score
