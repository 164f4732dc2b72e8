"""The decision plans as files: the workbook's rows equal the frame, the PDF is a PDF whose
table holds the frame's rows in the one Russian format."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard import strings
from dashboard.reports import decisions as report

AS_OF = dt.date(2024, 9, 1)
PLAN = strings.PLAN_REPORT_COLUMNS
PLAN_CELLS = strings.COMPENSATION_REPORT_COLUMNS


def _decisions() -> pd.DataFrame:
    """Rows as data_access.decisions.list_decisions returns them (the columns used)."""
    return pd.DataFrame(
        {
            "municipality": ["Карабашский ГО", "Карабашский ГО"],
            "school": ["МБОУ «СОШ № 10»", None],
            "finding": ["low_results", "deficit"],
            "finding_detail": [None, "teacher_vacancies"],
            "finding_year": [2023, 2023],
            "finding_reason": ["ШНОР 2022–2023", None],
            "measure": ["Наставник из резильентной школы", "Закрыть вакансии"],
            "responsible": ["Директор", None],
            "due_on": [dt.date(2024, 6, 1), dt.date(2025, 1, 15)],
            "status": ["in_progress", "done"],
            "completed_on": [None, dt.date(2024, 12, 20)],
            "comment": [None, "Ставка открыта"],
            "overdue": [True, False],
        }
    )


def _plan() -> pd.DataFrame:
    """Rows as data_access.findings.compensation_plan returns them."""
    return pd.DataFrame(
        {
            "indicator_code": ["teacher_vacancies", "teacher_vacancies"],
            "indicator": ["Вакансии педагогов", "Вакансии педагогов"],
            "value": [3.0, 3.0],
            "reference": [0.0, 0.0],
            "reference_kind": ["norm", "norm"],
            "shortfall": [3.0, 3.0],
            "measure_id": pd.array([13, 15], dtype="Int64"),
            "measure_code": ["deficit.staffing", "deficit.specialists"],
            "measure": ["Закрыть вакансии", "Психолог по договору"],
            "responsible_role": ["Управление образования", "Управление образования"],
            "duration_days": pd.array([365, 180], dtype="Int64"),
            "decision_id": pd.array([20, None], dtype="Int64"),
            "decision_status": ["in_progress", None],
            "due_on": [dt.date(2026, 3, 9), None],
        }
    )


def test_plan_frame_speaks_russian():
    frame = report.plan_frame(_decisions())
    assert list(frame.columns) == list(PLAN.values())
    assert list(frame[PLAN["number"]]) == [1, 2]
    assert frame[PLAN["school"]][1] == strings.PLAN_REPORT_WHOLE_MUNICIPALITY
    assert frame[PLAN["finding"]][0] == strings.PLAN_REPORT_FINDINGS["low_results"]
    assert frame[PLAN["finding"]][1].endswith(": teacher_vacancies")
    late = strings.PLAN_REPORT_OVERDUE.format(status=strings.PLAN_REPORT_STATUSES["in_progress"])
    assert list(frame[PLAN["status"]]) == [late, strings.PLAN_REPORT_STATUSES["done"]]


def _sheet_rows(data: bytes) -> tuple[str, list[tuple]]:
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    return sheet["A1"].value, rows


def _as_cells(value):
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def test_plan_workbook_rows_equal_the_frame():
    frame = report.plan_frame(_decisions())
    heading, rows = _sheet_rows(report.plan_xlsx("Карабашский ГО", frame, AS_OF))
    assert strings.PLAN_REPORT_TITLE in heading and "01.09.2024" in heading
    assert list(rows[0]) == list(frame.columns)
    expected = [tuple(_as_cells(v) for v in row) for row in frame.itertuples(index=False)]
    assert rows[1:] == expected


def test_compensation_workbook_rows_equal_the_frame():
    frame = report.compensation_frame(_plan())
    assert list(frame[PLAN_CELLS["decision"]]) == [
        strings.PLAN_REPORT_STATUSES["in_progress"],
        strings.COMPENSATION_REPORT_NO_DECISION,
    ]
    heading, rows = _sheet_rows(report.compensation_xlsx("МБОУ «СОШ № 10»", frame, AS_OF))
    assert strings.COMPENSATION_REPORT_TITLE in heading
    assert list(rows[0]) == list(frame.columns)
    expected = [tuple(_as_cells(v) for v in row) for row in frame.itertuples(index=False)]
    assert rows[1:] == expected


def _table_rows(fig) -> list[tuple]:
    return list(zip(*fig.data[0].cells["values"], strict=True))


def test_plan_pdf_table_holds_the_rows_as_text():
    frame = report.plan_frame(_decisions())
    fig = report.plan_figure("Карабашский ГО", frame, AS_OF)
    header = list(fig.data[0].header["values"])
    assert header == [PLAN[k] for k in report.PLAN_PDF_COLUMNS]
    rows = _table_rows(fig)
    assert rows[0] == (
        "1",
        "МБОУ «СОШ № 10»",
        strings.PLAN_REPORT_FINDINGS["low_results"],
        "Наставник из резильентной школы",
        "Директор",
        "01.06.2024",
        frame[PLAN["status"]][0],
    )
    assert rows[1][1] == strings.PLAN_REPORT_WHOLE_MUNICIPALITY and rows[1][4] == ""
    line = fig.layout.annotations[0].text
    assert strings.PLAN_REPORT_COUNT.format(n=2, overdue=1) in line


def test_compensation_pdf_table_holds_the_rows_as_text():
    frame = report.compensation_frame(_plan())
    rows = _table_rows(report.compensation_figure("Школа", frame, AS_OF))
    assert rows[0] == (
        "Вакансии педагогов",
        "3",
        "0",
        "3",
        "Закрыть вакансии",
        strings.PLAN_REPORT_STATUSES["in_progress"],
        "09.03.2026",
    )
    assert rows[1][5] == strings.COMPENSATION_REPORT_NO_DECISION and rows[1][6] == ""


def test_pdfs_are_pdfs():
    plan = report.plan_pdf("Карабашский ГО", report.plan_frame(_decisions()), AS_OF)
    compensation = report.compensation_pdf("Школа", report.compensation_frame(_plan()), AS_OF)
    assert plan.startswith(b"%PDF") and compensation.startswith(b"%PDF")
