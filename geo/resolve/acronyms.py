"""Acronyms an article defines by naming the place in full.

News writes a long name once and its initials after: "South Africa ...
SA", "Trinidad and Tobago ... T&T", "Western Australia ... WA". Such an
acronym names the place the article spelt out, whatever else the letters
could mean in the gazetteer ("SA" is also a spelling of Siá, Cyprus)::

    defined_acronyms([("South Africa", "south africa"), ("SA", "sa")])
    # {'sa': ('south africa',)}
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["acronym_letters", "defined_acronyms", "initials"]

#: 2 to 5 capitals, optionally with dots ("U.K."), or an ampersand between
#: them ("T&T"); nothing lower-case.
_ACRONYM_RE = re.compile(r"^(?:[A-Z]\.?){2,5}$|^[A-Z]{1,2}&[A-Z]{1,2}$")
#: Words an acronym's letters skip: "Democratic Republic of the Congo" is "DRC".
_SKIPPED = frozenset({"and", "of", "the", "&", "de", "du", "la", "le", "del", "des"})
_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*|&")


def acronym_letters(surface: str) -> str | None:
    """The capitals of ``surface`` if it is written as an acronym, else None.

    >>> acronym_letters("T&T"), acronym_letters("U.K."), acronym_letters("Seoul")
    ('TT', 'UK', None)
    """
    bare = surface.strip()
    if not _ACRONYM_RE.match(bare):
        return None
    return "".join(c for c in bare if c.isalpha())


def initials(surface: str) -> str:
    """The upper-case initials of a name's words, skipping "and", "of", "the".

    >>> initials("Trinidad and Tobago"), initials("Democratic Republic of the Congo")
    ('TT', 'DRC')
    """
    words = [w for w in _WORD_RE.findall(surface) if w.lower() not in _SKIPPED]
    return "".join(w[0].upper() for w in words)


def defined_acronyms(names: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Acronym key → keys of the article's longer names it abbreviates.

    ``names`` are (surface, key) pairs of the article's mentions, in text
    order; the longer names come in order of first mention. Several keys
    can share initials ("South African" and "South Africa"): the caller
    takes the acronym for their place only where they agree on one. A name
    of a single word is no definition.
    """
    acronyms: dict[str, str] = {}
    long_names: dict[str, list[str]] = {}
    for surface, key in names:
        if not key:
            continue
        letters = acronym_letters(surface)
        if letters is not None:
            acronyms.setdefault(key, letters)
            continue
        words = initials(surface)
        if len(words) >= 2:
            keys = long_names.setdefault(words, [])
            if key not in keys:
                keys.append(key)
    out: dict[str, tuple[str, ...]] = {}
    for key, letters in acronyms.items():
        keys = tuple(k for k in long_names.get(letters, ()) if k != key)
        if keys:
            out[key] = keys
    return out
