"""Дорожные карты (`/roadmaps`): choose a roadmap; timeline, progress, filtered table, what is
due and overdue, the pilot programme's checklist and products, and the status report export.

Layout only: callbacks/roadmaps.py and callbacks/roadmaps_pilot.py fill every block; the
selection (roadmap, filters, report date) lives in the address (callbacks/roadmaps_query.py).
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.ids import Roadmaps as ids
from dashboard.web.components import date_picker, date_range, dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/roadmaps", name=strings.NAV["/roadmaps"], order=6)


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def layout(**_query):
    statuses = [{"label": name, "value": key} for key, name in strings.ROADMAP_STATUS_NAMES.items()]
    export = html.Div(
        [
            labelled(
                strings.ROADMAP_AS_OF,
                date_picker(ids.AS_OF),
            ),
            html.Button(
                strings.ROADMAP_EXPORT_XLSX,
                id=ids.XLSX_BUTTON,
                className="btn btn-outline-primary btn-sm ms-2 align-self-end",
            ),
            html.Button(
                strings.ROADMAP_EXPORT_PDF,
                id=ids.PDF_BUTTON,
                className="btn btn-outline-secondary btn-sm ms-2 align-self-end",
            ),
            dcc.Loading(dcc.Download(id=ids.DOWNLOAD)),
        ],
        className="d-flex flex-wrap align-items-end mb-3 no-print",
    )
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.ROADMAP_FILTER_EXECUTOR, dropdown(id=ids.EXECUTOR)), md=5),
            dbc.Col(
                labelled(
                    strings.ROADMAP_FILTER_STATUS,
                    dropdown(id=ids.STATUS, options=statuses, multi=True),
                ),
                md=3,
            ),
            dbc.Col(
                labelled(
                    strings.ROADMAP_FILTER_PERIOD,
                    date_range(ids.PERIOD, clearable=True),
                ),
                md=4,
            ),
        ],
        className="g-2 mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.ROADMAPS_TITLE, strings.ROADMAPS_SUBTITLE),
            dbc.Row(
                dbc.Col(
                    labelled(strings.ROADMAPS_PICK, dropdown(id=ids.ROADMAP, clearable=False)),
                    lg=8,
                ),
                className="mb-2",
            ),
            dcc.Loading(html.Div(id=ids.HEADER, className="mb-2")),
            export,
            _card(strings.ROADMAP_GANTT, dcc.Loading(dcc.Graph(id=ids.GANTT, config=GRAPH_CONFIG))),
            dbc.Row(
                [
                    dbc.Col(_card(strings.ROADMAP_OVERDUE, html.Div(id=ids.OVERDUE)), lg=6),
                    dbc.Col(
                        _card(
                            strings.ROADMAP_DUE_SOON.format(days=rules.ROADMAP_DUE_SOON_DAYS),
                            html.Div(id=ids.DUE_SOON),
                        ),
                        lg=6,
                    ),
                ],
                className="g-3",
            ),
            _card(strings.ROADMAP_PROGRESS, dcc.Loading(html.Div(id=ids.PROGRESS))),
            _card(
                strings.ROADMAP_TABLE,
                filters,
                html.P(id=ids.TABLE_COUNT, className="small text-muted"),
                # one row per (item, occurrence): see callbacks/roadmaps.py
                data_grid(ids.TABLE, class_name="roadmap-items", getRowId="params.data.row_id"),
            ),
            dcc.Loading(html.Div(id=ids.PILOT)),
        ]
    )
