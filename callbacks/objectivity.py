"""`/objectivity` callbacks: counts, flagged schools, drill-down per school, review workflow.

Who sees what is decided in data_access.objectivity (named schools, counts for viewers,
reviewers); here the selection is parsed, data read and handed to dashboard.figures.objectivity.
The address carries the selection (`?school=CODE&year=YYYY&procedure=ID`).
"""

from __future__ import annotations

from urllib.parse import quote

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html, no_update
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
from dashboard.web.tables import grid_columns, grid_rows, link_cell, small_table
from data_access import objectivity as data
from data_access import users
from data_access.home import home
from data_access.scope import OutOfScope, Scope


def _grid(frame: pd.DataFrame, digits: dict[str, int] | None = None) -> tuple[list, list]:
    """(rowData, columnDefs) of a grid showing `frame`."""
    return grid_rows(frame), grid_columns(frame, digits=digits)


@callback(
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
    memo=True,
)
def objectivity_years(pathname, search):
    """On load: the tested years; the address's year when it is one of them, else the latest."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    years = data.available_years(current_scope())
    latest = years[-1] if years else None
    return options(years), keep(years, Selection.from_search(search).year, latest)


def _counts_block(frame: pd.DataFrame, year: int | None, own: str | None, linked: bool) -> html.Div:
    """The counts per municipality: the user's own municipality first and highlighted (the
    region stays the comparison below it); with `linked` (users who see every flag) each
    municipality is a link to the list of its flags."""
    if own is not None:
        mine = frame["municipality"] == own
        frame = pd.concat([frame[mine], frame[~mine]])
    shown = views.counts_table(frame)
    if linked:
        shown[strings.OBJ_COUNTS_COLUMNS["municipality"]] = [
            dcc.Link(m, href="/objectivity" + Selection(year=year, municipality=m).query())
            for m in frame["municipality"]
        ]
    table = small_table(shown, class_name="objectivity-counts-table")
    if own is not None and isinstance(table, dbc.Table):
        body = table.children[1]
        for row, municipality in zip(body.children, frame["municipality"], strict=True):
            if municipality == own:
                row.className = "oko-own-row"
    rule = strings.SUPPRESSION_RULE.format(n=rules.min_cell())
    return html.Div([table, html.P(rule, className="small text-muted mb-0"), _caveat()])


def _caveat() -> html.Div:
    """No flag is no proof: the sentence every role reads under the counts, with the signs the
    screen looks for (a viewer sees no drill-down listing them)."""
    checked = html.Details(
        [
            html.Summary(strings.OBJ_CHECKED_SIGNS),
            html.Ul([html.Li(name) for name in strings.OBJ_SIGNS.values()], className="mb-0"),
        ],
        className="small",
    )
    text = html.P(strings.OBJ_NO_FLAG_CAVEAT, className="mb-1")
    return html.Div([text, checked], className="small text-muted mt-2 no-flag-caveat")


@callback(Output(ids.COUNTS, "children"), Input(ids.YEAR, "value"), memo=True)
def objectivity_counts(year):
    scope = current_scope()
    year = Selection.parse(year).year
    frame = data.flag_counts(scope, year)
    linked = scope.named_school_filter()[0] == "all"
    place = home(scope)
    block = _counts_block(frame, year, place.municipality_name, linked)
    if place.school_name:
        school = strings.OBJ_YOUR_SCHOOL.format(name=place.school_name)
        block.children.insert(0, html.P(school, className="fw-semibold your-school"))
    return block


def _school_options(
    flags: pd.DataFrame, wanted: list[str | None], scope: Scope | None = None
) -> dict[str, str]:
    """Flagged schools by name, plus the director's own school and a wanted school the caller
    may see (from the address or kept from before); a refused one is audited, not offered.
    `scope` defaults to the caller's (slides pass the reader's)."""
    scope = scope or current_scope()
    found = {
        code: f"{code} — {name}"
        for code, name in zip(flags["school_code"], flags["school_name"], strict=True)
    }
    own = users.own_school_code(scope)
    if own and own not in found:
        name = home(scope).school_name
        found[own] = f"{own} — {name}" if name else own
    for code in wanted:
        if code and code not in found and not scope.aggregates_only:
            try:
                data.visible_school(scope, code)
                found[code] = code
            except OutOfScope as refused:
                audit_refusal(refused, "objectivity_flags")
    return found


def flags_grid(flags: pd.DataFrame) -> pd.DataFrame:
    """The grid of flags: the download's table, a link to the drill-down below and one to the
    school's profile, and the hidden «own» mark its row class reads."""
    frame = views.flags_table(flags)
    frame[strings.OBJ_DRILL] = [
        link_cell(strings.OBJ_DRILL_LINK, "#" + ids.DETAIL_CARD) for _ in range(len(frame))
    ]
    frame[strings.OBJ_PROFILE] = [
        link_cell(strings.OBJ_PROFILE_LINK, f"/schools/{quote(str(code))}")
        for code in flags["school_code"]
    ]
    own = flags["is_own"] if "is_own" in flags else pd.Series(False, index=flags.index)
    frame[strings.OBJ_GRID_OWN] = own.fillna(False).astype(bool).to_numpy()
    return frame


