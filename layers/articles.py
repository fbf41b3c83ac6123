"""Articles as the explorer takes them in: a title for each, and the seed folder.

The explorer opens on the articles of a folder (``seeds/`` unless
``$GEO_SEEDS`` names another); the server's warm-up
(:mod:`layers.warmup`) reads the same folder the same way, so both
agree on each article's id and title, which are part of its parse's
cache key (:mod:`layers.parse_cache`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SeedArticle", "default_seeds_dir", "seed_articles", "split_headline", "title_from_name"]

_SHORT_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
_REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class SeedArticle:
    """One article of the seed folder: its id (the file's stem), title, text and origin."""

    id: str
    title: str
    text: str
    origin: str


def default_seeds_dir() -> Path:
    """The folder the first view shows: ``$GEO_SEEDS``, else the project's ``seeds/``."""
    override = os.environ.get("GEO_SEEDS")
    return Path(override).expanduser() if override else _REPO / "seeds"


def title_from_name(name: str) -> str:
    """A title from a file name.

    >>> title_from_name("dmz-visit.txt")
    'DMZ visit'
    """
    words = re.split(r"[-_\s]+", Path(name).stem.strip()) or ["article"]
    out = [w.upper() if len(w) <= 3 and w.lower() not in _SHORT_WORDS and w.isalpha() else w for w in words]
    text = " ".join(w for w in out if w)
    return text[:1].upper() + text[1:] if text else "Article"


def split_headline(text: str) -> tuple[str | None, str]:
    """``(headline, text)`` when the text opens with a short line and a blank line.

    >>> split_headline("Floods in Dhaka\\n\\nRain fell.")[0]
    'Floods in Dhaka'
    """
    head, sep, _ = text.lstrip().partition("\n\n")
    if sep and 0 < len(head) <= 120 and "\n" not in head and not head.rstrip().endswith("."):
        return head.strip(), text
    return None, text


def seed_articles(folder: Path | None = None) -> list[SeedArticle]:
    """The ``.txt`` articles of ``folder`` (default :func:`default_seeds_dir`), in name order,
    titled by their headline or else their file name. A file that is not UTF-8 is skipped."""
    out = []
    for path in sorted((folder or default_seeds_dir()).glob("*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        headline, _ = split_headline(text)
        out.append(SeedArticle(path.stem, headline or title_from_name(path.name), text, f"seeds/{path.name}"))
    return out
