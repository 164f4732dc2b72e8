"""Printing KPI targets and writing the monitoring workbook: no NaN reaches a reader."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard import strings
from dashboard.analytics import expert_kpis as kpis
from dashboard.figures import experts as views
from dashboard.reports import experts as expert_report


def test_target_text_is_a_dash_when_none_is_set():
    assert views.target_text(None, "%") == "—"
    assert views.target_text(float("nan"), "%") == "—"
    assert views.target_text(50.0, "%") == "50,0"
    assert views.target_text(3.0, "ед.") == "3"


def test_rows_without_a_target_stay_empty_in_the_workbook():
    """One indicator with a target makes the column float: the others must not become NaN."""
    table = pd.DataFrame(
        [
            {
                "code": "1.2",
                "municipality_id": kpis.REGION,
                "year": 2024,
                "numerator": 17.0,
                "denominator": 21.0,
                "value": 81.0,
                "target": 50.0,
                "status": "met",
            }
        ]
    )
    rows = views.indicator_rows(table, 2024, kpis.REGION)
    assert rows["target"].isna().sum() == len(rows) - 1
    places = pd.DataFrame({"id": [], "name": []})
    data = expert_report.xlsx_report(table, 2024, dt.date(2024, 8, 15), places, "region")
    sheet = load_workbook(io.BytesIO(data))[strings.EXPERTS_REPORT_SHEETS["table"]]
    targets = {row[0]: row[8] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert targets["1.2"] == 50.0
    assert all(targets[code] is None for code in targets if code != "1.2")


def test_workbook_numbers_are_numbers_with_the_pages_decimals_and_a_local_time(monkeypatch):
    monkeypatch.delenv("OKO_TIMEZONE", raising=False)
    table = pd.DataFrame(
        [
            {
                "code": "1.2",
                "municipality_id": kpis.REGION,
                "year": 2024,
                "numerator": 17.0,
                "denominator": 21.0,
                "value": 81.0,
                "target": 50.0,
                "status": "met",
            }
        ]
    )
    places = pd.DataFrame({"id": [], "name": []})
    data = expert_report.xlsx_report(table, 2024, dt.date(2024, 8, 15), places, "region")
    book = load_workbook(io.BytesIO(data))
    sheet = book[strings.EXPERTS_REPORT_SHEETS["table"]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "1.2")
    numerator, value = row[5], row[7]
    assert numerator.data_type == "n" and numerator.number_format == '0;"\u2212"0;0'
    assert value.data_type == "n" and value.number_format == '0.0;"\u2212"0.0;0.0'  # a «%»
    params = {r[0]: r[1] for r in book[strings.EXPERTS_REPORT_SHEETS["params"]].values}
    assert params[strings.EXPERTS_REPORT_PARAMS["as_of"]] == "15.08.2024"
    generated = expert_report.generated_text(dt.datetime(2024, 8, 15, 21, 5, tzinfo=dt.UTC))
    assert generated == "16.08.2024 00:05 (UTC+3)"
    assert "UTC" not in params[strings.EXPERTS_REPORT_PARAMS["generated"]].split("(")[0]
