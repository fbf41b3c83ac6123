"""The parse, resolve and evaluate commands, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parent.parent
MENTION_KEYS = {"start", "end", "text", "place_id", "name", "kind", "lat", "lon", "country", "confidence"}


def _geo(gaz: Gazetteer, *args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args, "--db", str(gaz.path)],
        input=stdin.encode() if isinstance(stdin, str) else stdin,
        capture_output=True, cwd=REPO, timeout=300, check=False,
    )


def test_parse_jsonl_keeps_order_and_reports_bad_lines(gazetteer: Gazetteer) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Talks in Seoul and Pyongyang."}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "no_text": 1}),
        json.dumps({"id": 5, "text": "A visit to the DMZ."}),
    ]
    out = _geo(gazetteer, "parse", "--jsonl", stdin="\n".join(lines) + "\n")
    assert out.returncode == 1  # some lines failed, the rest went on
    rows = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", "d", 5]
    assert [m["text"] for m in rows[0]["mentions"]] == ["Seoul", "Pyongyang"]
    assert set(rows[0]["mentions"][0]) == MENTION_KEYS
    assert "line 2" in rows[1]["error"] and "not JSON" in rows[1]["error"]
    assert rows[2]["mentions"] == []
    assert "text" in rows[3]["error"]
    dmz = rows[4]["mentions"][0]
    assert dmz["kind"] == "polygon" and dmz["lat"] is not None


def test_resolve_jsonl_one_mention_per_span(gazetteer: Gazetteer) -> None:
    text = "From Seoul to Xqzzyville and Paris, Texas."
    rec = {"id": "r", "text": text, "spans": [[5, 10], [14, 24], [29, 34]]}
    alone = {"id": "u", "text": "Xqzzyville", "spans": [[0, 10]]}
    stdin = json.dumps(rec) + "\n" + '{"id": "bad", "text": "x", "spans": [[0]]}\n' + json.dumps(alone) + "\n"
    out = _geo(gazetteer, "resolve", "--jsonl", stdin=stdin)
    rows = [json.loads(x) for x in out.stdout.decode().splitlines()]
    ms = rows[0]["mentions"]
    assert [m["text"] for m in ms] == ["Seoul", "Xqzzyville", "Paris"]
    assert ms[0]["country"] == "KR"
    # unknown, so placed in the article's first-named town, with a low confidence
    assert ms[1]["name"] == "Seoul" and ms[1]["confidence"] == 0.3
    assert ms[2]["country"] == "US"
    assert "spans" in rows[1]["error"]
    (unknown,) = rows[2]["mentions"]
    assert unknown["lat"] is None and unknown["lon"] is None and unknown["place_id"] is None


def test_parse_files_bad_file_is_named_and_others_go_on(gazetteer: Gazetteer, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Officials in Tokyo spoke.", encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Caf\xe9 in S\xe3o Paulo".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = _geo(gazetteer, "parse", str(binary), str(good), str(latin), str(empty), "--json")
    assert out.returncode == 1
    err = out.stderr.decode()
    assert "photo.txt" in err and "binary" in err
    assert "latin1.txt" in err and "UTF-8" in err
    assert "empty.txt" in err and "empty" in err
    docs = json.loads(out.stdout)
    assert [d["id"] for d in docs] == [str(good)]
    assert docs[0]["mentions"][0]["name"] == "Tokyo"


def test_parse_html_file_reads_the_visible_text(gazetteer: Gazetteer, tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><script>var x='Moscow';</script></head><body><p>Rain fell on Seoul.</p></body></html>",
        encoding="utf-8",
    )
    out = _geo(gazetteer, "parse", str(page), "--json")
    assert out.returncode == 0, out.stderr
    assert [m["text"] for m in json.loads(out.stdout)[0]["mentions"]] == ["Seoul"]


def test_evaluate_scores_a_small_corpus(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "Ministers from Seoul met in Tokyo."
    corpus = tmp_path / "c.jsonl"
    toponyms = [
        {"start": 15, "end": 20, "phrase": "Seoul", "lat": 37.566, "lon": 126.978, "geonameid": 1835848},
        {"start": 28, "end": 33, "phrase": "Tokyo", "lat": 35.69, "lon": 139.69, "geonameid": 1850147},
    ]
    corpus.write_text(json.dumps({"doc_id": "1", "text": text, "toponyms": toponyms}) + "\n", encoding="utf-8")
    full = json.loads(_geo(gazetteer, "evaluate", str(corpus), "--json").stdout)
    assert full["f1"] == 1.0 and full["e2e_acc161"] == 1.0
    spans = json.loads(_geo(gazetteer, "evaluate", str(corpus), "--spans", "--json").stdout)
    assert spans["acc161"] == 1.0


@pytest.mark.parametrize("args", [["parse"], ["search"]])
def test_usage_errors_exit_2(gazetteer: Gazetteer, args: list[str]) -> None:
    assert _geo(gazetteer, *args).returncode == 2
