"""Russian number formatting for text outside plotly (tables, cards)."""

from __future__ import annotations

import math

import pandas as pd

THIN_SPACE = "\u2009"
NO_VALUE = "—"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def format_number(value, digits: int = 0) -> str:
    """12345.6 → '12 345,6' with a thin space between thousands and a decimal comma."""
    if _missing(value):
        return NO_VALUE
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", THIN_SPACE).replace(".", ",")


def format_percent(value, digits: int = 1) -> str:
    return NO_VALUE if _missing(value) else f"{format_number(value, digits)}{THIN_SPACE}%"


def format_date(value, fmt: str = "%d.%m.%Y", missing: str = NO_VALUE) -> str:
    """A date or timestamp as '23.11.2026' (or `fmt`); `missing` for None/NaT."""
    return missing if value is None or pd.isna(value) else pd.Timestamp(value).strftime(fmt)
