"""PDF and XLSX reports print numbers and dates in the one Russian format, and the profile PDF
keeps each chart's legend under it and names the real last year of the data."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from dashboard import strings
from dashboard.figures import profile as views
from dashboard.reports import profile_pdf
from dashboard.reports import roadmaps as roadmap_report

MINUS = "\u2212"


def _results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ["vpr", "vpr", "vpr"],
            "subject": ["математика"] * 3,
            "grade": [5, 5, 6],
            "year": [2022, 2023, 2024],
            "held_on": pd.to_datetime(["2022-04-20", "2023-04-18", "2024-05-21"]),
            "participants": [50, 40, 30],
            "mean_percent": [58.0, 61.0, 55.0],
            "municipality_mean": [59.0, 60.0, 54.0],
            "region_mean": [60.0, 62.0, 56.0],
            "marks_2": [10, 4, 3],
            "marks_3": [20, 16, 12],
            "marks_4": [15, 12, 10],
            "marks_5": [5, 8, 5],
        }
    )


def test_profile_pdf_keeps_two_legends_one_under_each_chart():
    rows = views.procedure_rows(_results(), "vpr", "математика", 5)
    fig = profile_pdf.profile_figure(
        {"name": "Школа"},
        ["строка"],
        views.context_view(pd.DataFrame(columns=["year", "value"]), 2024),
        views.results_trend_view(rows, "x")[0],
        views.marks_view(rows, "x")[0],
        pd.DataFrame(),
    )
    lines = [t for t in fig.data if t.type == "scatter"]
    bars = [t for t in fig.data if t.type == "bar" and t.xaxis == "x3"]
    assert lines and {t.legend or "legend" for t in lines} == {"legend"}
    assert bars and {t.legend for t in bars} == {"legend2"}
    # each legend starts under its own chart, not both at the page's left edge
    assert fig.layout.legend.x == fig.layout.xaxis2.domain[0]
    assert fig.layout.legend2.x == fig.layout.xaxis3.domain[0] > 0.5
    assert fig.layout.legend2.title.text == "Отметка:"
    assert [t.name for t in bars] == ["«2»", "«3»", "«4»", "«5»"]


def test_profile_pdf_names_the_last_year_of_the_data_not_the_chosen_one():
    results = _results()
    lines = profile_pdf.header_lines(
        {"municipality": "М", "kind": "school", "locality": "urban", "pupils": 1234},
        {"low_runs": 0, "adverse": 0},
        results,
        2022,  # the year chosen for the page
        "ВПР",
        5,
    )
    assert "последний учебный год в данных: 2024" in lines[2]
    assert "Данные на 21.05.2024" in lines[2]
    assert "1\u2009234" in lines[0]
    assert profile_pdf.last_year(results, 2025) == 2025
    assert profile_pdf.last_year(results.iloc[0:0]) is None
    given = profile_pdf.header_lines(
        {"municipality": "М", "kind": "school", "locality": "urban", "pupils": 10},
        {"low_runs": 0, "adverse": 0},
        results,
        2022,
        "ВПР",
        5,
        latest=2026,
    )
    assert "последний учебный год в данных: 2026" in given[2]


def test_roadmap_pdf_cells_are_formatted_text():
    assert roadmap_report.pdf_cell(12.5) == "12,5"
    assert roadmap_report.pdf_cell(100.0) == "100"
    assert roadmap_report.pdf_cell(np.int64(-3)) == f"{MINUS}3"
    assert roadmap_report.pdf_cell(None) == "" and roadmap_report.pdf_cell(float("nan")) == ""
    assert roadmap_report.pdf_cell(np.bool_(True)) == "Да"
    assert roadmap_report.pdf_cell("<b>") == "&lt;b&gt;"


def _frames() -> dict[str, pd.DataFrame]:
    cols = strings.ROADMAP_PROGRESS_COLUMNS
    summary = pd.DataFrame(
        {
            cols["section"]: ["Раздел", strings.ROADMAP_OVERALL],
            cols["items"]: [3, 3],
            cols["share_done_on_time"]: [66.7, None],
        }
    )
    items = pd.DataFrame(
        {
            strings.ROADMAP_ITEM_COLUMNS["number"]: ["1.1"],
            strings.ROADMAP_ITEM_COLUMNS["title"]: ["Мероприятие"],
            strings.ROADMAP_ITEM_COLUMNS["period_text"]: ["Декабрь"],
            strings.ROADMAP_ITEM_COLUMNS["status"]: ["выполнено"],
            strings.ITEM_FIELDS["completed_on"]: ["01.12.2019"],
        }
    )
    state = pd.DataFrame({"outcome": ["done_on_time"]})
    return {"summary": summary, "items": items, "history": items.iloc[0:0], "state": state}


def test_roadmap_pdf_tables_hold_no_raw_numbers():
    fig = roadmap_report.report_figure("Карта", _frames(), dt.date(2019, 12, 31))
    summary = fig.data[0].cells["values"]
    assert all(isinstance(v, str) for column in summary for v in column)
    assert ["3", "3"] in [list(c) for c in summary] and ["66,7", ""] in [list(c) for c in summary]


def test_roadmap_workbook_holds_real_numbers_under_its_heading():
    data = roadmap_report.to_xlsx("Карта", _frames(), dt.date(2019, 12, 31))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == list(strings.ROADMAP_REPORT_SHEETS.values())
    sheet = book[strings.ROADMAP_REPORT_SHEETS["summary"]]
    assert "31.12.2019" in sheet["A1"].value and sheet["A3"].font.b
    assert sheet["B4"].data_type == "n" and sheet["B4"].value == 3
    assert sheet["C4"].value == 66.7
    assert sheet["C4"].number_format == '0.0;"\u2212"0.0;0.0'
    assert sheet["C5"].value is None


def test_profile_pdf_says_deficit_only_against_a_norm():
    context = pd.DataFrame(
        {
            "group": ["conditions", "conditions", "conditions", "context"],
            "value": [60.0, 0.5, 0.9, 3.0],
            "direction": ["higher_worse", "higher_better", "higher_better", "higher_worse"],
            "norm": [50.0, None, None, None],
            "region_median": [55.0, 0.8, 0.8, 1.0],
        }
    )
    line = profile_pdf.conditions_line(context, 2024)
    assert line == (
        "Условия (2024 г.): дефициты по нормативу — 1; ниже медианы региона (норматива нет) — 1"
    )
    assert profile_pdf.conditions_line(context[context["group"] == "context"], 2024) is None
    assert profile_pdf.conditions_line(pd.DataFrame(), 2024) is None
