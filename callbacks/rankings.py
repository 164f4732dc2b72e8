"""`/rankings` callbacks: the picker chain, then the (cached) fit drawn in three parts: the
status, method and grid columns; the chart of the open tab; the grid's pages on request.

Who is named is decided in data_access.rankings (the fit is regional, the answer redacted);
these callbacks parse the selection, check it against what is offered, and hand the fitted
view to dashboard.figures.rankings. The address carries the selection and the open chart tab.
"""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, State, html, no_update
from dash.exceptions import PreventUpdate

from callbacks import inputs, pickers
from callbacks.downloads import send_table, wants_xlsx
from callbacks.query import from_query, rewrite, wanted
from callbacks.rankings_query import Selection
from callbacks.registry import callback
from dashboard import rules, strings
from dashboard.auth import current_scope
from dashboard.figures import rankings as views
from dashboard.formatting import format_number
from dashboard.ids import Rankings as ids
from dashboard.web import grid_blocks
from dashboard.web.tables import grid_columns
from data_access import overview, rankings

log = logging.getLogger(__name__)

CONTROLS = (ids.KIND, ids.SUBJECT, ids.GRADE, ids.YEAR, ids.COVARIATES, ids.LEVEL)


def _covariate_labels() -> dict[str, str]:
    """Offered covariate codes → their Russian names."""
    return {
        code: strings.RANK_COVARIATES.get(code, name or code)
        for code, name in rankings.covariate_options(current_scope())
    }


