"""A roadmap's status report as of a date: XLSX (three sheets) and a one-page A4 PDF.

The statuses are replayed from the history up to the chosen date (analytics.status_as_of),
so a report «на 01.01.2023» says what was known then, not what is known today. An item due
several times (every year, or in several periods) is reported once per occurrence, each with
its own dates and status, and its history rows name the occurrence.
"""

from __future__ import annotations

import datetime as dt
import io
import numbers

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font
from plotly.subplots import make_subplots

from dashboard import strings
from dashboard.analytics import roadmap_progress
from dashboard.figures import roadmaps as roadmap_views
from dashboard.figures import template as figures
from dashboard.figures.roadmaps import short
from dashboard.formatting import format_bool, format_date, format_number
from dashboard.reports import exports, profile_pdf


def report_frames(
    items: pd.DataFrame, history: pd.DataFrame, as_of: dt.date
) -> dict[str, pd.DataFrame]:
    """Summary by section, items (occurrences) with their status as of the date, history up
    to the date."""
    state = roadmap_progress.status_as_of(items, history, as_of)
    labels = roadmap_views.occurrence_labels(state)
    summary = roadmap_views.progress_table(
        roadmap_progress.progress(state, as_of), always_undated=True
    )
    item_cols = strings.ROADMAP_ITEM_COLUMNS
    table = pd.DataFrame(
        {
            item_cols["number"]: state["number"],
            item_cols["occurrence"]: labels,
            strings.ITEM_FIELDS["section"]: state["section"],
            item_cols["title"]: state["title"],
            item_cols["executors"]: state["executors"],
            item_cols["period_text"]: state["period_text"],
            strings.ITEM_FIELDS["dates"]: [
                f"{format_date(s, missing='')} — {format_date(d, missing='')}"
                for s, d in zip(state["starts_on"], state["due_on"], strict=True)
            ],
            item_cols["status"]: [strings.ROADMAP_OUTCOME_NAMES[o] for o in state["outcome"]],
            strings.ITEM_FIELDS["completed_on"]: [
                format_date(c, missing="") for c in state["completed_on"]
            ],
            strings.ITEM_FIELDS["expected_result"]: state["expected_result"],
        }
    )
    cutoff = pd.Timestamp(as_of + dt.timedelta(days=1), tz="UTC")
    known = history[history["changed_at"] < cutoff] if not history.empty else history
    numbers = dict(zip(items["item_id"], items["number"], strict=True))
    named = {}
    if "occurrence" in state and "occurrence" in known:
        named = {
            (int(i), int(o)): label
            for i, o, label in zip(state["item_id"], state["occurrence"], labels, strict=True)
            if label
        }
    log = roadmap_views.history_table(
        known, missing="", occurrences=named if "occurrence" in known else None
    )
    log.insert(0, item_cols["number"], [numbers.get(i, "") for i in known["item_id"]])
    return {"summary": summary, "items": table, "history": log, "state": state}


def to_xlsx(title: str, frames: dict[str, pd.DataFrame], as_of: dt.date) -> bytes:
    """Three sheets; the first row of each names the roadmap and the date, the table starts
    on the third (Russian format: exports.write_frame)."""
    heading = f"{title}. {strings.ROADMAP_REPORT_TITLE.format(date=format_date(as_of))}"
    workbook = Workbook()
    workbook.remove(workbook.active)
    for key in ("summary", "items", "history"):
        ws = workbook.create_sheet(exports.safe_sheet_name(strings.ROADMAP_REPORT_SHEETS[key]))
        exports.write_frame(ws, frames[key], start_row=3)
        ws.cell(row=1, column=1, value=exports.escape_cell(heading)).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_cell(value: object) -> str:
    """A table cell of the PDF in the one Russian format: whole numbers as they are, shares
    with one decimal and a decimal comma, «Да» / «Нет», '' for a missing value."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return format_bool(value)
    if isinstance(value, numbers.Number):
        whole = isinstance(value, numbers.Integral) or float(value).is_integer()
        return format_number(value, 0 if whole else 1)
    return figures.safe_label(value)


def report_figure(title: str, frames: dict[str, pd.DataFrame], as_of: dt.date) -> go.Figure:
    """One A4 page: heading, summary line, shares by section, and the item list."""
    state = frames["state"]
    counts = {o: int((state["outcome"] == o).sum()) for o in roadmap_progress.OUTCOMES}
    line = strings.ROADMAP_REPORT_SUMMARY.format(
        items=roadmap_views.item_count(state),
        occurrences=len(state),
        on_time=counts["done_on_time"],
        late=counts["done_late"],
        overdue=counts["overdue"],
        cancelled=counts["cancelled"],
    )
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.22, 0.78],
        vertical_spacing=0.03,
        specs=[[{"type": "table"}], [{"type": "table"}]],
    )
    summary = frames["summary"].copy()
    summary.iloc[:, 0] = [short(s, 60) for s in summary.iloc[:, 0]]
    fig.add_table(
        header={"values": [figures.safe_label(c) for c in summary.columns], "font": {"size": 8}},
        cells={
            "values": [[pdf_cell(v) for v in summary[c]] for c in summary.columns],
            "font": {"size": 8},
            "align": "left",
        },
        columnwidth=[0.34] + [0.11] * (len(summary.columns) - 1),
        row=1,
        col=1,
    )
    items = frames["items"]
    keep = [strings.ROADMAP_ITEM_COLUMNS[k] for k in ("number", "title", "period_text", "status")]
    keep.append(strings.ITEM_FIELDS["completed_on"])
    widths = [0.06, 0.54, 0.16, 0.14, 0.10]
    title_column = strings.ROADMAP_ITEM_COLUMNS["title"]
    year = strings.ROADMAP_ITEM_COLUMNS["occurrence"]
    if year in items and items[year].astype(bool).any():  # some item is due more than once
        keep.insert(1, year)
        widths = [0.06, 0.09, 0.45, 0.16, 0.14, 0.10]
    fig.add_table(
        header={"values": [figures.safe_label(c) for c in keep], "font": {"size": 8}},
        cells={
            "values": [
                [pdf_cell(short(v, 90) if c == title_column else v) for v in items[c]] for c in keep
            ],
            "font": {"size": 7},
            "align": "left",
            "height": 18,
        },
        columnwidth=widths,
        row=2,
        col=1,
    )
    heading = (
        f"<b>{figures.safe_label(short(title, 110))}</b><br>"
        f"{strings.ROADMAP_REPORT_TITLE.format(date=format_date(as_of))}<br>"
        f"{figures.safe_label(line)}"
    )
    return profile_pdf.a4_page(fig, heading, lines=3)


def to_pdf(title: str, frames: dict[str, pd.DataFrame], as_of: dt.date) -> bytes:
    return profile_pdf.to_pdf(report_figure(title, frames, as_of))
