"""`/training` «После обучения»: the change of the skill results of schools whose teachers
completed a programme against comparable schools, with its interval (an association, not
proof; data_access.pd_order.training_effect, the decisions' method). An aggregate: every role."""

from __future__ import annotations

from dash import Input, Output
from dash.exceptions import PreventUpdate

from callbacks.registry import callback
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import training as views
from dashboard.ids import Training as ids
from dashboard.web.tables import small_table
from data_access import pd_order


@callback(
    Output(ids.EFFECT_NOTE, "children"),
    Output(ids.FOREST, "figure"),
    Output(ids.EFFECT_TABLE, "children"),
    Input(ids.TABS, "active_tab"),
)
def training_effect(tab):
    if tab != "after":
        raise PreventUpdate  # drawn when its tab is opened
    found = pd_order.training_effect(current_scope())
    frame = views.effect_frame(found)
    awaiting = found.get("awaiting", 0) if isinstance(found, dict) else 0
    note = strings.TRAINING_AWAITING.format(n=int(awaiting or 0))
    table = small_table(views.effect_rows(frame), class_name="training-effect-table")
    return note, views.forest_view(frame), table
