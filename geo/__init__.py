"""Offline news geoparser: gazetteer, extraction, resolution and CLI."""

from geo.document import Candidate, Document, Mention
from geo.errors import GeoError
from geo.gazetteer import Gazetteer, open_gazetteer
from geo.pipeline import Geoparser, parse
from geo.place import Place

__all__ = ["Candidate", "Document", "GeoError", "Gazetteer", "Geoparser", "Mention", "Place", "open_gazetteer", "parse"]