#: Text columns that need room to be read (the grid scrolls sideways instead).
WIDE = {
    strings.OBJ_TABLE_COLUMNS[key]: width
    for key, width in {
        "school_name": 220,
        "municipality": 180,
        "risk": 120,
        "triggered": 260,
        "status": 130,
        "comment": 160,
    }.items()
}


def _flag_columns(frame: pd.DataFrame) -> list[dict]:
    """Column definitions: z and q explained on hover, the links, the own mark hidden."""
    fdr = round(rules.OBJECTIVITY_FDR * 100)
    tips = {
        strings.OBJ_TABLE_COLUMNS[key]: tip.format(fdr=fdr)
        for key, tip in strings.OBJ_HEADER_TIPS.items()
        if key in strings.OBJ_TABLE_COLUMNS
    }
    links = {strings.OBJ_DRILL: "", strings.OBJ_PROFILE: ""}
    columns = grid_columns(frame, links=links, digits=views.FLAG_DIGITS)
    for column in columns:
        header = column["headerName"]
        if header in WIDE:
            column["minWidth"] = WIDE[header]
        if header in tips:
            column["headerTooltip"] = tips[header]
        if header in links:
            column.update(sortable=False, filter=False)
        if header == strings.OBJ_GRID_OWN:
            column["hide"] = True
    return columns


def _no_flags_text(role: str, year: int | None) -> str:
    template = strings.OBJ_NO_FLAGS_BY_ROLE.get(role, strings.OBJ_NO_FLAGS_BY_ROLE["region"])
    return template.format(year=year) if year is not None else strings.OBJ_NO_FLAGS


def _table_note(role: str, selection: Selection) -> list:
    """Whose flags the list holds: the role's limits, and the municipality it is narrowed to
    (with the way back to all of them)."""
    parts: list = []
    note = {"school": strings.OBJ_DIRECTOR_NOTE}.get(role)
    if note:
        parts.append(note)
    if selection.municipality:
        back = Selection(year=selection.year).query()
        parts += [
            (" " if parts else "")
            + strings.OBJ_FILTERED_BY.format(municipality=selection.municipality)
            + " ",
            dcc.Link(strings.OBJ_SHOW_EVERY, href="/objectivity" + back),
        ]
    return parts


