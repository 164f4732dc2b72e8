"""Russian number formatting and the figure template."""

import math

from dashboard.figures import template as figures
from dashboard.formatting import format_number, format_percent


def test_thin_space_thousands_and_decimal_comma():
    assert format_number(1234567.891, 2) == "1\u2009234\u2009567,89"
    assert format_percent(56.25) == "56,2\u2009%" or format_percent(56.25) == "56,3\u2009%"


def test_missing_values_show_a_dash():
    assert format_number(None) == "—"
    assert format_percent(math.nan) == "—"


def test_template_is_russian_and_colour_blind_safe():
    assert figures.TEMPLATE.layout.separators == ",\u2009"
    assert figures.GRAPH_CONFIG["locale"] == "ru"
    assert figures.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]  # Okabe-Ito
