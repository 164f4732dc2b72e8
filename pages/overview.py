"""Overview `/`: how much data the region holds and how municipalities compare."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Overview as ids
from dashboard.web.components import graph, labelled, page_header

dash.register_page(__name__, path="/", name=strings.NAV["/"], order=0)


def layout(**_query):
    controls = dbc.Row(
        [
            dbc.Col(labelled(strings.LABEL_KIND, dcc.Dropdown(id=ids.KIND, clearable=False)), md=3),
            dbc.Col(labelled(strings.LABEL_SUBJECT, dcc.Dropdown(id=ids.SUBJECT, clearable=False)), md=3),
            dbc.Col(labelled(strings.LABEL_GRADE, dcc.Dropdown(id=ids.GRADE, clearable=False)), md=2),
            dbc.Col(labelled(strings.LABEL_YEAR, dcc.Dropdown(id=ids.YEAR, clearable=False)), md=2),
        ],
        className="g-2 mb-3",
    )
    return html.Div(
        [
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
