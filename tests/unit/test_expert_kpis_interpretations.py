"""Seed 004 indicators whose rule is OKO's reading say so, on the page and in the report."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard import strings
from dashboard.analytics import expert_kpis as kpis
from dashboard.figures import experts as views
from dashboard.reports import experts as expert_report

READ = ("1.1", "3.2", "3.3", "3.4")  # the four rules issue 17 names


def test_the_formulas_state_the_rules_of_issue_17():
    assert "действующих на дату отчёта" in views.formula("1.1")
    assert "по своему направлению" in views.formula("3.2")
    assert "за последние" not in views.formula("3.2")  # no validity window
    assert "по вопросам экспертной деятельности" in views.formula("3.3")
    assert "тот же период прошлого года" in views.formula("3.4")
    assert "регионального, федерального и международного" in views.formula("3.4")


def test_interpretations_are_marked_and_only_there():
    mark = strings.EXPERTS_INTERPRETATION.format(text="")
    for code in READ:
        assert mark in views.formula(code), code
    assert mark not in views.formula("2.2")  # «более 60%» is the seed's own rule
    assert set(READ) <= set(views.interpreted_codes())


def test_funnel_stage_names_no_validity_window():
    assert views.funnel_stages(2024)[-1] == "Прошли ПК по своему направлению"


def test_the_workbook_carries_the_interpretations():
    table = pd.DataFrame(
        [
            {
                "code": "3.4",
                "municipality_id": kpis.REGION,
                "year": 2024,
                "numerator": 2.0,
                "denominator": 3.0,
                "value": -1.0,
                "target": None,
                "status": "no_target",
            }
        ]
    )
    places = pd.DataFrame({"id": [], "name": []})
    data = expert_report.xlsx_report(table, 2024, dt.date(2024, 8, 15), places, "region")
    book = load_workbook(io.BytesIO(data))
    sheet = book[strings.EXPERTS_REPORT_SHEETS["table"]]
    formulas = {row[0]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for code in READ:
        assert strings.EXPERTS_INTERPRETATIONS[code] in formulas[code], code
    params = {r[0]: r[1] for r in book[strings.EXPERTS_REPORT_SHEETS["params"]].values}
    listed = params[strings.EXPERTS_REPORT_PARAMS["interpretation"]]
    assert all(code in listed for code in READ)