@callback(
    Output(ids.TABLE, "rowData"),
    Output(ids.TABLE, "columnDefs"),
    Output(ids.TABLE_BOX, "hidden"),
    Output(ids.NO_FLAGS, "hidden"),
    Output(ids.NO_FLAGS, "children"),
    Output(ids.TABLE_NOTE, "children"),
    Output(ids.SCHOOL, "options"),
    Output(ids.SCHOOL, "value"),
    Output(ids.FLAGS_BOX, "hidden"),
    Output(ids.DETAIL_CARD, "hidden"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
    Input(ids.TABLE, "cellClicked"),
    State(ids.LOCATION, "search"),
    State(ids.SCHOOL, "value"),
    memo=True,
)
def objectivity_table(year, _reviewed, clicked, search, chosen):
    """The flagged school-years of the year (of one municipality when the address names it)
    and the drill-down's school choice: a click on a flag's row opens its drill-down. A viewer
    gets the counts only: no list, no drill-down, and the note saying so."""
    scope = current_scope()
    selection = Selection.parse(year, municipality=Selection.from_search(search).municipality)
    if scope.aggregates_only:
        note = f"{strings.OBJ_VIEWER_NOTE} {strings.OBJ_VIEWER_COUNTS}"
        return [], [], True, True, "", note, [], None, True, True
    flags = data.flag_table(scope, selection.year)
    if selection.municipality:
        flags = flags[flags["municipality"] == selection.municipality].reset_index(drop=True)
    frame = flags_grid(flags)
    row = clicked.get("rowId") if isinstance(clicked, dict) else None
    wanted = [Selection.parse(school=chosen).school, Selection.from_search(search).school]
    if f"{ids.TABLE}.cellClicked" in ctx.triggered_prop_ids:
        wanted.insert(0, Selection.parse(school=row).school)
    schools = _school_options(flags, wanted)
    value = next((code for code in wanted if code in schools), next(iter(schools), None))
    return (
        grid_rows(frame),
        _flag_columns(frame),
        flags.empty,
        not flags.empty,
        _no_flags_text(scope.role, selection.year),
        _table_note(scope.role, selection),
        [{"label": label, "value": code} for code, label in schools.items()],
        value,
        False,
        False,
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
    table = small_table(views.signs_table(signs), class_name="objectivity-signs-table")
    _explain_headers(table)
    parts = [html.P(views.score_note(risk, selection.year), className="objectivity-score")]
    if not risk.get("flagged"):
        unflagged = strings.OBJ_NO_FLAG_SCHOOL.format(year=selection.year)
        parts.append(html.P(unflagged, className="text-muted no-flag-caveat"))
    strength = html.P(views.strength_note(), className="small text-muted objectivity-strength")
    return html.Div([*parts, table, strength])


def _explain_headers(table) -> None:
    """The statistical headers (z, p) of a small table explain themselves on hover."""
    if not isinstance(table, dbc.Table):
        return
    fdr = round(rules.OBJECTIVITY_FDR * 100)
    for cell in table.children[0].children.children:
        tip = strings.OBJ_HEADER_TIPS.get(cell.children)
        if tip:
            cell.title = tip.format(fdr=fdr)
            cell.className = "oko-explained"


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
    if not selection.drill_down:  # nothing chosen: say what to do, never blank axes
        pick = html.P(strings.OBJ_PICK_FIRST, className="text-muted")
        return pick, [], None, empty_figure(strings.OBJ_PICK_FIRST), "", [], []
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


def _distribution(selection: Selection, scope: Scope | None = None):
    scope = scope or current_scope()
    result = data.score_distribution(scope, selection.school, selection.procedure)
    return views.distribution(result, own=data.is_own_school(scope, selection.school))


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
    if selection.school is None:
        return empty_figure(strings.OBJ_PICK_FIRST), [], []
    if selection.procedure is None:
        return empty_figure(strings.OBJ_NO_PROCEDURE), [], []
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
    municipality = Selection.from_search(search).municipality
    selection = Selection.parse(year, school, procedure, municipality)
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
    Output(ids.REVIEW_FORM, "hidden"),
    Input(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
)
def objectivity_history(school, year, _reviewed):
    """The flag's status changes and the statuses it may move to (one read of the history);
    the form only for the roles that may change a status."""
    selection = Selection.parse(year, school)
    if not selection.drill_down:
        return "", [], True
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
    return html.Div([hint, shown]), statuses, not reviewer


@callback(
    Output(ids.TABLE_DOWNLOAD, "data"),
    Input(ids.TABLE_CSV, "n_clicks"),
    Input(ids.TABLE_XLSX, "n_clicks"),
    State(ids.YEAR, "value"),
    State(ids.LOCATION, "search"),
    prevent_initial_call=True,
)
def objectivity_table_download(csv_clicks, xlsx_clicks, year, search=None):
    """The list of flags as shown (of the municipality the address names, if any)."""
    xlsx = wants_xlsx(csv_clicks, xlsx_clicks, ids.TABLE_XLSX)
    selection = Selection.parse(year, municipality=Selection.from_search(search).municipality)
    flags = data.flag_table(current_scope(), selection.year)
    if selection.municipality:
        flags = flags[flags["municipality"] == selection.municipality]
    table = views.flags_table(flags)
    asked = f"year={selection.year or 'all'} municipality={selection.municipality or 'all'}"
    name = f"objectivity_{selection.year or 'all'}"
    return send_table(table, name, xlsx, what="objectivity.flags", asked=asked)


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
    asked = f"school={selection.school} procedure={selection.procedure}"
    name = f"distribution_{selection.school}_{selection.procedure}"
    return send_table(table, name, xlsx, what="objectivity.distribution", asked=asked)


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
    asked = f"school={selection.school} year={selection.year}"
    name = f"agreement_{selection.school}_{selection.year}"
    return send_table(table, name, xlsx, what="objectivity.agreement", asked=asked)
