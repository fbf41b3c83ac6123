"""Importing a library without an optional extra it would pull in.

folium imports pandas only to recognise DataFrames among its arguments
(``folium.utilities``: ``try: import pandas``). The explorer never hands
folium a DataFrame, and its first map needs nothing of pandas, which costs
about half a second to import; so :mod:`layers.map` imports folium with
pandas hidden (folium then takes no DataFrames), and the page imports
pandas later, for its table. Only the importing thread is affected:
another thread that imports pandas meanwhile gets it as usual, and a
module already imported is simply there.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
import threading
from collections.abc import Iterator, Sequence
from types import ModuleType

__all__ = ["hidden_modules"]


class _Hide(importlib.abc.MetaPathFinder):
    """Finds nothing, but refuses ``names`` (and their submodules) to one thread."""

    def __init__(self, names: Sequence[str], thread: int) -> None:
        self.names = frozenset(names)
        self.thread = thread

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        """Raise ImportError for a hidden module imported by the hiding thread; else defer."""
        if threading.get_ident() == self.thread and fullname.partition(".")[0] in self.names:
            raise ImportError(f"{fullname} is hidden from this import", name=fullname)


@contextlib.contextmanager
def hidden_modules(*names: str) -> Iterator[None]:
    """Within the block, this thread's imports of ``names`` (not yet imported) fail with ImportError.

    >>> with hidden_modules("a_module_nobody_imported"):
    ...     try:
    ...         import a_module_nobody_imported
    ...     except ImportError as exc:
    ...         print("hidden:", exc.name)
    hidden: a_module_nobody_imported
    """
    finder = _Hide(names, threading.get_ident())
    # The list is replaced, never changed in place: another thread's import may be
    # walking the old one, and a finder shifted under it could be skipped.
    sys.meta_path = [finder, *sys.meta_path]
    try:
        yield
    finally:
        sys.meta_path = [f for f in sys.meta_path if f is not finder]
