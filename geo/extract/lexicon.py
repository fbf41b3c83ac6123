"""The matcher's vocabulary: every name key the gazetteer can match in text."""

from __future__ import annotations

from collections.abc import KeysView
from dataclasses import dataclass
from itertools import repeat

from geo.gazetteer import Gazetteer

__all__ = ["KIND_PRIMARY", "KIND_ALT", "KIND_ABBREV", "KIND_DEMONYM", "Entry", "Lexicon"]

KIND_PRIMARY, KIND_ALT, KIND_ABBREV, KIND_DEMONYM = 1, 2, 4, 8
#: How many built entries a lexicon keeps for reuse (emptied when full).
_ENTRY_CACHE_MAX = 1 << 14


@dataclass(frozen=True, slots=True)
class Entry:
    """What the lexicon knows of a name key."""

    kinds: int
    best: float
    places: int


class Lexicon:
    """A name-key → :class:`Entry` map, loaded once per gazetteer."""

    __slots__ = ("_entries", "_packed", "max_tokens")

    def __init__(self, rows: list[tuple[str, int, float, int]] | None = None, *, packed: dict[str, int] | None = None) -> None:
        """From (norm, kinds, best, places) ``rows``, or keys already ``packed`` as
        one int each: kinds (4 bits) | places (16) | best*1000 (the rest)."""
        self._packed: dict[str, int] = packed if packed is not None else {
            norm: (kinds & 0xF) | (min(places, 0xFFFF) << 4) | (int(best * 1000) << 20)
            for norm, kinds, best, places in rows or ()
        }
        self.max_tokens = max(map(str.count, self._packed, repeat(" ")), default=0) + 1
        # Entries already built, by key: a frozen dataclass costs a microsecond
        # to build and documents repeat their names. Bounded by emptying it when
        # full; each dict operation is atomic under the GIL, so threads sharing
        # it at worst build an entry twice.
        self._entries: dict[str, Entry] = {}

    @classmethod
    def from_gazetteer(cls, gazetteer: Gazetteer) -> Lexicon:
        """Load the lexicon table of a gazetteer."""
        return cls(packed=gazetteer.lexicon_packed())

    @property
    def names(self) -> KeysView[str]:
        """Every name key, for membership tests in hot loops: ``key in
        lexicon.names`` runs in C, ``key in lexicon`` calls :meth:`__contains__`."""
        return self._packed.keys()

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, norm: object) -> bool:
        return norm in self._packed

    def get(self, norm: str) -> Entry | None:
        """The entry of a name key, or None."""
        entry = self._entries.get(norm)
        if entry is not None:
            return entry
        v = self._packed.get(norm)
        if v is None:
            return None
        entry = Entry(kinds=v & 0xF, places=(v >> 4) & 0xFFFF, best=(v >> 20) / 1000.0)
        if len(self._entries) >= _ENTRY_CACHE_MAX:
            self._entries.clear()
        self._entries[norm] = entry
        return entry
