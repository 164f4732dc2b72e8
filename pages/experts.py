"""Экспертное сообщество (`/experts`): the seed 004 KPI table with targets, its charts, the
annual monitoring report, and the expert registry with its add / edit / exclude form.

Layout only: every block is filled by callbacks/experts*.py; the target and registry forms are
shown by a callback only to `region` and `admin` (data_access refuses everyone else anyway).
The selection (date, year, municipality, indicator, registry filters) lives in the address.
The named registry is paged on the server (the grid asks for the rows it shows); the edit
form's picker is filled from what is typed.
"""

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import seeds, strings
from dashboard.ids import Experts as ids
from dashboard.web.components import date_picker, dropdown, graph, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/experts", name=strings.NAV["/experts"], order=5)

DIRECTIONS = [
    {"label": f"{code} {name}", "value": code} for code, name, _ in seeds.EXPERTISE_DIRECTIONS
]
INDICATORS = [
    {"label": f"{i.code} {i.measure[:90]}…", "value": i.code} for i in seeds.KPI_INDICATORS
]
STATUSES = [{"label": label, "value": code} for code, label in strings.EXPERTS_STATUSES.items()]


def _date(component_id: str, value=None) -> dcc.DatePickerSingle:
    return date_picker(component_id, date=value, placeholder=strings.EXPERTS_DATE_PLACEHOLDER)


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _controls() -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                labelled(strings.EXPERTS_AS_OF, _date(ids.AS_OF, dt.date.today().isoformat())), md=2
            ),
            dbc.Col(labelled(strings.EXPERTS_YEAR, dropdown(id=ids.YEAR, clearable=False)), md=2),
            dbc.Col(
                labelled(
                    strings.EXPERTS_MUNICIPALITY, dropdown(id=ids.MUNICIPALITY, clearable=False)
                ),
                md=4,
            ),
            dbc.Col(
                html.Div(
                    [
                        dbc.Button(
                            strings.EXPERTS_XLSX,
                            id=ids.XLSX_BUTTON,
                            color="primary",
                            size="sm",
                            className="me-2",
                        ),
                        dbc.Button(
                            strings.EXPERTS_PDF,
                            id=ids.PDF_BUTTON,
                            color="secondary",
                            size="sm",
                            outline=True,
                        ),
                        dcc.Loading(dcc.Download(id=ids.XLSX)),
                        dcc.Loading(dcc.Download(id=ids.PDF)),
                    ],
                    className="pt-4",
                ),
                md=4,
            ),
        ],
        className="g-2 mb-3",
    )


def _target_form() -> html.Div:
    return html.Div(
        [
            html.H3(strings.EXPERTS_TARGET_TITLE, className="h6 mt-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dropdown(
                            id=ids.TARGET_INDICATOR,
                            options=INDICATORS,
                            placeholder=strings.EXPERTS_KPI_COLUMNS["measure"],
                        ),
                        md=5,
                    ),
                    dbc.Col(
                        dropdown(
                            id=ids.TARGET_MUNICIPALITY, placeholder=strings.EXPERTS_MUNICIPALITY
                        ),
                        md=3,
                    ),
                    dbc.Col(
                        dbc.Input(
                            id=ids.TARGET_VALUE,
                            type="number",
                            placeholder=strings.EXPERTS_TARGET_VALUE,
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Button(
                            strings.EXPERTS_TARGET_SAVE,
                            id=ids.TARGET_SAVE,
                            color="primary",
                            size="sm",
                        ),
                        md=2,
                    ),
                ],
                className="g-2",
            ),
            html.Div(id=ids.TARGET_FEEDBACK, className="mt-2"),
        ],
        id=ids.TARGET_BOX,
        hidden=True,
    )


