"""`/training` schools' requests: the list (never for viewers), the request form (a director for
the own school; municipality and region for their schools), a request's card with its history,
withdrawal (the school, before acceptance) and acceptance or refusal (the municipality).

Every id and school from the browser is only a question: data_access.training_changes checks
it against the scope, writes the history row and the audit row, or refuses (audited)."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.training import (
    NAMED_ROLES,
    SUBMIT_ROLES,
    municipality_filter,
    named_needs,
    subject_filter,
)
from callbacks.training_catalogue import alert, refused_alert
from callbacks.training_query import ID_MAX, SUBJECT_MAX, Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import training as views
from dashboard.formatting import NO_VALUE, format_number
from dashboard.ids import Training as ids
from dashboard.web.components import definition_list, refusal_alert
from dashboard.web.tables import data_grid, grid_columns, grid_rows, wrap
from data_access import schools, training, training_changes
from data_access.home import home
from data_access.scope import OutOfScope

TEXT_MAX = 2000
SCHOOL_MAX = 40
SKILL_MAX = 40


def request_rows(scope, selection: Selection) -> pd.DataFrame:
    """The requests the caller may see, of the chosen year, municipality and subject."""
    frame = training.requests(scope, year=selection.year)
    frame = subject_filter(municipality_filter(frame, selection.municipality), selection.subject)
    return frame.sort_values("id", ascending=False).reset_index(drop=True) if len(frame) else frame


@callback(
    Output(ids.REQUESTS, "rowData"),
    Output(ids.REQUESTS, "columnDefs"),
    Output(ids.REQUESTS_COUNT, "children"),
    Input(ids.YEAR, "value"),
    Input(ids.MUNICIPALITY, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def training_requests(year, municipality, subject, _changed, tab):
    """The requests list for the roles that see schools by name (viewers: nothing)."""
    if tab != "requests":
        raise PreventUpdate  # drawn when its tab is opened
    scope = current_scope()
    if scope.role not in NAMED_ROLES:
        return [], [], ""
    selection = Selection.parse(year=year, municipality=municipality, subject=subject)
    frame = request_rows(scope, selection)
    table = views.requests_table(frame)
    cols = strings.TRAINING_REQUEST_COLUMNS
    columns = wrap(grid_columns(table), table, cols["what"], cols["school"], cols["comment"])
    rows = [
        {**row, "id": str(int(i))}
        for row, i in zip(grid_rows(table), frame.get("id", pd.Series(dtype=int)), strict=True)
    ]
    return rows, columns, strings.TRAINING_REQUESTS_COUNT.format(n=len(frame))


@callback(
    Output(ids.SUBMIT_SCHOOL, "options"),
    Output(ids.SUBMIT_SCHOOL, "value"),
    Output(ids.SUBMIT_SUBJECT, "options"),
    Input(ids.TABS, "active_tab"),
    Input(ids.YEAR, "value"),
)
def training_submit_choices(tab, year):
    """The schools the caller may submit for (a director: the own school, chosen) and the
    subjects of the programme base and of the caller's need rows."""
    if tab != "requests":
        raise PreventUpdate
    scope = current_scope()
    if scope.role not in SUBMIT_ROLES:
        return [], None, []
    named = schools.school_list(scope)
    options = [
        {"label": f"{n} ({m})", "value": c}
        for c, n, m in zip(named["school_code"], named["name"], named["municipality"], strict=True)
    ]
    own = home(scope).school_code if scope.role == "school" else None
    subjects = set(training.programmes(scope)["subject"].dropna())
    needs = named_needs(scope, Selection.parse(year=year).year)
    if "subject" in needs.columns:
        subjects |= set(needs["subject"].dropna())
    return options, own, [{"label": s, "value": s} for s in sorted(subjects)]


@callback(
    Output(ids.SUBMIT_SKILL, "options"),
    Output(ids.SUBMIT_SKILL, "value"),
    Input(ids.SUBMIT_SUBJECT, "value"),
    State(ids.SUBMIT_SCHOOL, "value"),
    State(ids.YEAR, "value"),
)
def training_submit_skills(subject, school, year):
    """The skills of the chosen subject: the school's deficits first, then those the
    programmes cover."""
    chosen = inputs.typed(subject, SUBJECT_MAX)
    scope = current_scope()
    if not chosen or scope.role not in SUBMIT_ROLES:
        return [], None
    found: dict[str, str] = {}
    needs = subject_filter(named_needs(scope, Selection.parse(year=year).year), chosen)
    if not needs.empty:
        code = inputs.text(school, SCHOOL_MAX)
        own = needs[needs["school_code"] == code] if "school_code" in needs.columns else needs
        for frame in (own, needs):
            for c, n in zip(
                frame["skill_code"], frame.get("skill_name", frame["skill_code"]), strict=True
            ):
                found.setdefault(str(c), views.skill_text(c, n))
    for codes in training.programmes(scope, subject=chosen)["skill_codes"]:
        for c in views.skill_codes(codes):
            found.setdefault(c, c)
    return [{"label": label, "value": c} for c, label in found.items()], None


