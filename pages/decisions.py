"""Управленческие решения (`/decisions`): the findings OKO computes, the decisions adopted on
them (history, comments, statuses, the municipality's plan export, roadmap items), the matrix
of recommended measures and each school's plan compensating its deficits of conditions.

Layout only: callbacks/decisions*.py fill every block and hide the forms from those who may
not use them (data_access refuses them anyway); the selection lives in the address
(callbacks/decisions_query.py).
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.ids import Decisions as ids
from dashboard.models.decisions import DECISION_STATUSES, FINDING_KINDS, MEASURE_LEVELS
from dashboard.web.components import date_picker, dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/decisions", name=strings.NAV["/decisions"], order=7)

TEXT_MAX = 2000


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _options(names: dict[str, str], keys) -> list[dict]:
    return [{"label": names[k], "value": k} for k in keys]


def _switch(component_id: str, label: str) -> dbc.Checklist:
    return dbc.Checklist(
        id=component_id,
        options=[{"label": label, "value": "1"}],
        value=[],
        switch=True,
        className="small",
    )


def _button(text: str, component_id: str, outline: bool = False) -> dbc.Button:
    return dbc.Button(text, id=component_id, color="primary", outline=outline, className="mt-2")


def _adopt_form() -> html.Div:
    return _card(
        strings.ADOPT_TITLE,
        html.P(strings.ADOPT_PICK_FIRST, id=ids.ADOPT_FINDING, className="decisions-adopt-for"),
        dbc.Row(
            [
                dbc.Col(labelled(strings.ADOPT_MEASURE, dropdown(id=ids.MEASURE)), lg=7),
                dbc.Col(
                    labelled(
                        strings.ADOPT_MEASURE_TEXT,
                        dbc.Input(id=ids.MEASURE_TEXT, maxLength=TEXT_MAX),
                    ),
                    lg=5,
                ),
            ],
            className="g-2 mb-2",
        ),
        dbc.Row(
            [
                dbc.Col(
                    labelled(
                        strings.ADOPT_RESPONSIBLE, dbc.Input(id=ids.RESPONSIBLE, maxLength=200)
                    ),
                    md=6,
                ),
                dbc.Col(labelled(strings.ADOPT_DUE, date_picker(ids.DUE_ON)), md=6),
            ],
            className="g-2 mb-2",
        ),
        labelled(strings.ADOPT_COMMENT, dbc.Textarea(id=ids.ADOPT_COMMENT, maxLength=TEXT_MAX)),
        _button(strings.ADOPT_BUTTON, ids.ADOPT),
        html.Div(id=ids.ADOPT_FEEDBACK, className="mt-2"),
        dcc.Store(id=ids.ADOPT_KEY),
    )


def _findings_tab() -> html.Div:
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.FINDINGS_YEAR, dropdown(id=ids.YEAR, clearable=False)), md=2),
            dbc.Col(
                labelled(
                    strings.FINDINGS_KIND,
                    dropdown(
                        id=ids.KIND, options=_options(strings.FINDING_KIND_NAMES, FINDING_KINDS)
                    ),
                ),
                md=5,
            ),
            dbc.Col(
                labelled(
                    strings.FINDINGS_LEVEL,
                    dropdown(
                        id=ids.LEVEL,
                        options=_options(strings.FINDING_LEVEL_NAMES, strings.FINDING_LEVEL_NAMES),
                    ),
                ),
                md=2,
            ),
            dbc.Col(
                _switch(ids.UNDECIDED, strings.FINDINGS_UNDECIDED),
                md=3,
                className="d-flex align-items-end",
            ),
        ],
        className="g-2 mb-2",
    )
    named = html.Div(
        [
            filters,
            html.P(id=ids.FINDINGS_COUNT, className="small text-muted mb-1"),
            data_grid(ids.FINDINGS, class_name="decisions-findings", getRowId="params.data.key"),
            html.Div(_adopt_form(), id=ids.ADOPT_BOX, hidden=True, className="mt-3"),
        ],
        id=ids.FINDINGS_BOX,
        hidden=True,
    )
    return html.Div([named, dcc.Loading(html.Div(id=ids.FINDINGS_COUNTS))], className="pt-3")


def _status_form() -> html.Div:
    return html.Div(
        [
            html.H3(strings.DECISION_STATUS_SAVE, className="h6 mt-3"),
            dbc.Row(
                [
                    dbc.Col(
                        labelled(
                            strings.DECISION_NEW_STATUS,
                            dropdown(id=ids.NEW_STATUS, clearable=False, searchable=False),
                        ),
                        md=4,
                    ),
                    dbc.Col(
                        labelled(strings.DECISION_COMPLETED_ON, date_picker(ids.COMPLETED_ON)),
                        md=4,
                    ),
                ],
                className="g-2 mb-2",
            ),
            labelled(
                strings.DECISION_STATUS_COMMENT,
                dbc.Input(id=ids.STATUS_COMMENT, maxLength=TEXT_MAX),
            ),
            _button(strings.DECISION_STATUS_SAVE, ids.STATUS_SAVE),
            html.Div(id=ids.STATUS_FEEDBACK, className="mt-2"),
        ],
        id=ids.STATUS_BOX,
        hidden=True,
    )


def _card_forms() -> html.Div:
    comment = html.Div(
        [
            labelled(strings.DECISION_COMMENT, dbc.Textarea(id=ids.COMMENT, maxLength=TEXT_MAX)),
            _button(strings.DECISION_COMMENT_SAVE, ids.COMMENT_SAVE, outline=True),
            html.Div(id=ids.COMMENT_FEEDBACK, className="mt-2"),
        ],
        id=ids.COMMENT_BOX,
        hidden=True,
        className="mt-3",
    )
    roadmap = html.Div(
        [
            html.H3(strings.DECISION_TO_ROADMAP_SAVE, className="h6 mt-3"),
            labelled(strings.DECISION_TO_ROADMAP, dropdown(id=ids.ROADMAP)),
            _button(strings.DECISION_TO_ROADMAP_SAVE, ids.TO_ROADMAP, outline=True),
            html.Div(id=ids.ROADMAP_FEEDBACK, className="mt-2"),
        ],
        id=ids.ROADMAP_BOX,
        hidden=True,
    )
    return html.Div([comment, _status_form(), roadmap])


def _decisions_tab() -> html.Div:
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.DECISIONS_MUNICIPALITY, dropdown(id=ids.MUNICIPALITY)), md=4),
            dbc.Col(
                labelled(
                    strings.DECISIONS_STATUS,
                    dropdown(
                        id=ids.STATUS,
                        options=_options(strings.DECISION_STATUS_NAMES, DECISION_STATUSES),
                        multi=True,
                    ),
                ),
                md=5,
            ),
            dbc.Col(
                _switch(ids.OVERDUE_ONLY, strings.DECISIONS_OVERDUE_ONLY),
                md=3,
                className="d-flex align-items-end",
            ),
        ],
        className="g-2 mb-2",
    )
    export = html.Div(
        [
            html.Button(
                strings.DECISIONS_PLAN_XLSX, id=ids.XLSX, className="btn btn-outline-primary btn-sm"
            ),
            html.Button(
                strings.DECISIONS_PLAN_PDF,
                id=ids.PDF,
                className="btn btn-outline-secondary btn-sm ms-2",
            ),
            dcc.Loading(dcc.Download(id=ids.DOWNLOAD)),
        ],
        className="mb-2 no-print",
    )
    named = html.Div(
        [
            filters,
            export,
            html.P(id=ids.LIST_COUNT, className="small text-muted mb-1"),
            data_grid(ids.LIST, class_name="decisions-list", getRowId="params.data.decision_id"),
            _card(
                strings.DECISION_CARD_PICK,
                dcc.Loading(html.Div(id=ids.CARD)),
                html.Div(id=ids.CARD_HISTORY),
                _card_forms(),
                class_name="mt-3 decisions-card",
            ),
        ],
        id=ids.LIST_BOX,
        hidden=True,
    )
    return html.Div(
        [
            named,
            _card(
                strings.DECISIONS_CHART_TITLE,
                dcc.Loading(dcc.Graph(id=ids.CHART, config=GRAPH_CONFIG)),
                html.Div(id=ids.COUNTS),
            ),
        ],
        className="pt-3",
    )


def _matrix_form() -> html.Div:
    levels = _options(strings.MEASURE_LEVEL_NAMES, MEASURE_LEVELS)
    return _card(
        strings.MATRIX_EDIT,
        dbc.Row(
            [
                dbc.Col(labelled(strings.MATRIX_PICK, dropdown(id=ids.MATRIX_PICK)), md=6),
                dbc.Col(
                    labelled(
                        strings.MATRIX_KIND,
                        dropdown(
                            id=ids.MATRIX_KIND,
                            options=_options(strings.FINDING_KIND_NAMES, FINDING_KINDS),
                        ),
                    ),
                    md=6,
                ),
            ],
            className="g-2 mb-2",
        ),
        labelled(strings.MATRIX_TITLE, dbc.Textarea(id=ids.MATRIX_TITLE, maxLength=TEXT_MAX)),
        dbc.Row(
            [
                dbc.Col(
                    labelled(strings.MATRIX_LEVEL, dropdown(id=ids.MATRIX_LEVEL, options=levels)),
                    md=3,
                ),
                dbc.Col(
                    labelled(strings.MATRIX_ROLE, dbc.Input(id=ids.MATRIX_ROLE, maxLength=200)),
                    md=4,
                ),
                dbc.Col(
                    labelled(
                        strings.MATRIX_DAYS,
                        dbc.Input(id=ids.MATRIX_DAYS, type="number", min=1, max=1095, step=1),
                    ),
                    md=2,
                ),
                dbc.Col(
                    labelled(strings.MATRIX_INDICATOR, dropdown(id=ids.MATRIX_INDICATOR)), md=3
                ),
            ],
            className="g-2 my-2",
        ),
        labelled(strings.MATRIX_APPLIES, dropdown(id=ids.MATRIX_APPLIES, multi=True)),
        _switch(ids.MATRIX_ACTIVE, strings.MATRIX_ACTIVE),
        _button(strings.MATRIX_SAVE, ids.MATRIX_SAVE),
        html.Div(id=ids.MATRIX_FEEDBACK, className="mt-2"),
        html.H3(strings.MATRIX_HISTORY, className="h6 mt-3"),
        html.Div(id=ids.MATRIX_HISTORY),
    )


def _matrix_tab() -> html.Div:
    return html.Div(
        [
            html.P(strings.MATRIX_NOTE, className="small text-muted"),
            _switch(ids.MATRIX_INACTIVE, strings.MATRIX_SHOW_INACTIVE),
            data_grid(ids.MATRIX, class_name="decisions-matrix"),
            html.Div(_matrix_form(), id=ids.MATRIX_EDIT, hidden=True, className="mt-3"),
        ],
        className="pt-3",
    )


def _compensation_tab() -> html.Div:
    return html.Div(
        [
            html.P(strings.COMPENSATION_NOTE, className="small text-muted"),
            dbc.Row(
                dbc.Col(labelled(strings.COMPENSATION_SCHOOL, dropdown(id=ids.PLAN_SCHOOL)), lg=8),
                className="mb-2",
            ),
            html.Div(
                [
                    html.Button(
                        strings.COMPENSATION_XLSX,
                        id=ids.PLAN_XLSX,
                        className="btn btn-outline-primary btn-sm",
                    ),
                    html.Button(
                        strings.COMPENSATION_PDF,
                        id=ids.PLAN_PDF,
                        className="btn btn-outline-secondary btn-sm ms-2",
                    ),
                    dcc.Loading(dcc.Download(id=ids.PLAN_DOWNLOAD)),
                ],
                className="mb-2 no-print",
            ),
            dcc.Loading(html.Div(id=ids.PLAN)),
            html.Div(
                _button(strings.COMPENSATION_ADOPT, ids.PLAN_ADOPT, outline=True),
                id=ids.PLAN_ADOPT_BOX,
            ),
            html.Div(id=ids.PLAN_FEEDBACK, className="mt-2"),
        ],
        className="pt-3",
    )


def layout(**_query):
    tabs = dbc.Tabs(
        [
            dbc.Tab(_findings_tab(), label=strings.DECISIONS_TABS["findings"], tab_id="findings"),
            dbc.Tab(
                _decisions_tab(), label=strings.DECISIONS_TABS["decisions"], tab_id="decisions"
            ),
            dbc.Tab(_matrix_tab(), label=strings.DECISIONS_TABS["matrix"], tab_id="matrix"),
            dbc.Tab(
                _compensation_tab(),
                label=strings.DECISIONS_TABS["compensation"],
                tab_id="compensation",
                id=ids.PLAN_TAB,
            ),
        ],
        id=ids.TABS,
        active_tab="findings",  # until the address's tab is restored
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.CHANGED, data=0),
            dcc.Store(id=ids.DECISION),
            page_header(strings.DECISIONS_TITLE, strings.DECISIONS_SUBTITLE),
            html.P(
                dcc.Link(
                    strings.DECISIONS_EFFECTIVENESS_LINK,
                    href="/decisions/effectiveness",
                    className="decisions-effectiveness-link",
                ),
                className="mb-1",
            ),
            html.P(id=ids.ROLE_NOTE, className="small text-muted"),
            tabs,
        ]
    )
