"""Downloads for every page: CSV / XLSX bytes in the Russian format, safe to open in Excel.

CSV (for Russian Excel): `;` between fields, UTF-8 with BOM, a decimal comma and a true minus
«−» (dashboard.formatting), no thousands separator (so a positive number still reads as a
number), «Да» / «Нет» for truth values, an empty field for a missing value, dates dd.mm.yyyy.

XLSX: numbers are real numbers with a number format of the column's decimals (Excel draws
the comma and the thin space per its locale; a negative number gets «−»), dates are real
dates shown dd.mm.yyyy, truth values «Да» / «Нет», a bold header row that stays in view and
column widths set from the content.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import re
import unicodedata

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard import strings
from dashboard.formatting import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    format_bool,
    format_date,
    format_number,
    local_time,
)

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV/formula injection); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Decimals shown for a column whose values need more than MAX_DIGITS to be exact.
MAX_DIGITS, FALLBACK_DIGITS = 3, 2
MIN_WIDTH, MAX_WIDTH, HEADER_WIDTH = 8, 60, 30
GROUPING_FROM = 10_000
# A value within this (relative) of a rounding is that rounding: float32 columns of the views
# hold 64.52 as 64.5199966…
TOLERANCE = 1e-6


def escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool | np.bool_)


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Number) and not _is_bool(value)


def _has_time(value: dt.datetime) -> bool:
    stamp = pd.Timestamp(value)
    return stamp.tzinfo is not None or stamp != stamp.normalize()


def column_digits(values: pd.Series) -> int:
    """Decimals a numeric column needs: the fewest (up to MAX_DIGITS) that show every value
    exactly, else FALLBACK_DIGITS; whole numbers get none."""
    found = [
        float(v) for v in values if _is_number(v) and not _missing(v) and math.isfinite(float(v))
    ]
    for digits in range(MAX_DIGITS + 1):
        if all(abs(v - round(v, digits)) <= TOLERANCE * max(1.0, abs(v)) for v in found):
            return digits
    return FALLBACK_DIGITS


def _widened(frame: pd.DataFrame) -> pd.DataFrame:
    """float32 columns (64.5199966…) as the float64 decimals they were rounded to (64.52)."""
    narrow = [k for k in range(frame.shape[1]) if frame.iloc[:, k].dtype == np.float32]
    if not narrow:
        return frame
    out = frame.copy()
    for k in narrow:
        out.isetitem(k, out.iloc[:, k].astype(str).astype("float64"))
    return out


def _digits_of(frame: pd.DataFrame, digits: dict[str, int] | None) -> list[int]:
    digits = digits or {}
    return [
        int(digits[c]) if c in digits else column_digits(frame.iloc[:, k])
        for k, c in enumerate(frame.columns)
    ]


def text_cell(value: object, digits: int = 0) -> str:
    """One value as CSV text: numbers with a decimal comma and a true minus (no thousands
    separator), «Да» / «Нет», dates dd.mm.yyyy (a time of day in the region's zone), '' for a
    missing value; text is formula-escaped."""
    if _missing(value):
        return ""
    if _is_bool(value):
        return format_bool(value)
    if _is_number(value):
        number = float(value)
        if not math.isfinite(number):
            return ""
        whole = isinstance(value, numbers.Integral)
        return format_number(value, 0 if whole else digits, grouping=False)
    if isinstance(value, dt.datetime):
        return format_date(value, DATETIME_FORMAT if _has_time(value) else DATE_FORMAT)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(escape_cell(str(value)))


def _escaped(frame: pd.DataFrame, digits: dict[str, int] | None = None) -> pd.DataFrame:
    """Every cell as its CSV text (see text_cell), headers formula-escaped."""
    frame = _widened(frame)
    places = _digits_of(frame, digits)
    out = pd.DataFrame(
        {
            k: [text_cell(v, places[k]) for v in frame.iloc[:, k].tolist()]
            for k in range(frame.shape[1])
        },
        index=range(len(frame)),
    )
    out.columns = [escape_cell(str(c)) for c in frame.columns]
    return out


def to_csv_bytes(frame: pd.DataFrame, digits: dict[str, int] | None = None) -> bytes:
    """UTF-8 with BOM and `;` so Russian Excel opens it correctly; formulas neutralised.
    `digits`: decimals of named float columns (else the fewest that show them exactly)."""
    return _escaped(frame, digits).to_csv(index=False, sep=";").encode("utf-8-sig")


def number_format(digits: int, grouped: bool = True) -> str:
    """An Excel number format: `digits` decimals, a true minus, thousands grouped (Excel
    draws its locale's separators: a space and a comma in Russian Excel) unless not
    `grouped`."""
    decimals = "." + "0" * digits if digits > 0 else ""
    body = ("#,##0" if grouped else "0") + decimals
    return f'{body};"\u2212"{body};0{decimals}'


def _grouped(values: pd.Series) -> bool:
    """Group thousands only where a value reaches five digits, as Russian usage (and the
    grid) does: a year or «1004 участника» keeps four digits together."""
    found = [abs(float(v)) for v in values if _is_number(v) and not _missing(v)]
    return any(math.isfinite(v) and v >= GROUPING_FROM for v in found)


def _xlsx_value(value: object) -> tuple[object, str | None]:
    """The value an XLSX cell holds and its number format (None: the default)."""
    if _missing(value):
        return None, None
    if _is_bool(value):
        return format_bool(value), None
    if _is_number(value):
        number = float(value)
        if not math.isfinite(number):
            return None, None
        return (int(value) if isinstance(value, numbers.Integral) else number), "number"
    if isinstance(value, dt.datetime):
        stamp = pd.Timestamp(value)
        if not _has_time(value):
            return stamp.to_pydatetime().replace(tzinfo=None), "DD.MM.YYYY"
        return local_time(stamp).tz_localize(None).to_pydatetime(), "DD.MM.YYYY HH:MM"
    if isinstance(value, dt.date):
        return value, "DD.MM.YYYY"
    return escape_cell(str(value)), None


def write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    *,
    start_row: int = 1,
    digits: dict[str, int] | None = None,
) -> None:
    """`frame` into `ws` from `start_row`: a bold wrapped header, then the values (see the
    module's doc), column widths from the content; the header stays in view when scrolled."""
    frame = _widened(frame)
    places = _digits_of(frame, digits)
    grouped = [_grouped(frame.iloc[:, k]) for k in range(frame.shape[1])]
    widths = [min(len(str(c)), HEADER_WIDTH) for c in frame.columns]
    for k, name in enumerate(frame.columns, start=1):
        cell = ws.cell(start_row, k, escape_cell(str(name)))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=start_row + 1):
        for k, value in enumerate(row):
            held, fmt = _xlsx_value(value)
            cell = ws.cell(r, k + 1, held)
            if fmt == "number":
                shown_digits = 0 if isinstance(held, int) else places[k]
                cell.number_format = number_format(shown_digits, grouped[k])
                shown = format_number(held, shown_digits, grouping=grouped[k])
            elif fmt:
                cell.number_format = fmt
                shown = fmt
            else:
                shown = "" if held is None else str(held)
            widths[k] = max(widths[k], max((len(p) for p in shown.split("\n")), default=0))
    for k, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    ws.freeze_panes = ws.cell(start_row + 1, 1)


def to_xlsx_bytes(
    frame: pd.DataFrame,
    sheet: str = strings.EXPORT_SHEET,
    digits: dict[str, int] | None = None,
) -> bytes:
    """One sheet named `sheet` holding `frame` (see write_frame)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = safe_sheet_name(sheet)
    write_frame(ws, frame, digits=digits)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(name: str) -> str:
    """Excel's limits on a sheet name: 31 characters, none of []:*?/\\ ."""
    return re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip()[:31] or strings.EXPORT_SHEET


def safe_filename(name: str, default: str = "oko-export") -> str:
    """Letters (Cyrillic too), digits, dot, dash and underscore; no paths, no leading dots."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.sub(r"[^\w.\-]+", "_", text, flags=re.UNICODE).strip("._")
    text = re.sub(r"\.{2,}", ".", text)
    return text[:120] or default
