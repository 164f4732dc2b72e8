"""`/decisions` matrix tab: the measures in force (every role reads them), and for region and
admin the edit form: pick a measure (or a new one), change it, save the next version; each
measure's versions below. data_access.decision_matrix checks and audits every save."""

from __future__ import annotations

from dash import Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.decisions import may_edit_matrix
from callbacks.decisions_adopt import TEXT_MAX, alert, refusal_text
from callbacks.decisions_query import flag
from callbacks.registry import callback
from dashboard import strings
from dashboard.analytics.decision_effect import EFFECT_INDICATORS
from dashboard.auth import current_scope
from dashboard.figures import decisions as views
from dashboard.figures.roadmaps import short
from dashboard.ids import Decisions as ids
from dashboard.models.decisions import FINDING_KINDS, MEASURE_LEVELS
from dashboard.web.components import refusal_alert
from dashboard.web.tables import data_grid, grid_columns, grid_rows, wrap
from data_access import decision_matrix
from data_access.scope import OutOfScope

#: The form's choice «a new measure» (no code yet).
NEW = "new"
NO_INDICATOR = "none"
CODE_MAX = 40


@callback(
    Output(ids.MATRIX, "rowData"),
    Output(ids.MATRIX, "columnDefs"),
    Output(ids.MATRIX_PICK, "options"),
    Input(ids.MATRIX_INACTIVE, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def matrix_view(inactive, _changed, tab):
    """The matrix in force (with withdrawn measures when asked), and the editor's choices."""
    if tab != "matrix":
        raise PreventUpdate  # drawn when its tab is opened
    scope = current_scope()
    matrix = decision_matrix.current_matrix(scope, include_inactive=flag(inactive))
    table = views.matrix_table(matrix, _labels(scope))
    columns = wrap(grid_columns(table), table, strings.MATRIX_COLUMNS["title"])
    options = []
    if may_edit_matrix(scope.role):
        every = decision_matrix.current_matrix(scope, include_inactive=True)
        options = [{"label": strings.MATRIX_NEW, "value": NEW}] + [
            {"label": f"{c}: {short(t, 90)}", "value": c}
            for c, t in zip(every["measure_code"], every["title"], strict=True)
        ]
    return grid_rows(table), columns, options


def _labels(scope) -> dict[str, str]:
    choices = decision_matrix.detail_choices(scope)
    return dict(zip(choices["value"], choices["label"], strict=True))


@callback(
    Output(ids.MATRIX_APPLIES, "options"),
    Input(ids.MATRIX_KIND, "value"),
)
def matrix_applies_options(kind):
    """What the chosen kind's measure can be limited to (indicators, subjects; none for the
    other kinds, whose findings have no detail to choose)."""
    scope = current_scope()
    if not may_edit_matrix(scope.role):
        raise PreventUpdate
    choices = decision_matrix.detail_choices(scope)
    chosen = choices[choices["kind"] == (kind if kind in FINDING_KINDS else None)]
    return [
        {"label": lb, "value": v} for v, lb in zip(chosen["value"], chosen["label"], strict=True)
    ]


@callback(
    Output(ids.MATRIX_KIND, "value"),
    Output(ids.MATRIX_TITLE, "value"),
    Output(ids.MATRIX_LEVEL, "value"),
    Output(ids.MATRIX_ROLE, "value"),
    Output(ids.MATRIX_DAYS, "value"),
    Output(ids.MATRIX_INDICATOR, "options"),
    Output(ids.MATRIX_INDICATOR, "value"),
    Output(ids.MATRIX_APPLIES, "value"),
    Output(ids.MATRIX_ACTIVE, "value"),
    Output(ids.MATRIX_HISTORY, "children"),
    Input(ids.MATRIX_PICK, "value"),
    Input(ids.CHANGED, "data"),
)
def matrix_form(code, _changed):
    """The form opens on the chosen measure's current version (empty for a new one), with its
    versions below."""
    scope = current_scope()
    if not may_edit_matrix(scope.role):
        raise PreventUpdate
    indicators = [{"label": strings.MATRIX_NO_INDICATOR, "value": NO_INDICATOR}] + [
        {"label": strings.EFFECT_INDICATOR_NAMES[i], "value": i} for i in EFFECT_INDICATORS
    ]
    measure = inputs.text(code, CODE_MAX)
    if measure is None or measure == NEW:
        return None, "", None, "", None, indicators, NO_INDICATOR, [], ["1"], None
    versions = decision_matrix.matrix_history(scope, measure)
    if versions.empty:
        raise PreventUpdate
    last = versions.sort_values("version").iloc[-1]
    history = data_grid(
        ids.MATRIX_HISTORY_GRID,
        views.matrix_table(versions.sort_values("version"), _labels(scope)),
        page_size=10,
        class_name="decisions-matrix-history",
    )
    return (
        last["finding_kind"],
        last["title"],
        last["level"],
        last["responsible_role"],
        int(last["duration_days"]),
        indicators,
        last["indicator"] if isinstance(last["indicator"], str) else NO_INDICATOR,
        decision_matrix.applies_to_list(last["applies_to"]),
        ["1"] if bool(last["active"]) else [],
        html.Div(history),
    )


@callback(
    Output(ids.MATRIX_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.MATRIX_SAVE, "n_clicks"),
    State(ids.MATRIX_PICK, "value"),
    State(ids.MATRIX_KIND, "value"),
    State(ids.MATRIX_TITLE, "value"),
    State(ids.MATRIX_LEVEL, "value"),
    State(ids.MATRIX_ROLE, "value"),
    State(ids.MATRIX_DAYS, "value"),
    State(ids.MATRIX_INDICATOR, "value"),
    State(ids.MATRIX_APPLIES, "value"),
    State(ids.MATRIX_ACTIVE, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def save_measure(
    n_clicks, code, kind, title, level, role, days, indicator, applies, active, changed
):
    """Save the form as the measure's next version (or a new measure)."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.MATRIX_SAVE:
        raise PreventUpdate
    measure = inputs.text(code, CODE_MAX)
    chosen = None if measure in (None, NEW) else measure
    try:
        new_id = decision_matrix.save_measure(
            current_scope(),
            chosen,
            finding_kind=kind if kind in FINDING_KINDS else None,
            title=inputs.typed(title, TEXT_MAX),
            level=level if level in MEASURE_LEVELS else None,
            responsible_role=inputs.typed(role, 400),
            duration_days=inputs.integer(days, 1, 10_000),
            indicator=indicator if indicator in EFFECT_INDICATORS else None,
            applies_to=_applies(applies),
            active=flag(active),
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except decision_matrix.MeasureRefused as refused:
        return alert(refusal_text(refused), "warning"), inputs.bump(changed)
    saved = decision_matrix.current_matrix(current_scope(), include_inactive=True)
    codes = saved.loc[saved["id"] == new_id, "measure_code"]
    name = codes.iloc[0] if not codes.empty else chosen
    return alert(strings.MATRIX_SAVED.format(code=name), "success"), inputs.bump(changed)


def _applies(values: object) -> str | None:
    """The chosen cases as decision_matrix stores them (comma-separated), from any input."""
    if not isinstance(values, list):
        return None
    parts = [inputs.text(v, 100) for v in values[:50]]
    return ", ".join(p for p in parts if p and "," not in p) or None
