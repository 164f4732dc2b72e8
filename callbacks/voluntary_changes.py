"""`/voluntary` changes: a director registers the own school for a work or withdraws it;
region and admin edit the catalogue or add a work.

No school comes from the browser: data_access.voluntary_changes acts for the school of the
signed-in account, checks the role, the deadlines and the values, and audits every change and
every refusal. Here the inputs are only parsed."""

from __future__ import annotations

import pandas as pd
from dash import Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from callbacks.voluntary import alert, code_of, refused_alert
from dashboard import strings
from dashboard.auth import current_scope
from dashboard.ids import Voluntary as ids
from dashboard.models.voluntary import WORK_FORMS
from dashboard.web.components import refusal_alert
from data_access import voluntary, voluntary_changes
from data_access.scope import OutOfScope

TEXT_MAX = 4000
#: The editor's mode «a new work» (no code yet).
NEW = "new"


@callback(
    Output(ids.ACTION_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Input(ids.REGISTER, "n_clicks"),
    Input(ids.WITHDRAW, "n_clicks"),
    State(ids.WORK, "value"),
    State(ids.CLASSES, "value"),
    State(ids.PUPILS, "value"),
    State(ids.WITHDRAW_COMMENT, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def voluntary_registration(register, withdraw, work, classes, pupils, comment, changed):
    """Register the own school for the chosen work, or withdraw its registration."""
    pressed = ctx.triggered_id
    clicks = {ids.REGISTER: register, ids.WITHDRAW: withdraw}
    if pressed not in clicks or not inputs.clicked(clicks[pressed]):
        raise PreventUpdate
    code = code_of(work)
    if code is None:
        return alert(strings.VOLUNTARY_PICK, "warning"), inputs.bump(changed)
    scope = current_scope()
    try:
        if pressed == ids.REGISTER:
            text = inputs.typed(classes, 200)
            count = pupils if isinstance(pupils, int | float | str) else None
            if not text and count in (None, ""):
                return alert(strings.VOLUNTARY_INCOMPLETE, "warning"), inputs.bump(changed)
            voluntary_changes.register(scope, code, classes=text or None, pupils=count)
            done = strings.VOLUNTARY_REGISTERED
        else:
            note = inputs.typed(comment, 2000) or None
            voluntary_changes.withdraw(scope, code, note)
            done = strings.VOLUNTARY_WITHDRAWN
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed)
    except voluntary.VoluntaryRefused as refused:
        return refused_alert(refused), inputs.bump(changed)
    return alert(done, "success"), inputs.bump(changed)


def _iso(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


@callback(
    Output(ids.EDIT_TITLE, "value"),
    Output(ids.EDIT_SUBJECT, "value"),
    Output(ids.EDIT_GRADE, "value"),
    Output(ids.EDIT_SKILLS, "value"),
    Output(ids.EDIT_FORM, "value"),
    Output(ids.EDIT_HELD, "date"),
    Output(ids.EDIT_DEADLINE, "date"),
    Output(ids.EDIT_ORGANISER, "value"),
    Output(ids.EDIT_MEASURES, "value"),
    Output(ids.EDIT_MODE, "data"),
    Output(ids.EDIT_NOTE, "children"),
    Input(ids.WORK, "value"),
    Input(ids.EDIT_NEW, "n_clicks"),
)
def voluntary_edit_form(work, _new):
    """The editor opens on the chosen work; «Новая работа» empties it for a new one."""
    scope = current_scope()
    if not voluntary.may_edit_catalogue(scope):
        raise PreventUpdate
    code = code_of(work)
    if ctx.triggered_id == ids.EDIT_NEW or code is None:
        blank = ("", "", None, "", None, None, None, "", "")
        return (*blank, NEW, strings.VOLUNTARY_EDIT_CREATING)
    found = voluntary.work(scope, code)
    return (
        found["title"],
        found["subject"],
        int(found["grade"]),
        "; ".join(found["skills"]),
        found["form"] if found["form"] in WORK_FORMS else None,
        _iso(found["held_on"]),
        _iso(found["registration_deadline"]),
        found["organiser"],
        found.get("objectivity_measures") or "",
        code,
        strings.VOLUNTARY_EDIT_EDITING.format(code=code),
    )


@callback(
    Output(ids.EDIT_FEEDBACK, "children"),
    Output(ids.CHANGED, "data", allow_duplicate=True),
    Output(ids.WORK, "value", allow_duplicate=True),
    Input(ids.EDIT_SAVE, "n_clicks"),
    State(ids.EDIT_MODE, "data"),
    State(ids.EDIT_TITLE, "value"),
    State(ids.EDIT_SUBJECT, "value"),
    State(ids.EDIT_GRADE, "value"),
    State(ids.EDIT_SKILLS, "value"),
    State(ids.EDIT_FORM, "value"),
    State(ids.EDIT_HELD, "date"),
    State(ids.EDIT_DEADLINE, "date"),
    State(ids.EDIT_ORGANISER, "value"),
    State(ids.EDIT_MEASURES, "value"),
    State(ids.CHANGED, "data"),
    prevent_initial_call=True,
)
def voluntary_edit_save(
    n_clicks,
    mode,
    title,
    subject,
    grade,
    skills,
    form,
    held,
    deadline,
    organiser,
    measures,
    changed,
):
    """Save the editor as the work it was opened on, or as a new work."""
    if not inputs.clicked(n_clicks) or ctx.triggered_id != ids.EDIT_SAVE:
        raise PreventUpdate
    code = code_of(mode)
    values = {
        "title": inputs.typed(title, 500) or None,
        "subject": inputs.typed(subject, 100) or None,
        "grade": grade if isinstance(grade, int | float | str) else None,
        "skill_codes": inputs.typed(skills, 500),
        "form": form if isinstance(form, str) else None,
        "held_on": inputs.date(held),
        "registration_deadline": inputs.date(deadline),
        "organiser": inputs.typed(organiser, 300) or None,
        "objectivity_measures": inputs.typed(measures, TEXT_MAX) or None,
    }
    try:
        saved = voluntary_changes.save_work(
            current_scope(), values, None if code in (None, NEW) else code
        )
    except OutOfScope:  # audited by data_access
        return refusal_alert(), inputs.bump(changed), no_update
    except voluntary.VoluntaryRefused as refused:
        return refused_alert(refused), inputs.bump(changed), no_update
    return (
        alert(strings.VOLUNTARY_EDIT_SAVED.format(code=saved), "success"),
        inputs.bump(changed),
        saved,
    )
