"""Audit log callbacks: the action filter's choices and one page of events.

Reading the log is not itself logged (it would flood the log); a refused read is.
"""

from __future__ import annotations

import math

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, ctx, html

from callbacks import inputs
from callbacks.admin_users import refuse
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.formatting import format_number
from dashboard.ids import AdminAudit as ids
from data_access import audit
from data_access.scope import OutOfScope

PAGE_SIZE = 50
ROW_COLOURS = {"denied": "table-danger", "failure": "table-warning", "throttled": "table-warning"}


def _choice(value: object, limit: int = 80) -> str | None:
    """A typed or picked filter value; empty or not a string means no filter."""
    if not isinstance(value, str):
        return None
    return value.strip()[:limit] or None


def _page(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return 1


def action_label(action: str) -> str:
    return strings.AUDIT_ACTIONS.get(action, action)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


@callback(
    Output(ids.ACTION, "options"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Input("url", "pathname"),
)
def load_actions(_pathname):
    try:
        actions = audit.distinct_actions(current_scope())
    except OutOfScope as refused:
        return [], True, refuse(refused, "load_actions")
    return [{"label": action_label(a), "value": a} for a in actions], False, None


def events_table(frame: pd.DataFrame):
    if frame.empty:
        return html.P(strings.AUDIT_EMPTY, className="text-muted")
    head = html.Thead(html.Tr([html.Th(label) for label in strings.AUDIT_COLUMNS.values()]))
    rows = []
    for event in frame.itertuples(index=False):
        cells = [
            event.at.strftime(strings.AUDIT_TIME_FORMAT) if not pd.isna(event.at) else "",
            _cell(event.user_login),
            strings.ROLE_NAMES.get(event.role, _cell(event.role)),
            _cell(event.ip),
            action_label(_cell(event.action)),
            _cell(event.scope_asked),
            _cell(event.scope_granted),
            strings.AUDIT_OUTCOMES.get(event.outcome, _cell(event.outcome)),
            _cell(event.detail),
        ]
        rows.append(html.Tr([html.Td(text) for text in cells],
                            className=ROW_COLOURS.get(event.outcome, "")))
    return dbc.Table([head, html.Tbody(rows)], striped=True, hover=True, size="sm",
                     responsive=True, className="small")


@callback(
    Output(ids.TABLE, "children"),
    Output(ids.SUMMARY, "children"),
    Output(ids.PAGER, "max_value"),
    Output(ids.PAGER, "active_page"),
    Input(ids.DATE_FROM, "date"),
    Input(ids.DATE_TO, "date"),
    Input(ids.LOGIN, "value"),
    Input(ids.ACTION, "value"),
    Input(ids.OUTCOME, "value"),
    Input(ids.PAGER, "active_page"),
)
def load_events(date_from, date_to, login, action, outcome, page):
    """Changing a filter goes back to page 1; a non-admin is refused (and audited) by
    callbacks.registry.guarded, the alert itself comes from load_actions."""
    scope = current_scope()
    filters = {
        "since": inputs.date(date_from),
        "until": inputs.date(date_to),
        "login": _choice(login),
        "action": _choice(action, 60),
        "outcome": _choice(outcome, 20),
    }
    total = audit.count_events(scope, **filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(_page(page), pages) if ctx.triggered_id == ids.PAGER else 1
    offset = (page - 1) * PAGE_SIZE
    frame = audit.list_events(scope, **filters, limit=PAGE_SIZE, offset=offset)
    if frame.empty:
        summary = ""
    else:
        summary = strings.AUDIT_SHOWN.format(first=format_number(offset + 1),
                                             last=format_number(offset + len(frame)),
                                             total=format_number(total))
    return events_table(frame), summary, pages, page
