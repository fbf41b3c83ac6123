"""Gazetteer sources, one module each, and the registry that lists them."""
