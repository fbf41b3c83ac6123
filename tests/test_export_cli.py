"""``python -m geo export``: files in, layers out; a bad file is named and skipped."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from layers_samples import DMZ, HAN_RIVER, ISLES, LAKE, SEOUL, make_document

import geo.cli
import geo.pipeline
from geo.document import Document
from layers import check_rfc7946

REPO = Path(__file__).resolve().parent.parent

# Article text → the places the fake parser finds in it.
ARTICLES = {
    "Floods in Seoul\nSeoul and the Han.": [(SEOUL, "Seoul"), (HAN_RIVER, "Han")],
    "Border news\nThe DMZ and Lake Test.": [(DMZ, "DMZ"), (LAKE, "Lake Test")],
    "Islands\nTwin Isles, Seoul.": [(ISLES, "Twin Isles"), (SEOUL, "Seoul")],
}


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Replace the gazetteer and parser: each known text gives its places."""
    calls: list[dict[str, Any]] = []

    def parse(text: str, *, gazetteer: object = None, doc_id: str = "", title: str = "", **_: object) -> Document:
        calls.append({"doc_id": doc_id, "title": title})
        doc = make_document(doc_id, title, ARTICLES.get(text, []))
        return Document(text=doc.text, mentions=doc.mentions, id=doc_id, title=title)

    monkeypatch.setattr(geo.cli, "open_for_cli", lambda args: None)
    monkeypatch.setattr(geo.pipeline, "parse", parse)
    return calls


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    out = []
    for i, text in enumerate(ARTICLES, 1):
        path = tmp_path / f"art{i}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(str(path))
    return out


def run(*argv: str) -> int:
    return geo.cli.main(["export", *argv])


def test_all_in_one_geojson(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]],
                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.geojson"
    assert run(*files, "-o", str(out)) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert check_rfc7946(fc) == []
    assert len(fc["features"]) == 6
    assert [c["doc_id"] for c in fake_parser] == ["art1", "art2", "art3"]
    assert fake_parser[0]["title"] == "Floods in Seoul"
    assert "wrote 6 features in 1 layer(s)" in capsys.readouterr().err


def test_a_bad_file_is_named_and_the_others_go_on(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out.geojsonl"
    assert run(files[0], missing, str(empty), files[1], "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert f"error: {missing}: no such file" in err
    assert f"{empty}" in err and "empty" in err
    assert "2 of 4 file(s) failed" in err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize("fmt", ["geojson", "geojsonl", "kml", "csv"])
def test_kinds_to_a_folder(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]], fmt: str) -> None:
    out = tmp_path / "kinds"
    assert run(*files, "-o", str(out), "--format", fmt, "--layer", "kinds") == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.{fmt}" for n in ("points", "lines", "areas"))


def test_articles_to_one_geopackage(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]]) -> None:
    out = tmp_path / "articles.gpkg"
    assert run(*files, "-o", str(out), "--layer", "articles") == 0
    layers = {str(n): pyogrio.read_info(out, layer=str(n))["features"] for n, _ in pyogrio.list_layers(out)}
    assert layers == {"art1": 2, "art2": 2, "art3": 2}


def test_articles_with_the_same_stem_get_distinct_layers(tmp_path: Path, files: list[str],
                                                         fake_parser: list[dict[str, Any]]) -> None:
    other = tmp_path / "sub"
    other.mkdir()
    twin = other / "art1.txt"
    twin.write_text(next(iter(ARTICLES)), encoding="utf-8")
    out = tmp_path / "arts"
    assert run(files[0], str(twin), "-o", str(out), "--layer", "articles", "--format", "kml") == 0
    assert sorted(p.name for p in out.iterdir()) == ["art1-2.kml", "art1.kml"]
    root = ET.parse(out / "art1-2.kml").getroot()
    assert root.findtext("{http://www.opengis.net/kml/2.2}Document/{http://www.opengis.net/kml/2.2}name") == "art1-2"


def test_stdout(files: list[str], fake_parser: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files[0], "-o", "-", "--format", "geojsonl", "--color-by", "article") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    colors = {json.loads(line)["properties"]["marker-color"] for line in lines}
    assert len(colors) == 1


def test_usage_errors(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]],
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(files[0], "-o", "-", "--format", "gpkg") == 2
    assert "gpkg cannot go to stdout" in capsys.readouterr().err
    assert run(files[0], "-o", "-", "--layer", "kinds") == 2
    assert "give a folder" in capsys.readouterr().err


def test_registered_in_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "geo", "export", "--help"], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    for option in ("--format", "--layer", "--color-by", "--db", "--profile"):
        assert option in done.stdout


@pytest.mark.slow
def test_end_to_end_with_the_small_gazetteer(tmp_path: Path, gazetteer: Any) -> None:
    seed = REPO / "seeds" / "dmz-visit.txt"
    out = tmp_path / "seed.geojson"
    assert geo.cli.main(["export", str(seed), "-o", str(out), "--db", str(gazetteer.path), "--profile", "small"]) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert check_rfc7946(fc) == []


def test_geopackage_name_gets_its_extension(tmp_path: Path, files: list[str], fake_parser: list[dict[str, Any]],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "kinds"
    assert run(*files, "-o", str(out), "--format", "gpkg", "--layer", "kinds") == 0
    assert f"to {out}.gpkg (gpkg)" in capsys.readouterr().err
    assert {str(n) for n, _ in pyogrio.list_layers(f"{out}.gpkg")} == {"points", "lines", "areas"}
