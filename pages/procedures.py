"""Procedure comparison (`/procedures`): one procedure across schools, municipalities and
years, and the same cohort in two procedures. Layout only; the selection is read from and
written to the query string by callbacks/procedures.py (no query here)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.ids import Procedures as ids
from dashboard.web.components import labelled, page_header

dash.register_page(__name__, path="/procedures", name=strings.NAV["/procedures"], order=2)


def _chart(chart: str, height: int = 460) -> html.Div:
    """A chart with its data table behind a toggle and CSV / XLSX downloads."""
    return html.Div(
        [
            # Figures set their own height (one row per school), so the graph is not stretched.
            dcc.Loading(dcc.Graph(id=ids.graph(chart), config={**GRAPH_CONFIG, "responsive": "auto"},
                                  style={"minHeight": f"{height}px"})),
            html.Div(
                [
                    html.Button(strings.PROC_CSV, id=ids.button(chart, "csv"),
                                className="btn btn-outline-secondary btn-sm me-2"),
                    html.Button(strings.PROC_XLSX, id=ids.button(chart, "xlsx"),
                                className="btn btn-outline-secondary btn-sm"),
                ],
                className="mt-1 mb-1",
            ),
            html.Details([html.Summary(strings.PROC_TABLE, className="small"),
                          dcc.Loading(html.Div(id=ids.table(chart), className="procedures-table"))]),
        ],
        className=f"procedures-chart procedures-{chart}",
    )


def _card(*children) -> dbc.Card:
    return dbc.Card(dbc.CardBody(list(children)), className="mb-3")


def layout(**_query):
    procedure = dbc.Row(
        [
            dbc.Col(labelled(strings.LABEL_KIND, dcc.Dropdown(id=ids.KIND, clearable=False)), md=2),
            dbc.Col(labelled(strings.LABEL_SUBJECT, dcc.Dropdown(id=ids.SUBJECT, clearable=False)), md=3),
            dbc.Col(labelled(strings.LABEL_GRADE, dcc.Dropdown(id=ids.GRADE, clearable=False)), md=2),
            dbc.Col(labelled(strings.PROC_LABEL_YEARS, dcc.Dropdown(id=ids.YEARS, multi=True)), md=5),
        ],
        className="g-2 mb-2",
    )
    view = dbc.Row(
        [
            dbc.Col(labelled(strings.PROC_LABEL_UNIT, dcc.RadioItems(id=ids.UNIT, inline=True,
                                                                     inputClassName="me-1",
                                                                     labelClassName="me-3")), md=3),
            dbc.Col(labelled(strings.PROC_LABEL_MUNICIPALITY, dcc.Dropdown(id=ids.MUNICIPALITY)), md=5),
            dbc.Col(labelled(strings.PROC_LABEL_SORT, dcc.Dropdown(
                id=ids.SORT, clearable=False,
                options=[{"label": v, "value": k} for k, v in strings.PROC_SORTS.items()])), md=4),
        ],
        className="g-2 mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.PROC_TITLE, strings.PROC_SUBTITLE),
            procedure,
            view,
            html.P(id=ids.NOTE, className="small text-muted"),
            _card(dbc.Row([dbc.Col(_chart("histogram", 420), lg=6), dbc.Col(_chart("box", 420), lg=6)],
                          className="g-2")),
            _card(_chart("marks", 520)),
            _card(_chart("means", 560)),
            _card(_chart("slope", 520)),
            _card(_chart("heatmap", 560)),
            _card(labelled(strings.PROC_LABEL_PAIR, dcc.Dropdown(id=ids.PAIR, clearable=False)),
                  _chart("pair", 560)),
            dcc.Download(id=ids.DOWNLOAD),
        ],
        className="procedures-page",
    )
