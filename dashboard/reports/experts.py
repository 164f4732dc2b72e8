"""The annual monitoring report of seed 004 (analysis due 15 August): XLSX with the indicator
table and the per-municipality breakdown, and a one-page PDF summary drawn by plotly/kaleido.

Both are built from the same `indicator_rows` the page shows, so the numbers cannot drift.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from dashboard import strings
from dashboard.figures.experts import ROW_COLUMNS, indicator_rows, interpreted_codes, kpi_cells
from dashboard.formatting import MINUS, format_date, format_datetime, local_time
from dashboard.reports.exports import escape_cell, number_format

STATUS_FILL = {"met": "C6EFCE", "close": "FFEB9C", "not_met": "FFC7CE"}


def _sheet_rows(ws, header: list[str], rows: list[list], widths: list[int]) -> None:
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        # An empty cell, not NaN: Excel shows a float NaN as an error.
        ws.append([None if isinstance(v, float) and pd.isna(v) else escape_cell(v) for v in row])
    for k, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + k)].width = width


def _number_formats(ws, row: int, counts: tuple[int, ...], values: tuple[int, ...], unit) -> None:
    """Counts as whole numbers, values and targets with the page's decimals (one for %)."""
    for column in counts:
        ws.cell(row, column).number_format = number_format(0, grouped=False)
    for column in values:
        ws.cell(row, column).number_format = number_format(1 if unit == "%" else 0, grouped=False)


def _interpreted() -> str:
    return strings.EXPERTS_REPORT_INTERPRETED.format(codes=", ".join(interpreted_codes()))


def generated_text(moment: dt.datetime) -> str:
    """When the report was made, in the region's time zone with its UTC offset."""
    local = local_time(moment)
    minutes = int(local.utcoffset().total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    offset = f"{MINUS if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{format_datetime(moment)} (UTC{offset})"


def xlsx_report(
    table: pd.DataFrame, year: int, as_of: dt.date, places: pd.DataFrame, login: str
) -> bytes:
    """Sheets: parameters, the region's indicator table, values per municipality."""
    wb = Workbook()
    sheets = strings.EXPERTS_REPORT_SHEETS
    params = wb.active
    params.title = sheets["params"]
    p = strings.EXPERTS_REPORT_PARAMS
    for row in (
        [strings.EXPERTS_REPORT_TITLE],
        [p["year"], year],
        [p["as_of"], format_date(as_of)],
        [p["generated"], generated_text(dt.datetime.now(dt.UTC))],
        [p["by"], escape_cell(login)],
        [p["rule"], strings.EXPERTS_REPORT_RULE],
        [p["interpretation"], _interpreted()],
    ):
        params.append(row)
    params.column_dimensions["A"].width, params.column_dimensions["B"].width = 22, 70

    ws = wb.create_sheet(sheets["table"])
    cols = strings.EXPERTS_KPI_COLUMNS
    rows = indicator_rows(table, year, 0)
    _sheet_rows(
        ws,
        [cols[c] for c in ROW_COLUMNS],
        [
            [
                r.code,
                r.criterion,
                r.measure,
                r.unit,
                r.formula,
                r.numerator,
                r.denominator,
                r.value if r.value is not None else strings.NO_DATA,
                r.target,
                strings.EXPERTS_STATUS[r.status],
            ]
            for r in rows.itertuples()
        ],
        [6, 40, 70, 6, 50, 12, 12, 12, 10, 16],
    )
    for k, r in enumerate(rows.itertuples(), start=2):
        _number_formats(ws, k, (6, 7), (8, 9), r.unit)
        if r.status in STATUS_FILL:
            ws.cell(k, 10).fill = PatternFill("solid", fgColor=STATUS_FILL[r.status])
        for c in (2, 3, 5):
            ws.cell(k, c).alignment = Alignment(wrap_text=True, vertical="top")

    wsb = wb.create_sheet(sheets["breakdown"])
    header = [
        strings.EXPERTS_MUNICIPALITY,
        cols["code"],
        cols["numerator"],
        cols["denominator"],
        cols["value"],
        cols["target"],
        cols["status"],
    ]
    out = []
    for place in places.itertuples():
        for r in indicator_rows(table, year, int(place.id)).itertuples():
            out.append(
                [
                    place.name,
                    r.code,
                    r.numerator,
                    r.denominator,
                    r.value if r.value is not None else strings.NO_DATA,
                    r.target,
                    strings.EXPERTS_STATUS[r.status],
                ]
            )
    _sheet_rows(wsb, header, out, [36, 6, 12, 12, 12, 10, 16])
    units = dict(zip(rows["code"], rows["unit"], strict=True))
    for k, row in enumerate(out, start=2):
        _number_formats(wsb, k, (3, 4), (5, 6), units.get(row[1], ""))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def pdf_summary(table: pd.DataFrame, year: int, as_of: dt.date, funnel: pd.DataFrame) -> bytes:
    """One A4 page: the region's nine indicators with targets and statuses, and the funnel
    (the frame of `figures.experts.funnel_view`: stage, experts)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from dashboard.figures import template as figures
    from dashboard.reports.profile_pdf import A4_HEIGHT, A4_WIDTH, to_pdf

    cells, _ = kpi_cells(indicator_rows(table, year, 0))
    cols = strings.EXPERTS_KPI_COLUMNS
    fig = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.6, 0.4],
        vertical_spacing=0.06,
        specs=[[{"type": "table"}], [{"type": "funnel"}]],
    )
    short = [
        figures.safe_label(m if len(m) <= 120 else m[:119] + "…") for m in cells[cols["measure"]]
    ]
    fig.add_table(
        header={"values": strings.EXPERTS_PDF_COLUMNS, "font": {"size": 9}},
        cells={
            "values": [
                cells[cols["code"]],
                short,
                *(
                    cells[cols[c]]
                    for c in ("numerator", "denominator", "value", "target", "status")
                ),
            ],
            "font": {"size": 8},
            "align": "left",
            "height": 44,
        },
        columnwidth=[0.05, 0.55, 0.07, 0.07, 0.08, 0.06, 0.12],
        row=1,
        col=1,
    )
    stage, experts = (strings.EXPERTS_FUNNEL_COLUMNS[c] for c in ("stage", "experts"))
    fig.add_trace(go.Funnel(y=funnel[stage], x=funnel[experts], textinfo="value"), row=2, col=1)
    title = (
        f"<b>{strings.EXPERTS_REPORT_TITLE}</b><br>{strings.EXPERTS_REPORT_PARAMS['year']}: "
        f"{year} · {strings.EXPERTS_REPORT_PARAMS['as_of']}: {format_date(as_of)}. "
        f"{strings.EXPERTS_REPORT_RULE}<br>{_interpreted()}"
    )
    fig.update_layout(
        template=figures.TEMPLATE,
        width=A4_WIDTH,
        height=A4_HEIGHT,
        title={"text": title, "font": {"size": 12}, "x": 0.02},
        margin={"l": 30, "r": 30, "t": 90, "b": 30},
        font={"size": 10},
    )
    fig.update_xaxes(domain=[0.34, 1.0], row=2, col=1)  # stage names sit left of the funnel
    return to_pdf(fig)
