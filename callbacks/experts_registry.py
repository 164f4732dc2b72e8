"""`/experts` registry callbacks: the filtered registry (names or counts, as data_access decides;
the named grid paged on the server) and the add / edit / exclude form for `region` and
`admin` (its picker filled from what is typed), every attempt audited."""

from __future__ import annotations

import datetime as dt
import math

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.experts import audited
from callbacks.experts_query import Selection
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, seeds, strings
from dashboard.auth import current_scope
from dashboard.figures import experts as views
from dashboard.formatting import format_date
from dashboard.ids import Experts as ids
from dashboard.web import grid_blocks
from dashboard.web.components import refusal_alert
from dashboard.web.tables import grid_columns, grid_rows, row_classes
from data_access import experts
from data_access.home import home
from data_access.scope import OutOfScope


def _registry(direction, municipality, status, year) -> dict:
    """data_access's registry for the filters: named rows only where it shows them."""
    s = Selection.parse(
        direction=direction, registry_municipality=municipality, status=status, activity_year=year
    )
    return experts.registry(
        current_scope(),
        direction=s.direction,
        municipality_id=s.registry_municipality,
        status=s.status,
        year=s.activity_year,
    )


FILTERS = (ids.F_DIRECTION, ids.F_MUNICIPALITY, ids.F_STATUS, ids.F_YEAR)


@callback(
    Output(ids.REGISTRY, "children"),
    Output(ids.COUNTS_BOX, "hidden"),
    Output(ids.COUNTS_GRID, "rowData"),
    Output(ids.COUNTS_GRID, "columnDefs"),
    Output(ids.COUNTS_GRID, "rowClassRules"),
    Output(ids.NAMES_BOX, "hidden"),
    Output(ids.NAMES_GRID, "columnDefs"),
    *[Input(control, "value") for control in FILTERS],
    Input(ids.EDITED, "data"),
    memo=True,
)
def registry_table(direction, municipality, status, year, _edited):
    """Counts per municipality for everyone (one row per municipality: sent whole; the user's
    own municipality first and marked; small counts hidden by data_access and the rule stated
    under the small-number rule); the named grid's columns where data_access shows names (its
    rows come page by page)."""
    found = _registry(direction, municipality, status, year)
    notes = (
        []
        if found["names_visible"]
        else [dbc.Alert(strings.EXPERTS_COUNTS_ONLY, color="info", className="py-2")]
    )
    if found["suppressed"]:
        rule = strings.SUPPRESSION_RULE.format(n=rules.min_cell())
        notes.append(html.P(rule, className="small text-muted"))
    own = home(current_scope()).municipality_name
    counts = views.registry_counts(found["counts"], own)
    names = views.registry_names(found["rows"])
    if counts.empty:
        notes.append(html.P(strings.EXPERTS_NONE, className="text-muted"))
    place = strings.EXPERTS_COUNT_COLUMNS["municipality"]
    own_rows = row_classes(counts, place, {own: "oko-own-row"}) if own and not counts.empty else {}
    return (
        notes,
        counts.empty,
        grid_rows(counts),
        grid_columns(counts),
        own_rows,
        names.empty,
        grid_columns(names),
    )


@callback(
    Output(ids.NAMES_GRID, "getRowsResponse"),
    Output(ids.NAMES_GRID, "paginationGoTo"),
    Input(ids.NAMES_GRID, "getRowsRequest"),
    *[Input(control, "value") for control in FILTERS],
    Input(ids.EDITED, "data"),
    State(ids.F_YEAR, "options"),
    memo=True,
)
def registry_rows(request, direction, municipality, status, year, _edited, restored):
    """The named rows the grid asks for (one page, sorted and filtered by the grid's models);
    when the filters change, the first page under them and the grid back on it; when an edit
    is saved, the page shown again. Nothing for a caller data_access shows no names.

    A request made before experts_controls has restored the filters from the address (their
    options still null) waits: restoring them answers it, once, under the right filters."""
    if restored is None:
        raise PreventUpdate
    found = _registry(direction, municipality, status, year)
    if not found["names_visible"]:
        return grid_blocks.NO_ROWS, no_update
    names = views.registry_names(found["rows"])
    return grid_blocks.page(ids.NAMES_GRID, names, request, refresh=[f"{ids.EDITED}.data"])


@callback(
    Output(ids.E_PICK, "options"),
    Input(ids.E_PICK, "search_value"),
    Input(ids.E_PICK, "value"),
    Input(ids.EDIT_BOX, "hidden"),
    Input(ids.EDITED, "data"),
)
def edit_choices(search, chosen, hidden, _edited):
    """The picker's options from what is typed (at most views.PICK_LIMIT), and the chosen one."""
    if hidden is not False:
        raise PreventUpdate
    offered = experts.editable_experts(current_scope())  # refused (and audited) by `guarded`
    return views.expert_choices(offered, inputs.text(search, 100), inputs.text(chosen, 30))


