"""`/experts` registry callbacks: the filtered registry (names or counts, as data_access decides)
and the add / edit / exclude form for `region` and `admin`, every attempt audited."""

from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.experts import audited
from callbacks.registry import callback
from dashboard import seeds, strings
from dashboard.auth import current_scope
from dashboard.formatting import NO_VALUE, format_number
from dashboard.ids import Experts as ids
from data_access import experts
from data_access.scope import OutOfScope

STATUSES = set(strings.EXPERTS_STATUSES)


def _date(value: object) -> dt.date | None:
    text = inputs.text(value, 40)
    return dt.date.fromisoformat(text[:10]) if text else None


def _day(value) -> str:
    return value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else NO_VALUE


def names_table(rows: pd.DataFrame) -> dbc.Table:
    cols = strings.EXPERTS_REGISTRY_COLUMNS
    head = html.Thead(html.Tr([html.Th(label) for label in cols.values()]))
    body = [html.Tr([
        html.Td(r.expert_code), html.Td(r.full_name, className="expert-name"),
        html.Td(r.municipality), html.Td(r.position or NO_VALUE),
        html.Td(", ".join(r.directions) or NO_VALUE),
        html.Td(NO_VALUE if pd.isna(r.qualification_score) else
                f"{format_number(r.qualification_score, 1)} % ({_day(r.qualification_date)})"),
        html.Td(f"{strings.EXPERTS_STATUSES.get(r.status, r.status)} {_day(r.status_date)}"
                if r.status != "candidate" else strings.EXPERTS_STATUSES["candidate"]),
        html.Td(str(r.trainings)),
        html.Td("; ".join(f"{y}: {n}" for y, n in r.engagements.items()) or NO_VALUE),
    ]) for r in rows.itertuples()]
    return dbc.Table([head, html.Tbody(body)], size="sm", striped=True, hover=True,
                     responsive=True, className="experts-registry-table")


def counts_table(counts: pd.DataFrame) -> dbc.Table:
    cols = strings.EXPERTS_COUNT_COLUMNS
    head = html.Thead(html.Tr([html.Th(label) for label in cols.values()]))
    body = [html.Tr([html.Td(str(r[c]) if c == "municipality" else str(int(r[c]))) for c in cols])
            for _, r in counts.iterrows()]
    return dbc.Table([head, html.Tbody(body)], size="sm", responsive=True,
                     className="experts-counts-table")


@callback(
    Output(ids.REGISTRY, "children"),
    Input(ids.F_DIRECTION, "value"), Input(ids.F_MUNICIPALITY, "value"),
    Input(ids.F_STATUS, "value"), Input(ids.F_YEAR, "value"), Input(ids.EDITED, "data"),
)
def registry_table(direction, municipality, status, year, _edited):
    direction = inputs.text(direction, 10)
    status = inputs.text(status, 20)
    found = experts.registry(current_scope(),
                             direction=direction if direction in experts.DIRECTION_CODES else None,
                             municipality_id=inputs.integer(municipality, 1, 10**9),
                             status=status if status in STATUSES else None,
                             year=inputs.integer(year, 2000, 2100))
    parts = []
    if not found["names_visible"]:
        parts.append(dbc.Alert(strings.EXPERTS_COUNTS_ONLY, color="info", className="py-2"))
    if found["counts"].empty:
        return [*parts, html.P(strings.EXPERTS_NONE, className="text-muted")]
    parts.append(counts_table(found["counts"]))
    if len(found["rows"]):
        parts.append(names_table(found["rows"]))
    return parts


@callback(Output(ids.E_PICK, "options"), Input(ids.EDIT_BOX, "hidden"), Input(ids.EDITED, "data"))
def edit_choices(hidden, _edited):
    if hidden is not False:
        raise PreventUpdate
    try:
        return experts.editable_experts(current_scope())
    except OutOfScope:
        return []


