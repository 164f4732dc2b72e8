"""`/decisions` adopting a decision: a click on a finding opens the form with the matrix's
measures for its kind; «Принять решение» adopts one for the finding's school or municipality.

The finding's key from the browser is only a question: it is looked up again among the
findings data_access returns for the caller, and data_access.decision_changes.adopt checks the
target against the scope once more (a forged key for another school is refused and audited).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import today
from callbacks.decisions_query import find_row, parse_key
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.ids import Decisions as ids
from dashboard.web.components import refusal_alert
from data_access import decision_changes, decision_matrix, decisions, findings
from data_access.scope import OutOfScope

TEXT_MAX = 2000


def refusal_text(refused: ValueError) -> str:
    """A rule's refusal (DecisionRefused, MeasureRefused) in words."""
    key = getattr(refused, "key", "")
    reason = strings.DECISION_REFUSALS.get(key, strings.DECISION_REFUSED_OTHER)
    return strings.DECISION_REFUSED.format(reason=reason)


def alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def chosen_finding(key: object) -> dict | None:
    """The finding `key` names among those the caller may see (None: not theirs, or gone)."""
    wanted = parse_key(key)
    if wanted is None:
        return None
    return find_row(findings.findings(current_scope(), wanted[5], today=today()), key)


def target_text(row: dict) -> str:
    if row.get("school"):
        return f"{row['school']}, {row.get('municipality') or ''}".rstrip(", ")
    return row.get("municipality") or strings.DECISIONS_REGION


@callback(
    Output(ids.ADOPT_KEY, "data"),
    Output(ids.ADOPT_FINDING, "children"),
    Output(ids.MEASURE, "options"),
    Output(ids.MEASURE, "value"),
    Input(ids.FINDINGS, "cellClicked"),
    prevent_initial_call=True,
)
def choose_finding(clicked):
    """The finding clicked in the grid (its row id is its key) and the matrix's measures in
    force that answer it (its kind, and its detail where a measure is limited to some), the
    first chosen."""
    key = clicked.get("rowId") if isinstance(clicked, dict) else None
    if current_scope().role not in decisions.ADOPT_ROLES or parse_key(key) is None:
        raise PreventUpdate
    row = chosen_finding(key)
    if row is None:
        return None, strings.ADOPT_NO_FINDING, [], None
    detail = row["detail"] if isinstance(row.get("detail"), str) else None
    measures = decision_matrix.measures_for(current_scope(), row["kind"], detail)
    options = [
        {"label": views.measure_option(m), "value": int(m["id"])}
        for m in measures.to_dict("records")
    ]
    detail = views.detail_text(row)
    summary = strings.ADOPT_FOR.format(
        kind=views.kind_name(row["kind"]),
        target=target_text(row),
        detail=f": {detail}" if detail else "",
        year=row["year"],
    )
    return key, summary, options, options[0]["value"] if options else None


@callback(
    Output(ids.ADOPT_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.ADOPT, "n_clicks"),
    State(ids.ADOPT_KEY, "data"),
    State(ids.MEASURE, "value"),
    State(ids.MEASURE_TEXT, "value"),
    State(ids.RESPONSIBLE, "value"),
    State(ids.DUE_ON, "date"),
    State(ids.ADOPT_COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def decision_adopt(n_clicks, key, measure, measure_text, responsible, due_on, comment, changed):
    """Adopt the chosen measure (or the typed one) for the chosen finding."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.ADOPT:
        raise PreventUpdate
    scope = current_scope()
    if parse_key(key) is None:
        return alert(strings.ADOPT_PICK_FIRST, "warning"), inputs.bump(changed)
    row = chosen_finding(key) if scope.role in decisions.ADOPT_ROLES else None
    if row is None:  # not a finding this caller sees: refused as out of scope
        audit_refusal(OutOfScope("finding", str(key)[:80]), "adopt", action="decision.adopt")
        return refusal_alert(), inputs.bump(changed)
    measure_id = inputs.integer(measure, 1, 2**31 - 1)
    text = inputs.typed(measure_text, TEXT_MAX)
    if measure_id is None and not text:
        return alert(strings.ADOPT_NO_MEASURE, "warning"), inputs.bump(changed)
    try:
        new_id = decision_changes.adopt(
            scope,
            finding=row["kind"],
            finding_year=int(row["year"]),
            school_code=row.get("school_code") or None,
            municipality_id=None if row["level"] == "school" else _id(row["municipality_id"]),
            finding_detail=row.get("detail") or None,
            finding_reason=views.finding_reason(row),
            measure_id=measure_id if not text else None,
            measure_text=text or None,
            responsible=inputs.typed(responsible, 200) or None,
            due_on=inputs.date(due_on),
            comment=inputs.typed(comment, TEXT_MAX) or None,
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decisions.DecisionRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    return alert(strings.ADOPT_DONE.format(id=new_id), "success"), inputs.bump(changed)


def _id(value: object) -> int | None:
    return inputs.integer(value, 1, 2**31 - 1) if value is not None else None
