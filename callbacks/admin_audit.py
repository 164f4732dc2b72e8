"""Audit log callbacks: the action filter's choices and one page of events.

Reading the log is not itself logged (it would flood the log); a refused read is.
"""

from __future__ import annotations

import math
from dataclasses import replace

from dash import Input, Output, State, ctx, no_update

from callbacks import query
from callbacks.admin_audit_query import AuditSelection
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import admin as views
from dashboard.formatting import format_number
from dashboard.ids import AdminAudit as ids
from dashboard.web import tables
from dashboard.web.components import refusal_alert
from data_access import audit
from data_access.scope import OutOfScope

PAGE_SIZE = 50  # events a page, read on the server (pages/admin_audit.py sizes its grid so)
ROW_CLASSES = {
    strings.AUDIT_OUTCOMES["denied"]: "bg-danger-subtle",
    strings.AUDIT_OUTCOMES["failure"]: "bg-warning-subtle",
    strings.AUDIT_OUTCOMES["throttled"]: "bg-warning-subtle",
}


@callback(
    Output(ids.ACTION, "options"),
    Output(ids.BODY, "hidden"),
    Output(ids.DENIED, "children"),
    Output(ids.DATE_FROM, "date"),
    Output(ids.DATE_TO, "date"),
    Output(ids.LOGIN, "value"),
    Output(ids.ACTION, "value"),
    Output(ids.OUTCOME, "value"),
    Output(ids.PAGER, "active_page"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def load_actions(_pathname, search):
    """The action filter's choices, and every filter and the page as the address asks (the
    options and the action arrive together: a dropdown drops a value it does not offer).
    Setting the controls runs load_events once, for the page the address names."""
    try:
        actions = audit.distinct_actions(current_scope())
    except OutOfScope as refused:
        audit_refusal(refused, "load_actions")
        return [], True, refusal_alert(), *(no_update,) * 6
    wanted = AuditSelection.from_query(search)
    wanted = replace(
        wanted,
        action=wanted.action if wanted.action in actions else None,
        outcome=wanted.outcome if wanted.outcome in strings.AUDIT_OUTCOMES else None,
    )
    options = sorted(
        ({"label": strings.AUDIT_ACTIONS.get(a, a), "value": a} for a in actions),
        key=lambda option: option["label"],
    )  # by the Russian name the filter shows
    return options, False, None, *wanted.controls(), wanted.page


def _summary(offset: int, shown: int, total: int) -> str:
    if not shown:
        return strings.AUDIT_EMPTY
    return strings.AUDIT_SHOWN.format(
        first=format_number(offset + 1),
        last=format_number(offset + shown),
        total=format_number(total),
    )


@callback(
    Output(ids.TABLE, "rowData"),
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE, "rowClassRules"),
    Output(ids.SUMMARY, "children"),
    Output(ids.PAGER, "max_value"),
    Output(ids.PAGER, "active_page", allow_duplicate=True),  # load_actions restores it
    Output(ids.LOCATION, "search"),
    Input(ids.DATE_FROM, "date"),
    Input(ids.DATE_TO, "date"),
    Input(ids.LOGIN, "value"),
    Input(ids.ACTION, "value"),
    Input(ids.OUTCOME, "value"),
    Input(ids.PAGER, "active_page"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def load_events(date_from, date_to, login, action, outcome, page, search):
    """One page of events; the address follows. A filter change goes back to page 1 (the
    pager counts only when it changed too, as when load_actions restores the address). A
    non-admin is refused (and audited) by callbacks.registry.guarded; the alert itself comes
    from load_actions."""
    selection = AuditSelection.parse(date_from, date_to, login, action, outcome, page)
    if f"{ids.PAGER}.active_page" not in ctx.triggered_prop_ids:
        selection = selection.on_page(1)
    scope = current_scope()
    total = audit.count_events(scope, **selection.filters)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    selection = selection.on_page(min(selection.page, pages))
    offset = (selection.page - 1) * PAGE_SIZE
    events = audit.list_events(scope, **selection.filters, limit=PAGE_SIZE, offset=offset)
    frame = views.events_frame(events)
    colours = tables.row_classes(frame, strings.AUDIT_COLUMNS["outcome"], ROW_CLASSES)
    return (
        tables.grid_rows(frame),
        tables.grid_columns(frame),
        colours,
        _summary(offset, len(frame), total),
        pages,
        selection.page,
        query.rewrite(selection.query(), search),
    )
