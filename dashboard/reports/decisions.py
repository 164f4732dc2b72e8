"""The decision plans as files: a municipality's «план мероприятий по результатам оценочных
процедур» and a school's plan of compensation of deficits of conditions, each as XLSX (real
numbers and dates, Russian format: reports.exports) and as a one-page A4 PDF.

The frames are built from what data_access returns (decisions.list_decisions,
findings.compensation_plan) with the columns the page shows, so the files equal the page.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard import strings
from dashboard.figures import template as figures
from dashboard.figures.roadmaps import short
from dashboard.formatting import format_date
from dashboard.reports import exports, profile_pdf
from dashboard.reports.roadmaps import pdf_cell

#: Rows an A4 page holds at the PDF's row height; the XLSX always holds every row.
PDF_ROWS = 40
#: The PDF's columns of each plan (keys of the strings' column titles) and their widths.
PLAN_PDF_COLUMNS = {
    "number": 0.04,
    "school": 0.17,
    "finding": 0.15,
    "measure": 0.28,
    "responsible": 0.13,
    "due_on": 0.09,
    "status": 0.14,
}
COMPENSATION_PDF_COLUMNS = {
    "indicator": 0.24,
    "value": 0.08,
    "reference": 0.08,
    "shortfall": 0.08,
    "measure": 0.32,
    "decision": 0.11,
    "due_on": 0.09,
}


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _date(value: object) -> dt.date | None:
    """A date cell: dates stay dates (the XLSX formats them), missing ones None."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _finding(kind: object, detail: object) -> str:
    name = strings.PLAN_REPORT_FINDINGS.get(str(kind), str(kind))
    return name if _missing(detail) or not str(detail) else f"{name}: {detail}"


def _status(status: object, overdue: object) -> str:
    name = strings.PLAN_REPORT_STATUSES.get(str(status), str(status))
    return strings.PLAN_REPORT_OVERDUE.format(status=name) if overdue is True else name


def plan_frame(decisions: pd.DataFrame) -> pd.DataFrame:
    """The plan's table (Russian column titles) from data_access.decisions.list_decisions."""
    cols = strings.PLAN_REPORT_COLUMNS
    rows = decisions.reset_index(drop=True)
    overdue = rows["overdue"] if "overdue" in rows else pd.Series(False, index=rows.index)
    # a deficit's indicator by its name (list_decisions gives it), else the detail as stored
    named = "finding_detail_name" if "finding_detail_name" in rows else "finding_detail"
    details = rows[named]
    return pd.DataFrame(
        {
            cols["number"]: list(range(1, len(rows) + 1)),
            cols["municipality"]: rows["municipality"].tolist(),
            cols["school"]: [
                strings.PLAN_REPORT_WHOLE_MUNICIPALITY if _missing(s) else s for s in rows["school"]
            ],
            cols["finding"]: [
                _finding(k, d) for k, d in zip(rows["finding"], details, strict=True)
            ],
            cols["finding_year"]: [None if _missing(y) else int(y) for y in rows["finding_year"]],
            cols["finding_reason"]: [None if _missing(r) else r for r in rows["finding_reason"]],
            cols["measure"]: rows["measure"].tolist(),
            cols["responsible"]: [None if _missing(r) else r for r in rows["responsible"]],
            cols["due_on"]: [_date(d) for d in rows["due_on"]],
            cols["status"]: [
                _status(s, bool(o) if not _missing(o) else False)
                for s, o in zip(rows["status"], overdue, strict=True)
            ],
            cols["completed_on"]: [_date(d) for d in rows["completed_on"]],
            cols["comment"]: [None if _missing(c) else c for c in rows["comment"]],
        }
    )


def compensation_frame(plan: pd.DataFrame) -> pd.DataFrame:
    """The compensation plan's table (Russian column titles) from
    data_access.findings.compensation_plan: one row per deficit and measure."""
    cols = strings.COMPENSATION_REPORT_COLUMNS
    rows = plan.reset_index(drop=True)
    return pd.DataFrame(
        {
            cols["indicator"]: rows["indicator"].tolist(),
            cols["value"]: rows["value"].astype("float64").tolist(),
            cols["reference"]: rows["reference"].astype("float64").tolist(),
            cols["reference_kind"]: [
                strings.PROFILE_REFERENCE_KINDS.get(str(k), str(k)) for k in rows["reference_kind"]
            ],
            cols["shortfall"]: rows["shortfall"].astype("float64").tolist(),
            cols["measure"]: [None if _missing(m) else m for m in rows["measure"]],
            cols["responsible_role"]: [
                None if _missing(r) else r for r in rows["responsible_role"]
            ],
            cols["duration_days"]: [None if _missing(d) else int(d) for d in rows["duration_days"]],
            cols["decision"]: [
                strings.COMPENSATION_REPORT_NO_DECISION
                if _missing(s)
                else strings.PLAN_REPORT_STATUSES.get(str(s), str(s))
                for s in rows["decision_status"]
            ],
            cols["due_on"]: [_date(d) for d in rows["due_on"]],
        }
    )


