"""Choosing among a name's candidates with evidence from the whole article.

Each candidate place gets a score from:

* its prior: importance and population (``Place.importance``);
* how the text named it: its own name beats an alternate spelling;
* the article's countries: places in a country the article names (or
  whose demonym it uses) gain, the more so the more often it is named;
* the article's regions: a place inside a first-level region the article
  names ("in Kangwon Province") gains;
* local cues: "Paris, Texas", "Athens, Ga.", "Perth, Scotland";
* spatial coherence: nearness to the places the article names with
  confidence;
* one sense per name per article.

Scores turn into confidences by a softmax over the candidates.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from geo.document import Candidate
from geo.gazetteer import Gazetteer
from geo.normalize import normalize_name
from geo.place import Place
from geo.resolve.cues import qualifier_after, us_state_keys

__all__ = ["NameQuery", "Resolution", "resolve_names", "WEIGHTS"]

#: Weights of the evidence, set by hand on general grounds (see module doc).
WEIGHTS = {
    "prior": 4.0,
    "alt_name": -0.35,
    "country": 0.9,
    "country_log": 0.25,
    "region": 0.9,
    "cue": 3.0,
    "cue_miss": -0.6,
    "near": 0.8,
    "same_admin1": 0.6,
    "container_bonus": 0.3,
    "shadowed": -0.75,
    "temperature": 0.25,
}
#: Features that contain other places (countries, regions) and so are evidence.
CONTAINERS = frozenset({"country", "admin1", "territory"})
#: Features whose names overshadow a populated place of the same name: in
#: news "China", "Middle East" or "Arab" name the country, the region or the
#: people, not China (Texas) or Arab (Alabama), unless a local cue says so.
SHADOWING = frozenset({"country", "continent", "region", "ocean", "sea", "territory"})
#: The ways of naming such a feature that overshadow: its own name, an
#: abbreviation or a demonym, not an alternate spelling ("Norfolk" for
#: Norfolk Island).
SHADOWING_KINDS = frozenset({"primary", "abbrev", "demonym"})
MAX_CANDIDATES = 150
#: Readings of each name (best first) that count as anchors for the others' nearness.
ANCHOR_READINGS = 3
#: Rescoring passes over the article (the first uses priors only).
PASSES = 3
ALTERNATIVES = 5


@dataclass(frozen=True, slots=True)
class NameQuery:
    """All mentions of one name key in an article: what the resolver decides on."""

    norm: str
    ends: tuple[int, ...] = ()  # end offsets of its mentions (for local cues)
    count: int = 1


@dataclass(frozen=True, slots=True)
class Resolution:
    """The chosen place for a name, its confidence and the candidates weighed."""

    place: Place | None
    confidence: float
    candidates: tuple[Candidate, ...]
    name_kind: str


def _cue_targets(text: str, query: NameQuery, gazetteer: Gazetteer) -> tuple[set[str], set[tuple[str, str]]]:
    """Countries and (country, admin1) pairs named right after the mentions."""
    countries: set[str] = set()
    regions: set[tuple[str, str]] = set()
    states = us_state_keys()
    for end in query.ends:
        qual = qualifier_after(text, end)
        if not qual:
            continue
        key = normalize_name(qual)
        if key in states:
            regions.add(("US", states[key]))
            continue
        for place, _ in gazetteer.lookup_norm(key, limit=5):
            if place.feature == "country" and place.country:
                countries.add(place.country)
                break
            if place.feature == "admin1" and place.country and place.admin1:
                regions.add((place.country, place.admin1))
                break
    return countries, regions


def resolve_names(
    text: str,
    queries: Sequence[NameQuery],
    gazetteer: Gazetteer,
    *,
    fixed: dict[str, Place] | None = None,
) -> dict[str, Resolution]:
    """Resolve each name key of an article; ``fixed`` pins corrected names."""
    fixed = fixed or {}
    cands: dict[str, list[tuple[Place, str]]] = {}
    for q in queries:
        if q.norm in fixed:
            cands[q.norm] = [(fixed[q.norm], "primary")]
        else:
            cands[q.norm] = gazetteer.lookup_norm(q.norm, limit=MAX_CANDIDATES)
    counts = {q.norm: q.count for q in queries}
    cues = {q.norm: _cue_targets(text, q, gazetteer) for q in queries if q.ends}
    shadowed = {norm for norm, lst in cands.items() if any(p.feature in SHADOWING and k in SHADOWING_KINDS for p, k in lst)}

    # First pass: priors only, to learn the article's countries and regions;
    # later passes rescore every name against the others' current choices.
    chosen = {norm: lst[0][0] for norm, lst in cands.items() if lst}
    scored: dict[str, list[tuple[float, Place, str]]] = {}
    coords = {norm: np.array([(p.lat, p.lon) for p, _ in lst]) for norm, lst in cands.items() if lst}
    for _ in range(PASSES):
        ev = _evidence(chosen, counts)
        prev, chosen = chosen, {}
        # Anchors: every name's leading readings, not only its current choice,
        # so two names that fit each other ("Huntsville" and "Walker County")
        # can move together out of a locally coherent but wrong pair.
        points = list(ev.points) + [
            (norm, place.lat, place.lon)
            for norm, ranked in scored.items()
            for _, place, _ in ranked[1:ANCHOR_READINGS]
            if place.feature not in CONTAINERS and place.kind == "point"
        ]
        anchor_keys = np.array([key for key, _, _ in points], dtype=object)
        anchors = np.array([(lat, lon) for _, lat, lon in points]).reshape(-1, 2)
        for norm, lst in cands.items():
            if not lst:
                continue
            if len(lst) == 1 and norm in scored:
                chosen[norm] = lst[0][0]  # nothing to choose between: score it once
                continue
            others = anchors[anchor_keys != norm] if len(anchors) else anchors
            nearest = _nearest_km(coords[norm], others) if len(others) else None
            scored[norm] = sorted(
                (
                    (
                        _score(place, kind, ev, cues.get(norm), prev.get(norm), counts.get(norm, 1),
                               None if nearest is None else float(nearest[k]), others, norm in shadowed),
                        place,
                        kind,
                    )
                    for k, (place, kind) in enumerate(lst)
                ),
                key=lambda t: (-t[0], t[1].id),
            )
            chosen[norm] = scored[norm][0][1]
    return {norm: _resolution(scored.get(norm, [])) for norm in cands}


@dataclass
class _Evidence:
    """What the article's current choices say about where it is."""

    countries: Counter[str]
    regions: set[tuple[str, str]]
    admin1s: Counter[tuple[str, str]]
    points: list[tuple[str, float, float]]