def _edit_form() -> html.Div:
    label = strings.EXPERTS_EDIT_LABELS
    field = [
        (label["code"], dbc.Input(id=ids.E_CODE, maxLength=30, autocomplete="off"), 3),
        (label["name"], dbc.Input(id=ids.E_NAME, maxLength=200, autocomplete="off"), 5),
        (label["municipality"], dropdown(id=ids.E_MUNICIPALITY), 4),
        (label["position"], dbc.Input(id=ids.E_POSITION, maxLength=200), 4),
        (label["directions"], dropdown(id=ids.E_DIRECTIONS, options=DIRECTIONS, multi=True), 8),
        (label["score"], dbc.Input(id=ids.E_SCORE, type="number", min=0, max=100, step=0.5), 3),
        (label["score_date"], _date(ids.E_SCORE_DATE), 3),
        (
            label["status"],
            dropdown(id=ids.E_STATUS, options=STATUSES, value="candidate", clearable=False),
            3,
        ),
        (label["status_date"], _date(ids.E_STATUS_DATE), 3),
    ]
    return html.Div(
        [
            html.H3(strings.EXPERTS_EDIT_TITLE, className="h6 mt-3"),
            labelled(
                strings.EXPERTS_EDIT_PICK,
                # options come from what is typed (callbacks/experts_registry.edit_choices)
                dropdown(id=ids.E_PICK, placeholder=strings.EXPERTS_EDIT_PICK_PLACEHOLDER),
            ),
            dbc.Row(
                [dbc.Col(labelled(text, control), md=width) for text, control, width in field],
                className="g-2 my-2",
            ),
            dbc.Button(strings.EXPERTS_SAVE, id=ids.E_SAVE, color="primary", className="me-2"),
            dbc.Button(strings.EXPERTS_EXCLUDE, id=ids.E_EXCLUDE, color="danger", outline=True),
            html.Div(id=ids.E_FEEDBACK, className="mt-2"),
        ],
        id=ids.EDIT_BOX,
        hidden=True,
    )


def _registry() -> dbc.Card:
    filters = dbc.Row(
        [
            dbc.Col(
                labelled(
                    strings.EXPERTS_FILTER_DIRECTION,
                    dropdown(id=ids.F_DIRECTION, options=DIRECTIONS),
                ),
                md=4,
            ),
            dbc.Col(labelled(strings.EXPERTS_MUNICIPALITY, dropdown(id=ids.F_MUNICIPALITY)), md=3),
            dbc.Col(
                labelled(
                    strings.EXPERTS_FILTER_STATUS, dropdown(id=ids.F_STATUS, options=STATUSES)
                ),
                md=2,
            ),
            dbc.Col(labelled(strings.EXPERTS_FILTER_YEAR, dropdown(id=ids.F_YEAR)), md=3),
        ],
        className="g-2 mb-2",
    )
    grids = html.Div(
        [
            html.Div(id=ids.REGISTRY),
            html.Div(
                data_grid(ids.COUNTS_GRID, page_size=10, class_name="experts-counts-table"),
                id=ids.COUNTS_BOX,
                hidden=True,
                className="mb-3",
            ),
            html.Div(
                data_grid(ids.NAMES_GRID, class_name="experts-registry-table", infinite=True),
                id=ids.NAMES_BOX,
                hidden=True,
            ),
        ]
    )
    return _card(
        strings.EXPERTS_REGISTRY_TITLE,
        filters,
        dcc.Loading(grids),
        _edit_form(),
        class_name="experts-registry",
    )


def layout(**_query):
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.EXPERTS_TITLE, strings.EXPERTS_SUBTITLE),
            dcc.Store(id=ids.CHANGED, data=0),
            dcc.Store(id=ids.EDITED, data=0),
            html.Div(id=ids.DENIED),
            _controls(),
            _card(
                strings.EXPERTS_KPI_TITLE,
                html.P(id=ids.KPI_NOTE, className="small text-muted"),
                dcc.Loading(html.Div(id=ids.KPI_TABLE)),
                _target_form(),
                class_name="experts-kpi",
            ),
            _card(
                strings.EXPERTS_TREND_TITLE,
                labelled(
                    strings.EXPERTS_KPI_COLUMNS["measure"],
                    dropdown(id=ids.INDICATOR, options=INDICATORS, clearable=False),
                ),  # value: from the address
                graph(ids.TREND, 380),
            ),
            _card(strings.EXPERTS_BREAKDOWN_CARD, dcc.Loading(html.Div(id=ids.BREAKDOWN))),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            strings.EXPERTS_FUNNEL_TITLE.format(p=seeds.QUALIFICATION_PASS_PERCENT),
                            graph(ids.FUNNEL, 380),
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        _card(
                            strings.EXPERTS_COVERAGE_TITLE,
                            graph(ids.COVERAGE, 620),
                            html.P(
                                [
                                    strings.EXPERTS_COVERAGE_NOTE,
                                    " ",
                                    html.Span(id=ids.COVERAGE_NOTE),
                                ],
                                className="small text-muted mb-0",
                            ),
                        ),
                        lg=7,
                    ),
                ],
                className="g-3",
            ),
            _registry(),
        ],
        className="experts-page",
    )
