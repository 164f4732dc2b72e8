"""Добровольная диагностика (`/voluntary`): the catalogue of voluntary diagnostic works, the
schools that joined, the results returned to each participant and the schools' feedback.

Layout only: callbacks/voluntary*.py fill every block and hide the forms from those who may
not use them (data_access refuses them anyway); the tab and the work live in the address.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.figures.template import GRAPH_CONFIG
from dashboard.ids import Voluntary as ids
from dashboard.models.voluntary import DIFFICULTIES, JOIN_AGAIN, WORK_FORMS
from dashboard.web.components import date_picker, dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/voluntary", name=strings.NAV["/voluntary"], order=9)

TEXT_MAX = 2000


def _card(title: str, *children, class_name: str = "") -> dbc.Card:
    return dbc.Card(
        dbc.CardBody([html.H2(title, className="h5"), *children]),
        className=f"mb-3 {class_name}".strip(),
    )


def _button(text: str, component_id: str, outline: bool = False, color: str = "primary"):
    return dbc.Button(text, id=component_id, color=color, outline=outline, className="mt-2 me-2")


def _edit_form() -> dbc.Card:
    fields = strings.VOLUNTARY_EDIT_FIELDS
    forms = [{"label": strings.VOLUNTARY_FORMS[f], "value": f} for f in WORK_FORMS]
    return _card(
        strings.VOLUNTARY_EDIT_TITLE,
        html.P(id=ids.EDIT_NOTE, className="small text-muted"),
        _button(strings.VOLUNTARY_EDIT_NEW, ids.EDIT_NEW, outline=True),
        labelled(fields["title"], dbc.Input(id=ids.EDIT_TITLE, maxLength=500)),
        dbc.Row(
            [
                dbc.Col(
                    labelled(fields["subject"], dbc.Input(id=ids.EDIT_SUBJECT, maxLength=100)),
                    md=4,
                ),
                dbc.Col(
                    labelled(
                        fields["grade"],
                        dbc.Input(id=ids.EDIT_GRADE, type="number", min=1, max=11, step=1),
                    ),
                    md=2,
                ),
                dbc.Col(labelled(fields["form"], dropdown(id=ids.EDIT_FORM, options=forms)), md=3),
                dbc.Col(labelled(fields["held_on"], date_picker(ids.EDIT_HELD)), md=3),
            ],
            className="g-2 my-2",
        ),
        dbc.Row(
            [
                dbc.Col(labelled(fields["deadline"], date_picker(ids.EDIT_DEADLINE)), md=3),
                dbc.Col(
                    labelled(fields["organiser"], dbc.Input(id=ids.EDIT_ORGANISER, maxLength=300)),
                    md=9,
                ),
            ],
            className="g-2 my-2",
        ),
        labelled(fields["skills"], dbc.Input(id=ids.EDIT_SKILLS, maxLength=500)),
        labelled(fields["measures"], dbc.Textarea(id=ids.EDIT_MEASURES, maxLength=4000)),
        _button(strings.VOLUNTARY_EDIT_SAVE, ids.EDIT_SAVE),
        html.Div(id=ids.EDIT_FEEDBACK, className="mt-2"),
    )


def _actions() -> html.Div:
    register = html.Div(
        [
            html.H3(strings.VOLUNTARY_REGISTER_TITLE, className="h6"),
            dbc.Row(
                [
                    dbc.Col(
                        labelled(
                            strings.VOLUNTARY_CLASSES, dbc.Input(id=ids.CLASSES, maxLength=200)
                        ),
                        md=6,
                    ),
                    dbc.Col(
                        labelled(
                            strings.VOLUNTARY_PUPILS,
                            dbc.Input(id=ids.PUPILS, type="number", min=1, max=2000, step=1),
                        ),
                        md=3,
                    ),
                ],
                className="g-2",
            ),
            _button(strings.VOLUNTARY_REGISTER, ids.REGISTER),
        ],
        id=ids.REGISTER_BOX,
        hidden=True,
    )
    withdraw = html.Div(
        [
            labelled(
                strings.VOLUNTARY_WITHDRAW_COMMENT,
                dbc.Input(id=ids.WITHDRAW_COMMENT, maxLength=TEXT_MAX),
            ),
            _button(strings.VOLUNTARY_WITHDRAW, ids.WITHDRAW, outline=True, color="danger"),
        ],
        id=ids.WITHDRAW_BOX,
        hidden=True,
    )
    return html.Div([register, withdraw, html.Div(id=ids.ACTION_FEEDBACK, className="mt-2")])


def _catalogue_tab() -> html.Div:
    return html.Div(
        [
            html.P(id=ids.CATALOGUE_COUNT, className="small text-muted mb-1"),
            data_grid(ids.CATALOGUE, class_name="voluntary-catalogue", getRowId="params.data.id"),
            dbc.Card(
                dbc.CardBody([dcc.Loading(html.Div(id=ids.CARD)), _actions()]),
                className="mt-3 mb-3 voluntary-card",
            ),
            html.Div(_edit_form(), id=ids.EDIT_BOX, hidden=True),
        ],
        className="pt-3",
    )


def _participants_tab() -> html.Div:
    return html.Div(
        [
            _card(
                strings.VOLUNTARY_COUNTS_TITLE,
                data_grid(ids.COUNTS, class_name="voluntary-counts"),
                html.P(id=ids.COUNTS_TOTAL, className="fw-semibold mt-2 mb-0"),
            ),
            html.Div(
                _card(
                    strings.VOLUNTARY_REGISTRATIONS_TITLE,
                    data_grid(ids.REGISTRATIONS, class_name="voluntary-registrations"),
                ),
                id=ids.REGISTRATIONS_BOX,
                hidden=True,
            ),
        ],
        className="pt-3",
    )


def _results_tab() -> html.Div:
    return html.Div(
        [
            html.P(strings.VOLUNTARY_COMPARISON_NOTE, className="small text-muted"),
            dcc.Loading(html.Div(id=ids.RESULTS)),
            dcc.Loading(dcc.Graph(id=ids.CHART, config=GRAPH_CONFIG)),
        ],
        className="pt-3",
    )


def _choices(names: dict, keys: tuple) -> list[dict]:
    return [{"label": names[k], "value": k} for k in keys]


def _feedback_tab() -> html.Div:
    usefulness = [{"label": str(n), "value": n} for n in range(1, 6)]
    form = _card(
        strings.VOLUNTARY_FEEDBACK_TITLE,
        html.P(id=ids.FEEDBACK_NOTE, className="small text-muted"),
        labelled(
            strings.VOLUNTARY_USEFULNESS,
            dbc.RadioItems(id=ids.USEFULNESS, options=usefulness, inline=True),
        ),
        labelled(
            strings.VOLUNTARY_DIFFICULTY,
            dbc.RadioItems(
                id=ids.DIFFICULTY,
                options=_choices(strings.VOLUNTARY_DIFFICULTIES, DIFFICULTIES),
                inline=True,
            ),
        ),
        labelled(
            strings.VOLUNTARY_JOIN_AGAIN,
            dbc.RadioItems(
                id=ids.JOIN_AGAIN,
                options=_choices(strings.VOLUNTARY_JOIN_AGAIN_NAMES, JOIN_AGAIN),
                inline=True,
            ),
        ),
        labelled(
            strings.VOLUNTARY_FEEDBACK_COMMENT,
            dbc.Textarea(id=ids.FEEDBACK_COMMENT, maxLength=TEXT_MAX),
        ),
        _button(strings.VOLUNTARY_FEEDBACK_SEND, ids.FEEDBACK_SEND),
        html.Div(id=ids.FEEDBACK_RESULT, className="mt-2"),
    )
    return html.Div(
        [
            html.Div(form, id=ids.FEEDBACK_BOX, hidden=True),
            dcc.Loading(html.Div(id=ids.SUMMARY)),
        ],
        className="pt-3",
    )


def layout(**_query):
    names = strings.VOLUNTARY_TABS
    tabs = dbc.Tabs(
        [
            dbc.Tab(_catalogue_tab(), label=names["catalogue"], tab_id="catalogue"),
            dbc.Tab(_participants_tab(), label=names["participants"], tab_id="participants"),
            dbc.Tab(_results_tab(), label=names["results"], tab_id="results"),
            dbc.Tab(_feedback_tab(), label=names["feedback"], tab_id="feedback"),
        ],
        id=ids.TABS,
        active_tab="catalogue",  # until the address's tab is restored
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            dcc.Store(id=ids.CHANGED, data=0),
            dcc.Store(id=ids.EDIT_MODE),
            page_header(strings.VOLUNTARY_TITLE, strings.VOLUNTARY_SUBTITLE),
            html.P(id=ids.ROLE_NOTE, className="small text-muted"),
            dbc.Row(
                dbc.Col(labelled(strings.VOLUNTARY_WORK, dropdown(id=ids.WORK)), md=8),
                className="g-2 mb-2",
            ),
            tabs,
        ]
    )
