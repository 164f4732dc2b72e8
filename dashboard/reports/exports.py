"""Downloads for every page: CSV / XLSX bytes safe to open in Excel, and safe file names."""

from __future__ import annotations

import io
import re
import unicodedata

import pandas as pd

from dashboard import strings

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV/formula injection); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [escape_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(escape_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and `;` so Russian Excel opens it correctly; formulas neutralised."""
    return _escaped(frame).to_csv(index=False, sep=";").encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = strings.EXPORT_SHEET) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _escaped(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def safe_filename(name: str, default: str = "oko-export") -> str:
    """Letters (Cyrillic too), digits, dot, dash and underscore; no paths, no leading dots."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.sub(r"[^\w.\-]+", "_", text, flags=re.UNICODE).strip("._")
    text = re.sub(r"\.{2,}", ".", text)
    return text[:120] or default
