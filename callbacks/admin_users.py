"""Admin users callbacks: the user table, adding a user, disable / enable / password reset.

Mirrors `oko users` through the same data_access.users functions; every change (and every
refused attempt) is written to the audit log with the caller's scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask import current_app

from callbacks import inputs
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.auth.passwords import WeakPassword
from dashboard.formatting import NO_VALUE
from dashboard.ids import AdminUsers as ids
from dashboard.web.client import client_address
from data_access import audit, users
from data_access.scope import OutOfScope, Scope

TEXT_LIMIT = 300


# ------------------------------------------------------------------ input checks and small pieces


def _text(value: object) -> str:
    """A text field as typed, or "" when a forged request sends a list, dict, number or null."""
    return value.strip()[:TEXT_LIMIT] if isinstance(value, str) else ""


def _secret(value: object) -> str:
    """A password field: never stripped (spaces count), "" unless it is a string."""
    return value if isinstance(value, str) else ""


def _alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def denied_alert() -> dbc.Alert:
    return dbc.Alert(strings.ACCESS_DENIED, color="danger")


def refuse(refused: OutOfScope, where: str) -> dbc.Alert:
    """Audit a refused read as callbacks.registry.guarded does, and say so on the page."""
    audit.record("callback", "denied", scope=current_scope(), ip=client_address(),
                 asked=refused.asked, detail=where)
    return denied_alert()


def _utc_text(value: object) -> str:
    if not isinstance(value, dt.datetime):
        return NO_VALUE
    aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%d.%m.%Y %H:%M")


# ------------------------------------------------------------------ the table


def _session_windows() -> dict[str, dt.datetime]:
    """Sessions older or idler than the longest the settings allow are dead, ended or not."""
    settings = current_app.config["OKO_SETTINGS"]
    remember = dt.timedelta(days=settings.remember_days)
    idle = max(dt.timedelta(minutes=settings.session_idle_minutes), remember)
    lifetime = max(dt.timedelta(hours=settings.session_max_hours), remember)
    now = dt.datetime.now(dt.UTC)
    return {"seen_since": now - idle, "created_since": now - lifetime}


def users_table(rows: list[dict], live: dict[str, int]):
    if not rows:
        return html.P(strings.USERS_NONE, className="text-muted")
    head = html.Thead(html.Tr([html.Th(label) for label in strings.USERS_COLUMNS.values()]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row["login"], className="fw-semibold"),
                    html.Td(strings.ROLE_NAMES.get(row["role"], row["role"])),
                    html.Td(row["municipality_code"] or NO_VALUE),
                    html.Td(row["school_code"] or NO_VALUE),
                    html.Td(strings.USER_ACTIVE if row["is_active"] else strings.USER_DISABLED),
                    html.Td(_utc_text(row["created_at"])),
                    html.Td(str(live.get(row["login"], 0))),
                ],
                className="" if row["is_active"] else "text-muted",
            )
            for row in rows
        ]
    )
    return dbc.Table([head, body], striped=True, hover=True, size="sm", responsive=True)


@callback(
    Output(ids.TABLE, "children"),
    Output(ids.TARGET, "options"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Input("url", "pathname"),
    Input(ids.ADDED, "data"),
    Input(ids.CHANGED, "data"),
)
def load_users(_pathname, _added, _changed):
    scope = current_scope()
    try:
        rows = users.list_users(scope)
        live = users.sessions_count(scope, **_session_windows())
    except OutOfScope as refused:
        return None, [], True, refuse(refused, "load_users")
    options = [{"label": row["login"], "value": row["login"]} for row in rows]
    return users_table(rows, live), options, False, None


# ------------------------------------------------------------------ changes


def _audited_change(action: str, target: str, apply: Callable[[Scope], None], done: str,
                    detail: str | None = None) -> tuple[dbc.Alert, bool]:
    """Run one user change for the caller and audit it: success, failure (a message the
    admin can act on) or denied (not an admin). Returns the alert and whether it succeeded."""
    scope = current_scope()
    ip = client_address()
    try:
        users.require_admin(scope)
        apply(scope)
    except OutOfScope:
        audit.record(action, "denied", scope=scope, ip=ip, asked=target, detail=detail)
        return denied_alert(), False
    except (users.UserError, WeakPassword) as error:
        audit.record(action, "failure", scope=scope, ip=ip, asked=target,
                     detail=f"{detail}: {error}" if detail else str(error))
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
    login, role = _text(login), _text(role)
    municipality_code, school_code = _text(municipality_code), _text(school_code)
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

    detail = " ".join(f"{key}={value}" for key, value in
                      (("role", role), ("municipality", municipality_code), ("school", school_code))
                      if value) or None
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
    target = _text(target)
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
