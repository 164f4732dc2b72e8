"""/decisions/effectiveness «Эффект мер»: the effect of each measure next cycle (forest plot and
table, with the awaiting count) and, for roles that may see decisions, each decision's change
against its comparable schools.

data_access.decision_effects decides who sees what: the by-measure effect is an aggregate every
signed-in role reads; the per-decision rows are only those the scope may see (none for viewers).
"""

from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import effectiveness as views
from dashboard.ids import Effectiveness as ids
from dashboard.web.tables import small_table
from data_access import decision_effects


@callback(
    Output(ids.EFFECT_NOTE, "children"),
    Output(ids.FOREST, "figure"),
    Output(ids.EFFECT_TABLE, "children"),
    Output(ids.DECISIONS_BOX, "hidden"),
    Output(ids.DECISIONS_TABLE, "children"),
    Input(ids.LOCATION, "pathname"),
    memo=True,
)
def measure_effects(pathname):
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    found = decision_effects.effects(current_scope())
    by_measure, per_decision = found["by_measure"], found["per_decision"]
    note = strings.EFFECTIVENESS_AWAITING.format(n=int(found["awaiting"]))
    table = small_table(views.effect_rows(by_measure), class_name="effectiveness-effect-table")
    decisions = small_table(
        views.decision_rows(per_decision), class_name="effectiveness-decisions-table"
    )
    return note, views.forest_view(by_measure), table, per_decision.empty, decisions
