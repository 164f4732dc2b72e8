"""Overview `/`: how much data the region holds and how municipalities compare.

Layout only; the procedure is restored from and written to `?kind=…&subject=…&grade=…&year=…`
by callbacks/overview.py."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Overview as ids
from dashboard.web.components import graph, page_header, picker

dash.register_page(__name__, path="/", name=strings.NAV["/"], order=0)


def layout(**_query):
    controls = dbc.Row(
        [
            picker(strings.LABEL_KIND, ids.KIND, 3, clearable=False),
            picker(strings.LABEL_SUBJECT, ids.SUBJECT, 3, clearable=False),
            picker(strings.LABEL_GRADE, ids.GRADE, 2, clearable=False),
            picker(strings.LABEL_YEAR, ids.YEAR, 2, clearable=False),
        ],
        className="g-2 mb-3",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.OVERVIEW_TITLE),
            dcc.Loading(html.Div(id=ids.COUNTS, className="mb-3")),
            controls,
            dbc.Row(
                [
                    dbc.Col(dbc.Card(dbc.CardBody(graph(ids.BY_MUNICIPALITY, height=480))), lg=6),
                    dbc.Col(dbc.Card(dbc.CardBody(graph(ids.MARKS, height=480))), lg=6),
                ],
                className="g-3 mb-2",
            ),
            html.P(id=ids.NOTE, className="small text-muted"),
            html.H2(strings.OVERVIEW_LATEST, className="h5 mt-4"),
            dcc.Loading(html.Div(id=ids.LATEST)),
        ]
    )
