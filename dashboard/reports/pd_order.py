"""The plan-order for teachers' PD as files, in the layout a methodological centre sends: one
sheet per municipality (its lines and a total) and a summary sheet (a row per municipality and
the region's total), and a one-page PDF of the lines. Built from data_access.pd_order.plan, so
the totals equal the page's.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard import strings
from dashboard.formatting import format_date, format_number
from dashboard.reports import exports, profile_pdf
from dashboard.reports.decisions import table_figure

#: The PDF's columns (keys of strings.PD_ORDER_COLUMNS) and their widths.
PDF_COLUMNS = {
    "municipality": 0.18,
    "programme_code": 0.10,
    "title": 0.36,
    "hours_per_teacher": 0.09,
    "schools": 0.09,
    "teachers": 0.09,
    "hours": 0.09,
}
#: Columns summed in the total rows.
SUMMED = ("schools", "teachers", "hours")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _text(value: object) -> str | None:
    return None if _missing(value) else str(value)


def _number(value: object) -> int | None:
    return None if _missing(value) else int(value)


def _reasons(value: object) -> list[dict]:
    """The line's reasons: a list of dicts, or its JSON (a confirmed snapshot)."""
    if isinstance(value, str):
        value = json.loads(value)
    return list(value) if isinstance(value, list | tuple) else []


def reason_text(reason: Mapping, schools: Mapping[int, str] | None = None) -> str:
    """One reason in Russian: a skill deficit (with its gap) or a request (by number), then
    the school when known and present (viewers' reasons name none)."""
    if reason.get("kind") == "need":
        gap = format_number(reason.get("gap"), 1)
        grade = reason.get("grade")
        text = (
            strings.PD_ORDER_NEED_REASON.format(skill=reason.get("skill_code"), gap=gap)
            if _missing(grade)
            else strings.PD_ORDER_NEED_GRADE.format(
                skill=reason.get("skill_code"), grade=int(grade), gap=gap
            )
        )
    else:
        skill = reason.get("skill_code")
        text = (
            strings.PD_ORDER_REQUEST_REASON.format(id=reason.get("request_id"))
            if _missing(skill)
            else strings.PD_ORDER_REQUEST_SKILL.format(id=reason.get("request_id"), skill=skill)
        )
    school = (schools or {}).get(reason.get("school_id"))
    return f"{text}: {school}" if school else text


def _title(row: Mapping) -> str:
    if not _missing(row.get("title")):
        return str(row["title"])
    return strings.PD_ORDER_NO_PROGRAMME.format(subject=row.get("subject") or "")


def _municipality(row: Mapping) -> str:
    name = row.get("municipality")
    return strings.PD_ORDER_REGION if _missing(name) else str(name)


def lines_frame(plan: pd.DataFrame, schools: Mapping[int, str] | None = None) -> pd.DataFrame:
    """Every line of the plan with Russian column titles (no total row)."""
    cols = strings.PD_ORDER_COLUMNS
    rows = plan.reset_index(drop=True).to_dict("records")
    return pd.DataFrame(
        {
            cols["number"]: list(range(1, len(rows) + 1)),
            cols["municipality"]: [_municipality(r) for r in rows],
            cols["programme_code"]: [_text(r.get("programme_code")) for r in rows],
            cols["title"]: [_title(r) for r in rows],
            cols["provider"]: [_text(r.get("provider")) for r in rows],
            cols["subject"]: [_text(r.get("subject")) for r in rows],
            **{
                cols[k]: pd.array([_number(r.get(k)) for r in rows], dtype="Int64")
                for k in ("hours_per_teacher", *SUMMED)
            },
            cols["reasons"]: [
                "; ".join(reason_text(x, schools) for x in _reasons(r.get("reasons"))) for r in rows
            ],
        },
        columns=list(cols.values()),
    )


