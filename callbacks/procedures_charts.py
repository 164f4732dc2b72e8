"""`/procedures` charts, their data tables and the CSV / XLSX downloads.

Each chart callback listens only to the controls its chart uses, so changing the sort order
redraws one chart, not seven. Figures and tables come from callbacks.procedures_views.
"""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.procedures_query import Selection
from callbacks.procedures_views import build
from callbacks.registry import callback
from dashboard import strings
from dashboard.formatting import format_number
from dashboard.ids import Procedures as ids
from dashboard.reports import exports

PROCEDURE = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEARS)
YES = "да"
# Shown rows per table: schools × tasks runs to thousands of rows (megabytes of HTML); the
# download carries all of them.
TABLE_ROWS = 400


def table_block(frame: pd.DataFrame) -> html.Div | html.P:
    """The data behind a chart as a plain table, numbers in Russian format."""
    if frame.empty:
        return html.P(strings.NO_DATA, className="text-muted small mb-0")

    def cell(value) -> str:
        if isinstance(value, bool):
            return YES if value else ""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return format_number(value, 0 if float(value).is_integer() else 1)
        return "" if value is None or value is pd.NA else str(value)

    head = html.Thead(html.Tr([html.Th(c) for c in frame.columns]))
    shown = frame.head(TABLE_ROWS)
    body = html.Tbody([html.Tr([html.Td(cell(v)) for v in row]) for row in shown.itertuples(index=False)])
    more = (html.P(strings.PROC_TABLE_CUT.format(n=TABLE_ROWS, total=len(frame)), className="small text-muted")
            if len(frame) > TABLE_ROWS else None)
    return html.Div([more, html.Table([head, body], className="table table-sm table-striped small")],
                    style={"maxHeight": "420px", "overflowY": "auto"})


def _render(chart: str, selection: Selection):
    figure, frame = build(chart, selection)
    return figure, table_block(frame)


def _outputs(chart: str) -> list[Output]:
    return [Output(ids.graph(chart), "figure"), Output(ids.table(chart), "children")]


def _inputs(*names: str) -> list[Input]:
    return [Input(name, "value") for name in names]


@callback(*_outputs("histogram"), *_inputs(*PROCEDURE, ids.MUNICIPALITY))
def histogram_chart(kind, subject, grade, years, municipality):
    return _render("histogram", Selection.parse(kind, subject, grade, years, municipality=municipality))


@callback(*_outputs("box"), *_inputs(*PROCEDURE))
def box_chart(kind, subject, grade, years):
    return _render("box", Selection.parse(kind, subject, grade, years))


@callback(*_outputs("marks"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT))
def marks_chart(kind, subject, grade, years, unit, municipality, sort):
    return _render("marks", Selection.parse(kind, subject, grade, years, unit, municipality, sort))


@callback(*_outputs("means"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY))
def means_chart(kind, subject, grade, years, unit, municipality):
    return _render("means", Selection.parse(kind, subject, grade, years, unit, municipality))


@callback(*_outputs("slope"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY))
def slope_chart(kind, subject, grade, years, unit, municipality):
    return _render("slope", Selection.parse(kind, subject, grade, years, unit, municipality))


@callback(*_outputs("heatmap"), *_inputs(*PROCEDURE, ids.UNIT, ids.MUNICIPALITY))
def heatmap_chart(kind, subject, grade, years, unit, municipality):
    return _render("heatmap", Selection.parse(kind, subject, grade, years, unit, municipality))


@callback(*_outputs("pair"), *_inputs(ids.PAIR, ids.UNIT, ids.MUNICIPALITY))
def pair_chart(pair, unit, municipality):
    return _render("pair", Selection.parse(unit=unit, municipality=municipality, pair=pair))


BUTTONS = [(chart, fmt) for chart in ids.CHARTS for fmt in ("csv", "xlsx")]


@callback(
    Output(ids.DOWNLOAD, "data"),
    *[Input(ids.button(chart, fmt), "n_clicks") for chart, fmt in BUTTONS],
    *[State(name, "value") for name in (*PROCEDURE, ids.UNIT, ids.MUNICIPALITY, ids.SORT, ids.PAIR)],
    prevent_initial_call=True,
)
def download_table(*values):
    """The table of the clicked chart as formula-escaped CSV or XLSX."""
    clicks, state = values[:len(BUTTONS)], values[len(BUTTONS):]
    trigger = ctx.triggered_id if isinstance(ctx.triggered_id, str) else None
    wanted = {ids.button(c, f): (c, f, n) for (c, f), n in zip(BUTTONS, clicks, strict=True)}
    if trigger not in wanted or not inputs.integer(wanted[trigger][2], 1):
        raise PreventUpdate
    chart, fmt, _ = wanted[trigger]
    selection = Selection.parse(*state)
    _, frame = build(chart, selection)
    if frame.empty:
        raise PreventUpdate
    parts = [selection.kind, selection.subject, selection.grade, selection.year, chart]
    name = exports.safe_filename("_".join(str(p) for p in parts if p is not None), "procedures")
    if fmt == "csv":
        return dcc.send_bytes(exports.to_csv_bytes(frame), f"{name}.csv")
    return dcc.send_bytes(exports.to_xlsx_bytes(frame), f"{name}.xlsx")
