"""Text colours derived from the chart palette meet WCAG 2.1 AA (4.5:1) and keep their hue."""

from __future__ import annotations

import pytest

from dashboard.figures import roadmaps
from dashboard.figures.contrast import AA_TEXT, contrast, text_colour
from dashboard.figures.template import PALETTE


def test_contrast_matches_the_wcag_formula_at_its_ends_and_for_bootstrap_blue():
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    assert contrast("#0d6efd", "#ffffff") == pytest.approx(4.50, abs=0.01)


@pytest.mark.parametrize("colour", [*PALETTE, *roadmaps.STATUS_COLOURS.values()])
def test_every_palette_and_status_colour_becomes_readable_text(colour):
    shade = text_colour(colour)
    assert contrast(shade, "#FFFFFF") >= AA_TEXT
    if contrast(colour, "#FFFFFF") >= AA_TEXT:
        assert shade == colour.upper()  # already readable: unchanged
    else:  # darkened, not replaced: the channels keep their proportions
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        dark = tuple(int(shade[i : i + 2], 16) for i in (1, 3, 5))
        assert max(dark) < max(red, green, blue)
        assert dark.index(max(dark)) == (red, green, blue).index(max(red, green, blue))