def _total(frame: pd.DataFrame, label_column: str, columns: Mapping[str, str]) -> pd.DataFrame:
    """`frame` with a last row «Итого»: the sums of SUMMED, the rest empty."""
    total = {c: None for c in frame.columns}
    total[label_column] = strings.PD_ORDER_TOTAL
    for key in SUMMED:
        total[columns[key]] = int(pd.to_numeric(frame[columns[key]]).fillna(0).sum())
    return pd.concat([frame, pd.DataFrame([total], columns=frame.columns)], ignore_index=True)


def _unique(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts and no other sheet holds."""
    base = exports.safe_sheet_name(name)
    candidate, k = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({k})"
        candidate, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(candidate.casefold())
    return candidate


def order_frames(
    plan: pd.DataFrame, *, schools: Mapping[int, str] | None = None
) -> dict[str, pd.DataFrame]:
    """The workbook's sheets by name: «Сводная» first (a row per municipality and «Итого»),
    then one per municipality (its lines, numbered from 1, and «Итого»). `schools` names the
    schools of the reasons (school_id → name); without it the reasons name none."""
    cols, sums = strings.PD_ORDER_COLUMNS, strings.PD_ORDER_SUMMARY_COLUMNS
    lines = lines_frame(plan, schools)
    municipality = cols["municipality"]
    summary_rows, sheets = [], {}
    taken = {strings.PD_ORDER_SUMMARY_SHEET.casefold()}
    for name, group in lines.groupby(municipality, sort=True):
        own = group.drop(columns=[municipality]).reset_index(drop=True)
        own[cols["number"]] = list(range(1, len(own) + 1))
        sheets[_unique(str(name), taken)] = _total(own, cols["title"], cols)
        summary_rows.append(
            {
                sums["municipality"]: name,
                sums["lines"]: len(own),
                **{sums[k]: int(pd.to_numeric(own[cols[k]]).fillna(0).sum()) for k in SUMMED},
            }
        )
    summary = pd.DataFrame(summary_rows, columns=list(sums.values()))
    summary = _total(summary, sums["municipality"], sums)
    summary.loc[len(summary) - 1, sums["lines"]] = len(lines)
    return {strings.PD_ORDER_SUMMARY_SHEET: summary, **sheets}


def _heading(year: int, as_of: dt.date, whose: str | None = None) -> str:
    title = strings.PD_ORDER_REPORT_TITLE.format(year=year)
    when = strings.PD_ORDER_REPORT_AS_OF.format(date=format_date(as_of))
    return ". ".join(p for p in (title, whose, when) if p)


def order_xlsx(
    plan: pd.DataFrame,
    year: int,
    as_of: dt.date,
    *,
    schools: Mapping[int, str] | None = None,
) -> bytes:
    """The plan-order as a workbook (order_frames): on each sheet the heading in the first row,
    the table from the third."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in order_frames(plan, schools=schools).items():
        ws = workbook.create_sheet(name)
        whose = None if name == strings.PD_ORDER_SUMMARY_SHEET else name
        exports.write_frame(ws, frame, start_row=3)
        heading = exports.escape_cell(_heading(year, as_of, whose))
        ws.cell(row=1, column=1, value=heading).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def order_figure(plan: pd.DataFrame, year: int, as_of: dt.date) -> go.Figure:
    """One A4 page: the heading, the totals and the first lines (the workbook holds all)."""
    cols = strings.PD_ORDER_COLUMNS
    lines = lines_frame(plan)
    line = strings.PD_ORDER_REPORT_COUNT.format(
        municipalities=lines[cols["municipality"]].nunique(),
        lines=len(lines),
        teachers=format_number(pd.to_numeric(lines[cols["teachers"]]).fillna(0).sum()),
        hours=format_number(pd.to_numeric(lines[cols["hours"]]).fillna(0).sum()),
    )
    widths = {cols[k]: w for k, w in PDF_COLUMNS.items()}
    return table_figure(_heading(year, as_of), line, lines, widths)


def order_pdf(plan: pd.DataFrame, year: int, as_of: dt.date) -> bytes:
    """The plan-order on one A4 page (the first rows; the workbook holds every line)."""
    return profile_pdf.to_pdf(order_figure(plan, year, as_of))
