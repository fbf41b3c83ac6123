"""Word lists the recogniser consults, loaded once from registry packages.

* English words (Webster's Second list in ``english-words``): a lowercase
  entry means the word is also a common noun, verb or adjective
  ("reading", "mobile", "nice"), so its capitalised form needs more
  evidence to be taken for a place.
* Given names and surnames (US Census 1990 lists in ``names``): a place
  name right after a given name is most likely a surname ("Jack London").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

__all__ = ["FUNCTION_WORDS", "PREPOSITIONS", "common_words", "given_names", "surnames", "TITLES", "STOP_CAPS", "CONNECTORS"]

#: English function words that never count as given names or surnames.
FUNCTION_WORDS = frozenset(
    "in at to of on by an and the for but not will may can shall must might could would should"
    " so do did does has had have was were are is be been am or nor yet as if than then".split()
)
#: Words that introduce a person's name (titles written before it).
TITLES = frozenset(
    """mr mrs ms miss dr prof president vice secretary minister gen general sen senator rep representative
    gov governor judge justice prince princess king queen pope sir lady lord chancellor premier mayor
    coach officer sgt sergeant lt lieutenant col colonel capt captain cpl corporal pvt adm admiral
    commissioner chairman chairwoman ceo rev reverend father sister brother dame ambassador envoy
    spokesman spokeswoman spokesperson deputy attorney sheriff councilman councilwoman councillor councilor
    superintendent professor detective trooper inspector cardinal bishop archbishop rabbi imam sheikh emir
    sultan ayatollah mullah""".split()
)
#: Capitalised words that are never a place in running text.
STOP_CAPS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday i a an the this that these those it he she
    we they you his her its our their my your god christmas easter ramadan mr mrs ms dr
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ii iii iv vi vii viii ix xi xii""".split()
)
#: Words after which a capitalised name is most likely a place ("in Scott").
PREPOSITIONS = frozenset(
    "in at from to near of outside around across toward towards into through via between within"
    " throughout inside downtown north south east west northern southern eastern western".split()
)
#: Lowercase words allowed inside a multi-word place name.
CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le les el al the upon on and y e en sur am an der den au aux im bin"
    " ibn von van zu".split()
)


def _package_dir(module: str) -> Path | None:
    try:
        mod = __import__(module)
    except ImportError:
        return None
    return Path(mod.__file__).resolve().parent


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lowercase English words (an empty set if the package is missing)."""
    try:
        from english_words import get_english_words_set
    except ImportError:  # pragma: no cover - a requirement
        return frozenset()
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    return frozenset(w for w in words if w.islower())


def _census(name: str, limit: int) -> frozenset[str]:
    base = _package_dir("names")
    if base is None:  # pragma: no cover - a requirement
        return frozenset()
    out: list[str] = []
    with (base / name).open(encoding="ascii", errors="replace") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                out.append(parts[0].lower())
            if len(out) >= limit:
                break
    return frozenset(out)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The most frequent US given names, lowercase."""
    names = _census("dist.male.first", 1200) | _census("dist.female.first", 2500)
    # The census lists hold a few English function words ("In", "Will", "May").
    return frozenset(n for n in names if len(n) >= 3 and n not in FUNCTION_WORDS)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The most frequent US surnames, lowercase."""
    return frozenset(n for n in _census("dist.all.last", 20000) if len(n) >= 3 and n not in FUNCTION_WORDS)
