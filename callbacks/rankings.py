"""`/rankings` callbacks: pickers, then one callback fitting (cached) and drawing everything.

Who is named is decided in data_access.rankings (the fit is regional, the answer redacted);
these callbacks only parse inputs, format and draw.
"""

from __future__ import annotations

import math

import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from callbacks import inputs
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import rankings as ranking_figures
from dashboard.figures.template import empty_figure
from dashboard.formatting import format_number
from dashboard.ids import Rankings as ids
from dashboard.reports import exports
from data_access import overview, rankings

PREFERRED_KIND = "vpr"
OUTCOME = [Input(ids.KIND, "value"), Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"),
           Input(ids.YEAR, "value"), Input(ids.COVARIATES, "value"), Input(ids.LEVEL, "value")]


def _covariate_label(code: str, name: str | None) -> str:
    return strings.RANK_COVARIATES.get(code, name or code)


@callback(Output(ids.KIND, "options"), Output(ids.KIND, "value"), Output(ids.COVARIATES, "options"),
          Input("url", "pathname"))
def rankings_controls(_pathname):
    scope = current_scope()
    kinds = sorted(overview.procedure_choices(scope)["kind"].unique().tolist())
    kind = PREFERRED_KIND if PREFERRED_KIND in kinds else (kinds[0] if kinds else None)
    covariates = [{"label": _covariate_label(c, n), "value": c} for c, n in rankings.covariate_options(scope)]
    return ([{"label": strings.PROCEDURE_KINDS.get(k, k), "value": k} for k in kinds], kind, covariates)


def _choices(kind, subject=None, grade=None) -> pd.DataFrame:
    choices = overview.procedure_choices(current_scope())
    rows = choices[choices["kind"] == inputs.text(kind)]
    if subject is not None and subject != rankings.ALL:
        rows = rows[rows["subject"] == subject]
    if grade not in (None, 0):
        rows = rows[rows["grade"] == grade]
    return rows


@callback(Output(ids.SUBJECT, "options"), Output(ids.SUBJECT, "value"), Input(ids.KIND, "value"))
def rankings_subject(kind):
    subjects = sorted(_choices(kind)["subject"].unique().tolist())
    options = [{"label": strings.RANK_ALL_SUBJECTS, "value": rankings.ALL}]
    return options + [{"label": s, "value": s} for s in subjects], rankings.ALL


@callback(Output(ids.GRADE, "options"), Output(ids.GRADE, "value"), Input(ids.KIND, "value"),
          Input(ids.SUBJECT, "value"))
def rankings_grade(kind, subject):
    grades = sorted(int(g) for g in _choices(kind, inputs.text(subject, 100))["grade"].unique())
    options = [{"label": strings.RANK_ALL_GRADES, "value": 0}] + [{"label": str(g), "value": g} for g in grades]
    return options, 0


@callback(Output(ids.YEAR, "options"), Output(ids.YEAR, "value"), Input(ids.KIND, "value"),
          Input(ids.SUBJECT, "value"), Input(ids.GRADE, "value"))
def rankings_year(kind, subject, grade):
    rows = _choices(kind, inputs.text(subject, 100), inputs.integer(grade, 0, 12))
    years = sorted(int(y) for y in rows["year"].unique())
    return [{"label": str(y), "value": y} for y in years], (years[-1] if years else None)


def _view(kind, subject, grade, year, covariates, level) -> dict:
    kind, subject = inputs.text(kind), inputs.text(subject, 100)
    grade, year = inputs.integer(grade, 0, 12), inputs.integer(year, 1990, 2100)
    if None in (kind, subject, grade, year) or level not in rankings.LEVELS:
        raise PreventUpdate
    if not isinstance(covariates, list):
        covariates = []
    try:
        return rankings.school_rankings(current_scope(), kind, subject, grade, year, covariates, level)
    except (ValueError, ArithmeticError) as failed:  # e.g. collinear covariates, too few schools
        if "unknown covariates" in str(failed):
            raise
        return {"empty": "no_fit", "reason": str(failed)}


def _outcome_label(args: dict) -> str:
    subject = strings.RANK_ALL_SUBJECTS if args["subject"] == rankings.ALL else args["subject"]
    grade = strings.RANK_ALL_GRADES if args["grade"] == 0 else f"{args['grade']} класс"
    return f"{strings.PROCEDURE_KINDS.get(args['kind'], args['kind'])}, {subject}, {grade}"


def _y_title(args: dict) -> str:
    composite = args["subject"] == rankings.ALL or args["grade"] == 0
    return strings.RANK_Y_GAP if composite else strings.RANK_Y_PERCENT


def _names_note() -> str:
    kind, _ = current_scope().named_school_filter()
    return strings.RANK_NAMES_NOTE.get(kind, strings.RANK_NAMES_NOTE["none"])


def _round(value, digits: int = 1):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(float(value), digits)


