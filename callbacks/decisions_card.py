"""`/decisions` decision card: a click on a decision opens its facts and history; its
comment box (adopters and the school's director), status change and «в дорожную карту»
(adopters). data_access.decisions checks every id and right again, and audits."""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import today
from callbacks.decisions_adopt import TEXT_MAX, alert, refusal_text
from callbacks.decisions_query import ID_MAX
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.figures.roadmaps import short
from dashboard.formatting import NO_VALUE, format_date
from dashboard.ids import Decisions as ids
from dashboard.web.components import definition_list, refusal_alert
from dashboard.web.tables import data_grid
from data_access import decision_changes, decisions, roadmaps
from data_access.scope import OutOfScope

STAMP = "%d.%m.%Y %H:%M"


def _text(value: object) -> str:
    return value if isinstance(value, str) and value else NO_VALUE


def facts(detail: dict) -> html.Div:
    """The decision's facts: for whom, what was found and why, the measure, who, when."""
    fields = strings.DECISION_FIELDS
    target = detail.get("school") or detail.get("municipality")
    status = strings.DECISION_STATUS_NAMES.get(detail["status"], detail["status"])
    if detail.get("overdue"):
        status = f"{status}, {strings.DECISION_OVERDUE}"
    kind = views.kind_name(detail["finding"])
    named = detail.get("finding_detail_name") or detail.get("finding_detail")
    if named:
        kind = f"{kind}: {named}"
    roadmap = (
        dcc.Link(
            strings.DECISION_ROADMAP_ITEM,
            href=f"/roadmaps/item/{int(detail['roadmap_item_id'])}",
        )
        if detail.get("roadmap_item_id")
        else NO_VALUE
    )
    indicator = strings.EFFECT_INDICATOR_NAMES.get(detail.get("indicator") or "", NO_VALUE)
    rows = [
        (fields["target"], _text(target)),
        (fields["finding"], f"{kind} ({detail.get('finding_year') or NO_VALUE})"),
        (fields["reason"], _text(detail.get("finding_reason"))),
        (fields["measure"], _text(detail.get("measure"))),
        (fields["indicator"], indicator),
        (fields["responsible"], _text(detail.get("responsible"))),
        (fields["status"], html.Span(status, **{"data-status": detail["status"]})),
        (fields["due_on"], format_date(detail.get("due_on"))),
        (fields["completed_on"], format_date(detail.get("completed_on"))),
        (fields["roadmap"], roadmap),
        (
            fields["created"],
            strings.DECISION_CREATED.format(
                at=format_date(detail.get("created_at"), STAMP), by=detail.get("created_by")
            ),
        ),
        (fields["comment"], _text(detail.get("comment"))),
    ]
    return html.Div(
        [
            html.H3(strings.DECISION_CARD_TITLE.format(id=detail["id"]), className="h5"),
            definition_list(rows),
        ],
        className="decision-facts",
    )


@callback(
    Output(ids.DECISION, "data", allow_duplicate=True),
    Input(ids.LIST, "cellClicked"),
    prevent_initial_call=True,
)
def choose_decision(clicked):
    """The decision clicked in the list (its row id is the decision's id)."""
    number = inputs.integer(clicked.get("rowId") if isinstance(clicked, dict) else None, 1, ID_MAX)
    if number is None:
        raise PreventUpdate
    return number


@callback(
    Output(ids.CARD, "children"),
    Output(ids.CARD_HISTORY, "children"),
    Output(ids.COMMENT_BOX, "hidden"),
    Output(ids.STATUS_BOX, "hidden"),
    Output(ids.NEW_STATUS, "options"),
    Output(ids.NEW_STATUS, "value"),
    Output(ids.ROADMAP_BOX, "hidden"),
    Output(ids.ROADMAP, "options"),
    Input(ids.DECISION, "data"),
    Input(ids.CHANGED, "data"),
)
def decision_card(decision_id, _changed):
    """The open decision's card, and the forms its reader may use."""
    if decision_id is None:
        return None, None, True, True, [], None, True, []
    scope = current_scope()
    detail = decisions.decision(scope, decision_id, today=today())  # OutOfScope: audited 204
    history = decisions.decision_history(scope, detail["id"])
    grid = html.Div(
        [
            html.H3(strings.DECISION_HISTORY, className="h6 mt-3"),
            data_grid(
                ids.HISTORY_GRID,
                views.history_table(history),
                page_size=10,
                class_name="decision-history",
            ),
        ]
    )
    following = sorted(decisions.TRANSITIONS.get(detail["status"], ()), key=_status_order)
    statuses = [{"label": strings.DECISION_STATUS_NAMES[s], "value": s} for s in following]
    may_change = bool(detail.get("may_change"))
    may_roadmap = may_change and detail.get("roadmap_item_id") is None
    plans = []
    if may_roadmap:
        found = roadmaps.list_roadmaps(scope)
        found = found[found["editable"].astype(bool)]
        plans = [
            {"label": short(t, 110), "value": int(i)}
            for i, t in zip(found["id"], found["title"], strict=True)
        ]
    return (
        facts(detail),
        grid,
        not detail.get("may_comment"),
        not (may_change and statuses),
        statuses,
        statuses[0]["value"] if statuses else None,
        not (may_roadmap and detail["status"] != "cancelled"),
        plans,
    )


def _status_order(status: str) -> int:
    return list(strings.DECISION_STATUS_NAMES).index(status)


@callback(
    Output(ids.COMMENT_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.COMMENT_SAVE, "n_clicks"),
    State(ids.DECISION, "data"),
    State(ids.COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def decision_comment(n_clicks, decision_id, comment, changed):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    text = inputs.typed(comment, TEXT_MAX)
    if not text:
        return alert(strings.DECISION_COMMENT_EMPTY, "warning"), inputs.bump(changed)
    try:
        decision_changes.add_comment(current_scope(), decision_id, text)
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decisions.DecisionRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    return alert(strings.DECISION_COMMENT_SAVED, "success"), inputs.bump(changed)


@callback(
    Output(ids.STATUS_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.STATUS_SAVE, "n_clicks"),
    State(ids.DECISION, "data"),
    State(ids.NEW_STATUS, "value"),
    State(ids.COMPLETED_ON, "date"),
    State(ids.STATUS_COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def decision_status(n_clicks, decision_id, status, completed_on, comment, changed):
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    try:
        new = decision_changes.change_status(
            current_scope(),
            decision_id,
            inputs.text(status, 20),
            comment=inputs.typed(comment, TEXT_MAX) or None,
            completed_on=inputs.date(completed_on),
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decisions.DecisionRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    name = strings.DECISION_STATUS_NAMES.get(new, new)
    return alert(strings.DECISION_STATUS_SAVED.format(status=name), "success"), inputs.bump(changed)


@callback(
    Output(ids.ROADMAP_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.TO_ROADMAP, "n_clicks"),
    State(ids.DECISION, "data"),
    State(ids.ROADMAP, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def decision_to_roadmap(n_clicks, decision_id, roadmap_id, changed):
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.TO_ROADMAP:
        raise PreventUpdate
    if inputs.integer(roadmap_id, 1, ID_MAX) is None:
        return alert(strings.DECISION_TO_ROADMAP_NONE, "warning"), inputs.bump(changed)
    try:
        decision_changes.to_roadmap(current_scope(), decision_id, roadmap_id)
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decisions.DecisionRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    return alert(strings.DECISION_TO_ROADMAP_SAVED, "success"), inputs.bump(changed)
