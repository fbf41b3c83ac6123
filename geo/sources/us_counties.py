"""US counties (GeoNames feature class ADM2) from the ``zipcodes`` package.

No registry package ships county outlines or centroids, so each county is
placed at the mean of its ZIP codes' coordinates: within a few tens of
kilometres of its centre, which is what a news mention of a county needs.
Names come in the forms news uses: "Laurel County", "Laurel Co.", and the
bare "Laurel" only as an alternate the resolver may weigh.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from geo.errors import SourceError
from geo.sources.base import PlaceRecord, Source

__all__ = ["USCountiesSource"]

#: States kept by the small (test) profile.
SMALL_STATES = frozenset({"GA", "KY", "OH", "CA", "NY", "TX"})
_SUFFIXES = ("County", "Parish", "Borough", "Census Area", "Municipality", "City and Borough")


class USCountiesSource(Source):
    """US counties, parishes and boroughs as points."""

    name = "zipcodes-counties"

    def estimate(self, profile: str) -> int | None:
        """About 3,200 counties in the full profile."""
        return 3_300 if profile == "full" else 700

    def records(self, profile: str) -> Iterator[PlaceRecord]:
        """Yield one record per (state, county) with its ZIP-code mean point."""
        try:
            import zipcodes
        except ImportError as exc:  # pragma: no cover - a requirement
            raise SourceError("zipcodes is not installed: run 'pip install -r requirements.txt'") from exc
        sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for row in zipcodes.list_all():
            state, county = row.get("state"), (row.get("county") or "").strip()
            if not state or not county or not row.get("lat") or not row.get("long"):
                continue
            if profile == "small" and state not in SMALL_STATES:
                continue
            acc = sums[(state, county)]
            acc[0] += float(row["lat"])
            acc[1] += float(row["long"])
            acc[2] += 1
        for (state, county), (lat, lon, n) in sorted(sums.items()):
            yield PlaceRecord(
                name=county,
                feature="admin2",
                lat=lat / n,
                lon=lon / n,
                source=self.name,
                source_id=f"US.{state}.{county}",
                country="US",
                admin1=state,
                names=_variants(county),
                importance=0.35,
                accuracy_m=20_000.0,
            )


def _variants(county: str) -> list[str]:
    """Other ways news writes a county's name ("Laurel Co.", "Laurel")."""
    out: list[str] = []
    for suffix in _SUFFIXES:
        if county.endswith(" " + suffix):
            bare = county[: -len(suffix) - 1]
            out.append(bare)
            if suffix == "County":
                out.extend([f"{bare} Co.", f"{bare} Co"])
            break
    return out
