"""``python -m geo batch`` on a real Dask LocalCluster (two worker processes, one per module)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.batch import Item, iter_items, partitions, plan_inputs, run_batch
from geo.batch_dask import client_for, map_ordered, warm
from geo.cli import main
from geo.errors import GeoError
from geo.gazetteer import Gazetteer
from geo.pipeline import Geoparser

pytest.importorskip("distributed")

REPO = Path(__file__).resolve().parent.parent
TEXTS = [
    "Talks in Seoul and Pyongyang.",
    "Floods in Dhaka and Sylhet; aid from Nairobi.",
    "A visit to the DMZ.",
    "Nothing to see here.",
    "From Paris to Berlin, then Lagos.",
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A client over a LocalCluster of two single-thread worker processes."""
    with client_for(None, 2) as c:
        yield c


@pytest.fixture(scope="module")
def db(gazetteer: Gazetteer) -> str:
    """The test gazetteer's absolute path (what the CLI hands the workers)."""
    return str(Path(gazetteer.path).resolve())


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _records(n: int) -> list[str]:
    return [json.dumps({"id": f"d{i}", "text": f"{TEXTS[i % len(TEXTS)]} Item {i}."}) for i in range(n)]


def _run(client: Any, db: str, inputs: list[Path], tmp_path: Path, **kw: Any) -> tuple[list[dict[str, Any]], Any]:
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        summary = run_batch(client, plan_inputs(inputs), fh, db=db, **kw)
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()], summary


def sleepy_square(i: int) -> int:
    """Square ``i``, early items slowest, so tasks finish out of order (runs on a worker)."""
    time.sleep(0.05 * (i % 4 == 0))
    return i * i


def test_partitions_are_lazy_and_sized() -> None:
    pulled = []

    def gen() -> Iterator[Item]:
        for i in range(10):
            pulled.append(i)
            yield Item(id=i, text="x")

    parts = partitions(gen(), 4)
    assert len(next(parts)) == 4 and len(pulled) == 4
    assert [len(p) for p in parts] == [4, 2]


def test_map_ordered_keeps_order_and_bounds_work_in_flight(client: Any) -> None:
    pulled = []

    def args() -> Iterator[tuple[int]]:
        for i in range(20):
            pulled.append(i)
            yield (i,)

    results = map_ordered(client, sleepy_square, args(), window=3)
    assert next(results) == 0
    assert len(pulled) <= 4  # the window (3) and the one refill after the first result at most
    assert [0, *results] == [i * i for i in range(20)]


def test_output_order_equals_input_order_over_many_partitions(client: Any, db: str, tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", _records(23))
    rows, summary = _run(client, db, [src], tmp_path, partition_size=2, window=3)
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(23)]
    assert summary.articles == 23 and summary.partitions == 12 and summary.errors == 0


def test_bad_json_line_is_reported_and_the_rest_go_on(client: Any, db: str, tmp_path: Path) -> None:
    lines = _records(6)
    lines[2:2] = ["{not json", "", json.dumps({"id": "no-text"}), "[1, 2]"]
    src = _write_jsonl(tmp_path / "in.jsonl", lines)
    rows, summary = _run(client, db, [src], tmp_path, partition_size=3)
    assert [r["id"] for r in rows] == ["d0", "d1", None, "no-text", None, "d2", "d3", "d4", "d5"]
    assert "line 3" in rows[2]["error"] and "not JSON" in rows[2]["error"] and str(src) in rows[2]["error"]
    assert rows[2]["line"] == 3 and rows[2]["source"] == str(src)
    assert "text" in rows[3]["error"] and "JSON object" in rows[4]["error"]
    assert all("mentions" in r for r in rows[5:])
    assert summary.errors == 3 and summary.articles == 9


def test_directory_with_a_binary_file_names_it(client: Any, db: str, tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    (arts / "sub").mkdir(parents=True)
    (arts / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    (arts / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (arts / "sub" / "c.html").write_text(f"<html><body><p>{TEXTS[1]}</p><script>Paris</script></body></html>")
    (arts / "notes.csv").write_text("x,y\n")  # no article suffix: skipped
    (arts / ".hidden.txt").write_text(TEXTS[2])
    rows, summary = _run(client, db, [arts], tmp_path)
    assert [r["id"] for r in rows] == [str(arts / "a.txt"), str(arts / "b.txt"), str(arts / "sub" / "c.html")]
    assert "b.txt" in rows[1]["error"] and "binary" in rows[1]["error"]
    assert [m["text"] for m in rows[0]["mentions"]] == ["Seoul", "Pyongyang"]
    assert "Paris" not in [m["text"] for m in rows[2]["mentions"]]
    assert summary.errors == 1


def test_results_equal_local_parse(client: Any, db: str, geoparser: Geoparser, tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))] + TEXTS
    src = _write_jsonl(tmp_path / "in.jsonl", [json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)])
    rows, _ = _run(client, db, [src], tmp_path, partition_size=3)
    expected = [
        {"id": i, "mentions": [m.to_json() for m in geoparser.parse(t, doc_id=str(i)).mentions]}
        for i, t in enumerate(texts)
    ]
    assert rows == expected
    assert sum(len(r["mentions"]) for r in rows) > 10


def test_missing_gazetteer_on_the_workers_fails_early(client: Any, tmp_path: Path) -> None:
    with pytest.raises(GeoError, match=r"missing\.sqlite"):
        warm(client, str(tmp_path / "missing.sqlite"))


def test_items_keep_input_order_across_sources(tmp_path: Path) -> None:
    a = _write_jsonl(tmp_path / "a.jsonl", _records(2))
    d = tmp_path / "d"
    d.mkdir()
    (d / "x.md").write_text("x")
    ids = [it.id for it in iter_items(plan_inputs([a, d, a]))]
    assert ids == ["d0", "d1", str(d / "x.md"), "d0", "d1"]


def test_cli_usage_errors_exit_2_before_any_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    src = _write_jsonl(tmp_path / "in.jsonl", _records(1))
    assert main(["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--partition-size", "0"]) == 2


def _geo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geo", "batch", *args], capture_output=True, text=True, cwd=REPO, timeout=300, check=False
    )


@pytest.mark.slow
def test_cli_end_to_end_local_cluster(db: str, tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", [*_records(7), "{oops"])
    out = tmp_path / "out.jsonl"
    proc = _geo(str(src), "-o", str(out), "--db", db, "--workers", "1", "--partition-size", "3")
    assert proc.returncode == 1, proc.stderr  # one bad line
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == [*(f"d{i}" for i in range(7)), None]
    assert [m["text"] for m in rows[0]["mentions"]] == ["Seoul", "Pyongyang"]
    assert "8 articles" in proc.stderr and "1 errors" in proc.stderr and "articles/s" in proc.stderr


def test_cli_end_to_end_existing_scheduler(client: Any, db: str, tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", _records(5))
    proc = _geo(str(src), "-o", "-", "--db", db, "--scheduler", client.scheduler.address)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == [f"d{i}" for i in range(5)]
    assert "5 articles" in proc.stderr and "0 errors" in proc.stderr
