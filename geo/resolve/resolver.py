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
from typing import NamedTuple

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
    table = _Table({norm: lst for norm, lst in cands.items() if lst})
    chosen = {norm: lst[0][0] for norm, lst in cands.items() if lst}
    scored: dict[str, list[tuple[float, Place, str]]] = {}
    leaders: dict[str, list[int]] = {}
    before: tuple[dict[str, Place], dict[str, list[int]]] | None = None
    for _ in range(PASSES):
        if before == (chosen, leaders):
            break  # the last pass changed nothing a further pass reads: it would repeat it
        before = (chosen, leaders)
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
        near, inside = table.nearness(points)
        for norm, (start, end) in table.slices.items():
            if end - start == 1 and norm in scored:
                chosen[norm] = table.readings[start].place  # nothing to choose between: score it once
                continue
            terms = _Terms(ev, prev.get(norm), counts.get(norm, 1), cues.get(norm), norm in shadowed)
            scored[norm] = terms.rank(table.readings[start:end], near[start:end], inside[start:end])
            chosen[norm] = scored[norm][0][1]
        leaders = {norm: [place.id for _, place, _ in ranked[:ANCHOR_READINGS]] for norm, ranked in scored.items()}
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


class _Reading(NamedTuple):
    """One candidate of a name, with the parts of its score that never change."""

    place: Place
    kind: str
    static: float  # the prior, less the penalty of an alternate spelling
    country: str | None
    region: tuple[str, str] | None  # the first-level region it lies in (None for a region itself)
    cue_key: tuple[str | None, str | None]  # (country, admin1), as a local cue may name them
    container: bool  # a country or region: "near" the places inside its box
    shadowable: bool  # a place a country, region or sea of the same name overshadows


#: Most distance-matrix cells worked out at once (bounds memory on huge articles).
_MATRIX_CELLS = 1_000_000


