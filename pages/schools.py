"""Школы (`/schools`): searchable, sortable list of named schools, filters and a map."""

import dash
import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from dashboard import strings
from dashboard.ids import Schools as ids
from dashboard.web.components import graph, labelled, page_header

dash.register_page(__name__, path="/schools", name=strings.NAV["/schools"], order=1)

TABLE_COLUMNS = ["school_code", "name", "municipality", "kind", "locality", "pupils", "vpr_mean",
                 "oge_maths", "adjusted_effect", "flags"]
NUMBER_FORMATS = {"pupils": ",.0f", "vpr_mean": ".1f", "oge_maths": ".1f", "adjusted_effect": "+.1f"}


def layout(**_query):
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.SCHOOLS_LABEL_MUNICIPALITY, dcc.Dropdown(id=ids.MUNICIPALITY, multi=True)), md=4),
            dbc.Col(labelled(strings.SCHOOLS_LABEL_KIND, dcc.Dropdown(id=ids.KIND, multi=True)), md=3),
            dbc.Col(labelled(strings.SCHOOLS_LABEL_LOCALITY, dcc.Dropdown(id=ids.LOCALITY, multi=True)), md=3),
        ],
        className="g-2 mb-2",
    )
    columns = [
        {"id": c, "name": strings.SCHOOLS_COLUMNS[c],
         **({"presentation": "markdown"} if c == "school_code" else {}),
         **({"type": "numeric", "format": {"specifier": NUMBER_FORMATS[c],
                                            "locale": {"decimal": ",", "group": "\u2009"}}}
            if c in NUMBER_FORMATS else {})}
        for c in TABLE_COLUMNS
    ]
    table = dash_table.DataTable(
        id=ids.TABLE, columns=columns, data=[], sort_action="native", filter_action="native",
        page_size=25, markdown_options={"link_target": "_self"},
        filter_options={"placeholder_text": "фильтр…", "case": "insensitive"},
        style_table={"overflowX": "auto"},
        style_cell={"fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "fontSize": "0.85rem", "textAlign": "left",
                    "whiteSpace": "normal", "height": "auto"},
        style_header={"fontWeight": "600", "fontFamily": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"},
    )
    body = html.Div(
        [
            filters,
            html.P(id=ids.COUNT, className="small text-muted"),
            dcc.Loading(table),
            html.H2(strings.SCHOOLS_MAP_TITLE, className="h5 mt-4"),
            dbc.Row(dbc.Col(labelled(strings.SCHOOLS_MAP_LABEL, dcc.Dropdown(
                id=ids.MAP_COLOUR, clearable=False, value="vpr_mean",
                options=[{"label": v, "value": k} for k, v in strings.SCHOOLS_MAP_COLOURS.items()])), md=4),
                className="mb-2"),
            graph(ids.MAP, 520),
            html.P(strings.SCHOOLS_MAP_NOTE, id=ids.MAP_NOTE, className="small text-muted"),
        ],
        id=ids.BODY,
    )
    return html.Div([page_header(strings.SCHOOLS_TITLE, strings.SCHOOLS_SUBTITLE),
                     html.Div(id=ids.DENIED), body])
