"""Admin users callbacks: the user table, adding a user, disable / enable / password reset.

Mirrors `oko users` through the same data_access.users functions; every change (and every
refused attempt) is written to the audit log with the caller's scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from callbacks import inputs, query
from callbacks.admin_users_query import UsersSelection
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.auth.passwords import WeakPassword
from dashboard.figures import admin as views
from dashboard.formatting import format_number
from dashboard.ids import AdminUsers as ids
from dashboard.web import tables
from dashboard.web.client import client_address
from dashboard.web.components import refusal_alert
from data_access import audit, users
from data_access.scope import OutOfScope, Scope

LOGIN_LIMIT = 80  # the login box's maxLength
CODE_LIMIT = 20  # the role and the municipality and school codes
PASSWORD_LIMIT = 1024  # more than the password boxes allow (256); never stripped


def _secret(value: object) -> str:
    """A password field: never stripped (spaces count), "" unless it is a string."""
    return inputs.text(value, PASSWORD_LIMIT) or ""


def _alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


# ------------------------------------------------------------------ the table


def _session_windows() -> dict[str, dt.datetime]:
    """Sessions older or idler than the longest the settings allow are dead, ended or not."""
    settings = current_app.config["OKO_SETTINGS"]
    remember = dt.timedelta(days=settings.remember_days)
    idle = max(dt.timedelta(minutes=settings.session_idle_minutes), remember)
    lifetime = max(dt.timedelta(hours=settings.session_max_hours), remember)
    now = dt.datetime.now(dt.UTC)
    return {"seen_since": now - idle, "created_since": now - lifetime}


@callback(
    Output(ids.TABLE, "rowData"),
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE, "rowClassRules"),
    Output(ids.SUMMARY, "children"),
    Output(ids.TARGET, "options"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Output(ids.FILTER_ROLE, "value"),
    Output(ids.FILTER_STATE, "value"),
    Output(ids.LOCATION, "search"),
    Input(ids.LOCATION, "pathname"),
    Input(ids.FILTER_ROLE, "value"),
    Input(ids.FILTER_STATE, "value"),
    Input(ids.ADDED, "data"),
    Input(ids.CHANGED, "data"),
    State(ids.LOCATION, "search"),
)
def load_users(pathname, role, state, _added, _changed, search):
    """On load the list filters come from the address, afterwards from the controls; the
    address follows. A non-admin gets the audited "no access" alert and no form."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    loading = ctx.triggered_id in (None, ids.LOCATION)
    selection = UsersSelection.from_query(search) if loading else UsersSelection.parse(role, state)
    scope = current_scope()
    try:
        rows = users.list_users(scope)
        live = users.sessions_count(scope, **_session_windows())
    except OutOfScope as refused:
        audit_refusal(refused, "load_users")
        return [], [], {}, None, [], True, refusal_alert(), no_update, no_update, no_update
    frame = views.users_frame(rows, live, selection.role, selection.state)
    muted = tables.row_classes(
        frame, strings.USERS_COLUMNS["state"], {strings.USER_DISABLED: "text-muted"}
    )
    options = [{"label": row["login"], "value": row["login"]} for row in rows]
    restored = (selection.role, selection.state) if loading else (no_update, no_update)
    summary = strings.USERS_SHOWN.format(
        shown=format_number(len(frame)), total=format_number(len(rows))
    )
    return (
        tables.grid_rows(frame),
        tables.grid_columns(frame),
        muted,
        summary,
        options,
        False,
        None,
        *restored,
        query.rewrite(selection.query(), search),
    )


# ------------------------------------------------------------------ changes


def _audited_change(
    action: str, target: str, apply: Callable[[Scope], None], done: str, detail: str | None = None
) -> tuple[dbc.Alert, bool]:
    """Run one user change for the caller and audit it: success, failure (a message the
    admin can act on) or denied (not an admin). Returns the alert and whether it succeeded."""
    scope = current_scope()
    ip = client_address()
    try:
        users.require_admin(scope)
        apply(scope)
    except OutOfScope as refused:
        audit_refusal(refused, detail or action, action=action, asked=target)
        return refusal_alert(), False
    except (users.UserError, WeakPassword) as error:
        audit.record(
            action,
            "failure",
            scope=scope,
            ip=ip,
            asked=target,
            detail=f"{detail}: {error}" if detail else str(error),
        )
        return _alert(strings.USERS_FAILED.format(reason=error), "danger"), False
    audit.record(action, "success", scope=scope, ip=ip, asked=target, detail=detail)
    return _alert(done.format(login=target), "success"), True


