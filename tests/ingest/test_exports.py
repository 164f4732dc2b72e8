"""Downloads cannot carry spreadsheet formulas or path tricks."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.reports.exports import (
    column_digits,
    number_format,
    safe_filename,
    to_csv_bytes,
    to_xlsx_bytes,
)

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
    # openpyxl writes through lxml (installed with python-pptx), which keeps a CR as a character
    # reference, so every dangerous text comes back exactly, behind its quote
    assert values[1:] == ["'" + v for v in DANGEROUS]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_safe_filename():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("Отчёт 2024: школа/район.csv") == "Отчёт_2024_школа_район.csv"
    assert safe_filename("...") == "oko-export"
    assert "/" not in safe_filename("a/b\\c") and "\\" not in safe_filename("a/b\\c")


# ------------------------------------------------------------------ the Russian format


def _typed() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Школа": ["А", "Б", "В"],
            "Участников": [12, 10450, 7],
            "Эффект": [-34.71, 2.8, float("nan")],
            "Скрыто": [False, True, False],
            "Проведена": pd.to_datetime(["2024-04-18", "2024-05-21", None]),
            "Изменено": pd.to_datetime(["2024-02-01 10:30", None, None], utc=True),
            "Год": [2023, 2024, 2024],
        }
    )


def test_csv_is_russian_excel_text():
    raw = to_csv_bytes(_typed())
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Школа;Участников;Эффект;Скрыто;Проведена;Изменено;Год"
    # decimal comma, true minus, no thousands space, Да/Нет, dd.mm.yyyy, Moscow time (UTC+3)
    assert lines[1] == "А;12;\u221234,71;Нет;18.04.2024;01.02.2024 13:30;2023"
    assert lines[2] == "Б;10450;2,80;Да;21.05.2024;;2024"
    assert lines[3] == "В;7;;Нет;;;2024"  # nothing missing reads None or nan
    assert "True" not in raw.decode("utf-8-sig") and "False" not in raw.decode("utf-8-sig")


def test_csv_decimals_follow_the_given_digits():
    frame = pd.DataFrame({"a": [1.25, 2.0], "b": [0.123456, 1.0]})
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "1,25;0,12"
    assert to_csv_bytes(frame, {"b": 3}).decode("utf-8-sig").splitlines()[1] == "1,25;0,123"


def test_xlsx_holds_real_numbers_dates_and_russian_words():
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(_typed(), "Лист"))).active
    assert sheet.title == "Лист"
    header = [c.value for c in sheet[1]]
    assert header == list(_typed().columns) and all(c.font.b for c in sheet[1])
    school, count, effect, hidden, held, changed, year = sheet[2]
    assert count.data_type == "n" and count.value == 12
    assert effect.data_type == "n" and effect.value == pytest.approx(-34.71)
    assert effect.number_format == '0.00;"\u2212"0.00;0.00'
    assert sheet["B3"].number_format == '#,##0;"\u2212"#,##0;0'  # five digits: grouped
    assert year.value == 2023 and year.number_format == '0;"\u2212"0;0'  # never «2 023»
    assert hidden.value == "Нет" and sheet["D3"].value == "Да"
    assert held.is_date and held.number_format == "DD.MM.YYYY"
    assert held.value == dt.datetime(2024, 4, 18)
    assert changed.value == dt.datetime(2024, 2, 1, 13, 30)  # the region's time, not UTC
    assert sheet["C4"].value is None and sheet["E4"].value is None
    assert sheet.freeze_panes == "A2"
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert set(widths) >= set("ABCDEFG") and all(8 <= w <= 60 for w in widths.values())
    assert all(c.data_type != "b" for row in sheet.iter_rows() for c in row)


def test_number_format_and_digits():
    assert number_format(1) == '#,##0.0;"\u2212"#,##0.0;0.0'
    assert number_format(0, grouped=False) == '0;"\u2212"0;0'
    assert column_digits(pd.Series([1.0, 2.5, None])) == 1
    assert column_digits(pd.Series([1, 2])) == 0
    assert column_digits(pd.Series([0.123456])) == 2


def test_float32_columns_keep_the_decimals_they_were_rounded_to():
    frame = pd.DataFrame({"a": np.round(np.array([64.52, 0.1]), 2).astype("float32")})
    assert column_digits(frame["a"]) == 2
    assert to_csv_bytes(frame).decode("utf-8-sig").splitlines()[1:] == ["64,52", "0,10"]
    one = pd.DataFrame({"b": np.array([0.1, 12.3], dtype="float32")})
    assert column_digits(one["b"]) == 1
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert sheet["A2"].value == 64.52  # not 64.5199966…