@callback(
    Output(ids.SUBMIT_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.SUBMIT, "n_clicks"),
    State(ids.SUBMIT_SCHOOL, "value"),
    State(ids.SUBMIT_SUBJECT, "value"),
    State(ids.SUBMIT_SKILL, "value"),
    State(ids.SUBMIT_TOPIC, "value"),
    State(ids.SUBMIT_TEACHERS, "value"),
    State(ids.SUBMIT_COMMENT, "value"),
    State(ids.YEAR, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def training_submit(n_clicks, school, subject, skill, topic, teachers, comment, year, changed):
    """Submit the school's request (data_access refuses a school outside the scope)."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.SUBMIT:
        raise PreventUpdate
    code = inputs.text(school, SCHOOL_MAX)
    subject_text = inputs.typed(subject, SUBJECT_MAX)
    skill_code = inputs.text(skill, SKILL_MAX)
    topic_text = inputs.typed(topic, 500)
    count = inputs.integer(teachers, 1, 10_000)
    plan_year = Selection.parse(year=year).year
    if not (code and subject_text and (skill_code or topic_text) and count and plan_year):
        return alert(strings.TRAINING_SUBMIT_INCOMPLETE, "warning"), inputs.bump(changed)
    try:
        new_id = training_changes.submit_request(
            current_scope(),
            school_code=code,
            year=plan_year,
            subject=subject_text,
            skill_code=skill_code,
            topic=topic_text or None,
            teachers=count,
            comment=inputs.typed(comment, TEXT_MAX) or None,
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except training.TrainingRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    return alert(strings.TRAINING_SUBMITTED.format(id=new_id), "success"), inputs.bump(changed)


@callback(
    Output(ids.REQUEST, "data", allow_duplicate=True),
    Input(ids.REQUESTS, "cellClicked"),
    prevent_initial_call=True,
)
def training_choose_request(clicked):
    """The request clicked in the list (its row id is the request's id)."""
    number = inputs.integer(clicked.get("rowId") if isinstance(clicked, dict) else None, 1, ID_MAX)
    if number is None:
        raise PreventUpdate
    return number


def cell_text(value: object) -> str:
    """A cell of the requests table as the card prints it (numbers the Russian way)."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return NO_VALUE
    return format_number(value)


@callback(
    Output(ids.CARD, "children"),
    Output(ids.WITHDRAW_BOX, "hidden"),
    Output(ids.DECIDE_BOX, "hidden"),
    Input(ids.REQUEST, "data"),
    Input(ids.CHANGED, "data"),
)
def training_request_card(request_id, _changed):
    """The open request's facts and history, and the actions its reader may take."""
    number = inputs.integer(request_id, 1, ID_MAX)
    if number is None:
        return html.P(strings.TRAINING_REQUEST_PICK, className="text-muted small"), True, True
    scope = current_scope()
    detail = training.request(scope, number)  # OutOfScope: audited 204
    history = training.request_history(scope, number)
    row = views.requests_table(pd.DataFrame([detail])).iloc[0]
    facts = definition_list([(str(k), cell_text(v)) for k, v in row.items()])
    grid = data_grid(
        ids.HISTORY_GRID,
        views.history_table(history),
        page_size=10,
        class_name="training-request-history",
    )
    card = html.Div(
        [
            html.H3(strings.TRAINING_REQUEST_TITLE.format(id=number), className="h6"),
            html.Div(facts, **{"data-status": detail["status"]}),
            grid,
        ]
    )
    may_withdraw, may_decide = bool(detail.get("may_withdraw")), bool(detail.get("may_decide"))
    return card, not may_withdraw, not may_decide


@callback(
    Output(ids.ACTION_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.WITHDRAW, "n_clicks"),
    Input(ids.ACCEPT, "n_clicks"),
    Input(ids.DECLINE, "n_clicks"),
    State(ids.REQUEST, "data"),
    State(ids.DECIDE_COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def training_request_action(withdraw, accept, decline, request_id, comment, changed):
    """Withdraw, accept or decline the open request."""
    pressed = ctx.triggered_id
    clicks = {ids.WITHDRAW: withdraw, ids.ACCEPT: accept, ids.DECLINE: decline}
    if pressed not in clicks or not inputs.clicked(clicks[pressed]):
        raise PreventUpdate
    number = inputs.integer(request_id, 1, ID_MAX)
    if number is None:
        return alert(strings.TRAINING_REQUEST_PICK, "warning"), inputs.bump(changed)
    scope, note = current_scope(), inputs.typed(comment, TEXT_MAX) or None
    try:
        if pressed == ids.WITHDRAW:
            training_changes.withdraw_request(scope, number)
            status = "withdrawn"
        else:
            status = "accepted" if pressed == ids.ACCEPT else "declined"
            training_changes.decide_request(scope, number, status, comment=note)
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except training.TrainingRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    name = strings.TRAINING_REQUEST_STATUS_NAMES[status]
    saved = strings.TRAINING_STATUS_SAVED.format(id=number, status=name)
    return alert(saved, "success"), inputs.bump(changed)
