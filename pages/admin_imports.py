"""Импорт данных (`/admin/imports`): choose a kind, upload a file, read the check, confirm.

Admin only: data_access.imports refuses everyone else, and callbacks/admin_imports.py then
shows the "no access" alert and keeps the form hidden. The chosen kind lives in the address.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import AdminImports as ids
from dashboard.ingest.schemas import KINDS
from dashboard.web.components import dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/admin/imports", name=strings.NAV["/admin/imports"], order=9)

UPLOADABLE = tuple(KINDS)


def _form() -> dbc.Card:
    kinds = [{"label": KINDS[k].title, "value": k} for k in UPLOADABLE]
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            labelled(
                                strings.IMPORTS_KIND,
                                dropdown(id=ids.KIND, options=kinds, clearable=False),
                            ),
                            md=6,
                        ),
                        dbc.Col(
                            labelled(strings.IMPORTS_SHEET, dbc.Input(id=ids.SHEET, maxLength=100)),
                            md=6,
                        ),
                    ],
                    className="g-2 mb-3",
                ),
                dcc.Upload(
                    html.Div(strings.IMPORTS_DROP),
                    id=ids.UPLOAD,
                    multiple=False,
                    accept=".csv,.txt,.xlsx",
                    className="border border-2 rounded p-4 text-center text-muted",
                    style={"borderStyle": "dashed", "cursor": "pointer"},
                ),
                html.P(id=ids.LIMIT_NOTE, className="small text-muted mt-2"),
                dcc.Loading(
                    html.Div(
                        [
                            html.Div(id=ids.REPORT, className="mt-3"),
                            html.Div(id=ids.PREVIEW, className="mt-3"),
                        ]
                    )
                ),
                dbc.Button(
                    strings.IMPORTS_CONFIRM,
                    id=ids.CONFIRM,
                    color="primary",
                    disabled=True,
                    className="mt-2",
                ),
                dcc.Loading(html.Div(id=ids.RESULT, className="mt-3")),
                html.Div(
                    dbc.Progress(
                        id=ids.PROGRESS, value=0, striped=True, animated=True, className="mt-2"
                    ),
                    id=ids.PROGRESS_BOX,
                    hidden=True,
                ),
                html.Div(id=ids.JOB_REPORT, className="mt-2"),
            ]
        ),
        className="mb-4",
    )


def layout(**_query):
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.IMPORTS_TITLE, strings.IMPORTS_SUBTITLE),
            dcc.Store(id=ids.DONE, data=0),
            html.Div(id=ids.DENIED),
            html.Div(
                [
                    _form(),
                    html.H2(strings.IMPORTS_RUNS, className="h5"),
                    html.P(
                        strings.IMPORTS_NONE, id=ids.RUNS_EMPTY, className="text-muted", hidden=True
                    ),
                    dcc.Loading(data_grid(ids.RUNS)),
                ],
                id=ids.BODY,
                hidden=True,  # shown once data access lets the user in
            ),
        ]
    )