@callback(
    Output(ids.ADD_FEEDBACK, "children"),
    Output(ids.ADDED, "data"),
    Output(ids.PASSWORD, "value"),
    Output(ids.CONFIRM, "value"),
    Input(ids.ADD, "n_clicks"),
    State(ids.LOGIN, "value"),
    State(ids.ROLE, "value"),
    State(ids.MUNICIPALITY, "value"),
    State(ids.SCHOOL, "value"),
    State(ids.PASSWORD, "value"),
    State(ids.CONFIRM, "value"),
    State(ids.ADDED, "data"),
    prevent_initial_call=True,
)
def add_user(n_clicks, login, role, municipality_code, school_code, password, confirm, added):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    login, role = inputs.typed(login, LOGIN_LIMIT), inputs.typed(role, CODE_LIMIT)
    municipality_code = inputs.typed(municipality_code, CODE_LIMIT)
    school_code = inputs.typed(school_code, CODE_LIMIT)
    password, confirm = _secret(password), _secret(confirm)

    def apply(scope: Scope) -> None:
        if not (login and role and password):
            raise users.UserError(strings.USERS_FILL_REQUIRED)
        if password != confirm:
            raise users.UserError(strings.USERS_PASSWORD_MISMATCH)
        if role == "school" and not school_code:
            raise users.UserError(strings.USERS_NEED_SCHOOL)
        if role == "municipality" and not municipality_code:
            raise users.UserError(strings.USERS_NEED_MUNICIPALITY)
        users.add_user(scope, login, password, role, municipality_code or None, school_code or None)

    detail = (
        " ".join(
            f"{key}={value}"
            for key, value in (
                ("role", role),
                ("municipality", municipality_code),
                ("school", school_code),
            )
            if value
        )
        or None
    )
    alert, ok = _audited_change("user_add", login, apply, strings.USERS_ADDED, detail)
    return alert, inputs.bump(added) if ok else no_update, "", ""


@callback(
    Output(ids.ACTION_FEEDBACK, "children"),
    Output(ids.CHANGED, "data"),
    Output(ids.NEW_PASSWORD, "value"),
    Output(ids.NEW_CONFIRM, "value"),
    Input(ids.DISABLE, "n_clicks"),
    Input(ids.ENABLE, "n_clicks"),
    Input(ids.RESET, "n_clicks"),
    State(ids.TARGET, "value"),
    State(ids.NEW_PASSWORD, "value"),
    State(ids.NEW_CONFIRM, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def change_user(disable_clicks, enable_clicks, reset_clicks, target, password, confirm, changed):
    pressed = ctx.triggered_id
    clicks = {ids.DISABLE: disable_clicks, ids.ENABLE: enable_clicks, ids.RESET: reset_clicks}
    if not isinstance(pressed, str) or not inputs.clicked(clicks.get(pressed)):
        raise PreventUpdate
    target = inputs.typed(target, LOGIN_LIMIT)
    password, confirm = _secret(password), _secret(confirm)

    def need_target() -> None:
        if not target:
            raise users.UserError(strings.USERS_PICK_USER)

    def disable(scope: Scope) -> None:
        need_target()
        if target == scope.login:
            raise users.UserError(strings.USERS_NOT_SELF)
        users.set_active(scope, target, False)

    def enable(scope: Scope) -> None:
        need_target()
        users.set_active(scope, target, True)

    def reset(scope: Scope) -> None:
        need_target()
        if not (password and confirm):
            raise users.UserError(strings.USERS_NEED_PASSWORD)
        if password != confirm:
            raise users.UserError(strings.USERS_PASSWORD_MISMATCH)
        users.reset_password(scope, target, password)

    action, apply, done = {
        ids.DISABLE: ("user_disable", disable, strings.USERS_DISABLED_DONE),
        ids.ENABLE: ("user_enable", enable, strings.USERS_ENABLED_DONE),
        ids.RESET: ("user_password_reset", reset, strings.USERS_PASSWORD_DONE),
    }[pressed]
    alert, ok = _audited_change(action, target, apply, done)
    cleared = "" if pressed == ids.RESET else no_update
    return alert, inputs.bump(changed) if ok else no_update, cleared, cleared
