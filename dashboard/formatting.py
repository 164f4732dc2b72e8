"""The one Russian format for values shown as text: cards, tables, CSV/XLSX and PDF reports.

Numbers: a thin space between thousands, a decimal comma and a true minus «−» (U+2212, as
plotly draws it with the template's separators), never «-34,7» beside «−2,8». Percentages:
«60,1 %». Truth values: «Да» / «Нет», never True / False. Dates: dd.mm.yyyy; a time of day is
shown in the region's time zone (OKO_TIMEZONE, default Europe/Moscow): the database keeps UTC
(a naive time read back from SQLite is UTC; PostgreSQL returns it aware).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard import strings

THIN_SPACE = "\u2009"
MINUS = "\u2212"
NO_VALUE = "—"
DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"

# strftime directives that print a time of day: such a format shows the local time.
_TIME_DIRECTIVES = re.compile(r"%[-#]?[HIMSpXcTR]")


def _missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return str(value) in {"<NA>", "NaT"}


def format_number(value, digits: int = 0, grouping: bool = True) -> str:
    """-12345.6 → '−12 345,6': thin-space thousands (unless `grouping` is off), decimal comma
    and a true minus; a value that rounds to zero has no sign."""
    if _missing(value):
        return NO_VALUE
    number = float(value)
    if math.isinf(number):
        return NO_VALUE
    text = f"{abs(number):{',' if grouping else ''}.{digits}f}"
    text = text.replace(",", THIN_SPACE).replace(".", ",")
    negative = number < 0 and any(c not in "0,\u2009" for c in text)
    return f"{MINUS}{text}" if negative else text


def format_signed(value, digits: int = 0) -> str:
    """A difference with its sign always shown: '+2,8', '−2,8', '0,0'."""
    text = format_number(value, digits)
    if text == NO_VALUE or text.startswith(MINUS) or not any(c in "123456789" for c in text):
        return text
    return f"+{text}"


def format_percent(value, digits: int = 1) -> str:
    """60.08 → '60,1 %' (a thin space before the sign, as between thousands)."""
    return NO_VALUE if _missing(value) else f"{format_number(value, digits)}{THIN_SPACE}%"


def format_bool(value, missing: str = NO_VALUE) -> str:
    """True → 'Да', False → 'Нет' (numpy booleans too); `missing` for None/NaN."""
    if _missing(value):
        return missing
    return strings.FORMAT_YES if bool(value) else strings.FORMAT_NO


@functools.lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone() -> ZoneInfo:
    """The region's time zone in force (OKO_TIMEZONE through dashboard.rules.timezone())."""
    from dashboard import rules

    return _zone(rules.timezone())


def local_time(value) -> pd.Timestamp:
    """A stored time in the region's zone: naive means UTC (as the database keeps it)."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert(local_zone())


def format_date(value, fmt: str = DATE_FORMAT, missing: str = NO_VALUE) -> str:
    """A date as '23.11.2026' (or `fmt`); `missing` for None/NaT.

    A time of day is converted from UTC to the region's time zone first: an aware time always,
    a naive one (UTC, as stored) when it has a time of day or `fmt` prints one. A plain date
    (or a naive midnight shown without a time) is a calendar day and is never shifted."""
    if _missing(value):
        return missing
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.strftime(fmt)
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return str(value)
    if pd.isna(stamp):
        return missing
    if (
        stamp.tzinfo is not None
        or stamp != stamp.normalize()
        or _TIME_DIRECTIVES.search(fmt) is not None
    ):
        stamp = local_time(stamp)
    return stamp.strftime(fmt)


def format_datetime(value, missing: str = NO_VALUE) -> str:
    """A stored time as '23.11.2026 14:05' in the region's time zone."""
    return format_date(value, DATETIME_FORMAT, missing)
