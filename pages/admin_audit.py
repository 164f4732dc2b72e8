"""Журнал аудита (`/admin/audit`): the audit log, newest first, filtered and paged on the server.

Admin only: data_access.audit refuses everyone else (callbacks/admin_audit.py shows why).
The filters and the page live in the address, so a view of the log can be shared.
"""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import strings
from dashboard.ids import AdminAudit as ids
from dashboard.web.components import date_picker, dropdown, labelled, page_header
from dashboard.web.tables import data_grid

dash.register_page(__name__, path="/admin/audit", name=strings.NAV["/admin/audit"], order=11)

PAGE_SIZE = 50  # as many rows as the server sends a page (callbacks/admin_audit.PAGE_SIZE)


def _date(component_id: str) -> dcc.DatePickerSingle:
    return date_picker(component_id, clearable=True, placeholder=strings.AUDIT_DATE_PLACEHOLDER)


def layout(**_query):
    outcomes = [{"label": label, "value": code} for code, label in strings.AUDIT_OUTCOMES.items()]
    filters = dbc.Row(
        [
            dbc.Col(labelled(strings.AUDIT_LABEL_FROM, _date(ids.DATE_FROM)), md=2),
            dbc.Col(labelled(strings.AUDIT_LABEL_TO, _date(ids.DATE_TO)), md=2),
            dbc.Col(
                labelled(
                    strings.AUDIT_LABEL_LOGIN,
                    dbc.Input(id=ids.LOGIN, maxLength=80, debounce=True, autocomplete="off"),
                ),
                md=3,
            ),
            dbc.Col(
                labelled(
                    strings.AUDIT_LABEL_ACTION,
                    dropdown(id=ids.ACTION, placeholder=strings.AUDIT_ANY),
                ),
                md=3,
            ),
            dbc.Col(
                labelled(
                    strings.AUDIT_LABEL_OUTCOME,
                    dropdown(id=ids.OUTCOME, options=outcomes, placeholder=strings.AUDIT_ANY),
                ),
                md=2,
            ),
        ],
        className="g-2 mb-3",
    )
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh=False),
            page_header(strings.AUDIT_TITLE, strings.AUDIT_SUBTITLE),
            html.Div(id=ids.DENIED),
            html.Div(
                [
                    filters,
                    html.P(id=ids.SUMMARY, className="small text-muted"),
                    dcc.Loading(data_grid(ids.TABLE, page_size=PAGE_SIZE, class_name="small")),
                    dbc.Pagination(
                        id=ids.PAGER,
                        max_value=1,
                        active_page=1,
                        first_last=True,
                        previous_next=True,
                        fully_expanded=False,
                        className="mt-3",
                    ),
                ],
                id=ids.BODY,
                hidden=True,  # shown once data access lets the user in
            ),
        ]
    )
