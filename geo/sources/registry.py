"""The registry of gazetteer sources: the one list the builder reads."""

from __future__ import annotations

from geo.sources.base import Source

__all__ = ["default_sources", "SOURCE_CLASSES"]


def _classes() -> list[type[Source]]:
    from geo.sources.airports import AirportsSource
    from geo.sources.countries import CountriesSource
    from geo.sources.curated import CuratedSource
    from geo.sources.feature_tables import FeatureTablesSource
    from geo.sources.geonames import CitiesSource, ContinentsSource
    from geo.sources.regions import Admin1Source
    from geo.sources.seas import SeaSource
    from geo.sources.us_counties import USCountiesSource
    from geo.sources.world_regions import WorldRegionsSource

    return [
        CountriesSource,
        ContinentsSource,
        WorldRegionsSource,
        Admin1Source,
        SeaSource,
        CuratedSource,
        FeatureTablesSource,
        USCountiesSource,
        AirportsSource,
        CitiesSource,
    ]


SOURCE_CLASSES: list[type[Source]]


def default_sources() -> list[Source]:
    """One instance of every registered source, in build order."""
    return [cls() for cls in _classes()]


def __getattr__(name: str) -> object:
    if name == "SOURCE_CLASSES":
        return _classes()
    raise AttributeError(name)
