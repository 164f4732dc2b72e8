"""Эффективность системы оценки (`/decisions/effectiveness`): seed 002's «критерии и показатели
эффективности оценки качества образования» computed from the data, each with its formula, its
trend over years and its target; and the effect of the adopted measures next cycle.

Layout only: callbacks/decisions_effectiveness*.py fill every block and show the target form
only to `region` and `admin` (data_access.effectiveness refuses everyone else anyway). A
sub-page of /decisions (like /roadmaps/item under /roadmaps): reached from the /decisions page,
not a navbar item of its own. The selection (year, municipality, criterion) lives in the
address.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import Effectiveness as ids
from dashboard.web.components import dropdown, graph, labelled, page_header

dash.register_page(
    __name__, path="/decisions/effectiveness", name=strings.EFFECTIVENESS_TITLE, order=7
)


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _controls() -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(
                labelled(
                    strings.EFFECTIVENESS_YEAR,
                    dropdown(id=ids.YEAR, clearable=False, searchable=False),
                ),
                md=2,
            ),
            dbc.Col(
                labelled(
                    strings.EFFECTIVENESS_PLACE, dropdown(id=ids.MUNICIPALITY, clearable=False)
                ),
                md=4,
            ),
        ],
        className="g-2 mb-3",
    )


def _target_form() -> html.Div:
    return html.Div(
        [
            html.H3(strings.EFFECTIVENESS_TARGET_TITLE, className="h6 mt-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dropdown(
                            id=ids.TARGET_CRITERION,
                            placeholder=strings.EFFECTIVENESS_COLUMNS["criterion"],
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        dropdown(id=ids.TARGET_MUNICIPALITY, clearable=False),
                        md=3,
                    ),
                    dbc.Col(
                        dropdown(
                            id=ids.TARGET_YEAR,
                            clearable=False,
                            searchable=False,
                            placeholder=strings.EFFECTIVENESS_YEAR,
                        ),
                        md=1,
                    ),
                    dbc.Col(
                        dbc.Input(
                            id=ids.TARGET_VALUE,
                            type="number",
                            placeholder=strings.EFFECTIVENESS_TARGET_VALUE,
                        ),
                        md=2,
                    ),
                    dbc.Col(
                        dbc.Button(
                            strings.EFFECTIVENESS_TARGET_SAVE,
                            id=ids.TARGET_SAVE,
                            color="primary",
                            size="sm",
                        ),
                        md=2,
                    ),
                ],
                className="g-2",
            ),
            html.P(strings.EFFECTIVENESS_TARGET_HINT, className="small text-muted mt-1 mb-0"),
            html.Div(id=ids.TARGET_FEEDBACK, className="mt-2"),
        ],
        id=ids.TARGET_BOX,
        hidden=True,
    )


def _effects() -> dbc.Card:
    return _card(
        strings.EFFECTIVENESS_EFFECT_TITLE,
        dbc.Alert(strings.EFFECTIVENESS_ASSOCIATION, color="info", className="small effect-caveat"),
        html.P(id=ids.EFFECT_NOTE, className="small text-muted"),
        graph(ids.FOREST, 420),
        dcc.Loading(html.Div(id=ids.EFFECT_TABLE, className="table-responsive")),
        html.Div(
            [
                html.H3(strings.EFFECTIVENESS_DECISIONS_TITLE, className="h6 mt-3"),
                dcc.Loading(html.Div(id=ids.DECISIONS_TABLE, className="table-responsive")),
            ],
            id=ids.DECISIONS_BOX,
            hidden=True,
        ),
        class_name="effectiveness-effects",
    )


def layout(**_query):
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Link(strings.EFFECTIVENESS_BACK, href="/decisions", className="small no-print"),
            page_header(strings.EFFECTIVENESS_TITLE, strings.EFFECTIVENESS_SUBTITLE),
            dcc.Store(id=ids.CHANGED, data=0),
            _controls(),
            _card(
                strings.EFFECTIVENESS_CRITERIA_TITLE,
                html.P(id=ids.CRITERIA_NOTE, className="small text-muted"),
                dcc.Loading(html.Div(id=ids.CRITERIA_TABLE, className="table-responsive")),
                _target_form(),
                class_name="effectiveness-criteria",
            ),
            _card(
                strings.EFFECTIVENESS_TREND_TITLE,
                labelled(
                    strings.EFFECTIVENESS_COLUMNS["criterion"],
                    dropdown(id=ids.CRITERION, clearable=False),
                ),
                graph(ids.TREND, 420),
            ),
            _effects(),
        ],
        className="effectiveness-page",
    )
