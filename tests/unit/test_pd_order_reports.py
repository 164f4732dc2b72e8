"""The plan-order as files: one sheet per municipality and «Сводная», whose totals equal the
plan's sums, and a PDF that is a PDF."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from dashboard import strings
from dashboard.reports import pd_order as report

AS_OF = dt.date(2025, 3, 1)
COLS = strings.PD_ORDER_COLUMNS
SUMS = strings.PD_ORDER_SUMMARY_COLUMNS


def _plan() -> pd.DataFrame:
    """Rows as data_access.pd_order.plan returns them (the contract's columns)."""
    need = {"kind": "need", "school_id": 1, "subject": "math", "grade": 5, "skill_code": "D"}
    return pd.DataFrame(
        {
            "municipality_id": pd.array([10, 10, 10, 20], dtype="Int64"),
            "municipality": ["Карабашский ГО", "Карабашский ГО", "Карабашский ГО", "Кыштымский ГО"],
            "programme_id": pd.array([1, 2, None, 3], dtype="Int64"),
            "programme_code": ["M-02", "M-01", None, "R-01"],
            "title": ["Математика: умения A и D", "Математика: умение D", None, "Русский язык"],
            "provider": ["ЧИППКРО", "ЧИППКРО", None, "ЧелГУ"],
            "subject": ["математика", "математика", "математика", "русский язык"],
            "hours_per_teacher": pd.array([36, 24, None, 72], dtype="Int64"),
            "schools": [2, 1, 1, 2],
            "teachers": [8, 3, 1, 5],
            "hours": pd.array([288, 72, None, 360], dtype="Int64"),
            "reasons": [
                [
                    {**need, "gap": -25.0},
                    {"kind": "request", "request_id": 102, "school_id": 7, "skill_code": "A"},
                ],
                [{**need, "school_id": 5, "gap": -12.5}],
                [{"kind": "request", "request_id": 103, "school_id": 5, "skill_code": None}],
                [],
            ],
        }
    )


SCHOOLS = {1: "МБОУ «СОШ № 1»", 5: "МБОУ «СОШ № 5»", 7: "МБОУ «СОШ № 7»"}


def _sheets(data: bytes) -> dict[str, tuple[str, list[tuple]]]:
    book = load_workbook(io.BytesIO(data))
    return {
        ws.title: (ws["A1"].value, list(ws.iter_rows(min_row=3, values_only=True)))
        for ws in book.worksheets
    }


def _column(rows: list[tuple], title: str) -> list:
    k = list(rows[0]).index(title)
    return [r[k] for r in rows[1:]]


def test_workbook_has_a_summary_and_one_sheet_per_municipality():
    sheets = _sheets(report.order_xlsx(_plan(), 2025, AS_OF, schools=SCHOOLS))
    assert list(sheets) == [strings.PD_ORDER_SUMMARY_SHEET, "Карабашский ГО", "Кыштымский ГО"]
    heading = sheets["Карабашский ГО"][0]
    assert strings.PD_ORDER_REPORT_TITLE.format(year=2025) in heading
    assert "Карабашский ГО" in heading and "01.03.2025" in heading


def test_totals_of_each_municipality_sheet_equal_the_plans_sums():
    plan = _plan()
    sheets = _sheets(report.order_xlsx(plan, 2025, AS_OF))
    for mid, name in ((10, "Карабашский ГО"), (20, "Кыштымский ГО")):
        own = plan[plan["municipality_id"] == mid]
        rows = sheets[name][1]
        # the lines, then «Итого» in the programme column
        assert _column(rows, COLS["title"])[-1] == strings.PD_ORDER_TOTAL
        assert _column(rows, COLS["number"]) == [*range(1, len(own) + 1), None]
        for key in ("schools", "teachers", "hours"):
            values = _column(rows, COLS[key])
            assert values[-1] == int(own[key].fillna(0).sum())
            assert sum(v or 0 for v in values[:-1]) == values[-1]
    # by hand: Карабашский: teachers 8 + 3 + 1 = 12, hours 288 + 72 = 360 (no programme, no
    # hours); Кыштымский: 5 teachers, 360 hours.
    assert _column(sheets["Карабашский ГО"][1], COLS["teachers"])[-1] == 12
    assert _column(sheets["Карабашский ГО"][1], COLS["hours"])[-1] == 360


def test_summary_totals_equal_the_plans_sums():
    plan = _plan()
    rows = _sheets(report.order_xlsx(plan, 2025, AS_OF))[strings.PD_ORDER_SUMMARY_SHEET][1]
    assert list(rows[0]) == list(SUMS.values())
    assert _column(rows, SUMS["municipality"]) == [
        "Карабашский ГО",
        "Кыштымский ГО",
        strings.PD_ORDER_TOTAL,
    ]
    assert _column(rows, SUMS["lines"]) == [3, 1, 4]
    for key in ("schools", "teachers", "hours"):
        per_municipality = plan.groupby("municipality")[key].sum().tolist()
        assert _column(rows, SUMS[key]) == [*per_municipality, int(plan[key].fillna(0).sum())]
    # by hand: teachers 12 + 5 = 17, hours 360 + 360 = 720, schools (2 + 1 + 1) + 2 = 6
    # (a school is counted on each of its lines)
    assert _column(rows, SUMS["teachers"])[-1] == 17
    assert _column(rows, SUMS["hours"])[-1] == 720
    assert _column(rows, SUMS["schools"])[-1] == 6


def test_lines_speak_russian_and_name_the_reasons():
    frames = report.order_frames(_plan(), schools=SCHOOLS)
    own = frames["Карабашский ГО"]
    assert own[COLS["title"]][2] == strings.PD_ORDER_NO_PROGRAMME.format(subject="математика")
    first = own[COLS["reasons"]][0]
    need = strings.PD_ORDER_NEED_GRADE.format(skill="D", grade=5, gap="\u221225,0")
    request = strings.PD_ORDER_REQUEST_SKILL.format(id=102, skill="A")
    assert first == f"{need}: {SCHOOLS[1]}; {request}: {SCHOOLS[7]}"
    request = strings.PD_ORDER_REQUEST_REASON.format(id=103)
    assert own[COLS["reasons"]][2] == f"{request}: {SCHOOLS[5]}"
    # without school names (a viewer's file) the reasons name no school
    plain = report.order_frames(_plan())["Карабашский ГО"][COLS["reasons"]][1]
    assert plain == strings.PD_ORDER_NEED_GRADE.format(skill="D", grade=5, gap="\u221212,5")


def test_a_municipality_name_too_long_or_repeated_still_makes_a_sheet():
    plan = _plan()
    long = "Муниципальное образование: очень длинное название района"
    plan["municipality"] = [long, long, long, long[:31] + " другое"]
    names = list(report.order_frames(plan))
    assert len(names) == 3 and all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == 3


def test_pdf_table_holds_the_lines_and_the_file_is_a_pdf():
    fig = report.order_figure(_plan(), 2025, AS_OF)
    header = list(fig.data[0].header["values"])
    assert header == [COLS[k] for k in report.PDF_COLUMNS]
    rows = list(zip(*fig.data[0].cells["values"], strict=True))
    assert rows[0] == ("Карабашский ГО", "M-02", "Математика: умения A и D", "36", "2", "8", "288")
    assert rows[2][-1] == ""
    line = fig.layout.annotations[0].text
    assert "17" in line and "720" in line
    assert report.order_pdf(_plan(), 2025, AS_OF).startswith(b"%PDF")
