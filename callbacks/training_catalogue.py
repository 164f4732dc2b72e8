"""`/training` programme catalogue: every role browses and searches the programme base; region
and admin pick a programme (or a new one), change it and save (data_access.training_changes
checks the role and the values again, and audits)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.training_query import Selection
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.figures import training as views
from dashboard.ids import Training as ids
from dashboard.models.training import PROGRAMME_FORMATS
from dashboard.web.components import refusal_alert
from dashboard.web.tables import grid_columns, grid_rows, wrap
from data_access import training, training_changes
from data_access.scope import OutOfScope

#: The form's choice «a new programme» (no code yet).
NEW = "new"
CODE_MAX = 40


def alert(message: str, color: str) -> dbc.Alert:
    return dbc.Alert(message, color=color, className="mb-0")


def refused_alert(refused: ValueError) -> dbc.Alert:
    """A rule's refusal (data_access.training.TrainingRefused) in words."""
    key = getattr(refused, "key", "")
    reason = strings.TRAINING_REFUSALS.get(key, strings.TRAINING_REFUSED_OTHER)
    return alert(strings.TRAINING_REFUSED.format(reason=reason), "warning")


@callback(
    Output(ids.CATALOGUE, "rowData"),
    Output(ids.CATALOGUE, "columnDefs"),
    Output(ids.CATALOGUE_COUNT, "children"),
    Output(ids.EDIT_PICK, "options"),
    Input(ids.SEARCH, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.CHANGED, "data"),
    Input(ids.TABS, "active_tab"),
)
def training_catalogue(search, subject, _changed, tab):
    """The programmes matching the search and subject, and the editor's choices."""
    if tab != "catalogue":
        raise PreventUpdate  # drawn when its tab is opened
    scope = current_scope()
    selection = Selection.parse(search=search, subject=subject)
    found = training.programmes(scope, search=selection.search, subject=selection.subject)
    table = views.programmes_table(found)
    cols = strings.TRAINING_PROGRAMME_COLUMNS
    columns = wrap(grid_columns(table), table, cols["title"], cols["skills"], cols["provider"])
    options = []
    if training.may_edit_programmes(scope):
        every = training.programmes(scope)
        options = [{"label": strings.TRAINING_EDIT_NEW, "value": NEW}] + [
            {"label": views.programme_text(c, t), "value": c}
            for c, t in zip(every["programme_code"], every["title"], strict=True)
        ]
    count = strings.TRAINING_CATALOGUE_COUNT.format(n=len(found))
    return grid_rows(table), columns, count, options


@callback(
    Output(ids.EDIT_TITLE, "value"),
    Output(ids.EDIT_PROVIDER, "value"),
    Output(ids.EDIT_SUBJECT, "value"),
    Output(ids.EDIT_SKILLS, "value"),
    Output(ids.EDIT_HOURS, "value"),
    Output(ids.EDIT_FORMAT, "value"),
    Output(ids.EDIT_STARTS, "date"),
    Output(ids.EDIT_ENDS, "date"),
    Input(ids.EDIT_PICK, "value"),
)
def training_programme_form(code):
    """The form opens on the chosen programme (empty for a new one)."""
    scope = current_scope()
    if not training.may_edit_programmes(scope):
        raise PreventUpdate
    chosen = inputs.text(code, CODE_MAX)
    if chosen is None or chosen == NEW:
        return "", "", "", "", None, None, None, None
    every = training.programmes(scope)
    rows = every[every["programme_code"] == chosen]
    if rows.empty:
        raise PreventUpdate
    row = rows.iloc[0]
    return (
        row["title"],
        row["provider"],
        row["subject"],
        "; ".join(views.skill_codes(row["skill_codes"])),
        int(row["hours"]),
        row.get("format") if row.get("format") in PROGRAMME_FORMATS else None,
        _iso(row.get("starts_on")),
        _iso(row.get("ends_on")),
    )


def _iso(value: object) -> str | None:
    """A stored date as a date picker takes it."""
    if value is None or pd.isna(value) or not hasattr(value, "isoformat"):
        return None
    return value.isoformat()[:10]


@callback(
    Output(ids.EDIT_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.EDIT_SAVE, "n_clicks"),
    State(ids.EDIT_PICK, "value"),
    State(ids.EDIT_TITLE, "value"),
    State(ids.EDIT_PROVIDER, "value"),
    State(ids.EDIT_SUBJECT, "value"),
    State(ids.EDIT_SKILLS, "value"),
    State(ids.EDIT_HOURS, "value"),
    State(ids.EDIT_FORMAT, "value"),
    State(ids.EDIT_STARTS, "date"),
    State(ids.EDIT_ENDS, "date"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def training_programme_save(
    n_clicks, code, title, provider, subject, skills, hours, fmt, starts, ends, changed
):
    """Save the form as the chosen programme (or a new one)."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.EDIT_SAVE:
        raise PreventUpdate
    chosen = inputs.text(code, CODE_MAX)
    try:
        training_changes.save_programme(
            current_scope(),
            None if chosen in (None, NEW) else chosen,
            title=inputs.typed(title, 500),
            provider=inputs.typed(provider, 300),
            subject=inputs.typed(subject, 100),
            skill_codes=";".join(views.skill_codes(inputs.typed(skills, 500))),
            hours=inputs.integer(hours, 1, 10_000),
            format=fmt if fmt in PROGRAMME_FORMATS else None,
            starts_on=inputs.date(starts),
            ends_on=inputs.date(ends),
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except training.TrainingRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    return alert(strings.TRAINING_EDIT_SAVED, "success"), inputs.bump(changed)