def _heading(report: str, title: str, as_of: dt.date) -> str:
    return f"{report}. {title}. {strings.PLAN_REPORT_AS_OF.format(date=format_date(as_of))}"


def _xlsx(heading: str, sheet: str, frame: pd.DataFrame) -> bytes:
    """One sheet: the heading in the first row, the table from the third."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = exports.safe_sheet_name(sheet)
    exports.write_frame(ws, frame, start_row=3)
    ws.cell(row=1, column=1, value=exports.escape_cell(heading)).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plan_xlsx(title: str, frame: pd.DataFrame, as_of: dt.date) -> bytes:
    """The plan (plan_frame) as a workbook; `title` names whose plan it is."""
    heading = _heading(strings.PLAN_REPORT_TITLE, title, as_of)
    return _xlsx(heading, strings.PLAN_REPORT_TITLE, frame)


def compensation_xlsx(title: str, frame: pd.DataFrame, as_of: dt.date) -> bytes:
    """The compensation plan (compensation_frame) as a workbook; `title` names the school."""
    heading = _heading(strings.COMPENSATION_REPORT_TITLE, title, as_of)
    return _xlsx(heading, strings.COMPENSATION_REPORT_TITLE, frame)


def _cell(value: object) -> str:
    """A PDF cell: dates as 31.12.2024, the rest in the roadmap report's one Russian format,
    long text shortened."""
    if isinstance(value, dt.date):
        return format_date(value)
    return pdf_cell(short(value, 120) if isinstance(value, str) else value)


def table_figure(
    heading: str, line: str, frame: pd.DataFrame, widths: dict[str, float]
) -> go.Figure:
    """One A4 page: the heading, a summary line and the table's first PDF_ROWS rows in the
    columns `widths` names (column titles of the frame)."""
    shown = frame.head(PDF_ROWS)
    fig = go.Figure(
        go.Table(
            header={"values": [figures.safe_label(c) for c in widths], "font": {"size": 8}},
            cells={
                "values": [[_cell(v) for v in shown[c]] for c in widths],
                "font": {"size": 7},
                "align": "left",
                "height": 18,
            },
            columnwidth=list(widths.values()),
        )
    )
    text = f"<b>{figures.safe_label(short(heading, 130))}</b><br>{figures.safe_label(line)}"
    return profile_pdf.a4_page(fig, text, lines=2)


def plan_figure(title: str, frame: pd.DataFrame, as_of: dt.date) -> go.Figure:
    cols = strings.PLAN_REPORT_COLUMNS
    overdue = strings.PLAN_REPORT_OVERDUE.format(status="")
    late = int(frame[cols["status"]].astype(str).str.endswith(overdue).sum()) if len(frame) else 0
    line = strings.PLAN_REPORT_COUNT.format(n=len(frame), overdue=late)
    widths = {cols[k]: w for k, w in PLAN_PDF_COLUMNS.items()}
    return table_figure(_heading(strings.PLAN_REPORT_TITLE, title, as_of), line, frame, widths)


def compensation_figure(title: str, frame: pd.DataFrame, as_of: dt.date) -> go.Figure:
    cols = strings.COMPENSATION_REPORT_COLUMNS
    decided = frame[cols["decision"]] != strings.COMPENSATION_REPORT_NO_DECISION
    line = strings.COMPENSATION_REPORT_COUNT.format(
        deficits=frame[cols["indicator"]].nunique(),
        measures=int(frame[cols["measure"]].notna().sum()),
        decided=int(decided.sum()),
    )
    widths = {cols[k]: w for k, w in COMPENSATION_PDF_COLUMNS.items()}
    heading = _heading(strings.COMPENSATION_REPORT_TITLE, title, as_of)
    return table_figure(heading, line, frame, widths)


def plan_pdf(title: str, frame: pd.DataFrame, as_of: dt.date) -> bytes:
    """The plan on one A4 page (the first PDF_ROWS rows; the workbook holds all)."""
    return profile_pdf.to_pdf(plan_figure(title, frame, as_of))


def compensation_pdf(title: str, frame: pd.DataFrame, as_of: dt.date) -> bytes:
    """The compensation plan on one A4 page (the first PDF_ROWS rows)."""
    return profile_pdf.to_pdf(compensation_figure(title, frame, as_of))
