"""`/objectivity` callbacks: counts, flagged schools, drill-down per school, review workflow.

Who sees what is decided in data_access.objectivity (named schools, counts for viewers,
reviewers); here the selection is parsed, data read and handed to dashboard.figures.objectivity.
The address carries the selection (`?school=CODE&year=YYYY&procedure=ID`).
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.downloads import send_table, wants_xlsx
from callbacks.objectivity_query import Selection
from callbacks.pickers import keep, options
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import objectivity as views
from dashboard.figures.template import empty_figure
from dashboard.ids import Objectivity as ids
from dashboard.web.client import client_address
from dashboard.web.components import refusal_alert
from dashboard.web.tables import grid_columns, grid_rows, small_table
from data_access import objectivity as data
from data_access import users
from data_access.scope import OutOfScope


def _grid(frame: pd.DataFrame, digits: dict[str, int] | None = None) -> tuple[list, list]:
    """(rowData, columnDefs) of a grid showing `frame`."""
    return grid_rows(frame), grid_columns(frame, digits=digits)


@callback(
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def objectivity_years(pathname, search):
    """On load: the tested years; the address's year when it is one of them, else the latest."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    years = data.available_years(current_scope())
    latest = years[-1] if years else None
    return options(years), keep(years, Selection.from_search(search).year, latest)


@callback(Output(ids.COUNTS, "children"), Input(ids.YEAR, "value"), memo=True)
def objectivity_counts(year):
    frame = data.flag_counts(current_scope(), Selection.parse(year).year)
    rule = strings.SUPPRESSION_RULE.format(n=rules.min_cell())
    return html.Div(
        [
            small_table(views.counts_table(frame), class_name="objectivity-counts-table"),
            html.P(rule, className="small text-muted mb-0"),
        ]
    )


def _school_options(flags: pd.DataFrame, wanted: list[str | None]) -> dict[str, str]:
    """Flagged schools by name, plus the director's own school and a wanted school the caller
    may see (from the address or kept from before); a refused one is audited, not offered."""
    scope = current_scope()
    found = {
        code: f"{code} — {name}"
        for code, name in zip(flags["school_code"], flags["school_name"], strict=True)
    }
    own = users.own_school_code(scope)
    if own and own not in found:
        found[own] = own
    for code in wanted:
        if code and code not in found and not scope.aggregates_only:
            try:
                data.visible_school(scope, code)
                found[code] = code
            except OutOfScope as refused:
                audit_refusal(refused, "objectivity_flags")
    return found


@callback(
    Output(ids.TABLE, "rowData"),
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE_BOX, "hidden"),
    Output(ids.NO_FLAGS, "hidden"),
    Output(ids.TABLE_NOTE, "children"),
    Output(ids.SCHOOL, "options"),
    Output(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
    State(ids.LOCATION, "search"),
    State(ids.SCHOOL, "value"),
)
def objectivity_table(year, _reviewed, search, chosen):
    """The flagged school-years of the year and the drill-down's school choice."""
    scope = current_scope()
    flags = data.flag_table(scope, Selection.parse(year).year)
    rows, columns = _grid(views.flags_table(flags), views.FLAG_DIGITS)
    wanted = [Selection.parse(school=chosen).school, Selection.from_search(search).school]
    schools = _school_options(flags, wanted)
    value = next((code for code in wanted if code in schools), next(iter(schools), None))
    note = {"viewer": strings.OBJ_VIEWER_NOTE, "school": strings.OBJ_DIRECTOR_NOTE}.get(scope.role)
    return (
        rows,
        columns,
        flags.empty,
        not flags.empty,
        note,
        [{"label": label, "value": code} for code, label in schools.items()],
        value,
    )


