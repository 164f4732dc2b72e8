"""Colours as text: a chart colour darkened until text in it (or white text on it) meets WCAG
2.1 AA contrast, so a status keeps its hue in a table cell or a badge and stays readable.

The palette (figures.template.PALETTE) is tuned for marks on a chart, where 3:1 is enough;
text needs 4.5:1 (WCAG 1.4.3).
"""

from __future__ import annotations

AA_TEXT = 4.5


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of "#RRGGBB"."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#RRGGBB" colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(colour: str, background: str = "#FFFFFF", ratio: float = AA_TEXT) -> str:
    """`colour`, darkened in steps of 4 % until it reaches `ratio` against `background` (a
    light one); unchanged when it already does. White text on the result has the same ratio
    when the background is white."""
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    shade = colour.upper()
    factor = 1.0
    while contrast(shade, background) < ratio and factor > 0:
        factor -= 0.04
        shade = "#{:02X}{:02X}{:02X}".format(
            *(round(c * max(factor, 0)) for c in (red, green, blue))
        )
    return shade