@callback(
    Output(ids.E_CODE, "value"), Output(ids.E_NAME, "value"), Output(ids.E_MUNICIPALITY, "value"),
    Output(ids.E_POSITION, "value"), Output(ids.E_DIRECTIONS, "value"), Output(ids.E_SCORE, "value"),
    Output(ids.E_SCORE_DATE, "date"), Output(ids.E_STATUS, "value"), Output(ids.E_STATUS_DATE, "date"),
    Input(ids.E_PICK, "value"),
    prevent_initial_call=True,
)
def edit_fill(code):
    code = inputs.text(code, 30)
    if code is None:
        return "", "", None, "", [], None, None, "candidate", None
    r = experts.expert_record(current_scope(), code)  # refused (and audited) by `guarded`
    score = None if r["score"] is None or pd.isna(r["score"]) else float(r["score"])
    return (r["code"], r["name"], r["municipality_id"], r["position"] or "", r["directions"],
            score, _iso(r["score_date"]), r["status"], _iso(r["status_date"]))


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _form(code, name, municipality, position, directions, score, score_date, status,
          status_date) -> experts.ExpertForm:
    score_value = (None if score in (None, "") or isinstance(score, bool) else float(score))
    return experts.ExpertForm(
        code=(inputs.text(code, 30) or "").strip(), name=(inputs.text(name, 200) or "").strip(),
        municipality_id=inputs.integer(municipality, 1, 10**9),
        position=(inputs.text(position, 200) or "").strip() or None,
        directions=tuple(d for d in directions if isinstance(d, str))
        if isinstance(directions, list) else (),
        score=score_value, score_date=_date(score_date),
        status=inputs.text(status, 20) or "", status_date=_date(status_date))


@callback(
    Output(ids.E_FEEDBACK, "children"), Output(ids.EDITED, "data"),
    Input(ids.E_SAVE, "n_clicks"), Input(ids.E_EXCLUDE, "n_clicks"),
    State(ids.E_CODE, "value"), State(ids.E_NAME, "value"), State(ids.E_MUNICIPALITY, "value"),
    State(ids.E_POSITION, "value"), State(ids.E_DIRECTIONS, "value"), State(ids.E_SCORE, "value"),
    State(ids.E_SCORE_DATE, "date"), State(ids.E_STATUS, "value"), State(ids.E_STATUS_DATE, "date"),
    State(ids.EDITED, "data"),
    prevent_initial_call=True,
)
def edit_save(save_clicks, exclude_clicks, code, name, municipality, position, directions, score,
              score_date, status, status_date, edited):
    pressed = ctx.triggered_id
    if pressed not in (ids.E_SAVE, ids.E_EXCLUDE) or not inputs.clicked(
            save_clicks if pressed == ids.E_SAVE else exclude_clicks):
        raise PreventUpdate
    scope, action = current_scope(), "expert_save" if pressed == ids.E_SAVE else "expert_exclude"
    asked = inputs.text(code, 30) or repr(code)[:40]
    try:
        experts.require_editor(scope)
        if pressed == ids.E_SAVE:
            form = _form(code, name, municipality, position, directions, score, score_date,
                         status, status_date)
            experts.save_expert(scope, form)
            detail = f"status={form.status} municipality={form.municipality_id} " \
                     f"directions={','.join(form.directions)} score={form.score}"
            done = strings.EXPERTS_SAVED.format(code=form.code)
        else:
            on = _date(status_date) or dt.date.today()
            experts.exclude_expert(scope, inputs.text(code, 30), on)
            detail, done = f"excluded_on={on}", strings.EXPERTS_EXCLUDED.format(
                code=asked, date=on.strftime("%d.%m.%Y"))
    except OutOfScope:
        audited(action, asked, "denied")
        return dbc.Alert(strings.ACCESS_DENIED, color="danger"), no_update
    except experts.ExpertError as error:
        reason = strings.EXPERTS_ERR[error.key].format(p=seeds.QUALIFICATION_PASS_PERCENT)
        audited(action, asked, "failure", reason)
        return dbc.Alert(strings.EXPERTS_FAILED.format(reason=reason), color="danger"), no_update
    except (TypeError, ValueError):
        audited(action, asked, "failure", "malformed input")
        return dbc.Alert(strings.EXPERTS_FAILED.format(reason=strings.EXPERTS_ERR["score"]),
                         color="danger"), no_update
    audited(action, asked, "success", detail)
    return dbc.Alert(done, color="success"), inputs.bump(edited)
