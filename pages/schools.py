"""Школы (`/schools`): searchable, sortable list of named schools, filters and a map.

Layout only; the filters are restored from and written to `?municipality=…&kind=…` by
callbacks/schools.py, which also fills the grid (no query here)."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Schools as ids
from dashboard.web.components import graph, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/schools", name=strings.NAV["/schools"], order=1)


def _filter(label: str, component_id: str, width: int) -> dbc.Col:
    return dbc.Col(labelled(label, dcc.Dropdown(id=component_id, multi=True)), md=width)


def layout(**_query):
    filters = dbc.Row(
        [
            _filter(strings.SCHOOLS_LABEL_MUNICIPALITY, ids.MUNICIPALITY, 4),
            _filter(strings.SCHOOLS_LABEL_KIND, ids.KIND, 3),
            _filter(strings.SCHOOLS_LABEL_LOCALITY, ids.LOCALITY, 3),
        ],
        className="g-2 mb-2",
    )
    colours = dcc.Dropdown(
        id=ids.MAP_COLOUR,
        clearable=False,
        value="vpr_mean",
        options=[{"label": v, "value": k} for k, v in strings.SCHOOLS_MAP_COLOURS.items()],
    )
    body = html.Div(
        [
            filters,
            html.P(id=ids.COUNT, className="small text-muted"),
            dcc.Loading(data_grid(ids.TABLE, page_size=25, class_name="schools-grid")),
            html.H2(strings.SCHOOLS_MAP_TITLE, className="h5 mt-4"),
            dbc.Row(dbc.Col(labelled(strings.SCHOOLS_MAP_LABEL, colours), md=4), className="mb-2"),
            graph(ids.MAP, 520),
            html.P(strings.SCHOOLS_MAP_NOTE, id=ids.MAP_NOTE, className="small text-muted"),
        ],
        id=ids.BODY,
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.SCHOOLS_TITLE, strings.SCHOOLS_SUBTITLE),
            html.Div(id=ids.DENIED),
            body,
        ]
    )