@callback(
    Output(ids.COVARIATES, "options"),
    Output(ids.COVARIATES, "value"),
    Output(ids.LEVEL, "value"),
    Output(ids.TABS, "active_tab"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def rankings_controls(pathname, search):
    """On load: the covariates offered, and the covariates, level and chart tab the address
    asks for (an unknown tab is the default one)."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    labels = _covariate_labels()
    asked = Selection.from_search(search)
    offered = [c for c in asked.covariates if c in labels]
    return pickers.options(labels, labels), offered, asked.level, asked.tab


@callback(
    Output(ids.KIND, "options"),
    Output(ids.KIND, "value"),
    Output(ids.SUBJECT, "options"),
    Output(ids.SUBJECT, "value"),
    Output(ids.GRADE, "options"),
    Output(ids.GRADE, "value"),
    Output(ids.YEAR, "options"),
    Output(ids.YEAR, "value"),
    Input(ids.KIND, "value"),
    Input(ids.SUBJECT, "value"),
    Input(ids.GRADE, "value"),
    Input(ids.YEAR, "value"),
    Input(ids.LOCATION, "pathname"),
    State(ids.LOCATION, "search"),
)
def rankings_pickers(kind, subject, grade, year, pathname, search):
    """kind → subject (or all) → grade (or all) → year in one step; before the pickers hold
    values, the address's values are wanted."""
    if inputs.text(pathname) is None:
        raise PreventUpdate  # the Location has not reported the address yet
    query = from_query(search)
    values = {"kind": kind, "subject": subject, "grade": grade, "year": year}
    pick = pickers.resolve(
        overview.procedure_choices(current_scope()),
        *(wanted(value, query, name) for name, value in values.items()),
        all_subjects=True,
        all_grades=True,
    )
    return pick.outputs()


def _fitted(selection: Selection, labels: dict[str, str]) -> dict:
    """The (cached) fitted view; covariates not among `labels` (the offered ones) are a
    forged request (BadInput)."""
    if not selection.complete:
        raise PreventUpdate
    unknown = set(selection.covariates) - set(labels)
    if unknown:
        raise inputs.BadInput(f"covariates not offered: {sorted(unknown)}")
    s = selection
    try:
        return rankings.school_rankings(
            current_scope(), s.kind, s.subject, s.grade, s.year, list(s.covariates), s.level
        )
    except (ValueError, ArithmeticError):  # a model failure data_access did not explain
        # The Python text goes to the server log only; the page says it in Russian.
        log.warning("rankings: no fit for %s", s, exc_info=True)
        return {"empty": "no_fit"}


def _names_note() -> str:
    kind, _ = current_scope().named_school_filter()
    return strings.RANK_NAMES_NOTE.get(kind, strings.RANK_NAMES_NOTE["none"])


def _method(view: dict, labels: dict[str, str]) -> html.Div:
    return html.Div(
        [
            html.P(strings.RANK_METHOD_TEXT.format(n_sim=rules.RANKINGS_N_SIM)),
            html.P(
                strings.RANK_VARIANCE.format(
                    tau2=format_number(view["tau2"], 1),
                    sigma2=format_number(view["sigma2"], 1),
                    icc=format_number(view["icc"], 3),
                    n_obs=format_number(view["n_obs"]),
                    n_groups=format_number(view["n_groups"]),
                ),
                className="rank-variance",
            ),
            html.P(strings.RANK_FIXED.format(terms=views.fixed_terms(view, labels))),
            html.P(
                strings.RANK_CATEGORY_RULES.format(
                    low=round(rules.LOW_RESULTS_SHARE * 100),
                    years=rules.LOW_RESULTS_CONSECUTIVE_YEARS,
                    adverse=round(rules.ADVERSE_CONDITIONS_SHARE * 100),
                )
            ),
            html.P(
                f"{strings.RANK_NO_PUPIL_COVARIATES} {strings.RANK_PRIOR_NOTE}",
                className="small text-muted",
            ),
        ]
    )


@callback(
    Output(ids.TABLE, "columnDefs"),
    Output(ids.STATUS, "children"),
    Output(ids.METHOD, "children"),
    *[Input(control, "value") for control in CONTROLS],
    memo=True,
)
def rankings_view(kind, subject, grade, year, covariates, level):
    """The status line, the method and the grid's columns of the fitted view."""
    labels = _covariate_labels()
    selection = Selection.parse(kind, subject, grade, year, covariates, level)
    view = _fitted(selection, labels)
    if "empty" in view:  # no ranking (nor its columns): why, and what to choose instead
        message = views.empty_message(view, labels, selection.level)
        return [], dbc.Alert(message, color="warning", className="rankings-empty mb-0"), ""
    table = views.ranking_table(view["table"])
    note = f"{views.source_note(view)}. {views.hidden_note(view)}".strip()
    status = html.Div([html.Span(note), html.Br(), html.Span(_names_note())])
    return grid_columns(table, digits=views.TABLE_DIGITS), status, _method(view, labels)


@callback(
    *[Output(graph, "figure") for graph in ids.CHARTS.values()],
    *[Input(control, "value") for control in CONTROLS],
    Input(ids.TABS, "active_tab"),
    memo=True,
)
def rankings_charts(kind, subject, grade, year, covariates, level, tab):
    """The chart of the open tab only (the others are drawn when their tab is opened)."""
    selection = Selection.parse(kind, subject, grade, year, covariates, level, tab)
    labels = _covariate_labels()
    view = _fitted(selection, labels)
    if "empty" in view:
        figure = views.empty_chart(views.empty_message(view, labels, selection.level))
    else:
        figure = views.chart(view, selection.tab)
    return [figure if key == selection.tab else no_update for key in ids.CHARTS]


@callback(
    Output(ids.TABLE, "getRowsResponse"),
    Output(ids.TABLE, "paginationGoTo"),
    Input(ids.TABLE, "getRowsRequest"),
    *[Input(control, "value") for control in CONTROLS],
    memo=True,
)
def rankings_rows(request, kind, subject, grade, year, covariates, level):
    """The rows the grid asks for (one page) of the same table the download sends; when the
    selection changes, the first page of the new view, and the grid back on it."""
    view = _fitted(
        Selection.parse(kind, subject, grade, year, covariates, level), _covariate_labels()
    )
    if "empty" in view:
        return grid_blocks.NO_ROWS, no_update
    return grid_blocks.page(ids.TABLE, views.ranking_table(view["table"]), request)


@callback(
    Output(ids.LOCATION, "search"),
    *[Input(control, "value") for control in CONTROLS],
    Input(ids.TABS, "active_tab"),
    State(ids.LOCATION, "search"),
)
def rankings_address(kind, subject, grade, year, covariates, level, tab, search):
    """The selection and the open chart tab → the address, once the outcome is complete (so
    a half-restored page never overwrites the address it is being restored from)."""
    selection = Selection.parse(kind, subject, grade, year, covariates, level, tab)
    if not selection.complete:
        raise PreventUpdate
    return rewrite(selection.query(), search)


@callback(
    Output(ids.DOWNLOAD, "data"),
    Input(ids.DOWNLOAD_CSV, "n_clicks"),
    Input(ids.DOWNLOAD_XLSX, "n_clicks"),
    *[State(control, "value") for control in CONTROLS],
    prevent_initial_call=True,
)
def rankings_download(csv_clicks, xlsx_clicks, kind, subject, grade, year, covariates, level):
    """The table the grid shows, as CSV or XLSX."""
    xlsx = wants_xlsx(csv_clicks, xlsx_clicks, ids.DOWNLOAD_XLSX)
    view = _fitted(
        Selection.parse(kind, subject, grade, year, covariates, level), _covariate_labels()
    )
    if "empty" in view:
        raise PreventUpdate
    name = f"rankings_{view['args']['kind']}_{view['args']['year']}"
    return send_table(views.ranking_table(view["table"]), name, xlsx, strings.RANK_TABLE)
