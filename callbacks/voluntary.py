"""`/voluntary` callbacks: the tab and the work restored from and written to the address, what
the caller's role shows, the catalogue and the chosen work's card with the actions its reader
may take.

The other blocks: callbacks/voluntary_changes.py (registration, withdrawal, the catalogue
editor), voluntary_results.py (participants, results, feedback). Who may do what is decided in
data_access.voluntary; here the blocks a role cannot use are hidden.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.query import from_query, rewrite, to_query
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import voluntary as views
from dashboard.formatting import NO_VALUE, format_date, format_number
from dashboard.ids import Voluntary as ids
from dashboard.web.components import definition_list
from dashboard.web.tables import grid_columns, grid_rows, wrap
from data_access import voluntary

TABS = ("catalogue", "participants", "results", "feedback")
CODE_MAX = 60
#: Roles that see registrations one by one (viewers see the counts only).
NAMED_ROLES = frozenset({"admin", "region", "municipality", "school"})


def tab_of(value: object) -> str:
    return value if isinstance(value, str) and value in TABS else TABS[0]


def code_of(value: object) -> str | None:
    """A work's code as the browser sent it (data_access checks it exists)."""
    return inputs.text(value, CODE_MAX)


def alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def refused_alert(refused: voluntary.VoluntaryRefused) -> html.Div:
    """A rule's refusal (a deadline, a duplicate, a bad value) in words: not an access denial
    and not a crash."""
    reason = strings.VOLUNTARY_REFUSALS.get(refused.key, strings.VOLUNTARY_REFUSED_OTHER)
    return html.Div(
        dbc.Alert(
            strings.VOLUNTARY_REFUSED.format(reason=reason), color="warning", className="mb-0"
        ),
        className="voluntary-refused",
        **{"data-reason": refused.key},
    )


def work_options(scope) -> list[dict]:
    found = voluntary.works(scope)
    return [
        {"label": f"{c} · {t} ({format_date(d)})", "value": c}
        for c, t, d in zip(found["work_code"], found["title"], found["held_on"], strict=True)
    ]


@callback(
    Output(ids.TABS, "active_tab"),
    Output(ids.WORK, "options"),
    Output(ids.WORK, "value"),
    Output(ids.ROLE_NOTE, "children"),
    Output(ids.EDIT_BOX, "hidden"),
    Output(ids.REGISTRATIONS_BOX, "hidden"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def voluntary_restore(pathname, search):
    """The address's tab and work (the newest work when none or an unknown one is asked),
    the catalogue's works, and the blocks the role may use."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    scope = current_scope()
    query = from_query(search)
    options = work_options(scope)
    codes = [o["value"] for o in options]
    asked = code_of(query.get("work"))
    chosen = asked if asked in codes else (codes[0] if codes else None)
    return (
        tab_of(query.get("tab")),
        options,
        chosen,
        strings.VOLUNTARY_ROLE_NOTES.get(scope.role, ""),
        not voluntary.may_edit_catalogue(scope),
        scope.role not in NAMED_ROLES,
    )


@callback(
    Output(ids.WORK, "options", allow_duplicate=True),
    Input(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def voluntary_work_options(_changed):
    """The works again after a change of the catalogue."""
    return work_options(current_scope())


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.TABS, "active_tab"),
    Input(ids.WORK, "value"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def voluntary_address(tab, work, search):
    """Controls → ?tab=…&work=… once a work is chosen."""
    code = code_of(work)
    if code is None:
        raise PreventUpdate
    chosen = tab_of(tab)
    return rewrite(to_query({"tab": chosen if chosen != TABS[0] else None, "work": code}), search)


@callback(
    Output(ids.CATALOGUE, "rowData"),
    Output(ids.CATALOGUE, "columnDefs"),
    Output(ids.CATALOGUE_COUNT, "children"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
    memo=True,
)
def voluntary_catalogue(_changed, tab):
    """Every work of the catalogue; a director also sees the own school's status."""
    if tab_of(tab) != "catalogue":
        raise PreventUpdate  # drawn when its tab is opened
    scope = current_scope()
    found = voluntary.works(scope)
    if found.empty:
        return [], [], strings.VOLUNTARY_NO_WORKS
    table = views.works_table(found, with_status=scope.role == "school")
    cols = strings.VOLUNTARY_WORK_COLUMNS
    columns = wrap(grid_columns(table), table, cols["title"], cols["organiser"])
    rows = [
        {**row, "id": str(code)}
        for row, code in zip(grid_rows(table), found["work_code"], strict=True)
    ]
    return rows, columns, strings.VOLUNTARY_CATALOGUE_COUNT.format(n=len(found))


@callback(
    Output(ids.WORK, "value", allow_duplicate=True),
    Input(ids.CATALOGUE, "cellClicked"),
    prevent_initial_call=True,
)
def voluntary_choose_work(clicked):
    """The work clicked in the catalogue (its row id is the work's code)."""
    code = code_of(clicked.get("rowId") if isinstance(clicked, dict) else None)
    if code is None:
        raise PreventUpdate
    return code


def _registration_text(registration: dict | None) -> str:
    if not registration:
        return NO_VALUE
    return strings.VOLUNTARY_REGISTRATION_TEXT.format(
        status=views.status_text(registration.get("status")),
        classes=registration.get("classes") or NO_VALUE,
        pupils=format_number(registration.get("pupils")),
    )


def card_of(scope, found: dict) -> html.Div:
    fields = strings.VOLUNTARY_CARD_FIELDS
    skills = html.Span(
        [html.Span(code, className="oko-code me-2") for code in found["skills"]] or NO_VALUE
    )
    dates = f"{format_date(found['held_on'])}; {format_date(found['registration_deadline'])}"
    rows = [
        (fields["code"], html.Span(found["work_code"], className="oko-code")),
        (fields["skills"], skills),
        (fields["measures"], found.get("objectivity_measures") or NO_VALUE),
        (fields["organiser"], found["organiser"]),
        (fields["dates"], dates),
    ]
    if scope.role == "school":
        rows.append((fields["registration"], _registration_text(found.get("registration"))))
    status = (found.get("registration") or {}).get("status") or "none"
    return html.Div(
        [
            html.H2(found["title"], className="h5"),
            html.Div(definition_list(rows), **{"data-status": status}),
        ]
    )


@callback(
    Output(ids.CARD, "children"),
    Output(ids.REGISTER_BOX, "hidden"),
    Output(ids.WITHDRAW_BOX, "hidden"),
    Input(ids.WORK, "value"),
    Input(ids.CHANGED, "data"),
)
def voluntary_card(work, _changed):
    """The chosen work's card and the actions its reader may take now (an unknown code is
    refused by data_access: audited, answered with nothing)."""
    code = code_of(work)
    if code is None:
        return html.P(strings.VOLUNTARY_PICK, className="text-muted small"), True, True
    scope = current_scope()
    found = voluntary.work(scope, code)
    return card_of(scope, found), not found["may_register"], not found["may_withdraw"]