def _signs_block(selection: Selection) -> html.Div | html.P:
    scope = current_scope()
    signs = data.school_signs(scope, selection.school, selection.year)
    risk = data.school_risk(scope, selection.school, selection.year)
    if signs.empty or risk is None:
        untested = strings.OBJ_NOT_TESTED.format(
            year=selection.year, n=rules.OBJECTIVITY_MIN_PUPILS
        )
        return html.P(untested, className="text-muted")
    return html.Div(
        [
            html.P(views.score_note(risk, selection.year), className="objectivity-score"),
            small_table(views.signs_table(signs), class_name="objectivity-signs-table"),
        ]
    )


@callback(
    Output(ids.SIGNS, "children"),
    Output(ids.PROCEDURE, "options"),
    Output(ids.PROCEDURE, "value"),
    Output(ids.AGREEMENT, "figure"),
    Output(ids.AGREEMENT_SUMMARY, "children"),
    Output(ids.AGREEMENT_TABLE, "rowData"),
    Output(ids.AGREEMENT_TABLE, "columnDefs"),
    Input(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def objectivity_detail(school, year, search):
    """Signs, the procedures to drill into, and the mark agreement of the school-year."""
    selection = Selection.parse(year, school)
    if not selection.drill_down:
        raise PreventUpdate
    scope = current_scope()
    procedures = data.school_procedures(scope, selection.school, selection.year)
    values = [int(p) for p in procedures["procedure_id"]]
    labels = {
        int(r["procedure_id"]): strings.procedure_label("vpr", r["subject"], int(r["grade"]))
        for _, r in procedures.iterrows()
    }
    procedure = keep(values, Selection.from_search(search).procedure, values[0] if values else None)
    agreement = data.agreement_matrix(scope, selection.school, selection.year)
    figure, table = views.agreement(agreement, selection.year)
    return (
        _signs_block(selection),
        options(values, labels),
        procedure,
        figure,
        views.agreement_summary(agreement),
        *_grid(table, views.SHARE_DIGITS),
    )


def _distribution(selection: Selection):
    scope = current_scope()
    return views.distribution(data.score_distribution(scope, selection.school, selection.procedure))


@callback(
    Output(ids.DISTRIBUTION, "figure"),
    Output(ids.DISTRIBUTION_TABLE, "rowData"),
    Output(ids.DISTRIBUTION_TABLE, "columnDefs"),
    Input(ids.SCHOOL, "value"),
    Input(ids.PROCEDURE, "value"),
    memo=True,
)
def objectivity_distribution(school, procedure):
    selection = Selection.parse(school=school, procedure=procedure)
    if selection.school is None or selection.procedure is None:
        return empty_figure(strings.NO_DATA), [], []
    figure, table = _distribution(selection)
    return figure, *_grid(table, views.SHARE_DIGITS)


@callback(
    Output(ids.LOCATION, "search"),
    Input(ids.YEAR, "value"),
    Input(ids.SCHOOL, "value"),
    Input(ids.PROCEDURE, "value"),
    State(ids.LOCATION, "search"),
)
def objectivity_address(year, school, procedure, search):
    """The selection → the address, once a year is chosen (a half-restored page must not
    overwrite the address it is restored from)."""
    selection = Selection.parse(year, school, procedure)
    if selection.year is None or selection.query() == search:
        raise PreventUpdate
    return selection.query()


@callback(
    Output(ids.REVIEW_FEEDBACK, "children"),
    Output(ids.REVIEWED, "data"),
    Input(ids.REVIEW_SAVE, "n_clicks"),
    State(ids.SCHOOL, "value"),
    State(ids.YEAR, "value"),
    State(ids.REVIEW_STATUS, "value"),
    State(ids.REVIEW_COMMENT, "value"),
    State(ids.REVIEWED, "data"),
    prevent_initial_call=True,
)
def objectivity_review(n_clicks, school, year, status, comment, reviewed):
    """Save a status change; data_access audits every attempt, refused ones included."""
    if not inputs.clicked(n_clicks):
        raise PreventUpdate
    selection = Selection.parse(year, school)
    try:
        if not selection.drill_down:
            raise data.ReviewRefused("no flag chosen")
        saved = data.set_review(
            current_scope(),
            selection.school,
            selection.year,
            inputs.text(status, 20) or "",
            inputs.text(comment, 2000),
            ip=client_address(),
        )
    except OutOfScope:
        return refusal_alert(strings.OBJ_REVIEW_DENIED), no_update
    except data.ReviewRefused:
        refused = dbc.Alert(strings.OBJ_REVIEW_REFUSED, color="warning", className="review-refused")
        return refused, no_update
    message = strings.OBJ_REVIEW_SAVED.format(status=strings.OBJ_STATUS[saved])
    return dbc.Alert(message, color="success", className="review-saved"), inputs.bump(reviewed)


@callback(
    Output(ids.REVIEW_HISTORY, "children"),
    Output(ids.REVIEW_STATUS, "options"),
    Input(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
)
def objectivity_history(school, year, _reviewed):
    """The flag's status changes and the statuses it may move to (one read of the history)."""
    selection = Selection.parse(year, school)
    if not selection.drill_down:
        raise PreventUpdate
    scope = current_scope()
    history = data.review_history(scope, selection.school, selection.year)
    reviewer = data.may_review(scope)
    current = history["to_status"].iloc[-1] if not history.empty else "new"
    statuses = options(data.TRANSITIONS[current], strings.OBJ_STATUS) if reviewer else []
    hint = None if reviewer else html.P(strings.OBJ_REVIEW_READONLY, className="small text-muted")
    shown = (
        html.P(strings.OBJ_REVIEW_NONE, className="mb-0")
        if history.empty
        else small_table(views.history_table(history), class_name="objectivity-history")
    )
    return html.Div([hint, shown]), statuses


@callback(
    Output(ids.TABLE_DOWNLOAD, "data"),
    Input(ids.TABLE_CSV, "n_clicks"),
    Input(ids.TABLE_XLSX, "n_clicks"),
    State(ids.YEAR, "value"),
    prevent_initial_call=True,
)
def objectivity_table_download(csv_clicks, xlsx_clicks, year):
    xlsx, selection = wants_xlsx(csv_clicks, xlsx_clicks, ids.TABLE_XLSX), Selection.parse(year)
    table = views.flags_table(data.flag_table(current_scope(), selection.year))
    return send_table(table, f"objectivity_{selection.year or 'all'}", xlsx)


@callback(
    Output(ids.DISTRIBUTION_DOWNLOAD, "data"),
    Input(ids.DISTRIBUTION_CSV, "n_clicks"),
    Input(ids.DISTRIBUTION_XLSX, "n_clicks"),
    State(ids.SCHOOL, "value"),
    State(ids.PROCEDURE, "value"),
    prevent_initial_call=True,
)
def objectivity_distribution_download(csv_clicks, xlsx_clicks, school, procedure):
    xlsx = wants_xlsx(csv_clicks, xlsx_clicks, ids.DISTRIBUTION_XLSX)
    selection = Selection.parse(school=school, procedure=procedure)
    if selection.school is None or selection.procedure is None:
        raise PreventUpdate
    _, table = _distribution(selection)
    return send_table(table, f"distribution_{selection.school}_{selection.procedure}", xlsx)


@callback(
    Output(ids.AGREEMENT_DOWNLOAD, "data"),
    Input(ids.AGREEMENT_CSV, "n_clicks"),
    Input(ids.AGREEMENT_XLSX, "n_clicks"),
    State(ids.SCHOOL, "value"),
    State(ids.YEAR, "value"),
    prevent_initial_call=True,
)
def objectivity_agreement_download(csv_clicks, xlsx_clicks, school, year):
    xlsx = wants_xlsx(csv_clicks, xlsx_clicks, ids.AGREEMENT_XLSX)
    selection = Selection.parse(year, school)
    if not selection.drill_down:
        raise PreventUpdate
    matrix = data.agreement_matrix(current_scope(), selection.school, selection.year)
    _, table = views.agreement(matrix, selection.year)
    return send_table(table, f"agreement_{selection.school}_{selection.year}", xlsx)
