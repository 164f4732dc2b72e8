"""Школы (`/schools`): searchable, sortable list of named schools, filters and a map.

Layout only; the filters are restored from and written to `?municipality=…&kind=…` by
callbacks/schools.py, which also answers the grid's pages (no query here). The list is paged
on the server (the grid asks for the rows it shows); the map is drawn when its tab is opened."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Schools as ids
from dashboard.web.components import dropdown, graph, labelled
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/schools", name=strings.NAV["/schools"], order=1)


def _filter(label: str, component_id: str, width: int) -> dbc.Col:
    return dbc.Col(labelled(label, dropdown(id=component_id, multi=True)), md=width)


def layout(**_query):
    filters = dbc.Row(
        [
            _filter(strings.SCHOOLS_LABEL_MUNICIPALITY, ids.MUNICIPALITY, 4),
            _filter(strings.SCHOOLS_LABEL_KIND, ids.KIND, 3),
            _filter(strings.SCHOOLS_LABEL_LOCALITY, ids.LOCALITY, 3),
        ],
        className="g-2 mb-2 oko-filter-bar",
    )
    colours = dropdown(
        id=ids.MAP_COLOUR,
        clearable=False,
        value="vpr_mean",
        options=[{"label": v, "value": k} for k, v in strings.SCHOOLS_MAP_COLOURS.items()],
    )
    grid = data_grid(ids.TABLE, page_size=25, class_name="schools-grid", infinite=True)
    school_map = [
        html.H2(strings.SCHOOLS_MAP_TITLE, className="h5 mt-3"),
        dbc.Row(dbc.Col(labelled(strings.SCHOOLS_MAP_LABEL, colours), md=4), className="mb-2"),
        graph(ids.MAP, 520),
        html.P(strings.SCHOOLS_MAP_NOTE, id=ids.MAP_NOTE, className="small text-muted"),
    ]
    tabs = dbc.Tabs(
        [
            dbc.Tab(
                html.Div(grid, className="pt-2"), label=strings.SCHOOLS_TAB_LIST, tab_id="list"
            ),
            dbc.Tab(school_map, label=strings.SCHOOLS_TAB_MAP, tab_id="map"),
        ],
        id=ids.TABS,
        active_tab="list",
    )
    body = html.Div(
        [
            filters,
            html.Div(id=ids.FIND_MINE, className="mb-2"),
            html.P(id=ids.COUNT, className="small text-muted"),
            tabs,
        ],
        id=ids.BODY,
        hidden=True,
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Location(id=ids.GO, refresh="callback-nav"),
            html.Div(
                [
                    html.H1(strings.SCHOOLS_TITLE, className="h3 mb-1"),
                    # filled by role: a viewer is told nothing about clicks it cannot make
                    html.P(id=ids.SUBTITLE, className="text-muted"),
                ],
                className="mb-3",
            ),
            html.Div(id=ids.DENIED),
            body,
        ]
    )
