"""Name normalisation shared by the gazetteer build and the matcher.

Both sides must fold names the same way, so this module is the only place
that decides what "the same name" means:

>>> normalize_name("P'anmunjŏm")
'panmunjom'
>>> normalize_name("  São  Paulo ")
'sao paulo'
>>> normalize_name("U.S.")
'us'
>>> normalize_name("Seoul’s")
'seouls'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize_name"]

# Characters removed outright: apostrophes, dots, quotes (so "U.S." == "US",
# "P'anmunjom" == "Panmunjom").
_DROP = {
    ord(c): None
    for c in "'’‘`´ʼʻʹ′.\"“”«»"
}
# Other punctuation becomes a space (hyphens, slashes, commas, brackets).
_SPACE_RE = re.compile(r"[\s\-‐‑‒–—―/\\,;:()\[\]{}!?&+_*#|~<>=@$%^]+")
# Letters that NFKD does not decompose into base + mark.
_SPECIAL = str.maketrans(
    {
        "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe",
        "Œ": "oe", "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "ł": "l",
        "Ł": "l", "ı": "i", "ħ": "h", "ŀ": "l",
    }
)


# Combining marks left by NFKD (Latin, Greek, Cyrillic diacritics and more).
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0483-\u0489]")


@lru_cache(maxsize=262_144)
def normalize_name(name: str) -> str:
    """Return the matching key of a place name.

    Casefolds, strips diacritics, drops apostrophes and dots, turns other
    punctuation into single spaces and trims. Non-Latin scripts keep their
    letters (casefolded), so alternate names in any script stay searchable.
    """
    text = name.translate(_DROP)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        text = _COMBINING_RE.sub("", text)
        if not text.isascii():  # rarer marks outside the common blocks
            text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = _SPACE_RE.sub(" ", text)
    return " ".join(text.split())
