"""План-заказ на повышение квалификации (`/training`): the need from skill results, the
programme base, schools' requests, the plan-order by municipality (confirmation, XLSX/PDF)
and what followed the training.

Layout only: callbacks/training*.py fill every block and hide the forms from those who may
not use them (data_access refuses them anyway); the selection lives in the address
(callbacks/training_query.py).
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import rules, strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.formatting import format_number
from dashboard.ids import Training as ids
from dashboard.models.training import PROGRAMME_FORMATS
from dashboard.web.components import date_picker, dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/training", name=strings.NAV["/training"], order=8)

TEXT_MAX = 2000


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _button(text: str, component_id: str, outline: bool = False, color: str = "primary"):
    return dbc.Button(text, id=component_id, color=color, outline=outline, className="mt-2 me-2")


def _need_tab() -> html.Div:
    named = html.Div(
        [
            html.P(id=ids.NEEDS_COUNT, className="small text-muted mb-1"),
            data_grid(ids.NEEDS, class_name="training-needs"),
        ],
        id=ids.NEEDS_BOX,
        hidden=True,
    )
    return html.Div(
        [
            html.P(
                strings.TRAINING_NEED_NOTE.format(margin=format_number(rules.PD_NEED_MARGIN)),
                className="small text-muted",
            ),
            named,
            _card(
                strings.TRAINING_GAPS_TITLE,
                html.P(strings.TRAINING_GAPS_NOTE, className="small text-muted"),
                dcc.Loading(html.Div(id=ids.GAPS)),
                class_name="mt-3",
            ),
            _card(strings.TRAINING_SUMMARY_TITLE, dcc.Loading(html.Div(id=ids.NEEDS_SUMMARY))),
        ],
        className="pt-3",
    )


def _edit_form() -> html.Div:
    fields = strings.TRAINING_EDIT_FIELDS
    formats = [{"label": strings.TRAINING_FORMAT_NAMES[f], "value": f} for f in PROGRAMME_FORMATS]
    return _card(
        strings.TRAINING_EDIT_TITLE,
        labelled(strings.TRAINING_EDIT_PICK, dropdown(id=ids.EDIT_PICK)),
        labelled(fields["title"], dbc.Textarea(id=ids.EDIT_TITLE, maxLength=500)),
        dbc.Row(
            [
                dbc.Col(
                    labelled(fields["provider"], dbc.Input(id=ids.EDIT_PROVIDER, maxLength=300)),
                    md=6,
                ),
                dbc.Col(
                    labelled(fields["subject"], dbc.Input(id=ids.EDIT_SUBJECT, maxLength=100)),
                    md=6,
                ),
            ],
            className="g-2 my-2",
        ),
        labelled(fields["skills"], dbc.Input(id=ids.EDIT_SKILLS, maxLength=500)),
        dbc.Row(
            [
                dbc.Col(
                    labelled(
                        fields["hours"],
                        dbc.Input(id=ids.EDIT_HOURS, type="number", min=1, max=2000, step=1),
                    ),
                    md=3,
                ),
                dbc.Col(
                    labelled(fields["format"], dropdown(id=ids.EDIT_FORMAT, options=formats)),
                    md=3,
                ),
                dbc.Col(labelled(fields["starts_on"], date_picker(ids.EDIT_STARTS)), md=3),
                dbc.Col(labelled(fields["ends_on"], date_picker(ids.EDIT_ENDS)), md=3),
            ],
            className="g-2 my-2",
        ),
        _button(strings.TRAINING_EDIT_SAVE, ids.EDIT_SAVE),
        html.Div(id=ids.EDIT_FEEDBACK, className="mt-2"),
    )


def _catalogue_tab() -> html.Div:
    return html.Div(
        [
            dbc.Row(
                dbc.Col(
                    labelled(
                        strings.TRAINING_SEARCH,
                        dbc.Input(id=ids.SEARCH, type="search", maxLength=100, debounce=True),
                    ),
                    md=6,
                ),
                className="mb-2",
            ),
            html.P(id=ids.CATALOGUE_COUNT, className="small text-muted mb-1"),
            data_grid(ids.CATALOGUE, class_name="training-catalogue"),
            html.Div(_edit_form(), id=ids.EDIT_BOX, hidden=True, className="mt-3"),
        ],
        className="pt-3",
    )


def _submit_form() -> html.Div:
    fields = strings.TRAINING_SUBMIT_FIELDS
    return _card(
        strings.TRAINING_SUBMIT_TITLE,
        dbc.Row(
            [
                dbc.Col(labelled(fields["school"], dropdown(id=ids.SUBMIT_SCHOOL)), md=6),
                dbc.Col(labelled(fields["subject"], dropdown(id=ids.SUBMIT_SUBJECT)), md=3),
                dbc.Col(
                    labelled(
                        fields["teachers"],
                        dbc.Input(id=ids.SUBMIT_TEACHERS, type="number", min=1, max=500, step=1),
                    ),
                    md=3,
                ),
            ],
            className="g-2 mb-2",
        ),
        dbc.Row(
            [
                dbc.Col(labelled(fields["skill"], dropdown(id=ids.SUBMIT_SKILL)), md=6),
                dbc.Col(
                    labelled(fields["topic"], dbc.Input(id=ids.SUBMIT_TOPIC, maxLength=500)), md=6
                ),
            ],
            className="g-2 mb-2",
        ),
        labelled(fields["comment"], dbc.Textarea(id=ids.SUBMIT_COMMENT, maxLength=TEXT_MAX)),
        _button(strings.TRAINING_SUBMIT, ids.SUBMIT),
        html.Div(id=ids.SUBMIT_FEEDBACK, className="mt-2"),
    )


def _request_card() -> dbc.Card:
    return _card(
        strings.TRAINING_REQUEST_HISTORY,
        dcc.Loading(html.Div(id=ids.CARD)),
        html.Div(
            _button(strings.TRAINING_WITHDRAW, ids.WITHDRAW, outline=True),
            id=ids.WITHDRAW_BOX,
            hidden=True,
        ),
        html.Div(
            [
                labelled(
                    strings.TRAINING_DECIDE_COMMENT,
                    dbc.Input(id=ids.DECIDE_COMMENT, maxLength=TEXT_MAX),
                ),
                _button(strings.TRAINING_ACCEPT, ids.ACCEPT),
                _button(strings.TRAINING_DECLINE, ids.DECLINE, outline=True, color="danger"),
            ],
            id=ids.DECIDE_BOX,
            hidden=True,
        ),
        html.Div(id=ids.ACTION_FEEDBACK, className="mt-2"),
        class_name="mt-3 training-request-card",
    )


def _requests_tab() -> html.Div:
    return html.Div(
        [
            html.Div(_submit_form(), id=ids.SUBMIT_BOX, hidden=True),
            html.P(id=ids.REQUESTS_COUNT, className="small text-muted mb-1"),
            data_grid(ids.REQUESTS, class_name="training-requests", getRowId="params.data.id"),
            _request_card(),
        ],
        className="pt-3",
    )


def _plan_tab() -> html.Div:
    export = html.Div(
        [
            html.Button(
                strings.TRAINING_XLSX, id=ids.XLSX, className="btn btn-outline-primary btn-sm"
            ),
            html.Button(
                strings.TRAINING_PDF, id=ids.PDF, className="btn btn-outline-secondary btn-sm ms-2"
            ),
            dcc.Loading(dcc.Download(id=ids.DOWNLOAD)),
        ],
        className="mb-2 no-print",
    )
    confirm = html.Div(
        [
            _button(strings.TRAINING_CONFIRM, ids.CONFIRM, outline=True),
            html.Div(id=ids.CONFIRM_FEEDBACK, className="mt-2"),
        ],
        id=ids.CONFIRM_BOX,
        hidden=True,
        className="mb-2",
    )
    return html.Div(
        [
            html.P(strings.TRAINING_PLAN_NOTE, className="small text-muted"),
            export,
            html.P(id=ids.PLAN_COUNT, className="small text-muted mb-1"),
            data_grid(ids.PLAN, class_name="training-plan"),
            html.P(id=ids.PLAN_TOTALS, className="fw-semibold mt-2 training-plan-totals"),
            confirm,
            _card(strings.TRAINING_CONFIRMATIONS_TITLE, html.Div(id=ids.CONFIRMATIONS)),
        ],
        className="pt-3",
    )


def _after_tab() -> html.Div:
    return html.Div(
        [
            html.P(strings.TRAINING_AFTER_NOTE, className="small text-muted"),
            html.P(id=ids.EFFECT_NOTE, className="small"),
            dcc.Loading(dcc.Graph(id=ids.FOREST, config=GRAPH_CONFIG)),
            html.Div(id=ids.EFFECT_TABLE),
        ],
        className="pt-3",
    )


def layout(**_query):
    names = strings.TRAINING_TABS
    tabs = dbc.Tabs(
        [
            dbc.Tab(_need_tab(), label=names["need"], tab_id="need"),
            dbc.Tab(_catalogue_tab(), label=names["catalogue"], tab_id="catalogue"),
            dbc.Tab(
                _requests_tab(), label=names["requests"], tab_id="requests", id=ids.REQUESTS_TAB
            ),
            dbc.Tab(_plan_tab(), label=names["plan"], tab_id="plan"),
            dbc.Tab(_after_tab(), label=names["after"], tab_id="after"),
        ],
        id=ids.TABS,
        active_tab="need",  # until the address's tab is restored
    )
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.TRAINING_YEAR, dropdown(id=ids.YEAR, clearable=False)), md=2),
            dbc.Col(labelled(strings.TRAINING_MUNICIPALITY, dropdown(id=ids.MUNICIPALITY)), md=5),
            dbc.Col(
                labelled(
                    strings.TRAINING_SUBJECT,
                    dropdown(id=ids.SUBJECT, placeholder=strings.TRAINING_ALL_SUBJECTS),
                ),
                md=5,
            ),
        ],
        className="g-2 mb-2",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.CHANGED, data=0),
            dcc.Store(id=ids.REQUEST),
            page_header(strings.TRAINING_TITLE, strings.TRAINING_SUBTITLE),
            html.P(id=ids.ROLE_NOTE, className="small text-muted"),
            filters,
            tabs,
        ]
    )
