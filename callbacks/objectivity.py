"""`/objectivity` callbacks: counts, flagged schools, drill-down per school, review workflow.

Who sees what is decided in data_access.objectivity (named schools, counts for viewers,
reviewers); here inputs are parsed and figures built.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.refusals import audit_refusal
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures.template import MUTED, PALETTE, base_figure, empty_figure, safe_label
from dashboard.formatting import format_number
from dashboard.ids import Objectivity as ids
from dashboard.reports import exports
from dashboard.web.client import client_address
from data_access import objectivity as data
from data_access import users
from data_access.scope import OutOfScope


def _year(value: object) -> int | None:
    return inputs.integer(value, 1990, 2100)


def _table(frame: pd.DataFrame, columns: dict[str, str], class_name: str = "") -> html.Div:
    if frame.empty:
        return html.P(strings.NO_DATA, className="text-muted mb-0 no-data")
    head = html.Thead(html.Tr([html.Th(label) for label in columns.values()]))
    body = html.Tbody([html.Tr([html.Td(str(row[c])) for c in columns]) for _, row in frame.iterrows()])
    return dbc.Table([head, body], size="sm", striped=True, responsive=True, className=class_name)


def _pct(value: float) -> str:
    return format_number(100 * value, 1)


@callback(Output(ids.YEAR, "options"), Output(ids.YEAR, "value"), Input(ids.URL_YEAR, "data"))
def objectivity_years(url_year):
    years = data.available_years(current_scope())
    wanted = _year(url_year)
    value = wanted if wanted in years else (years[-1] if years else None)
    return [{"label": str(y), "value": y} for y in years], value


@callback(Output(ids.COUNTS, "children"), Input(ids.YEAR, "value"))
def objectivity_counts(year):
    frame = data.flag_counts(current_scope(), _year(year))
    shown = frame.assign(**{c: frame[c].map(lambda v: strings.SUPPRESSED if pd.isna(v) else int(v))
                            for c in ("tested", "flagged", "high")})
    note = html.P(strings.SUPPRESSION_RULE.format(n=rules.min_cell()), className="small text-muted mb-0")
    return html.Div([_table(shown, strings.OBJ_COUNTS_COLUMNS, "objectivity-counts-table"), note])


def _flag_rows(year) -> pd.DataFrame:
    """The flag table as shown and downloaded: Russian risk, status and reasons."""
    frame = data.flag_table(current_scope(), _year(year))
    return frame.assign(
        risk=frame["risk"].map(strings.OBJ_RISK),
        status=frame["status"].map(strings.OBJ_STATUS),
        triggered=frame["triggered"].map(lambda signs: "; ".join(strings.OBJ_SIGNS[s] for s in signs)),
        z=frame["z"].map(lambda v: format_number(v, 2)),
        q=frame["q"].map(lambda v: format_number(v, 3)),
        reviewed_at=frame["reviewed_at"].map(lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%d.%m.%Y %H:%M")),
        reviewed_by=frame["reviewed_by"].fillna(""), comment=frame["comment"].fillna(""),
    )


@callback(
    Output(ids.TABLE, "children"),
    Output(ids.TABLE_NOTE, "children"),
    Output(ids.SCHOOL, "options"),
    Output(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
    State(ids.URL_SCHOOL, "data"),
    State(ids.SCHOOL, "value"),
)
def objectivity_table(year, _reviewed, url_school, chosen):
    scope = current_scope()
    rows = _flag_rows(year)
    note = {"viewer": strings.OBJ_VIEWER_NOTE, "school": strings.OBJ_DIRECTOR_NOTE}.get(scope.role, "")
    table = _table(rows, strings.OBJ_TABLE_COLUMNS, "objectivity-flags") if not rows.empty else \
        html.P(strings.OBJ_NO_FLAGS, className="text-muted mb-0 no-flags")
    options = {r["school_code"]: f"{r['school_code']} — {r['school_name']}" for _, r in rows.iterrows()}
    own = users.own_school_code(scope)
    if own and own not in options:
        options[own] = own
    for candidate in (inputs.text(chosen, 20), inputs.text(url_school, 20)):
        if candidate and candidate not in options and not scope.aggregates_only:
            try:
                data.visible_school(scope, candidate)
                options[candidate] = candidate
            except OutOfScope as refused:
                audit_refusal(refused, "objectivity_flags")
    value = next((c for c in (inputs.text(chosen, 20), inputs.text(url_school, 20)) if c in options),
                 next(iter(options), None))
    return table, note, [{"label": label, "value": code} for code, label in options.items()], value


def _signs_block(school: str, year: int) -> html.Div:
    scope = current_scope()
    signs = data.school_signs(scope, school, year)
    risk = data.school_risk(scope, school, year)
    if signs.empty or risk is None:
        return html.P(strings.OBJ_NOT_TESTED.format(year=year, n=rules.OBJECTIVITY_MIN_PUPILS),
                      className="text-muted")
    percent_signs = {"journal_lowered", "journal_raised", "threshold_bunching", "near_max"}

    def reason(row) -> str:
        scale = 100 if row["sign"] in percent_signs else 1
        return strings.OBJ_REASONS[row["sign"]].format(value=format_number(scale * row["value"], 1 if scale == 100 else 2),
                                                       reference=format_number(scale * row["reference"], 1 if scale == 100 else 2))

    shown = signs.assign(reason=signs.apply(reason, axis=1), sign=signs["sign"].map(strings.OBJ_SIGNS),
                         z=signs["z"].map(lambda v: format_number(v, 2)),
                         p=signs["p"].map(lambda v: format_number(v, 4)),
                         triggered=signs["triggered"].map({True: strings.OBJ_YES, False: strings.OBJ_NO}))
    note = strings.OBJ_SCORE_NOTE.format(
        year=year, z=format_number(risk["z"], 2), q=format_number(risk["q"], 3),
        risk=strings.OBJ_RISK[risk["risk"]], alpha=format_number(rules.OBJECTIVITY_SIGN_ALPHA, 2),
        signs=", ".join(f"«{strings.OBJ_SIGNS[s]}»" for s in rules.OBJECTIVITY_SCORE_SIGNS))
    return html.Div([html.P(note, className="objectivity-score"),
                     _table(shown, strings.OBJ_SIGNS_COLUMNS, "objectivity-signs-table")])


def _agreement_figure(frame: pd.DataFrame, year: int) -> go.Figure:
    if frame.empty:
        return empty_figure(strings.NO_DATA)
    pivot = frame.pivot_table(index="mark", columns="journal_mark", values="school_share", fill_value=0)
    fig = base_figure(f"{strings.OBJ_AGREEMENT}, {year}",
                      strings.OBJ_SOURCE.format(year=year, rule=strings.SUPPRESSION_RULE.format(n=rules.min_cell())))
    fig.add_trace(go.Heatmap(z=100 * pivot.to_numpy(), x=[str(c) for c in pivot.columns],
                             y=[str(i) for i in pivot.index], colorscale="Blues",
                             text=[[f"{100 * v:.1f}" for v in row] for row in pivot.to_numpy()],
                             texttemplate="%{text}", hovertemplate="журнал %{x}, ВПР %{y}: %{z:.1f} %<extra></extra>"))
    fig.update_xaxes(title=strings.OBJ_AGREEMENT_AXIS_X)
    fig.update_yaxes(title=strings.OBJ_AGREEMENT_AXIS_Y)
    return fig


def _agreement_summary(frame: pd.DataFrame) -> str:
    def shares(column: str) -> dict[str, float]:
        total = frame[column].sum() or 1
        return {"lowered": frame.loc[frame["mark"] < frame["journal_mark"], column].sum() / total,
                "confirmed": frame.loc[frame["mark"] == frame["journal_mark"], column].sum() / total,
                "raised": frame.loc[frame["mark"] > frame["journal_mark"], column].sum() / total}

    own, region = shares("school"), shares("region")
    return strings.OBJ_AGREEMENT_SUMMARY.format(**{k: _pct(v) for k, v in own.items()},
                                                **{f"r_{k}": _pct(v) for k, v in region.items()})


def _percent_export(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """The chosen columns, with the school's and the region's shares as percents."""
    out = frame[list(columns)].copy()
    for share in ("school_share", "region_share"):
        out[share] = (100 * out[share]).round(1)
    return out


def _agreement_export(frame: pd.DataFrame) -> pd.DataFrame:
    return _percent_export(frame, strings.OBJ_AGREEMENT_COLUMNS)


@callback(
    Output(ids.SIGNS, "children"),
    Output(ids.PROCEDURE, "options"),
    Output(ids.PROCEDURE, "value"),
    Output(ids.AGREEMENT, "figure"),
    Output(ids.AGREEMENT_TABLE, "children"),
    Output(ids.REVIEW_STATUS, "options"),
    Input(ids.SCHOOL, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.REVIEWED, "data"),
)
def objectivity_detail(school, year, _reviewed):
    school, year = inputs.text(school, 20), _year(year)
    if school is None or year is None:
        raise PreventUpdate
    scope = current_scope()
    procedures = data.school_procedures(scope, school, year)
    options = [{"label": strings.procedure_label("vpr", r["subject"], int(r["grade"])), "value": int(r["procedure_id"])}
               for _, r in procedures.iterrows()]
    agreement = data.agreement_matrix(scope, school, year)
    table = html.Div([html.P(_agreement_summary(agreement)) if not agreement.empty else None,
                      _table(_agreement_export(agreement), strings.OBJ_AGREEMENT_COLUMNS, "objectivity-agreement-data")])
    history = data.review_history(scope, school, year)
    current = history["to_status"].iloc[-1] if not history.empty else "new"
    statuses = [{"label": strings.OBJ_STATUS[s], "value": s} for s in data.TRANSITIONS[current]] \
        if data.may_review(scope) else []
    return (_signs_block(school, year), options, options[0]["value"] if options else None,
            _agreement_figure(agreement, year), table, statuses)


def _distribution_export(result: dict) -> pd.DataFrame:
    return _percent_export(result["frame"], strings.OBJ_DISTRIBUTION_COLUMNS)


@callback(
    Output(ids.DISTRIBUTION, "figure"),
    Output(ids.DISTRIBUTION_TABLE, "children"),
    Input(ids.SCHOOL, "value"),
    Input(ids.PROCEDURE, "value"),
)
def objectivity_distribution(school, procedure):
    school, procedure = inputs.text(school, 20), inputs.integer(procedure, 1)
    if school is None or procedure is None:
        return empty_figure(strings.NO_DATA), None
    result = data.score_distribution(current_scope(), school, procedure)
    frame, proc = result["frame"], result["procedure"]
    if frame.empty:
        return empty_figure(strings.NO_DATA), None
    label = strings.procedure_label(proc["kind"], proc["subject"], proc["grade"])
    fig = base_figure(f"{strings.OBJ_DISTRIBUTION}: {safe_label(label)}, {proc['year']}",
                      strings.OBJ_SOURCE.format(year=proc["year"],
                                                rule=strings.SUPPRESSION_RULE.format(n=rules.min_cell())))
    fig.add_trace(go.Bar(x=frame["score"], y=100 * frame["school_share"], name=f"ОО (n = {result['n_school']})",
                         marker_color=PALETTE[0]))
    fig.add_trace(go.Scatter(x=frame["score"], y=100 * frame["region_share"], mode="lines+markers",
                             name=f"Регион (n = {result['n_region']})", line={"color": MUTED}))
    for mark in (3, 4, 5):
        threshold = proc[f"threshold_{mark}"]
        if threshold is not None:
            fig.add_vline(x=threshold - 0.5, line_dash="dash", line_color=PALETTE[5],
                          annotation_text=strings.OBJ_THRESHOLD.format(m=mark))
    fig.update_xaxes(title=strings.OBJ_DISTRIBUTION_AXIS)
    fig.update_yaxes(title=strings.OBJ_SHARE_AXIS)
    return fig, _table(_distribution_export(result), strings.OBJ_DISTRIBUTION_COLUMNS, "objectivity-distribution-data")


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
    if not inputs.clicked(n_clicks):
        raise PreventUpdate

    ip = client_address()
    school, year = inputs.text(school, 20), _year(year)
    bump = (inputs.integer(reviewed, 0) or 0) + 1
    try:
        if school is None or year is None:
            raise data.ReviewRefused("no flag chosen")
        saved = data.set_review(current_scope(), school, year, inputs.text(status, 20) or "",
                                inputs.text(comment, 2000), ip=ip)
    except OutOfScope:
        return dbc.Alert(strings.OBJ_REVIEW_DENIED, color="warning", className="review-denied"), bump - 1
    except data.ReviewRefused:
        return dbc.Alert(strings.OBJ_REVIEW_REFUSED, color="warning", className="review-refused"), bump - 1
    return dbc.Alert(strings.OBJ_REVIEW_SAVED.format(status=strings.OBJ_STATUS[saved]), color="success",
                     className="review-saved"), bump


@callback(Output(ids.REVIEW_HISTORY, "children"), Input(ids.SCHOOL, "value"), Input(ids.YEAR, "value"),
          Input(ids.REVIEWED, "data"))
def objectivity_history(school, year, _reviewed):
    school, year = inputs.text(school, 20), _year(year)
    if school is None or year is None:
        raise PreventUpdate
    scope = current_scope()
    history = data.review_history(scope, school, year)
    hint = None if data.may_review(scope) else html.P(strings.OBJ_REVIEW_READONLY, className="small text-muted")
    if history.empty:
        return html.Div([hint, html.P(strings.OBJ_REVIEW_NONE, className="mb-0")])
    shown = history.assign(from_status=history["from_status"].map(strings.OBJ_STATUS),
                           to_status=history["to_status"].map(strings.OBJ_STATUS),
                           comment=history["comment"].fillna(""))
    return html.Div([hint, _table(shown, strings.OBJ_REVIEW_HISTORY_COLUMNS, "objectivity-history")])


def _send(frame: pd.DataFrame, columns: dict[str, str], name: str) -> dict:
    frame = frame.rename(columns=columns)[list(columns.values())]
    if ctx.triggered_id in (ids.TABLE_XLSX, ids.DISTRIBUTION_XLSX, ids.AGREEMENT_XLSX):
        return dcc.send_bytes(exports.to_xlsx_bytes(frame), exports.safe_filename(name) + ".xlsx")
    return dcc.send_bytes(exports.to_csv_bytes(frame), exports.safe_filename(name) + ".csv")


@callback(Output(ids.TABLE_DOWNLOAD, "data"), Input(ids.TABLE_CSV, "n_clicks"),
          Input(ids.TABLE_XLSX, "n_clicks"), State(ids.YEAR, "value"), prevent_initial_call=True)
def objectivity_table_download(_csv, _xlsx, year):
    year = _year(year)
    return _send(_flag_rows(year), strings.OBJ_TABLE_COLUMNS, f"objectivity_{year}")


@callback(Output(ids.DISTRIBUTION_DOWNLOAD, "data"), Input(ids.DISTRIBUTION_CSV, "n_clicks"),
          Input(ids.DISTRIBUTION_XLSX, "n_clicks"), State(ids.SCHOOL, "value"),
          State(ids.PROCEDURE, "value"), prevent_initial_call=True)
def objectivity_distribution_download(_csv, _xlsx, school, procedure):
    school, procedure = inputs.text(school, 20), inputs.integer(procedure, 1)
    if school is None or procedure is None:
        raise PreventUpdate
    result = data.score_distribution(current_scope(), school, procedure)
    return _send(_distribution_export(result), strings.OBJ_DISTRIBUTION_COLUMNS,
                 f"distribution_{school}_{procedure}")


@callback(Output(ids.AGREEMENT_DOWNLOAD, "data"), Input(ids.AGREEMENT_CSV, "n_clicks"),
          Input(ids.AGREEMENT_XLSX, "n_clicks"), State(ids.SCHOOL, "value"),
          State(ids.YEAR, "value"), prevent_initial_call=True)
def objectivity_agreement_download(_csv, _xlsx, school, year):
    school, year = inputs.text(school, 20), _year(year)
    if school is None or year is None:
        raise PreventUpdate
    frame = data.agreement_matrix(current_scope(), school, year)
    return _send(_agreement_export(frame), strings.OBJ_AGREEMENT_COLUMNS, f"agreement_{school}_{year}")
