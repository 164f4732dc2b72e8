"""Overview `/`: how much data the region holds and how municipalities compare; a municipality
user and a director see their own municipality or school first, the region as the comparison.

Layout only; the procedure is restored from and written to `?kind=…&subject=…&grade=…&year=…`
by callbacks/overview.py, which also fills the title (whose overview it is) and turns a click
on a bar into a visit of the municipality's results or the own school's profile."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Overview as ids
from dashboard.web.components import graph, picker

dash.register_page(__name__, path="/", name=strings.NAV["/"], order=0)


def _chart(title: str, component_id: str) -> dbc.Col:
    """One chart, one title: the card's (the figure itself has none)."""
    return dbc.Col(
        dbc.Card(dbc.CardBody([html.H2(title, className="h6 mb-1"), graph(component_id, 480)])),
        lg=6,
    )


def layout(**_query):
    controls = dbc.Row(
        [
            picker(strings.LABEL_KIND, ids.KIND, 3, clearable=False),
            picker(strings.LABEL_SUBJECT, ids.SUBJECT, 3, clearable=False),
            picker(strings.LABEL_GRADE, ids.GRADE, 2, clearable=False),
            picker(strings.LABEL_YEAR, ids.YEAR, 2, clearable=False),
        ],
        className="g-2 mb-2 oko-filter-bar",
    )
    show_all = html.Div(
        dbc.Switch(id=ids.SHOW_ALL, value=False, label=""),
        id=ids.SHOW_ALL_BOX,
        hidden=True,
        className="mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Location(id=ids.GO, refresh="callback-nav"),
            html.Div(
                [
                    html.H1(strings.OVERVIEW_TITLE_SHORT, id=ids.TITLE, className="h3 mb-1"),
                    html.P(id=ids.SUBTITLE, className="text-muted"),
                ],
                className="mb-3",
            ),
            dcc.Loading(html.Div(id=ids.HOME)),
            dcc.Loading(html.Div(id=ids.COUNTS, className="mb-3")),
            controls,
            show_all,
            dbc.Row(
                [
                    _chart(strings.OVERVIEW_BY_MUNICIPALITY, ids.BY_MUNICIPALITY),
                    _chart(strings.OVERVIEW_MARKS, ids.MARKS),
                ],
                className="g-3 mb-2",
            ),
            html.P(id=ids.HINT, className="small text-muted mb-1"),
            html.P(id=ids.NOTE, className="small text-muted"),
            html.H2(strings.OVERVIEW_LATEST, className="h5 mt-4"),
            dcc.Loading(html.Div(id=ids.LATEST)),
        ]
    )
