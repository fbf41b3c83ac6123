"""The public surface of ``layers`` and its format registry stay honest."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import layers
from geo.errors import ExportError
from layers.formats import FORMATS, format_for_path, open_writer
from layers.formats.base import LayerWriter


def test_all_lists_exactly_the_public_names() -> None:
    public = {n for n in vars(layers) if not n.startswith("_") and not inspect.ismodule(getattr(layers, n))}
    assert set(layers.__all__) == public


@pytest.mark.parametrize("name", layers.__all__)
def test_public_callables_are_documented(name: str) -> None:
    obj = getattr(layers, name)
    if callable(obj):
        assert inspect.getdoc(obj), f"{name} has no docstring"


#: The modules of the data side of ``layers`` (the map modules have their own tests).
DATA_MODULES = (
    "layers.build", "layers.cli_export", "layers.export", "layers.features", "layers.geometry", "layers.importer",
    "layers.style", "layers.validate", "layers.formats", "layers.formats.base", "layers.formats.geojson",
    "layers.formats.gpkg", "layers.formats.kml", "layers.formats.table",
)


def test_data_modules_exist() -> None:
    found = {info.name for info in pkgutil.walk_packages(layers.__path__, "layers.")}
    assert set(DATA_MODULES) <= found


@pytest.mark.parametrize("name", DATA_MODULES)
def test_every_module_has_a_docstring_and_all(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, name
    assert hasattr(module, "__all__"), name
    for public in module.__all__:
        obj = getattr(module, public)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name}.{public} has no docstring"


def test_app_facing_signatures() -> None:
    assert list(inspect.signature(layers.document_features).parameters) == ["doc", "color_by"]
    assert list(inspect.signature(layers.build_layers).parameters) == ["docs", "by", "color_by"]
    assert list(inspect.signature(layers.write_layer).parameters)[:3] == ["layer", "target", "fmt"]
    assert next(iter(inspect.signature(layers.import_geojson).parameters)) == "source"


@pytest.mark.parametrize("fmt", FORMATS)
def test_formats_registered_with_a_writer_and_extension(fmt: str) -> None:
    spec = FORMATS[fmt]
    assert spec.name == fmt
    assert issubclass(spec.writer, LayerWriter)  # type: ignore[arg-type]
    assert format_for_path(f"x{spec.extension}") == fmt
    assert spec.media_type


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ExportError, match="unknown format 'shp'"):
        open_writer("x.shp", "shp")
