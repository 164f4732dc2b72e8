"""Downloads cannot carry spreadsheet formulas or path tricks."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from dashboard.reports.exports import safe_filename, to_csv_bytes, to_xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"Школа": ["МБОУ «СОШ № 1»", *DANGEROUS], "n": range(7)})


def test_csv_escapes_formula_starts_and_keeps_numbers():
    text = to_csv_bytes(_frame()).decode("utf-8-sig")
    for value in DANGEROUS:
        assert "'" + value.strip("\t\r")[:3] in text or "'" + value[:3] in text
    assert "\n=" not in text and ";=" not in text
    assert "МБОУ «СОШ № 1»;0" in text


def test_xlsx_cells_are_text_not_formulas():
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(_frame()))).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[1:] == [("'" + v).replace("\r", "\n") for v in DANGEROUS]  # XML keeps no CR
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_safe_filename():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("Отчёт 2024: школа/район.csv") == "Отчёт_2024_школа_район.csv"
    assert safe_filename("...") == "oko-export"
    assert "/" not in safe_filename("a/b\\c") and "\\" not in safe_filename("a/b\\c")