def table_rows(table: pd.DataFrame) -> list[dict]:
    """Rows for the DataTable and the downloads: names only where the table carries them."""
    rows = []
    for row in table.itertuples(index=False):
        name = row.name if isinstance(row.name, str) else strings.RANK_OTHER
        rows.append({
            "name": f"{strings.RANK_OWN}: {name}" if row.is_own else name,
            "is_own": bool(row.is_own),
            "n": int(row.n), "result": _round(row.result), "social_index": _round(row.social_index, 2),
            "effect": _round(row.effect, 2), "ci_low": _round(row.ci_low, 2), "ci_high": _round(row.ci_high, 2),
            "raw_rank": None if pd.isna(row.raw_rank) else int(row.raw_rank), "rank": int(row.rank),
            "rank_interval": f"{int(row.rank_low)}–{int(row.rank_high)}" if not pd.isna(row.rank_low) else "",
            "category": strings.RANK_CATEGORIES[row.category],
        })
    return rows


def method_block(view: dict, labels: dict[str, str]) -> html.Div:
    terms = "; ".join(
        f"{labels.get(name, 'свободный член' if name == 'Intercept' else name)}: "
        f"{format_number(est, 2)} (ст. ошибка {format_number(se, 2)})"
        for name, est, se in zip(view["fixed"].index, view["fixed"]["estimate"], view["fixed"]["se"], strict=True))
    return html.Div([
        html.P(strings.RANK_METHOD_TEXT.format(n_sim=rules.RANKINGS_N_SIM)),
        html.P(strings.RANK_VARIANCE.format(
            tau2=format_number(view["tau2"], 1), sigma2=format_number(view["sigma2"], 1),
            icc=format_number(view["icc"], 3), n_obs=format_number(view["n_obs"]),
            n_groups=format_number(view["n_groups"])), className="rank-variance"),
        html.P(strings.RANK_FIXED.format(terms=terms)),
        html.P(strings.RANK_CATEGORY_RULES.format(
            low=round(rules.LOW_RESULTS_SHARE * 100), years=rules.LOW_RESULTS_CONSECUTIVE_YEARS,
            adverse=round(rules.ADVERSE_CONDITIONS_SHARE * 100))),
        html.P(f"{strings.RANK_NO_PUPIL_COVARIATES} {strings.RANK_PRIOR_NOTE}", className="small text-muted"),
    ])


@callback(
    Output(ids.SCATTER, "figure"), Output(ids.FUNNEL, "figure"), Output(ids.CATERPILLAR, "figure"),
    Output(ids.RANK_INTERVALS, "figure"), Output(ids.TABLE, "data"), Output(ids.STATUS, "children"),
    Output(ids.METHOD, "children"),
    *OUTCOME,
)
def rankings_view(kind, subject, grade, year, covariates, level):
    view = _view(kind, subject, grade, year, covariates, level)
    if "empty" in view:
        message = strings.RANK_EMPTY[view["empty"]].format(reason=view.get("reason", ""))
        empty = empty_figure(message)
        return empty, empty, empty, empty, [], message, ""
    args = view["args"]
    date = view["held_on"] or strings.NO_DATA
    source = strings.RANK_SOURCE.format(procedure=_outcome_label(args), year=args["year"], date=date,
                                        schools=format_number(view["n_groups"]))
    hidden = (strings.RANK_HIDDEN.format(n=view["hidden_small"], min=rules.min_cell())
              if view["hidden_small"] else "")
    note = f"{source}. {hidden}".strip()
    status = html.Div([html.Span(note), html.Br(), html.Span(_names_note())])
    y_title = _y_title(args)
    labels = {c: _covariate_label(c, n) for c, n in rankings.covariate_options(current_scope())}
    return (ranking_figures.scatter(view, y_title, source), ranking_figures.funnel(view, y_title, source),
            ranking_figures.caterpillar(view, source), ranking_figures.rank_intervals(view, source),
            table_rows(view["table"]), status, method_block(view, labels))


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.DOWNLOAD_CSV, "n_clicks"), Input(ids.DOWNLOAD_XLSX, "n_clicks"),
    *[State(i.component_id, i.component_property) for i in OUTCOME],
    prevent_initial_call=True,
)
def rankings_download(csv_clicks, xlsx_clicks, kind, subject, grade, year, covariates, level):
    from dash import ctx

    if not (csv_clicks or xlsx_clicks):
        raise PreventUpdate
    view = _view(kind, subject, grade, year, covariates, level)
    if "empty" in view:
        raise PreventUpdate
    rows = pd.DataFrame(table_rows(view["table"])).drop(columns="is_own")
    frame = rows.rename(columns=strings.RANK_COLUMNS)
    name = exports.safe_filename(f"rankings_{view['args']['kind']}_{view['args']['year']}")
    if ctx.triggered_id == ids.DOWNLOAD_XLSX:
        return dcc.send_bytes(exports.to_xlsx_bytes(frame, strings.RANK_TABLE), f"{name}.xlsx")
    return dcc.send_bytes(exports.to_csv_bytes(frame), f"{name}.csv")
