"""Local cues right after a name: "Paris, Texas", "Athens, Ga.", "Perth, Scotland"."""

from __future__ import annotations

import re
from functools import lru_cache

from geo.normalize import normalize_name
from geo.sources.country_names import load_us_state_names

__all__ = ["qualifier_after", "us_state_keys"]

_QUALIFIER_RE = re.compile(r",\s*((?:[A-Z][A-Za-z'’]*\.?)(?:[ -](?:[A-Z][A-Za-z'’]*\.?|of|and)){0,3})")


@lru_cache(maxsize=1)
def us_state_keys() -> dict[str, str]:
    """Normalised state name, abbreviation or postal code → postal code."""
    out: dict[str, str] = {}
    for code, kinds in load_us_state_names().items():
        for kind, names in kinds.items():
            if kind == "demonym":
                continue
            for name in names:
                out.setdefault(normalize_name(name), code)
        out.setdefault(normalize_name(code), code)
    return out


def qualifier_after(text: str, end: int) -> str | None:
    """The capitalised phrase after ", " that follows a name ending at ``end``.

    >>> qualifier_after("in Athens, Ga., police said", 9)
    'Ga.'
    >>> qualifier_after("Paris, Texas is", 5)
    'Texas'
    """
    m = _QUALIFIER_RE.match(text, end)
    if not m:
        return None
    return m.group(1)