@callback(
    Output(ids.E_CODE, "value"),
    Output(ids.E_NAME, "value"),
    Output(ids.E_MUNICIPALITY, "value"),
    Output(ids.E_POSITION, "value"),
    Output(ids.E_DIRECTIONS, "value"),
    Output(ids.E_SCORE, "value"),
    Output(ids.E_SCORE_DATE, "date"),
    Output(ids.E_STATUS, "value"),
    Output(ids.E_STATUS_DATE, "date"),
    Input(ids.E_PICK, "value"),
    prevent_initial_call=True,
)
def edit_fill(code):
    code = inputs.text(code, 30)
    if code is None:
        return "", "", None, "", [], None, None, "candidate", None
    r = experts.expert_record(current_scope(), code)  # refused (and audited) by `guarded`
    score = None if r["score"] is None or pd.isna(r["score"]) else float(r["score"])
    return (
        r["code"],
        r["name"],
        r["municipality_id"],
        r["position"] or "",
        r["directions"],
        score,
        _iso(r["score_date"]),
        r["status"],
        _iso(r["status_date"]),
    )


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _score(value: object) -> float | None:
    """The qualification score: None when empty; anything but a finite number is refused."""
    if value is None or value == "":
        return None
    number = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and len(value) <= 20:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        raise experts.ExpertError("score")
    return number


def _form(
    code, name, municipality, position, directions, score, score_date, status, status_date
) -> experts.ExpertForm:
    return experts.ExpertForm(
        code=inputs.typed(code, 30),
        name=inputs.typed(name, 200),
        municipality_id=inputs.integer(municipality, 1, 10**9),
        position=inputs.typed(position, 200) or None,
        directions=tuple(d for d in directions if isinstance(d, str))
        if isinstance(directions, list)
        else (),
        score=_score(score),
        score_date=inputs.date(score_date),
        status=inputs.text(status, 20) or "",
        status_date=inputs.date(status_date),
    )


@callback(
    Output(ids.E_FEEDBACK, "children"),
    Output(ids.EDITED, "data"),
    Input(ids.E_SAVE, "n_clicks"),
    Input(ids.E_EXCLUDE, "n_clicks"),
    State(ids.E_CODE, "value"),
    State(ids.E_NAME, "value"),
    State(ids.E_MUNICIPALITY, "value"),
    State(ids.E_POSITION, "value"),
    State(ids.E_DIRECTIONS, "value"),
    State(ids.E_SCORE, "value"),
    State(ids.E_SCORE_DATE, "date"),
    State(ids.E_STATUS, "value"),
    State(ids.E_STATUS_DATE, "date"),
    State(ids.EDITED, "data"),
    prevent_initial_call=True,
)
def edit_save(
    save_clicks,
    exclude_clicks,
    code,
    name,
    municipality,
    position,
    directions,
    score,
    score_date,
    status,
    status_date,
    edited,
):
    pressed = ctx.triggered_id
    if pressed not in (ids.E_SAVE, ids.E_EXCLUDE) or not inputs.clicked(
        save_clicks if pressed == ids.E_SAVE else exclude_clicks
    ):
        raise PreventUpdate
    scope, action = current_scope(), "expert_save" if pressed == ids.E_SAVE else "expert_exclude"
    asked = inputs.text(code, 30) or repr(code)[:40]
    try:
        experts.require_editor(scope)
        if pressed == ids.E_SAVE:
            form = _form(
                code,
                name,
                municipality,
                position,
                directions,
                score,
                score_date,
                status,
                status_date,
            )
            experts.save_expert(scope, form)
            detail = (
                f"status={form.status} municipality={form.municipality_id} "
                f"directions={','.join(form.directions)} score={form.score}"
            )
            done = strings.EXPERTS_SAVED.format(code=form.code)
        else:
            on = inputs.date(status_date) or dt.date.today()
            experts.exclude_expert(scope, inputs.text(code, 30), on)
            detail, done = (
                f"excluded_on={on}",
                strings.EXPERTS_EXCLUDED.format(code=asked, date=format_date(on)),
            )
    except OutOfScope as refused:
        audit_refusal(refused, "edit_save", action=action, asked=asked)
        return refusal_alert(), no_update
    except experts.ExpertError as error:
        reason = strings.EXPERTS_ERR[error.key].format(p=seeds.QUALIFICATION_PASS_PERCENT)
        audited(action, asked, "failure", reason)
        return dbc.Alert(strings.EXPERTS_FAILED.format(reason=reason), color="danger"), no_update
    audited(action, asked, "success", detail)
    return dbc.Alert(done, color="success"), inputs.bump(edited)
