"""Coverage ceiling of the gazetteer on the development corpora.

The share of gold toponyms whose surface form has at least one gazetteer
candidate within 161 km of the gold point: no resolver can do better.
Also lists the most frequent surface forms with no candidate at all and
those whose candidates are all far away.

    python benchmarks/coverage.py [--db PATH] [--top 25]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from geo.evaluate import great_circle_km, is_gold, load_corpus  # noqa: E402
from geo.gazetteer import open_gazetteer  # noqa: E402
from geo.pipeline import span_key  # noqa: E402

EVAL = REPO.parent / "shared" / "eval"


def candidates(gaz, phrase: str):  # type: ignore[no-untyped-def]
    """All places a surface form can name (possessive stripped)."""
    norm = span_key(phrase)
    return gaz.lookup_norm(norm, limit=500) if norm else []


def main() -> int:
    """Print the coverage ceiling of each corpus."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="gazetteer path (default: the full profile's)")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    if not EVAL.is_dir():
        print(f"no corpora at {EVAL}: nothing to measure")
        return 0
    gaz = open_gazetteer(args.db)
    for path in sorted(EVAL.glob("*.jsonl")):
        total = covered = 0
        missing: Counter[str] = Counter()
        far: Counter[str] = Counter()
        for doc in load_corpus(path):
            for t in doc["toponyms"]:
                if not is_gold(t):
                    continue
                total += 1
                cands = candidates(gaz, t["phrase"])
                if any(great_circle_km(p.lat, p.lon, float(t["lat"]), float(t["lon"])) <= 161 for p, _ in cands):
                    covered += 1
                elif cands:
                    far[f"{t['phrase']} ({t.get('name')})"] += 1
                else:
                    missing[f"{t['phrase']} ({t.get('name')})"] += 1
        print(f"{path.stem}: coverage ceiling {covered / total:.4f} ({covered}/{total});"
              f" no candidate {sum(missing.values())}, only far candidates {sum(far.values())}")
        print("  no candidate:", ", ".join(f"{k} x{v}" for k, v in missing.most_common(args.top)))
        print("  only far:", ", ".join(f"{k} x{v}" for k, v in far.most_common(args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
