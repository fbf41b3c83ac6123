"""Style as data: simplestyle properties by kind or by article."""

from __future__ import annotations

import re

import pytest

from layers import COLOR_BY, feature_style
from layers.style import ARTICLE_PALETTE, KIND_COLORS, STYLE_KEYS, article_color

HEX = re.compile(r"#[0-9a-f]{6}")


@pytest.mark.parametrize("color_by", COLOR_BY)
@pytest.mark.parametrize("kind", [*KIND_COLORS, None, "unknown"])
def test_every_style_has_the_simplestyle_keys(kind: str | None, color_by: str) -> None:
    style = feature_style(kind, article_id="a", color_by=color_by)
    assert tuple(style) == STYLE_KEYS
    assert all(HEX.fullmatch(style[k]) for k in ("marker-color", "stroke", "fill"))
    assert 0 < style["fill-opacity"] <= 1
    assert style["stroke-width"] > 0


def test_kinds_have_distinct_colours() -> None:
    assert len({feature_style(k)["fill"] for k in KIND_COLORS}) == len(KIND_COLORS)


def test_article_colour_is_stable_and_from_the_palette() -> None:
    assert article_color("reuters-123") == article_color("reuters-123")
    assert article_color("reuters-123") in ARTICLE_PALETTE
    assert len({article_color(str(i)) for i in range(200)}) == len(ARTICLE_PALETTE)


def test_unknown_colouring_is_refused() -> None:
    with pytest.raises(ValueError, match="color_by must be one of kind, article"):
        feature_style("point", color_by="size")
