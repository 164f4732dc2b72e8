"""Пользователи (`/admin/users`): the user table, adding a user, disable / enable / new password.

Admin only: the data-access functions refuse everyone else, and callbacks/admin_users.py
then shows the "no access" alert and hides the forms. The list's filters live in the address.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import AdminUsers as ids
from dashboard.web.components import dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/admin/users", name=strings.NAV["/admin/users"], order=10)


def _password(component_id: str) -> dbc.Input:
    return dbc.Input(id=component_id, type="password", autocomplete="new-password", maxLength=256)


def _field(label: str, control) -> dbc.Col:
    """A labelled control in half a form row."""
    return dbc.Col(labelled(label, control), md=6)


def _add_form() -> dbc.Card:
    roles = [{"label": name, "value": role} for role, name in strings.ROLE_NAMES.items()]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(strings.USERS_ADD_TITLE, className="h5"),
                dbc.Row(
                    [
                        _field(
                            strings.USERS_LABEL_LOGIN,
                            dbc.Input(id=ids.LOGIN, maxLength=80, autocomplete="off"),
                        ),
                        _field(
                            strings.USERS_LABEL_ROLE,
                            dropdown(id=ids.ROLE, options=roles, clearable=False),
                        ),
                        _field(
                            strings.USERS_LABEL_MUNICIPALITY,
                            dbc.Input(id=ids.MUNICIPALITY, maxLength=20),
                        ),
                        _field(strings.USERS_LABEL_SCHOOL, dbc.Input(id=ids.SCHOOL, maxLength=20)),
                        _field(strings.USERS_LABEL_PASSWORD, _password(ids.PASSWORD)),
                        _field(strings.USERS_LABEL_CONFIRM, _password(ids.CONFIRM)),
                    ],
                    className="g-2 mb-3",
                ),
                dbc.Button(strings.USERS_ADD_BUTTON, id=ids.ADD, color="primary"),
                html.Div(id=ids.ADD_FEEDBACK, className="mt-3"),
            ]
        ),
        className="h-100",
    )


def _actions_form() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2(strings.USERS_ACTIONS_TITLE, className="h5"),
                labelled(strings.USERS_LABEL_TARGET, dropdown(id=ids.TARGET)),
                html.Div(
                    [
                        dbc.Button(
                            strings.USERS_DISABLE,
                            id=ids.DISABLE,
                            color="danger",
                            outline=True,
                            className="me-2",
                        ),
                        dbc.Button(
                            strings.USERS_ENABLE, id=ids.ENABLE, color="success", outline=True
                        ),
                    ],
                    className="my-3",
                ),
                dbc.Row(
                    [
                        _field(strings.USERS_LABEL_NEW_PASSWORD, _password(ids.NEW_PASSWORD)),
                        _field(strings.USERS_LABEL_CONFIRM, _password(ids.NEW_CONFIRM)),
                    ],
                    className="g-2 mb-3",
                ),
                dbc.Button(strings.USERS_RESET, id=ids.RESET, color="warning"),
                html.Div(id=ids.ACTION_FEEDBACK, className="mt-3"),
            ]
        ),
        className="h-100",
    )


def _filters() -> dbc.Row:
    roles = [{"label": name, "value": role} for role, name in strings.ROLE_NAMES.items()]
    states = [{"label": name, "value": state} for state, name in strings.USERS_STATES.items()]
    return dbc.Row(
        [
            dbc.Col(
                labelled(
                    strings.USERS_FILTER_ROLE,
                    dropdown(id=ids.FILTER_ROLE, options=roles, placeholder=strings.USERS_ANY),
                ),
                md=4,
            ),
            dbc.Col(
                labelled(
                    strings.USERS_FILTER_STATE,
                    dropdown(id=ids.FILTER_STATE, options=states, placeholder=strings.USERS_ANY),
                ),
                md=3,
            ),
        ],
        className="g-2 mb-2",
    )


def layout(**_query):
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.USERS_TITLE, strings.USERS_SUBTITLE),
            dcc.Store(id=ids.ADDED, data=0),
            dcc.Store(id=ids.CHANGED, data=0),
            html.Div(id=ids.DENIED),
            html.Div(
                [
                    _filters(),
                    html.P(id=ids.SUMMARY, className="small text-muted mb-2"),
                    dcc.Loading(data_grid(ids.TABLE, class_name="mb-4")),
                    dbc.Row(
                        [dbc.Col(_add_form(), lg=6), dbc.Col(_actions_form(), lg=6)],
                        className="g-3",
                    ),
                ],
                id=ids.BODY,
                hidden=True,  # shown by the table callback once data access lets the user in
            ),
        ]
    )
