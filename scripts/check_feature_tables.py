"""Check the feature tables (geo/data/features/*.tsv) against a built gazetteer.

Usage: python scripts/check_feature_tables.py [--db GAZETTEER] [--km 30]

Each row must parse, and a row with a country must lie within ``--km`` of
that country's polygon (a river's mouth or a coastal island may sit just
offshore). Prints every row that fails and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import open_gazetteer
from geo.gazetteer.paths import default_db_path
from geo.sources.feature_tables import TABLE_DIR, read_feature_table, rows_outside_countries


def main() -> int:
    """Check every table; print failures; 0 when all pass."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--km", type=float, default=30.0)
    args = ap.parse_args()
    with open_gazetteer(args.db or default_db_path(), build_if_missing=False) as gaz:
        countries = gaz.country_shapes()
    failures = rows = 0
    for path in sorted(TABLE_DIR.glob("*.tsv")):
        records = read_feature_table(path)
        rows += len(records)
        for rec, km in rows_outside_countries(records, countries, args.km):
            where = "no polygon for the country" if km is None else f"{km:.0f} km outside the country"
            print(f"{path.name}: {rec.source_id} ({rec.name}, {rec.country}): {where}")
            failures += 1
    print(f"{rows} rows, {failures} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