class _Table:
    """Every candidate of an article's names, in one list and as coordinate arrays."""

    def __init__(self, cands: dict[str, list[tuple[Place, str]]]) -> None:
        w = WEIGHTS
        self.readings: list[_Reading] = []
        self.slices: dict[str, tuple[int, int]] = {}
        self.name_ids = {norm: i for i, norm in enumerate(cands)}
        owners = []
        for norm, lst in cands.items():
            self.slices[norm] = (len(self.readings), len(self.readings) + len(lst))
            owners += [self.name_ids[norm]] * len(lst)
            for place, kind in lst:
                static = w["prior"] * place.importance
                if kind not in ("primary", "abbrev", "demonym"):
                    static += w["alt_name"]
                in_region = place.country and place.admin1 and place.feature != "admin1"
                self.readings.append(_Reading(
                    place, kind, static, place.country,
                    (place.country, place.admin1) if in_region else None,
                    (place.country, place.admin1),
                    place.feature in CONTAINERS,
                    place.feature not in SHADOWING and place.feature not in CONTAINERS,
                ))
        self.owner = np.array(owners, dtype=np.int64)
        coords = np.array([(r.place.lat, r.place.lon) for r in self.readings], dtype=float).reshape(-1, 2)
        self.lat = np.radians(coords[:, :1])
        self.lon = coords[:, 1:2]
        self.box_rows = np.array([k for k, r in enumerate(self.readings) if r.container], dtype=np.int64)
        self.boxes = np.array([self.readings[k].place.bbox for k in self.box_rows], dtype=float).reshape(-1, 4)

    def nearness(self, points: list[tuple[str, float, float]]) -> tuple[list[float], list[bool]]:
        """For each candidate, the distance in km to the closest point of the
        article's other names (inf if there is none) and, for a country or
        region, whether one of those points lies in its box.

        Distances are equirectangular: within a few per cent of the great
        circle at the ranges coherence cares about, and vectorised.
        """
        n = len(self.readings)
        if not points:
            return [math.inf] * n, [False] * n
        owner = np.array([self.name_ids[norm] for norm, _, _ in points], dtype=np.int64)
        lat_deg = np.array([lat for _, lat, _ in points], dtype=float)
        lon2 = np.array([lon for _, _, lon in points], dtype=float)[None, :]
        lat2 = np.radians(lat_deg)[None, :]
        near = np.empty(n)
        step = max(1, _MATRIX_CELLS // len(points))
        for a in range(0, n, step):
            lat1, lon1 = self.lat[a : a + step], self.lon[a : a + step]
            dlon = np.abs(lon1 - lon2)
            dlon = np.radians(np.minimum(dlon, 360.0 - dlon))
            x = dlon * np.cos((lat1 + lat2) / 2)
            km = 6371.0088 * np.hypot(lat1 - lat2, x)
            km[self.owner[a : a + step, None] == owner[None, :]] = np.inf  # a name is no evidence for itself
            near[a : a + step] = km.min(axis=1)
        inside = np.zeros(n, dtype=bool)
        if len(self.box_rows):
            x0, y0, x1, y1 = (self.boxes[:, i : i + 1] for i in range(4))
            lon, lat = lon2, lat_deg[None, :]
            hit = (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
            hit &= self.owner[self.box_rows, None] != owner[None, :]
            inside[self.box_rows] = hit.any(axis=1)
        return near.tolist(), inside.tolist()


class _Terms:
    """The score terms one name's candidates owe to the article, on one pass."""

    __slots__ = ("countries", "cue", "regions", "same", "shadowed")

    def __init__(
        self,
        ev: _Evidence,
        own: Place | None,
        own_count: int,
        cue: tuple[set[str], set[tuple[str, str]]] | None,
        shadowed: bool,
    ) -> None:
        """``own`` is this name's current choice and ``own_count`` its
        mentions, whose share of the evidence is taken out (a name is no
        evidence for itself); ``cue`` the countries and regions named right
        after it; ``shadowed`` says the name is also a country's, a
        region's or a sea's (see :data:`SHADOWING`)."""
        w = WEIGHTS
        countries = dict(ev.countries)
        if own is not None and own.country in countries:
            countries[own.country] -= own_count
        self.countries = {c: w["country"] + w["country_log"] * math.log(n) for c, n in countries.items() if n > 0}
        same = dict(ev.admin1s)
        own_region = (own.country, own.admin1) if own is not None and own.feature != "admin1" else None
        if own_region in same:
            same[own_region] -= 1
        self.same = {key: w["same_admin1"] * math.log1p(n) for key, n in same.items() if n > 0}
        self.regions = ev.regions
        self.cue = cue if cue is not None and (cue[0] or cue[1]) else None
        self.shadowed = shadowed

    def rank(self, readings: list[_Reading], near: list[float], inside: list[bool]) -> list[tuple[float, Place, str]]:
        """(score, place, name kind) of each reading, best first, ties by place id.

        Terms are added in a fixed order, absent ones as 0.0 (which leaves a
        float sum unchanged), so scores do not depend on which terms apply.
        """
        w = WEIGHTS
        near_w, region_w, shadow_w = w["near"], w["region"], w["shadowed"]
        countries, same, regions, cue = self.countries, self.same, self.regions, self.cue
        ranked = []
        for k, r in enumerate(readings):
            s = r.static + countries.get(r.country, 0.0)
            if r.region is not None:
                s += region_w if r.region in regions else 0.0
                s += same.get(r.region, 0.0)
            cue_hit = False
            if cue is not None:
                cue_hit = r.country in cue[0] or r.cue_key in cue[1]
                s += w["cue"] if cue_hit else w["cue_miss"]
            if self.shadowed and not cue_hit and r.shadowable:
                s += shadow_w  # "Lebanon, Pa." would lift the shadow: a cue names the town's state
            if not r.container:
                s += near_w / (1.0 + near[k] / 100.0)
            elif inside[k]:
                s += near_w
            ranked.append((-s, r.place.id, k))
        ranked.sort()
        return [(-neg, readings[k].place, readings[k].kind) for neg, _, k in ranked]


def _resolution(scored: list[tuple[float, Place, str]]) -> Resolution:
    if not scored:
        return Resolution(None, 0.0, (), "")
    top = scored[0][0]
    t = WEIGHTS["temperature"]
    weights = [math.exp((s - top) / t) for s, _, _ in scored]
    total = sum(weights)
    shown = scored[: ALTERNATIVES + 1]
    cands = tuple(Candidate(place, round(wt / total, 4)) for wt, (_, place, _) in zip(weights, shown, strict=False))
    return Resolution(scored[0][1], cands[0].score, cands, scored[0][2])


def group_queries(spans: Sequence[tuple[str, int]]) -> list[NameQuery]:
    """One query per distinct name key, from (norm, end offset) pairs in text order."""
    ends: dict[str, list[int]] = defaultdict(list)
    for norm, end in spans:
        ends[norm].append(end)
    return [NameQuery(norm, tuple(e), len(e)) for norm, e in ends.items()]