def _evidence(chosen: dict[str, Place], counts: dict[str, int]) -> _Evidence:
    countries: Counter[str] = Counter()
    regions: set[tuple[str, str]] = set()
    admin1s: Counter[tuple[str, str]] = Counter()
    points: list[tuple[str, float, float]] = []
    for norm, place in chosen.items():
        n = counts.get(norm, 1)
        if place.country:
            countries[place.country] += n
        if place.country and place.admin1:
            if place.feature == "admin1":
                regions.add((place.country, place.admin1))
            else:
                admin1s[(place.country, place.admin1)] += 1
        if place.feature not in CONTAINERS and place.kind == "point":
            points.append((norm, place.lat, place.lon))
    return _Evidence(countries, regions, admin1s, points)


def _score(
    place: Place,
    kind: str,
    ev: _Evidence,
    cue: tuple[set[str], set[tuple[str, str]]] | None,
    own: Place | None,
    own_count: int,
    nearest_km: float | None,
    others: np.ndarray,
    shadowed: bool = False,
) -> float:
    """Score of one candidate; ``own`` is this name's current choice, whose
    share of the evidence is taken out (a name is no evidence for itself);
    ``nearest_km`` is the distance to the closest of the article's other
    places (``others``, an array of lat/lon rows); ``shadowed`` says the
    name is also a country's, a region's or a sea's (see :data:`SHADOWING`)."""
    w = WEIGHTS
    s = w["prior"] * place.importance
    cue_hit = False
    if kind not in ("primary", "abbrev", "demonym"):
        s += w["alt_name"]
    if place.country and ev.countries:
        n = ev.countries.get(place.country, 0)
        if own is not None and own.country == place.country:
            n -= own_count
        if n > 0:
            s += w["country"] + w["country_log"] * math.log(n)
    if place.country and place.admin1 and place.feature != "admin1":
        key = (place.country, place.admin1)
        if key in ev.regions:
            s += w["region"]
        same = ev.admin1s.get(key, 0)
        if own is not None and (own.country, own.admin1) == key and own.feature != "admin1":
            same -= 1
        if same > 0:
            s += w["same_admin1"] * math.log1p(same)
    if cue is not None:
        cue_countries, cue_regions = cue
        if cue_countries or cue_regions:
            cue_hit = place.country in cue_countries or (place.country, place.admin1) in cue_regions
            s += w["cue"] if cue_hit else w["cue_miss"]
    if shadowed and not cue_hit and place.feature not in SHADOWING and place.feature not in CONTAINERS:
        s += w["shadowed"]  # "Lebanon, Pa." would lift the shadow: a cue names the town's state
    if nearest_km is not None and place.feature not in CONTAINERS:
        s += w["near"] / (1.0 + nearest_km / 100.0)
    elif len(others) and place.feature in CONTAINERS:
        # A country or region is "near" the places that lie inside its box.
        x0, y0, x1, y1 = place.bbox
        lat, lon = others[:, 0], others[:, 1]
        if bool(np.any((lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1))):
            s += w["near"]
    return s


def _nearest_km(points: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each (lat, lon) row of ``points``, the equirectangular distance in
    km to the closest row of ``others``: within a few per cent of the great
    circle at the ranges coherence cares about, and vectorised."""
    lat1 = np.radians(points[:, :1])
    lat2 = np.radians(others[:, 0])[None, :]
    dlon = np.abs(points[:, 1:2] - others[:, 1][None, :])
    dlon = np.radians(np.minimum(dlon, 360.0 - dlon))
    x = dlon * np.cos((lat1 + lat2) / 2)
    return (6371.0088 * np.hypot(lat1 - lat2, x)).min(axis=1)


def _resolution(scored: list[tuple[float, Place, str]]) -> Resolution:
    if not scored:
        return Resolution(None, 0.0, (), "")
    top = scored[0][0]
    t = WEIGHTS["temperature"]
    weights = [math.exp((s - top) / t) for s, _, _ in scored]
    total = sum(weights)
    cands = tuple(Candidate(place, round(wt / total, 4)) for wt, (_, place, _) in zip(weights, scored, strict=True))
    return Resolution(scored[0][1], cands[0].score, cands[: ALTERNATIVES + 1], scored[0][2])


def group_queries(spans: Sequence[tuple[str, int]]) -> list[NameQuery]:
    """One query per distinct name key, from (norm, end offset) pairs in text order."""
    ends: dict[str, list[int]] = defaultdict(list)
    for norm, end in spans:
        ends[norm].append(end)
    return [NameQuery(norm, tuple(e), len(e)) for norm, e in ends.items()]
